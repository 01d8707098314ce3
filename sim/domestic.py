"""Domestic violence in households: a rate shaped by household stress, invisible to cameras.

The rate is derived from a lifetime prevalence (VALIDATION A6) with a gamma-distributed,
persistent household stress ("frailty"): with rate ``lam * s`` per year and ``s ~ Gamma(k, 1/k)``,
the chance a household sees no incident in ``Y`` years is ``(1 + lam * Y / k) ** -k``; equating
it with ``1 - prevalence`` gives ``lam`` (``EverydayParams.dv_rate_per_household_year``). Days on
which the household's men stay home multiply the rate (a stress factor). Its draws come from its
own stream, so unless a mechanism links them, the same seed gives the same incidents with and
without cameras.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from sim.params import EverydayParams
from sim.residents import HOURS_PER_DAY, MAN, WOMAN, Residents

DAYS_PER_YEAR = 365.0


@dataclasses.dataclass
class Households:
    """One row per household that has a woman (the setting of intimate-partner violence).

    Attributes:
        woman: the resident who is the victim when violence occurs.
        man: a man of the household (the perpetrator), or -1 when no man of the household is
            among the agents (always so once an agent stands for more people than a household
            holds); the violence is still modelled, its perpetrator is not an agent.
        stress: persistent stress (mean 1).
        rate_scale: incidents per agent-household relative to one real household
            (agents per household over people per household).
    """

    woman: np.ndarray
    man: np.ndarray
    stress: np.ndarray
    rate_scale: float

    @property
    def n(self) -> int:
        """Number of households."""
        return len(self.woman)


def _first_member(r: Residents, gender: int) -> tuple[np.ndarray, np.ndarray]:
    """Households with a member of ``gender``, and the first such member of each."""
    idx = np.flatnonzero(r.gender == gender)
    households, first = np.unique(r.household[idx], return_index=True)
    return households, idx[first]


def make_households(
    r: Residents, p: EverydayParams, agents_per_household: int, household_size: float, rng
) -> Households:
    """Households with a woman, their first man (if any), and gamma stress of shape
    ``dv_stress_shape`` and mean 1."""
    hh_w, woman = _first_member(r, WOMAN)
    hh_m, man_idx = _first_member(r, MAN)
    man = np.full(len(hh_w), -1, dtype=np.int64)
    pos = np.searchsorted(hh_m, hh_w)
    has_man = (pos < len(hh_m)) & (hh_m[np.minimum(pos, len(hh_m) - 1)] == hh_w)
    man[has_man] = man_idx[pos[has_man]]
    k = p.dv_stress_shape
    return Households(
        woman=woman.astype(np.int64),
        man=man,
        stress=rng.gamma(k, 1.0 / k, len(woman)),
        rate_scale=agents_per_household / household_size,
    )


def domestic_incidents(
    h: Households, p: EverydayParams, hour: int, men_out_today: np.ndarray, rng
) -> np.ndarray:
    """Households with an incident this hour. Outside the evening window none; inside it, each
    household has one with probability ``1 - exp(-rate)``, where the hourly rate spreads the
    yearly rate over the window's hours, times stress, times ``dv_men_at_home_factor`` if the
    household's man stays home today. Draws one number per household in every window hour."""
    if hour < p.dv_start_hour:
        return np.zeros(0, dtype=np.int64)
    hours_in_window = HOURS_PER_DAY - p.dv_start_hour
    base = p.dv_rate_per_household_year / DAYS_PER_YEAR / hours_in_window * h.rate_scale
    men_home = (h.man >= 0) & ~men_out_today
    rate = base * h.stress * np.where(men_home, p.dv_men_at_home_factor, 1.0)
    return np.flatnonzero(rng.random(h.n) < -np.expm1(-rate))
