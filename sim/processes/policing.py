"""Police officers: patrol, dispatch of the nearest free officer, response and arrest.

Officers on patrol move each hour within their beat (``random``) or toward cells where
incidents were recorded (``hotspot``: police know only recorded crime). A beat is a district when
there are at least as many officers as districts, otherwise the whole city, so that no district
is left without patrol (assumption). Incidents that reach the
police (a camera operator's alert, or a recorded report) get the nearest free officer, who travels
on the grid at ``speed_kmh`` and may arrest if he arrives within ``arrest_window_min``.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np

from sim.params import PolicingParams
from sim.world.city import City

MINUTES_PER_TICK = 60.0


@dataclasses.dataclass
class Police:
    """One row per officer agent on patrol duty.

    Attributes:
        beat: the officer's beat (a district, or 0 for the whole city; see :class:`Beats`).
        cell: where the officer is.
        busy_until: tick at which the officer is free again (0: free).
        base: where a free officer waits, for units dedicated to camera alerts (None for
            patrol officers, who move by :class:`Patrol`).
    """

    beat: np.ndarray
    cell: np.ndarray
    busy_until: np.ndarray
    base: np.ndarray | None = None

    @property
    def n(self) -> int:
        """Number of officer agents."""
        return len(self.cell)

    def free(self, tick: int) -> np.ndarray:
        """Officers not busy with an incident at ``tick``."""
        return self.busy_until <= tick

    def return_to_base(self, tick: int) -> None:
        """Free officers with a base go back to it (dedicated units between alerts)."""
        if self.base is not None:
            free = self.free(tick)
            self.cell[free] = self.base[free]


def officer_agents(officers: float, agent_scale: float) -> int:
    """Officer agents standing for ``officers`` people: the nearest whole number, but at least
    one when the force is at least one officer (``officers`` rounds to one or more people).

    Rule: rounding alone loses a small force at a coarse scale (4 officers at 30 people per
    agent round to none); one agent is kept instead. It then stands for ``agent_scale``
    officers in the perceived police presence (assumption: an over-count of a small force is
    a smaller error than removing it; docs/odd.md). A force of less than half an officer (a
    town of 4,000 at one officer per million people) is none.
    """
    if round(officers) < 1:
        return 0
    return max(1, round(officers / agent_scale))


def no_units() -> Police:
    """No officers dedicated to camera alerts (before installation, or with none configured)."""
    empty = np.zeros(0, dtype=np.int32)
    return Police(beat=empty, cell=empty.copy(), busy_until=np.zeros(0, dtype=np.int64))


def make_response_units(site_cells: np.ndarray, n_people: int, agent_scale: float) -> Police:
    """Officers dedicated to camera alerts (``surveillance.response_units``, in people), in
    agents, each based at a camera site: the sites taken at even steps through the site list,
    so the units spread over the camera network (no random draw).

    Rule: a unit waits at its base; an operator's alert gets the nearest free unit before any
    patrol officer; afterwards it is busy as a patrol officer would be, then returns to base.
    Any officers at all give at least one agent (:func:`officer_agents`), so that a unit of a
    few officers is not lost at a coarse ``agent_scale``.
    """
    n = officer_agents(n_people, agent_scale)
    if n == 0 or len(site_cells) == 0:
        return no_units()
    base = site_cells[np.linspace(0, len(site_cells) - 1, n).round().astype(np.int64)]
    return Police(
        beat=np.zeros(n, dtype=np.int16),
        cell=base.astype(np.int32),
        busy_until=np.zeros(n, dtype=np.int64),
        base=base.astype(np.int32),
    )


class Beats:
    """Patrol beats: the districts if there are at least as many officers, else the whole city."""

    def __init__(self, city: City, n_officers: int):
        per_district = n_officers >= city.n_districts
        key = city.district if per_district else np.zeros(city.n_cells, dtype=np.int16)
        self.n = city.n_districts if per_district else 1
        self.order = np.argsort(key, kind="stable").astype(np.int32)
        self.starts = np.searchsorted(key[self.order], np.arange(self.n + 1))

    def random_cells(self, beat: np.ndarray, u: np.ndarray) -> np.ndarray:
        """A uniformly random cell of each beat, from uniform draws ``u`` in [0, 1)."""
        lo, hi = self.starts[beat], self.starts[beat + 1]
        return self.order[lo + (u * (hi - lo)).astype(np.int64)]


def make_police(
    city: City, p: PolicingParams, n_people: float, agent_scale: float, rng: np.random.Generator
) -> Police:
    """Officer agents on patrol: ``n_people / people_per_officer * share_on_patrol`` officers,
    in agents (at least one when there are any, :func:`officer_agents`), spread evenly over
    beats and placed at random cells of their beat."""
    n = officer_agents(n_people / p.people_per_officer * p.share_on_patrol, agent_scale)
    beats = Beats(city, n)
    beat = np.arange(n) % beats.n
    police = Police(
        beat=beat, cell=np.zeros(n, dtype=np.int32), busy_until=np.zeros(n, dtype=np.int64)
    )
    police.cell[:] = beats.random_cells(beat, rng.random(n))
    return police


class Patrol:
    """Moves free officers each tick by the chosen strategy; keeps the hotspot map.

    Rule: ``random`` sends each free officer to a uniformly random cell of his beat each hour;
    ``hotspot`` sends him to a cell drawn in proportion to recorded-incident heat, which decays
    with half-life ``hotspot_memory_days`` (assumption, see docs/odd.md), or at random while
    nothing has been recorded.
    """

    def __init__(self, city: City, p: PolicingParams, n_officers: int):
        self.city = city
        self.p = p
        self.heat = np.zeros(city.n_cells)
        self.beats = Beats(city, n_officers)
        self._decay_per_day = 0.5 ** (1.0 / p.hotspot_memory_days)
        self._hot_cells = np.zeros(0, dtype=np.int64)
        self._hot_cdf = np.zeros(0)

    def add_recorded(self, cells: np.ndarray) -> None:
        """Add recorded incidents to the heat map."""
        np.add.at(self.heat, cells, 1.0)

    def new_day(self) -> None:
        """Decay the heat map and rebuild the cumulative table patrol draws from."""
        self.heat *= self._decay_per_day
        self._hot_cells = np.flatnonzero(self.heat > 0)
        self._hot_cdf = np.cumsum(self.heat[self._hot_cells])

    def move(self, police: Police, tick: int, rng: np.random.Generator) -> None:
        """Move the free officers; draws the same amount every tick whoever is free."""
        u = rng.random(police.n)
        if self.p.strategy == "hotspot" and len(self._hot_cells):
            pos = np.searchsorted(self._hot_cdf, u * self._hot_cdf[-1], side="right")
            target = self._hot_cells[np.minimum(pos, len(self._hot_cells) - 1)]
        else:
            target = self.beats.random_cells(police.beat, u)
        free = police.free(tick)
        police.cell[free] = target[free]


def block_presence(city: City, police: Police, block_cells: int) -> tuple[np.ndarray, np.ndarray]:
    """Officers per block of ``block_cells`` x ``block_cells`` cells, and each cell's block."""
    bx = city.x // block_cells
    by = city.y // block_cells
    blocks_y = -(-city.height // block_cells)
    block_of_cell = bx * blocks_y + by
    n_blocks = int(block_of_cell.max()) + 1
    return count_per_block(block_of_cell, police, n_blocks), block_of_cell


def count_per_block(block_of_cell: np.ndarray, police: Police, n_blocks: int) -> np.ndarray:
    """Officers per block, given each cell's block (from :func:`block_presence`)."""
    return np.bincount(block_of_cell[police.cell], minlength=n_blocks)


def dispatch(
    city: City,
    p: PolicingParams,
    police: Police,
    tick: int,
    cells: np.ndarray,
    delay_min: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Send the nearest free officer to each incident, in order, while any is free.

    Rule: response time = ``delay_min`` + dispatch delay + grid distance / ``speed_kmh``; the
    officer is busy for the response time plus ``on_scene_min`` and ends at the scene. The loop
    runs over this tick's incidents (a handful), each step a whole-array distance over officers.

    Returns:
        officer: the officer sent to each incident (-1 if none was free).
        response_min: minutes from incident to arrival (NaN if none was sent).
    """
    officer = np.full(len(cells), -1, dtype=np.int64)
    response_min = np.full(len(cells), np.nan)
    free = police.free(tick)
    for j, cell in enumerate(cells):
        if not free.any():
            break
        dist_km = city.chebyshev_km(police.cell, np.full(police.n, cell))
        dist_km[~free] = np.inf
        k = int(np.argmin(dist_km))
        minutes = delay_min[j] + p.dispatch_delay_min + dist_km[k] / p.speed_kmh * MINUTES_PER_TICK
        officer[j], response_min[j] = k, minutes
        free[k] = False
        police.busy_until[k] = tick + max(
            1, math.ceil((minutes + p.on_scene_min) / MINUTES_PER_TICK)
        )
        police.cell[k] = cell
    return officer, response_min


class Policing:
    """The policing process: it owns the officers on patrol, the units kept for camera alerts,
    the hotspot map of recorded incidents and where officers are; it patrols and dispatches.

    Args:
        city: the city.
        p: the policing parameters.
        n_people: people in the city (sets the number of officers).
        agent_scale: people per agent.
        streams: the run's named random streams.
    """

    def __init__(
        self,
        city: City,
        p: PolicingParams,
        n_people: float,
        agent_scale: float,
        streams: dict[str, np.random.Generator],
    ):
        self.city, self.p, self.agent_scale = city, p, agent_scale
        self.police = make_police(city, p, n_people, agent_scale, streams["officers"])
        self.patrol = Patrol(city, p, self.police.n)
        self.response_units = no_units()  # officers kept for camera alerts, from installation
        self.recorded_per_cell = np.zeros(city.n_cells, dtype=np.int64)
        # Officers per patrol block this tick, and each cell's block (see police_at).
        self._blocks, self._block_of_cell = block_presence(city, self.police, p.block_cells)
        self._patrol_rng = streams["patrol"]

    def keep_units_for_alerts(self, site_cells: np.ndarray, n_people: int) -> None:
        """Keep ``n_people`` officers for camera alerts, based at the camera sites."""
        self.response_units = make_response_units(site_cells, n_people, self.agent_scale)

    def count_presence(self) -> None:
        """Count officers per patrol block, from where they ended the previous tick."""
        n_blocks = len(self._blocks)
        self._blocks = count_per_block(self._block_of_cell, self.police, n_blocks)
        if self.response_units.n:
            self._blocks += count_per_block(self._block_of_cell, self.response_units, n_blocks)

    def police_at(self, cells: np.ndarray) -> np.ndarray:
        """Officers (in people) in the patrol block of each of ``cells``, from their positions
        at the end of the previous tick: looked up only where a rule needs it, not over the
        whole grid."""
        return self._blocks[self._block_of_cell[cells]] * self.agent_scale

    def patrolling(self, tick: int, cells: np.ndarray) -> np.ndarray:
        """Whether a free patrol officer is in each of ``cells``."""
        # A handful of incidents against the officers: a direct comparison beats np.isin's setup.
        return (cells[:, None] == self.police.cell[self.police.free(tick)][None, :]).any(axis=1)

    def respond(
        self, tick: int, cells: np.ndarray, needs_response: np.ndarray, alerted: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Send the nearest free officer to each incident that needs a response: alerts go
        first to the units kept for them, reports wait ``report_delay_min``. Returns each
        incident's officer (-1: none sent) and response time in minutes (NaN: none sent)."""
        n = len(cells)
        officer = np.full(n, -1)
        response_min = np.full(n, np.nan)
        if self.response_units.n:  # alerts go first to the officers kept for them
            to_units = needs_response & alerted
            officer[to_units], response_min[to_units] = dispatch(
                self.city,
                self.p,
                self.response_units,
                tick,
                cells[to_units],
                np.zeros(int(to_units.sum())),
            )
            needs_response = needs_response & (officer < 0)
        delay = np.where(alerted, 0.0, self.p.report_delay_min)[needs_response]
        officer[needs_response], response_min[needs_response] = dispatch(
            self.city, self.p, self.police, tick, cells[needs_response], delay
        )
        return officer, response_min

    def record(self, cells: np.ndarray) -> None:
        """Add recorded public incidents to the hotspot maps (police patrol streets, cameras
        watch them)."""
        np.add.at(self.recorded_per_cell, cells, 1)
        self.patrol.add_recorded(cells)

    def new_day(self) -> None:
        """Day start: the hotspot map decays."""
        self.patrol.new_day()

    def move(self, tick: int) -> None:
        """Free officers patrol; free units return to their base."""
        self.patrol.move(self.police, tick, self._patrol_rng)
        self.response_units.return_to_base(tick)

    def n_busy(self, tick: int) -> int:
        """Patrol officers busy with an incident at ``tick``."""
        return int((~self.police.free(tick)).sum())
