"""Residents as aligned arrays, their daily routine, and the footfall it produces.

A resident's day is a short sequence of places: home, the street or transit stop where the trip
out passes, the activity place (work, study, market), the stop on the way back, perhaps a market
in the evening, then home. Home is private space; every other place is public and counts as
footfall: potential targets for street offenders and, at the same time, capable guardians
(Cohen & Felson 1979).
"""

from __future__ import annotations

import dataclasses

import numpy as np

from sim.city import City, LandUse
from sim.params import PopulationParams

# Places of the day, in the columns of ``Residents.places``.
HOME, OUT, ACTIVITY, BACK, OUTING = range(5)
N_PLACES = 5
HOURS_PER_DAY = 24

WOMAN, MAN = 1, 0
ACTIVITY_LAND_USE = (LandUse.MARKET, LandUse.INDUSTRIAL, LandUse.ARTERIAL, LandUse.TRANSIT)


@dataclasses.dataclass
class Residents:
    """One row per resident agent.

    Attributes:
        gender: 1 for a woman, 0 for a man.
        group: community group (0 majority, 1 minority).
        household: household number.
        transit: whether the resident's trips pass transit stops.
        depart_hour: hour the resident leaves home on days she travels.
        places: ``(n, 5)`` cells of home, trip out, activity, trip back, evening outing.
        travelling: whether the resident travels today (drawn at day start).
        outing: whether the resident makes the evening outing today.
        place: index into ``places`` of where the resident is this tick.
    """

    gender: np.ndarray
    group: np.ndarray
    household: np.ndarray
    transit: np.ndarray
    depart_hour: np.ndarray
    places: np.ndarray
    travelling: np.ndarray
    outing: np.ndarray
    place: np.ndarray
    schedule_table: np.ndarray
    trust: np.ndarray = dataclasses.field(default_factory=lambda: np.zeros(0))
    _cell: np.ndarray | None = dataclasses.field(default=None, repr=False)

    @property
    def n(self) -> int:
        """Number of resident agents."""
        return len(self.gender)

    @property
    def home(self) -> np.ndarray:
        """Home cell of each resident."""
        return self.places[:, HOME]

    @property
    def cell(self) -> np.ndarray:
        """The cell each resident is in this tick (kept by :func:`move_residents`)."""
        if self._cell is None:
            self._cell = self.places[np.arange(self.n), self.place]
        return self._cell

    @property
    def in_public(self) -> np.ndarray:
        """Whether each resident is outside home this tick."""
        return self.place != HOME

    def record(self, i: int) -> dict:
        """Resident ``i`` as a plain record, for teaching and inspection."""
        return {
            "id": i,
            "gender": "woman" if self.gender[i] == WOMAN else "man",
            "group": int(self.group[i]),
            "household": int(self.household[i]),
            "transit": bool(self.transit[i]),
            "depart_hour": int(self.depart_hour[i]),
            **{
                name: int(self.places[i, k])
                for k, name in enumerate(("home", "out", "activity", "back", "outing"))
            },
            "travelling_today": bool(self.travelling[i]),
            "place_now": ("home", "out", "activity", "back", "outing")[self.place[i]],
        }


def day_schedule(dur_activity_ticks: int) -> np.ndarray:
    """Place index by hours since departure (row 0 is departure), for a travelling resident.

    Rule (assumption, see docs/odd.md): one hour on the way out, ``dur_activity_ticks`` hours at
    the activity place, one hour on the way back, one hour at the evening outing (if made), then
    home. Negative hours (before departure) index from the end and are home.
    """
    table = np.full(HOURS_PER_DAY, HOME, dtype=np.int8)
    table[0] = OUT
    table[1 : 1 + dur_activity_ticks] = ACTIVITY
    table[1 + dur_activity_ticks] = BACK
    table[2 + dur_activity_ticks] = OUTING
    return table


def sample_cells(rng: np.random.Generator, weights: np.ndarray, n: int) -> np.ndarray:
    """``n`` cells drawn with replacement in proportion to ``weights`` (cumulative search)."""
    cdf = np.cumsum(weights, dtype=float)
    return np.searchsorted(cdf, rng.random(n) * cdf[-1], side="right").astype(np.int32)


