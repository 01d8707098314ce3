"""Equal-budget alternatives: the cameras' budget turned into units and the places they cover.

Rules (docs/odd.md 7.27a):

- *Budget.* A year's budget is ``equal_budget.budget_rs_per_km2_year`` (what Lahore's Safe City
  cameras cost a year per km2) times the world's area.
- *Units.* The budget buys ``budget / unit cost a year`` units, whole units only: street lights
  (installation over their life plus electricity), women wardens or help-desk officers
  (constable pay), upgraded stops (a shelter and its lights).
- *Coverage.* Units become places: lights light cells, ``lights_per_km * streets_per_cell *
  cell side`` lights a cell, darkest cells first (open land apart); wardens staff transit stops,
  ``wardens_per_stop`` a stop, spread evenly over the stops; help desks serve
  ``people_per_desk`` people each, the densest homes first; upgraded stops are transit cells,
  darkest first. Where the budget buys more than there is to cover, the rest is not spent, and
  the cost counted is what was spent.

Sources are those of :class:`sim.params.equal_budget.EqualBudgetParams`.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np

from sim.params import SimParams
from sim.params.alternatives import AlternativesParams
from sim.world.city import City, LandUse

UNITS = {
    "lights": "street lights",
    "wardens": "women wardens",
    "help_desks": "women's help desks",
    "safer_stops": "upgraded stops",
}
"""What each alternative's units are, in words."""
PLACES = {
    "lights": "cells lit",
    "wardens": "stops staffed",
    "help_desks": "desks' catchments",
    "safer_stops": "stops upgraded",
}
"""What each alternative's places are, in words."""


@dataclasses.dataclass(frozen=True)
class Purchase:
    """What the budget buys in one world.

    Attributes:
        spend_on: the alternative (``equal_budget.spend_on``).
        budget_rs_per_year: the budget a year.
        unit_rs_per_year: one unit a year.
        units: units bought (whole units, no more than the places need).
        places: places covered (cells lit, stops staffed or upgraded, desks placed).
        places_available: places there are to cover.
        spent_rs_per_year: what the units bought cost a year.
    """

    spend_on: str
    budget_rs_per_year: float
    unit_rs_per_year: float
    units: float
    places: int
    places_available: int
    spent_rs_per_year: float

    @property
    def coverage(self) -> float:
        """Share of the places there are that the purchase covers."""
        return self.places / self.places_available if self.places_available else 0.0


def candidate_places(city: City, params: SimParams) -> np.ndarray:
    """The places an alternative can cover, in the order it covers them: for lights, cells
    (not open land) below ``lit_level``, darkest first; for upgraded stops, transit cells,
    darkest first; for wardens, transit cells spread evenly (every k-th in cell order); for help
    desks, cells where people live, densest first. Ties keep cell order (a stable sort)."""
    e = params.equal_budget
    light, land = city.lighting, city.land_use
    if e.spend_on == "lights":
        cells = np.flatnonzero((land != LandUse.OPEN) & (light < e.lit_level))
        return cells[np.argsort(light[cells], kind="stable")]
    if e.spend_on == "safer_stops":
        cells = np.flatnonzero(land == LandUse.TRANSIT)
        return cells[np.argsort(light[cells], kind="stable")]
    if e.spend_on == "wardens":
        return np.flatnonzero(land == LandUse.TRANSIT)
    if e.spend_on == "help_desks":
        cells = np.flatnonzero(city.density > 0)
        return cells[np.argsort(-city.density[cells], kind="stable")]
    return np.zeros(0, dtype=np.int64)


def size_purchase(params: SimParams, area_km2: float, cell_size_m: float, n_places: int):
    """The :class:`Purchase` the cameras' budget makes in a world of ``area_km2`` with
    ``n_places`` candidate places (for help desks, the desks the population needs are the
    places; ``n_places`` is ignored)."""
    e, spend_on = params.equal_budget, params.equal_budget.spend_on
    budget = e.budget_rs_per_km2_year * area_km2
    if spend_on == "lights":
        unit = e.light_rs_per_year
        per_place = e.lights_per_km * e.streets_per_cell * cell_size_m / 1000.0
    elif spend_on == "wardens":
        unit, per_place = e.constable_pay_rs_per_year, e.wardens_per_stop
    elif spend_on == "help_desks":
        unit, per_place = e.constable_pay_rs_per_year * e.desk_staff, 1.0
        n_places = math.ceil(params.population.n_people / e.people_per_desk)
    elif spend_on == "safer_stops":
        unit, per_place = e.stop_rs_per_year, 1.0
    else:
        return Purchase(spend_on, budget, 0.0, 0.0, 0, n_places, 0.0)
    affordable = math.floor(budget / unit) if unit > 0 else 0
    places = min(n_places, math.floor(affordable / per_place))
    units = places * per_place
    return Purchase(spend_on, budget, unit, units, places, n_places, units * unit)


def plan(city: City, params: SimParams) -> tuple[Purchase, np.ndarray]:
    """The purchase in this city and the places it covers: cells (lights, wardens, upgraded
    stops) or, for help desks, the cells whose residents the desks serve."""
    candidates = candidate_places(city, params)
    purchase = size_purchase(params, city.area_km2, city.cell_size_m, len(candidates))
    if params.equal_budget.spend_on == "help_desks":
        # the densest homes first, until the desks' share of the population is served
        if purchase.coverage >= 1.0:
            return purchase, candidates
        served = np.cumsum(city.density[candidates]) <= purchase.coverage
        return purchase, candidates[served]
    if params.equal_budget.spend_on == "wardens" and purchase.places:
        picks = np.linspace(0, len(candidates) - 1, purchase.places).round().astype(np.int64)
        return purchase, candidates[np.unique(picks)]
    return purchase, candidates[: purchase.places]


def apply_uniform(city: City, a: AlternativesParams, harassment) -> np.ndarray:
    """The uniform alternatives (DESIGN section 5): street lighting raised to
    ``lighting_floor`` everywhere but open land; safer transit at every stop and in every
    vehicle (:meth:`sim.processes.harassment.Harassment.make_transit_safer`); help desks act
    through the response process. Returns the cells changed."""
    lit, floor = city.lighting, a.lighting_floor
    changed = (city.land_use != LandUse.OPEN) & (lit < floor)
    lit[changed] = floor
    if a.safer_transit > 0:
        harassment.make_transit_safer(a.safer_transit)
        changed |= city.land_use == LandUse.TRANSIT
    return changed


def spend(city: City, params: SimParams, harassment, response) -> tuple[Purchase, np.ndarray]:
    """Spend the budget (docs/odd.md 7.27a): lights and upgraded stops raise the lighting of
    their cells to ``lit_level`` (never lower it); wardens lower harassment at their stops
    (:meth:`sim.processes.harassment.Harassment.staff_stops`); help desks raise the reporting
    odds of the women they serve (:meth:`sim.processes.response.Response.open_help_desks`).
    Returns the purchase and the cells it changed (for help desks, the homes served)."""
    e = params.equal_budget
    purchase, cells = plan(city, params)
    if e.spend_on in ("lights", "safer_stops"):
        lit = city.lighting
        lit[cells] = np.maximum(lit[cells], e.lit_level)
    elif e.spend_on == "wardens":
        harassment.staff_stops(cells, e.warden_effect)
    elif e.spend_on == "help_desks":
        response.open_help_desks(cells, e.desk_odds)
    footprint = np.zeros(city.n_cells, dtype=bool)
    footprint[cells] = True
    return purchase, footprint
