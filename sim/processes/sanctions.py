"""What follows an arrest of a street offender: the sanction funnel, or a fixed hold.

With ``sanctions.funnel`` off an arrested offender is held for ``offending.dur_jail_days``. With
it on, each arrest draws its path from the ``sanctions`` stream (six uniforms per arrest):

- not charged (``1 - p_charge``): released after ``police_custody_days``;
- charged and bailed (``p_bail``): held until bail (exponential, mean ``bail_mean_days``) or
  the verdict if sooner, then free until the verdict;
- charged, refused bail: held until the verdict, at most ``pretrial_max_days`` (statutory bail);
- the verdict comes after an exponential trial time (mean ``trial_mean_days``); convicted
  (``p_convict``) he serves a sentence drawn uniformly between ``sentence_min_years`` and
  ``sentence_max_years`` from the verdict.

A new arrest of an offender awaiting trial replaces his pending case (simplification). With
``sanctions.camera_custody`` off, arrests that came from a camera lead to no custody at all (the
channel split's run). The process counts arrests, charges, convictions; it returns how many
offenders were newly taken into custody, for replacement.
"""

from __future__ import annotations

import math

import numpy as np

from sim.params import OffendingParams, SanctionParams
from sim.processes.street_offending import Offenders
from sim.world.clock import DAYS_PER_YEAR, HOURS_PER_DAY


def _ticks(days: np.ndarray) -> np.ndarray:
    return np.ceil(np.asarray(days) * HOURS_PER_DAY).astype(np.int64)


class Sanctions:
    """The sanction process.

    Args:
        p: the sanction parameters.
        po: the offending parameters (``dur_jail_days`` when the funnel is off).
        rng: the ``sanctions`` stream.
    """

    def __init__(self, p: SanctionParams, po: OffendingParams, rng: np.random.Generator):
        self.p, self.po, self._rng = p, po, rng
        self.arrested = self.charged = self.convicted = 0
        self._verdict = np.zeros(0, dtype=np.int64)  # tick of the pending verdict (-1: none)
        self._sentence = np.zeros(0, dtype=np.int64)  # ticks to serve if convicted (-1: acquittal)

    def _fit(self, n: int) -> None:
        """Grow the per-offender arrays to ``n`` rows (recruits)."""
        if len(self._verdict) < n:
            extra = n - len(self._verdict)
            self._verdict = np.concatenate([self._verdict, np.full(extra, -1, np.int64)])
            self._sentence = np.concatenate([self._sentence, np.zeros(extra, np.int64)])

    def arrest(self, off: Offenders, rows: np.ndarray, by_camera: np.ndarray, tick: int) -> int:
        """Arrests of offenders ``rows`` at ``tick`` (``by_camera``: the arrest came from a
        camera). Sets their custody; returns how many were taken into custody beyond police
        custody (for replacement)."""
        self.arrested += len(rows)
        if not self.p.camera_custody:
            rows = rows[~by_camera]
        if not self.p.funnel:
            off.jailed_until[rows] = tick + 1 + math.ceil(self.po.dur_jail_days * HOURS_PER_DAY)
            return len(rows)
        p, m = self.p, len(rows)
        if m == 0:
            return 0
        self._fit(off.n)
        u = self._rng.random((6, m))
        charged = u[0] < p.p_charge
        bailed = u[1] < p.p_bail
        bail_days = -np.log1p(-u[2]) * p.bail_mean_days
        trial_days = -np.log1p(-u[3]) * p.trial_mean_days
        convicted = u[4] < p.p_convict
        sentence_years = p.sentence_min_years + (p.sentence_max_years - p.sentence_min_years) * u[5]
        held = np.where(
            bailed,
            np.minimum(bail_days, trial_days),
            np.minimum(p.pretrial_max_days, trial_days),
        )
        held = np.where(charged, held, p.police_custody_days)
        off.jailed_until[rows] = tick + 1 + _ticks(held)
        self._verdict[rows] = np.where(charged, tick + 1 + _ticks(trial_days), -1)
        self._sentence[rows] = np.where(convicted, _ticks(sentence_years * DAYS_PER_YEAR), -1)
        self.charged += int(charged.sum())
        return int(charged.sum())

    def start_day(self, off: Offenders, tick: int) -> int:
        """Verdicts due by ``tick``: the convicted start their sentences. Returns how many were
        convicted (taken into custody, for replacement)."""
        if not self.p.funnel or len(self._verdict) == 0:
            return 0
        due = np.flatnonzero((self._verdict >= 0) & (self._verdict <= tick))
        self._verdict[due] = -1
        convicted = due[self._sentence[due] >= 0]
        off.jailed_until[convicted] = np.maximum(
            off.jailed_until[convicted], tick + self._sentence[convicted]
        )
        self.convicted += len(convicted)
        return len(convicted)
