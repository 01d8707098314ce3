"""Police officers: patrol, dispatch of the nearest free officer, response and arrest.

Officers on patrol move each hour within their district (``random``) or toward cells where
incidents were recorded (``hotspot``: police know only recorded crime). Incidents that reach the
police (a camera operator's alert, or a recorded report) get the nearest free officer, who travels
on the grid at ``speed_kmh`` and may arrest if he arrives within ``arrest_window_min``.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np

from sim.city import City
from sim.params import PolicingParams

MINUTES_PER_TICK = 60.0


@dataclasses.dataclass
class Police:
    """One row per officer agent on patrol duty.

    Attributes:
        district: the officer's home district.
        cell: where the officer is.
        busy_until: tick at which the officer is free again (0: free).
    """

    district: np.ndarray
    cell: np.ndarray
    busy_until: np.ndarray

    @property
    def n(self) -> int:
        """Number of officer agents."""
        return len(self.cell)

    def free(self, tick: int) -> np.ndarray:
        """Officers not busy with an incident at ``tick``."""
        return self.busy_until <= tick


def make_police(
    city: City, p: PolicingParams, n_people: float, agent_scale: float, rng: np.random.Generator
) -> Police:
    """Officer agents on patrol: ``n_people / people_per_officer * share_on_patrol`` officers,
    in agents, spread evenly over districts and placed at random cells of their district."""
    n = round(n_people / p.people_per_officer * p.share_on_patrol / agent_scale)
    district = (np.arange(n) % city.n_districts).astype(np.int16)
    police = Police(
        district=district, cell=np.zeros(n, dtype=np.int32), busy_until=np.zeros(n, dtype=np.int64)
    )
    police.cell[:] = _random_cells_in_district(city, district, rng)
    return police


def _district_cells(city: City) -> tuple[np.ndarray, np.ndarray]:
    """Cells sorted by district, and the offset where each district starts."""
    order = np.argsort(city.district, kind="stable").astype(np.int32)
    starts = np.searchsorted(city.district[order], np.arange(city.n_districts + 1))
    return order, starts


def _random_cells_in_district(
    city: City, district: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    order, starts = _district_cells(city)
    lo, hi = starts[district], starts[district + 1]
    return order[lo + (rng.random(len(district)) * (hi - lo)).astype(np.int64)]


class Patrol:
    """Moves free officers each tick by the chosen strategy; keeps the hotspot map.

    Rule: ``random`` sends each free officer to a uniformly random cell of his district each
    hour; ``hotspot`` sends him to a cell drawn in proportion to recorded-incident heat, which
    decays with half-life ``hotspot_memory_days`` (assumption, see docs/odd.md), or at random
    while nothing has been recorded.
    """

    def __init__(self, city: City, p: PolicingParams):
        self.city = city
        self.p = p
        self.heat = np.zeros(city.n_cells)
        self._order, self._starts = _district_cells(city)
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
            target = self._hot_cells[
                np.searchsorted(self._hot_cdf, u * self._hot_cdf[-1], side="right").clip(
                    max=len(self._hot_cells) - 1
                )
            ]
        else:
            lo, hi = self._starts[police.district], self._starts[police.district + 1]
            target = self._order[lo + (u * (hi - lo)).astype(np.int64)]
        free = police.free(tick)
        police.cell[free] = target[free]


def block_presence(city: City, police: Police, block_cells: int) -> tuple[np.ndarray, np.ndarray]:
    """Officers per block of ``block_cells`` x ``block_cells`` cells, and each cell's block."""
    bx = city.x // block_cells
    by = city.y // block_cells
    blocks_y = -(-city.height // block_cells)
    block_of_cell = bx * blocks_y + by
    n_blocks = int(block_of_cell.max()) + 1
    return np.bincount(block_of_cell[police.cell], minlength=n_blocks), block_of_cell


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
