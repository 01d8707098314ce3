"""Domestic violence in households: a rate shaped by household stress, invisible to cameras.

A share of households is in a spell of ongoing abuse, derived from the lifetime prevalence
(VALIDATION A6; ``EverydayParams.dv_share_abusive``): spells start at a constant hazard over the
years of marriage and last ``dv_spell_years``. Abusive households see incidents at
``dv_incidents_per_abused_year``, spread between them by a gamma-distributed stress, and raised
on days the household's men stay home (a stress factor). Its draws come from its own stream, so
unless a mechanism links them, the same seed gives the same incidents with and without cameras.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from sim.params import EverydayParams
from sim.world.clock import DAYS_PER_YEAR, HOURS_PER_DAY, Now
from sim.world.offences import DOMESTIC_VIOLENCE, RESIDENT, Batch
from sim.world.residents import MAN, WOMAN, Residents


@dataclasses.dataclass
class Households:
    """One row per household that has a woman (the setting of intimate-partner violence).

    Attributes:
        woman: the resident who is the victim when violence occurs.
        man: a man of the household (the perpetrator), or -1 when no man of the household is
            among the agents (always so once an agent stands for more people than a household
            holds); the violence is still modelled, its perpetrator is not an agent.
        stress: persistent stress: 0 outside a spell of abuse, mean 1 inside.
        abusive: the rows in a spell of abuse (stress above 0), ascending: the only rows that
            can have an incident.
        mean_home_factor: mean rate multiplier from men staying home, divided out of
            ``rate_scale``.
        rate_scale: how many real households one row stands for, in agent units: the rows
            together carry the rate of ``n_residents / household_size`` households, however
            residents were grouped (partial households in sparse cells, one-agent households
            at coarse agent scales).
    """

    woman: np.ndarray
    man: np.ndarray
    stress: np.ndarray
    rate_scale: float
    mean_home_factor: float = 1.0
    abusive: np.ndarray = dataclasses.field(init=False)

    def __post_init__(self) -> None:
        self.abusive = np.flatnonzero(self.stress > 0)

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
    r: Residents, p: EverydayParams, household_size: float, p_man_home: float, rng
) -> Households:
    """Households with a woman, their first man (if any), and their stress: 0 outside a spell
    of abuse (each household is in one with probability ``dv_share_abusive``), gamma of shape
    ``dv_stress_shape`` and mean 1 inside. The rate scale divides out the mean effect of men
    staying home (a man stays home on a day with probability ``p_man_home``), so that on
    average the rate is the one the parameters imply."""
    hh_w, woman = _first_member(r, WOMAN)
    hh_m, man_idx = _first_member(r, MAN)
    man = np.full(len(hh_w), -1, dtype=np.int32)
    pos = np.searchsorted(hh_m, hh_w)
    has_man = (pos < len(hh_m)) & (hh_m[np.minimum(pos, len(hh_m) - 1)] == hh_w)
    man[has_man] = man_idx[pos[has_man]]
    k = p.dv_stress_shape
    mean_home_factor = 1.0 + (p.dv_men_at_home_factor - 1.0) * p_man_home * has_man.mean()
    return Households(
        woman=woman.astype(np.int32),
        man=man,
        stress=rng.gamma(k, 1.0 / k, len(woman)) * (rng.random(len(woman)) < p.dv_share_abusive),
        rate_scale=r.n / household_size / max(len(woman), 1) / mean_home_factor,
        mean_home_factor=mean_home_factor,
    )


def domestic_probability(h: Households, p: EverydayParams, men_out_today: np.ndarray) -> np.ndarray:
    """Chance each abusive household (``h.abusive``; the others have stress 0, so none) has an
    incident in one hour of today's evening window: ``1 - exp(-rate)``, where the hourly rate
    spreads the yearly rate over the window's hours, times stress, times
    ``dv_men_at_home_factor`` if the household's man stays home today (``men_out_today``:
    whether each abusive household's man travels today). It is fixed for the day, since who
    travels is decided at day start."""
    hours_in_window = HOURS_PER_DAY - p.dv_start_hour
    base = p.dv_incidents_per_abused_year / DAYS_PER_YEAR / hours_in_window * h.rate_scale
    men_home = (h.man[h.abusive] >= 0) & ~men_out_today
    rate = base * h.stress[h.abusive] * np.where(men_home, p.dv_men_at_home_factor, 1.0)
    return -np.expm1(-rate)


def domestic_incidents(
    h: Households, p: EverydayParams, hour: int, p_hour: np.ndarray, rng
) -> np.ndarray:
    """Households with an incident this hour. Outside the evening window none; inside it, each
    abusive household has one with probability ``p_hour`` (:func:`domestic_probability`).
    Draws one number per household, abusive or not, in every window hour (the draws do not
    depend on who is abusive); only the abusive households' numbers are compared."""
    if hour < p.dv_start_hour:
        return np.zeros(0, dtype=np.int64)
    u = rng.random(h.n)
    return h.abusive[u[h.abusive] < p_hour]


class DomesticViolence:
    """The domestic-violence process: it owns the households and today's hourly chances, and
    each hour returns the incidents at home (never in view of a camera).

    Args:
        residents: the residents (households, who travels today).
        p: the everyday-crime parameters.
        household_size: mean people per household.
        p_man_home: chance a man stays home on a day.
        streams: the run's named random streams.
    """

    def __init__(
        self,
        residents: Residents,
        p: EverydayParams,
        household_size: float,
        p_man_home: float,
        streams: dict[str, np.random.Generator],
    ):
        self.residents, self.p = residents, p
        self.households = make_households(
            residents, p, household_size, p_man_home, streams["households"]
        )
        # Today's hourly chance of domestic violence per household, as (day, chances).
        self._p_hour: tuple[int, np.ndarray] = (-1, np.zeros(0))
        self._domestic = streams["domestic"]

    def step(self, now: Now) -> Batch:
        """Households with domestic violence this hour."""
        h, r, ev = self.households, self.residents, self.p
        if now.hour >= ev.dv_start_hour and self._p_hour[0] != now.day:
            men_out = r.travelling[np.maximum(h.man[h.abusive], 0)]
            self._p_hour = (now.day, domestic_probability(h, ev, men_out))
        idx = domestic_incidents(h, ev, now.hour, self._p_hour[1], self._domestic)
        victims = h.woman[idx]
        return Batch.of(DOMESTIC_VIOLENCE, RESIDENT, r.home[victims], h.man[idx], victims)