def scatter_and_snap(
    city: City, rng: np.random.Generator, origin: np.ndarray, mean_km: float, nearest: np.ndarray
) -> np.ndarray:
    """Cells at an exponential distance (mean ``mean_km``) and uniform bearing from ``origin``,
    each moved to the nearest cell of a kind (``nearest`` from :meth:`City.nearest_in`)."""
    dist_cells = rng.exponential(mean_km * 1000.0 / city.cell_size_m, len(origin))
    angle = rng.uniform(0.0, 2 * np.pi, len(origin))
    tx = np.rint(city.x[origin] + dist_cells * np.cos(angle)).astype(np.int64)
    ty = np.rint(city.y[origin] + dist_cells * np.sin(angle)).astype(np.int64)
    return nearest[city.cell_of(tx, ty)]


def make_residents(city: City, p: PopulationParams, rng: np.random.Generator) -> Residents:
    """Create the resident agents: homes in proportion to density, then who they are and where
    they go (activity place at an exponential commute distance, snapped to the nearest
    non-residential street cell; route cells at the nearest transit stop or arterial)."""
    n = max(1, round(p.n_people / p.agent_scale))
    home = np.sort(sample_cells(rng, city.density, n))
    gender = (rng.random(n) < p.share_women).astype(np.int8)
    group = (rng.random(n) < p.share_minority).astype(np.int8)
    transit = rng.random(n) < p.share_transit

    # Households: consecutive residents of one home cell, in blocks of the household size in agents.
    agents_per_household = max(1, round(p.household_size / p.agent_scale))
    first_in_cell = np.searchsorted(home, home, side="left")
    rank_in_cell = np.arange(n) - first_in_cell
    new_household = (rank_in_cell % agents_per_household == 0).astype(np.int64)
    household = (np.cumsum(new_household) - 1).astype(np.int32)

    lu = city.land_use
    activity_cell = city.nearest_in(np.isin(lu, ACTIVITY_LAND_USE))
    stop_cell = city.nearest_in(lu == LandUse.TRANSIT)
    road_cell = city.nearest_in(np.isin(lu, (LandUse.ARTERIAL, LandUse.TRANSIT)))
    market_cell = (
        city.nearest_in(lu == LandUse.MARKET) if (lu == LandUse.MARKET).any() else road_cell
    )

    activity = scatter_and_snap(city, rng, home, p.commute_km_mean, activity_cell)
    places = np.empty((n, N_PLACES), dtype=np.int32)
    places[:, HOME] = home
    places[:, OUT] = np.where(transit, stop_cell[home], road_cell[home])
    places[:, ACTIVITY] = activity
    places[:, BACK] = np.where(transit, stop_cell[activity], road_cell[activity])
    places[:, OUTING] = market_cell[activity]

    latest_departure = HOURS_PER_DAY - 3 - p.dur_activity_ticks
    depart = np.rint(rng.normal(p.depart_hour_mean, p.depart_hour_sd, n))
    depart = np.clip(depart, 0, max(latest_departure, 0)).astype(np.int8)
    return Residents(
        gender=gender,
        group=group,
        household=household,
        transit=transit,
        depart_hour=depart,
        places=places,
        travelling=np.zeros(n, dtype=bool),
        outing=np.zeros(n, dtype=bool),
        place=np.zeros(n, dtype=np.int8),
        schedule_table=day_schedule(p.dur_activity_ticks),
    )


def decide_travel(
    r: Residents, p_travel: np.ndarray, p_outing: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """At day start, each resident travels today with probability ``p_travel`` and, if she
    travels, makes the evening outing with probability ``p_outing`` (independent daily draws;
    the probabilities come from :mod:`sim.daily`). Returns the travel draws, so that a caller
    can tell which trips a higher probability would have added."""
    draws = rng.random((2, r.n))
    r.travelling[:] = draws[0] < p_travel
    r.outing[:] = r.travelling & (draws[1] < p_outing)
    return draws[0]


def move_residents(r: Residents, hour: int) -> None:
    """Put every resident at the place her schedule gives for this hour (whole-array lookup)."""
    since_departure = (hour - r.depart_hour) % HOURS_PER_DAY
    place = r.schedule_table[since_departure]
    place = np.where(r.travelling, place, HOME)
    place[(place == OUTING) & ~r.outing] = HOME
    r.place[:] = place
    r._cell = r.places[np.arange(r.n), place]


def footfall(r: Residents, n_cells: int) -> np.ndarray:
    """Residents in public space per cell this tick (agents)."""
    return np.bincount(r.cell[r.in_public], minlength=n_cells)
