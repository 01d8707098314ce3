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

from sim.params import PopulationParams
from sim.world.cell_index import entries_in, index_by_cell
from sim.world.city import City, LandUse
from sim.world.clock import HOURS_PER_DAY

# Places of the day, in the columns of ``Residents.places``.
HOME, OUT, ACTIVITY, BACK, OUTING = range(5)
N_PLACES = 5

# A resident's plan for the day, which with her departure hour fixes her place at every hour.
STAY_HOME, TRIP, TRIP_AND_OUTING = range(3)
N_PLANS = 3
N_CODES = N_PLANS * HOURS_PER_DAY  # day codes: plan * 24 + departure hour

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
        place: index into ``places`` of where the resident is this tick (kept by
            :func:`move_residents`; everyone starts at home).
        schedule_table: place index by hours since departure (:func:`day_schedule`).
        n_cells: cells of the city (the length of ``footfall``).
        trust: trust in the police, 0 to 1.
        day_code: today's plan and departure hour, ``plan * 24 + depart_hour``: the column of
            :func:`schedule_lookup`. Set only by :func:`decide_travel` (with ``travelling``
            and ``outing``), which tells :func:`move_residents` to look everyone up: a day code
            written any other way would not be seen until the next day.
        cell: the cell each resident is in this tick (kept by :func:`move_residents`).
        footfall: residents in public space per cell this tick (agents; kept by
            :func:`move_residents`).
        n_public: residents in public space this tick.
    """

    gender: np.ndarray
    group: np.ndarray
    household: np.ndarray
    transit: np.ndarray
    depart_hour: np.ndarray
    places: np.ndarray
    travelling: np.ndarray
    outing: np.ndarray
    schedule_table: np.ndarray
    n_cells: int
    trust: np.ndarray = dataclasses.field(default_factory=lambda: np.zeros(0))
    day_code: np.ndarray = dataclasses.field(default_factory=lambda: np.zeros(0, dtype=np.int8))
    place: np.ndarray = dataclasses.field(init=False)
    cell: np.ndarray = dataclasses.field(init=False)
    footfall: np.ndarray = dataclasses.field(init=False)
    n_public: int = dataclasses.field(init=False)
    _lookup: np.ndarray | None = dataclasses.field(default=None, repr=False)
    # Kept by move_residents: this tick's public list, places and cells (None until asked for),
    # each hour's moving day codes, today's residents by day code and where each code starts,
    # the last hour moved.
    _public: np.ndarray | None = dataclasses.field(default=None, init=False, repr=False)
    _public_place: np.ndarray | None = dataclasses.field(default=None, init=False, repr=False)
    _public_cell: np.ndarray | None = dataclasses.field(default=None, init=False, repr=False)
    _moving_codes: list[HourMoves] = dataclasses.field(init=False, repr=False)
    _by_code: np.ndarray | None = dataclasses.field(default=None, init=False, repr=False)
    _code_start: np.ndarray | None = dataclasses.field(default=None, init=False, repr=False)
    _hour_moved: int | None = dataclasses.field(default=None, init=False, repr=False)
    # The public places' cells (columns OUT to OUTING of ``places``) as a table by cell, made
    # when first asked for (:meth:`in_public_at`).
    _public_by_cell: tuple[np.ndarray, np.ndarray] | None = dataclasses.field(
        default=None, init=False, repr=False
    )

    def __post_init__(self) -> None:
        if len(self.day_code) != self.n:
            self.day_code = self.depart_hour.astype(np.int8)  # STAY_HOME until decide_travel
        self._lookup = schedule_lookup(self.schedule_table)
        # Everyone starts at home; a move changes only those whose place changes.
        self.place = np.full(self.n, HOME, dtype=np.int8)
        self.cell = self.places[:, HOME].copy()
        self.footfall = np.zeros(self.n_cells, dtype=np.int32)
        self.n_public = 0
        self._moving_codes = moving_codes(self._lookup)

    @property
    def n(self) -> int:
        """Number of resident agents."""
        return len(self.gender)

    @property
    def home(self) -> np.ndarray:
        """Home cell of each resident."""
        return self.places[:, HOME]

    @property
    def public(self) -> np.ndarray:
        """Indices of the residents in public this tick, ascending. This and the two lists
        below are made when first asked for in a tick and kept for the tick (many ticks need
        only the footfall)."""
        if self._public is None:
            self._public = np.flatnonzero(self.place != HOME)
        return self._public

    @property
    def public_place(self) -> np.ndarray:
        """The place index of each resident in :attr:`public`."""
        if self._public_place is None:
            self._public_place = self.place[self.public]
        return self._public_place

    @property
    def public_cell(self) -> np.ndarray:
        """The cell of each resident in :attr:`public`."""
        if self._public_cell is None:
            self._public_cell = self.cell[self.public]
        return self._public_cell

    def in_public_at(self, cells: np.ndarray) -> np.ndarray:
        """The residents in public in any of ``cells`` this tick, ascending: those of
        :attr:`public` whose cell is among ``cells``. Read from a table of each public place's
        cell (places do not change), so a few cells cost a few look-ups, not a pass over
        everyone in public."""
        if self._public_by_cell is None:
            self._public_by_cell = index_by_cell(self.places[:, OUT:], self.n_cells)
        flat, _ = entries_in(*self._public_by_cell, np.unique(cells))
        who, column = np.divmod(flat, N_PLACES - OUT)
        return np.sort(who[self.place[who] == column + OUT])

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


def schedule_lookup(schedule_table: np.ndarray) -> np.ndarray:
    """Place index by hour of day (rows) and day code (columns, ``plan * 24 + depart_hour``):
    the schedule of every plan and departure hour, tabulated once so that a tick's move is one
    gather. A resident who stays home is home all day; one without the outing is home at its
    hour (the rule of :func:`day_schedule` and :func:`move_residents`)."""
    hour = np.arange(HOURS_PER_DAY)[:, None]
    depart = np.arange(HOURS_PER_DAY)[None, :]
    trip = schedule_table[(hour - depart) % HOURS_PER_DAY]
    no_outing = np.where(trip == OUTING, HOME, trip)
    stay_home = np.full_like(trip, HOME)
    by_plan = {STAY_HOME: stay_home, TRIP: no_outing, TRIP_AND_OUTING: trip}
    return np.concatenate([by_plan[plan] for plan in range(N_PLANS)], axis=1).astype(np.int8)


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
        schedule_table=day_schedule(p.dur_activity_ticks),
        n_cells=city.n_cells,
    )


def decide_travel(
    r: Residents, p_travel: np.ndarray, p_outing: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """At day start, each resident travels today with probability ``p_travel`` and, if she
    travels, makes the evening outing with probability ``p_outing`` (independent daily draws;
    the probabilities come from :mod:`sim.processes.travel`). Returns the travel draws, so that a
    caller can tell which trips a higher probability would have added."""
    draws = rng.random((2, r.n))
    r.travelling[:] = draws[0] < p_travel
    r.outing[:] = r.travelling & (draws[1] < p_outing)
    plan = r.travelling.astype(np.int8) + r.outing  # STAY_HOME, TRIP or TRIP_AND_OUTING
    r.day_code[:] = plan * HOURS_PER_DAY + r.depart_hour
    r._hour_moved = None  # the next move looks everyone up (move_residents)
    return draws[0]


@dataclasses.dataclass(frozen=True)
class HourMoves:
    """The day codes that move at one hour of the day, home-bound first, public to public next,
    outward last (so that residents leaving public space and those arriving in it are each one
    run of the movers), with the place each goes to and which of them leave or arrive."""

    codes: np.ndarray
    to: np.ndarray
    leaving: np.ndarray
    arriving: np.ndarray


def moving_codes(lookup: np.ndarray) -> list[HourMoves]:
    """For each hour of the day, the day codes whose schedule puts a resident at another place
    than in the hour before (at most nine of the 72: a departure, an arrival, a way back, an
    outing, a return). Hour 0 has none listed: the day codes themselves change at day start."""
    moves = [HourMoves(*(np.zeros(0, dtype=dtype) for dtype in (np.int64, np.int8, bool, bool)))]
    for hour in range(1, HOURS_PER_DAY):
        codes = np.flatnonzero(lookup[hour] != lookup[hour - 1])
        leaving, arriving = lookup[hour - 1, codes] != HOME, lookup[hour, codes] != HOME
        order = np.argsort(arriving.astype(np.int8) * 2 - leaving, kind="stable")
        codes = codes[order]
        moves.append(HourMoves(codes, lookup[hour, codes], leaving[order], arriving[order]))
    return moves


def move_residents(r: Residents, hour: int) -> None:
    """Put every resident at the place her schedule gives for this hour (the lookup of
    :func:`schedule_lookup` by today's day code), and keep her cell and the footfall per cell.

    Residents with the same day code move together. At the first move of a day (or after
    :func:`decide_travel`, or after an hour was skipped) everyone is looked up, and the
    residents are sorted by day code; at the other hours only the day codes whose schedule
    moves at this hour (:func:`moving_codes`) do, each a slice of that order going from one
    place to another. About one resident in ten moves in an hour.
    """
    r._public = r._public_place = r._public_cell = None
    if hour != 0 and r._hour_moved == hour - 1:
        _move_by_code(r, hour)
    else:
        _look_everyone_up(r, hour)
    r._hour_moved = hour


def _move_by_code(r: Residents, hour: int) -> None:
    """Move the slices of the day codes that move at ``hour`` (:class:`HourMoves`)."""
    m = r._moving_codes[hour]
    start, end = r._code_start[m.codes], r._code_start[m.codes + 1]
    who = np.concatenate([r._by_code[a:b] for a, b in zip(start, end, strict=True)])
    who = who.astype(np.intp)  # once, rather than at every index below
    sizes = end - start
    n_leaving = int(sizes[m.leaving].sum())  # a prefix of ``who``
    n_arriving = int(sizes[m.arriving].sum())  # a suffix of ``who``
    to = np.repeat(m.to, sizes)
    cell = r.places.ravel()[who * N_PLACES + to]
    _settle(r, who, to, cell, r.cell[who[:n_leaving]], cell[len(who) - n_arriving :])


def _look_everyone_up(r: Residents, hour: int) -> None:
    """Every resident to her place of this hour; the residents sorted by today's day code."""
    to = r._lookup[hour].take(r.day_code)
    who = np.flatnonzero(to != r.place)
    to = to[who]
    cell = r.places.ravel()[who * N_PLACES + to]
    _settle(r, who, to, cell, r.cell[who[r.place[who] != HOME]], cell[to != HOME])
    r._by_code = np.argsort(r.day_code, kind="stable").astype(np.int32)
    r._code_start = np.zeros(N_CODES + 1, dtype=np.int64)
    np.cumsum(np.bincount(r.day_code, minlength=N_CODES), out=r._code_start[1:])


def _settle(
    r: Residents,
    who: np.ndarray,
    to: np.ndarray,
    cell: np.ndarray,
    left_cells: np.ndarray,
    arrived_cells: np.ndarray,
) -> None:
    """Residents ``who`` are now at place ``to`` in ``cell``; the footfall loses one at each of
    ``left_cells`` (cells left for home or another place) and gains one at each of
    ``arrived_cells`` (public cells arrived at)."""
    # One as the footfall's own type: a Python int sends ufunc.at down its slow, casting path.
    one = r.footfall.dtype.type(1)
    np.subtract.at(r.footfall, left_cells, one)
    np.add.at(r.footfall, arrived_cells, one)
    r.place[who] = to
    r.cell[who] = cell
    r.n_public += len(arrived_cells) - len(left_cells)
