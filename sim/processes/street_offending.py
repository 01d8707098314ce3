"""Street offenders: where they go, whether they offend, and what they learn about cameras.

Rules combine routine activity theory (an offender, a target and no capable guardian meet; Cohen &
Felson 1979), crime pattern theory (offenders act within an awareness space of known places;
Brantingham & Brantingham 1993), rational choice (perceived reward against perceived risk; Cornish
& Clarke 1986) and Epstein's (2002) perceived-arrest form ``P = 1 - exp(-hazard)``, where the
hazard adds up guardians, police and believed cameras.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from sim.params import OffendingParams
from sim.world.city import PUBLIC_STREET, City
from sim.world.residents import ACTIVITY_LAND_USE, sample_cells, scatter_and_snap


@dataclasses.dataclass
class Offenders:
    """One row per offender agent.

    Attributes:
        places: ``(n, k)`` cells of the awareness space (column 0 home, 1 activity place).
        camera_belief: ``(n, k)`` believed chance that a camera watches each known place.
        jailed_until: tick at which a jailed offender is released (0: free).
        choice: column of ``places`` where the offender is this tick.
    """

    places: np.ndarray
    camera_belief: np.ndarray
    jailed_until: np.ndarray
    choice: np.ndarray

    @property
    def n(self) -> int:
        """Number of offender agents."""
        return len(self.places)

    @property
    def cell(self) -> np.ndarray:
        """The cell each offender is in this tick."""
        return self.places[np.arange(self.n), self.choice]

    def free(self, tick: int) -> np.ndarray:
        """Offenders not in jail at ``tick``."""
        return self.jailed_until <= tick

    def record(self, i: int, tick: int) -> dict:
        """Offender ``i`` as a plain record, for teaching and inspection."""
        return {
            "id": i,
            "places": self.places[i].tolist(),
            "camera_belief": np.round(self.camera_belief[i], 3).tolist(),
            "free": bool(self.jailed_until[i] <= tick),
            "cell_now": int(self.places[i, self.choice[i]]),
        }


def make_offenders(
    city: City, p: OffendingParams, n_residents: int, rng: np.random.Generator
) -> Offenders:
    """Create offenders: homes in proportion to residential density, an activity place like a
    resident's, and further known places scattered within ``awareness_radius_km`` of home,
    snapped to the nearest market, arterial or transit stop (crime pattern theory)."""
    n = round(n_residents * p.offender_share)
    k = p.n_awareness_places
    places = np.empty((n, k), dtype=np.int32)
    if n:
        home = sample_cells(rng, city.density, n)
        activity = city.nearest_in(np.isin(city.land_use, ACTIVITY_LAND_USE))
        busy = city.nearest_in(np.isin(city.land_use, PUBLIC_STREET))
        places[:, 0] = home
        places[:, 1] = scatter_and_snap(city, rng, home, p.awareness_radius_km / 2, activity)
        for col in range(2, k):  # a handful of columns, not a loop over agents
            places[:, col] = scatter_and_snap(city, rng, home, p.awareness_radius_km / 2, busy)
    return Offenders(
        places=places,
        camera_belief=np.zeros((n, k)),
        jailed_until=np.zeros(n, dtype=np.int64),
        choice=np.zeros(n, dtype=np.int8),
    )


def perceived_hazard(
    p: OffendingParams,
    people: np.ndarray,
    guardian_visibility: np.ndarray,
    police: np.ndarray,
    camera_belief: np.ndarray,
) -> np.ndarray:
    """Perceived arrest hazard at known places: ``k_guardian * people * visibility + k_police *
    officers + k_camera * belief``; the perceived arrest chance is ``1 - exp(-hazard)`` (Epstein
    2002). All arguments are aligned arrays over the same places."""
    return (
        p.k_guardian * people * guardian_visibility
        + p.k_police * police
        + p.k_camera * camera_belief
    )


def choose_places(
    p: OffendingParams, people: np.ndarray, hazard: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Each offender goes to the known place with the highest utility
    ``log(1 + people) + risk_aversion * log(1 - P) = log(1 + people) - risk_aversion * hazard``
    plus Gumbel taste noise of scale ``choice_noise`` (a logit choice; rational choice, Cornish &
    Clarke 1986). Draws one noise value per offender and place every tick, so the draws do not
    depend on who is free."""
    utility = np.log1p(people) - p.risk_aversion * hazard
    utility += p.choice_noise * rng.gumbel(size=utility.shape)
    return np.argmax(utility, axis=1).astype(np.int8)


def decide_offending(
    p: OffendingParams,
    active: np.ndarray,
    people_here: np.ndarray,
    hazard_here: np.ndarray,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Whether each offender offends this tick, and whether he was deterred.

    An active offender with at least one person present is tempted with probability
    ``p_attempt_tick`` and, tempted, offends with probability ``(1 - P) ** risk_aversion =
    exp(-risk_aversion * hazard)`` (rational choice with Epstein's perceived arrest chance); a
    tempted offender who does not offend was deterred. One draw per offender.

    Returns:
        offends, deterred: boolean arrays over offenders.
    """
    u = rng.random(len(active))
    tempted = active & (people_here >= 1) & (u < p.p_attempt_tick)
    offends = tempted & (u < p.p_attempt_tick * np.exp(-p.risk_aversion * hazard_here))
    return offends, tempted & ~offends


def learn_cameras(
    p: OffendingParams,
    off: Offenders,
    present: np.ndarray,
    cameras_visible: np.ndarray,
    rng: np.random.Generator,
) -> None:
    """Offenders at a place notice with ``p_notice_camera`` whether a camera is mounted there
    and move their belief by ``rate_camera_learning`` toward what they saw (1 camera, 0 none).
    A switched-off camera looks like a working one (assumption, see docs/odd.md)."""
    notices = present & (rng.random(off.n) < p.p_notice_camera)
    rows = np.flatnonzero(notices)
    cols = off.choice[rows]
    seen = (cameras_visible[off.places[rows, cols]] > 0).astype(float)
    off.camera_belief[rows, cols] += p.rate_camera_learning * (seen - off.camera_belief[rows, cols])
