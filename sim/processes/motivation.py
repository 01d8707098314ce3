"""Motivation that persists: the hydraulic view of displacement.

In the opportunity view a deterred attempt simply vanishes (the default of the rules in
:mod:`sim.processes.street_offending`). In the hydraulic view (Barr & Pease 1990, displacement
as deflection; Hesseling 1994) a deterred offender keeps his motivation for a while: he avoids
the place that deterred him, and at every hour he roams with someone at hand he tries again,
offending with probability ``exp(-risk_aversion * hazard)`` at the place he now chooses. So
deterrence in camera view can move offending to other places (spatial displacement) and later
hours (temporal displacement). Draws come from the ``motivation`` stream only.
"""

from __future__ import annotations

import numpy as np

from sim.params import OffendingParams


class Motivation:
    """Deterred offenders' persisting motivation (owned state lives on the offenders:
    ``motivated_until`` and ``avoid``).

    Args:
        p: the offending parameters (``motivation_hours``, ``risk_aversion``).
        rng: the ``motivation`` stream.
    """

    def __init__(self, p: OffendingParams, rng: np.random.Generator):
        self.p, self._rng = p, rng

    def avoiding(self, off, tick: int) -> np.ndarray:
        """The column each offender avoids this tick (-1 unless he is motivated)."""
        return np.where(off.motivated_until > tick, off.avoid, -1).astype(np.int8)

    def retry(
        self,
        off,
        tick: int,
        roaming: np.ndarray,
        people_here: np.ndarray,
        hazard_here: np.ndarray,
        offends: np.ndarray,
        deterred: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Motivated offenders who were not tempted afresh try again where they are; the
        deterred (afresh or again) stay motivated and avoid this place; those who offend are no
        longer motivated. Two draws per offender every tick (stable across who is free)."""
        u = self._rng.random((2, off.n))
        motivated = off.motivated_until > tick
        again = motivated & roaming & (people_here >= 1) & ~offends & ~deterred
        succeeds = again & (u[0] < np.exp(-self.p.risk_aversion * hazard_here))
        offends = offends | succeeds
        deterred = deterred | (again & ~succeeds)
        hours = -np.log1p(-u[1]) * self.p.motivation_hours
        newly = deterred & ~motivated
        off.motivated_until[newly] = tick + 1 + np.ceil(hours[newly]).astype(np.int64)
        off.avoid[deterred] = off.choice[deterred]
        off.motivated_until[offends] = 0
        off.avoid[offends] = -1
        return offends, deterred
