"""Harassers who choose where to harass, and harassment inside vehicles.

With ``everyday.harasser_mobility`` a harasser out of home weighs where he is and a few known
public-street places near home: opportunity (women on their way, and crowds that give cover)
against perceived risk (cameras, police, bystanders who see more in light, safer transit at
stops), a logit choice like the street offenders' (rational choice, Cornish & Clarke 1986; crime
pattern theory, Brantingham & Brantingham 1993; harassment in transit settings, Ceccato &
Loukaitou-Sideris 2020). With ``everyday.harassment_in_vehicles`` a share of the encounters
between harassers and women who both ride transit happens inside the vehicle: out of the street
cameras' and patrols' sight, and reached by safer transit (women-only carriages, wardens).
"""

from __future__ import annotations

import numpy as np

from sim.params import EverydayParams
from sim.world.cell_index import run_lengths, run_starts
from sim.world.city import PUBLIC_STREET, City
from sim.world.residents import Residents, scatter_and_snap


def make_harasser_places(
    city: City, p: EverydayParams, homes: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """``(n, n_harasser_places)`` public-street cells each harasser knows: drawn at an
    exponential distance of mean ``harasser_radius_km / 2`` from home and moved to the nearest
    public-street cell (as the offenders' known places, docs/odd.md 7.11)."""
    busy = city.nearest_in(np.isin(city.land_use, PUBLIC_STREET))
    cols = [
        scatter_and_snap(city, rng, homes, p.harasser_radius_km / 2, busy)
        for _ in range(p.n_harasser_places)
    ]
    return np.stack(cols, axis=1).astype(np.int32) if cols else np.zeros((len(homes), 0), np.int32)


def bystander_hazard(
    p: EverydayParams, people: np.ndarray, light: np.ndarray | None, dark_factor: float
) -> np.ndarray:
    """Bystanders' part of a mobile harasser's hazard: ``k_bystander_harassment * people *
    visibility``, visibility 1 by day and ``dark_factor + (1 - dark_factor) * lighting`` after
    dark (``light`` is ``None`` by day): shaming and intervention need to be seen."""
    visibility = 1.0 if light is None else dark_factor + (1.0 - dark_factor) * light
    return p.k_bystander_harassment * people * visibility


def harassment_utility(
    p: EverydayParams,
    women: np.ndarray,
    people: np.ndarray,
    hazard: np.ndarray,
    opportunity: np.ndarray,
) -> np.ndarray:
    """A place's utility to a harasser before taste noise, from aligned ``women``, ``people``,
    ``hazard`` and ``opportunity`` there:

        ln(1 + women) + w_crowding * ln(1 + people) + ln(opportunity)
            - harasser_risk_aversion * hazard
    """
    with np.errstate(divide="ignore"):
        return (
            np.log1p(women)
            + p.w_crowding_harassment * np.log1p(people)
            + np.log(opportunity)
            - p.harasser_risk_aversion * hazard
        )


def choose_harassment_place(
    p: EverydayParams, rows: np.ndarray, utility: np.ndarray, gumbel: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Each choosing harasser's choice among his allowed options (a woman on her way present,
    a public street), given as ``rows`` (his position among those choosing) with the aligned
    :func:`harassment_utility` of each option:

        U = utility + harasser_choice_noise * Gumbel

    with ``gumbel`` one standard Gumbel draw per option, aligned; ``rows`` ascend, each row's
    options in order. Returns, for the harassers with any allowed option (ascending positions
    among those given), the position in the aligned arrays of the option each chose."""
    utility = utility + p.harasser_choice_noise * gumbel
    if len(utility) == 0:
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
    # ``rows`` ascend, so each harasser's options are one run: the best of each run is its
    # maximum (exact, as any maximum), and the chosen option the first in the run that reaches
    # it (the first if two tie exactly), as a scatter-maximum over all rows would give.
    start = run_starts(rows)
    best = np.maximum.reduceat(utility, start)
    is_best = (utility == np.repeat(best, run_lengths(start, len(rows)))) & np.isfinite(utility)
    first = np.flatnonzero(is_best)
    who = rows[first]
    new = run_starts(who)
    return who[new], first[new]


def in_vehicle(
    p: EverydayParams,
    r: Residents,
    harassers: np.ndarray,
    cells: np.ndarray,
    transit_women_cells: np.ndarray,
    n_cells: int,
    u: np.ndarray,
) -> np.ndarray:
    """Whether each encounter (harasser rows, their cells, one uniform each) is inside a
    vehicle: the harasser rides transit, a woman transit user on her way is in the cell, and
    ``u < share_in_vehicle``."""
    has_rider = np.zeros(n_cells, dtype=bool)
    has_rider[transit_women_cells] = True
    return r.transit[harassers] & has_rider[cells] & (u < p.share_in_vehicle)
