"""Equal-budget alternatives: the cameras' budget sized into units and places from the unit costs,
and the coverage mechanisms those places switch on (docs/odd.md 7.27a)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sim.analysis.costs import camera_cost_rs
from sim.model import SafeCityModel
from sim.params import ParamError
from sim.params.costs import LAHORE_CAMERAS, CostParams
from sim.params.equal_budget import LAHORE_AREA_KM2, EqualBudgetParams
from sim.params.policies import load_policy, with_role
from sim.presets import make_params
from sim.processes.alternatives import candidate_places, plan, size_purchase
from sim.world.city import LandUse
from sim.world.clock import DAYS_PER_YEAR

CHEAP = {"budget_rs_per_km2_year": 1_000_000.0}


def params_for(spend_on: str, extra: dict | None = None, **groups):
    return make_params(
        "town", {"equal_budget": {"spend_on": spend_on, **CHEAP, **(extra or {})}, **groups}
    )


def test_default_budget_is_what_lahores_cameras_cost_a_year_per_km2():
    lahore_year = camera_cost_rs(LAHORE_CAMERAS, DAYS_PER_YEAR, CostParams())
    budget = EqualBudgetParams().budget_rs_per_km2_year * LAHORE_AREA_KM2
    assert budget == pytest.approx(lahore_year), "the same money as the cameras, per km2"


@pytest.mark.parametrize(
    ("spend_on", "unit_of", "per_place_of"),
    [
        ("lights", lambda e: e.light_rs_per_year, lambda e: e.lights_per_km * 0.1),
        ("wardens", lambda e: e.constable_pay_rs_per_year, lambda e: e.wardens_per_stop),
        ("safer_stops", lambda e: e.stop_rs_per_year, lambda e: 1.0),
    ],
)
def test_budget_buys_whole_places_at_the_unit_cost(spend_on, unit_of, per_place_of):
    params = params_for(spend_on)
    e = params.equal_budget
    purchase = size_purchase(params, area_km2=3.0, cell_size_m=100.0, n_places=10**6)
    unit, per_place = unit_of(e), per_place_of(e)
    places = math.floor(math.floor(3.0 * e.budget_rs_per_km2_year / unit) / per_place)
    assert purchase.places == places > 0
    assert purchase.units == pytest.approx(places * per_place)
    assert purchase.spent_rs_per_year == pytest.approx(places * per_place * unit)
    assert purchase.spent_rs_per_year <= purchase.budget_rs_per_year


def test_a_budget_larger_than_the_places_is_not_all_spent():
    params = params_for("safer_stops")
    purchase = size_purchase(params, area_km2=3.0, cell_size_m=100.0, n_places=2)
    assert purchase.places == 2 and purchase.coverage == 1.0
    assert purchase.spent_rs_per_year == pytest.approx(2 * params.equal_budget.stop_rs_per_year)
    assert purchase.spent_rs_per_year < purchase.budget_rs_per_year


def test_help_desks_are_sized_by_the_people_they_serve():
    params = params_for(
        "help_desks", {"people_per_desk": 1_000.0}, population={"n_people": 10_000.0}
    )
    e = params.equal_budget
    purchase = size_purchase(params, area_km2=1.0, cell_size_m=100.0, n_places=0)
    affordable = math.floor(e.budget_rs_per_km2_year / (e.constable_pay_rs_per_year * e.desk_staff))
    assert purchase.places_available == 10, "10,000 people at 1,000 a desk"
    assert purchase.places == min(10, affordable)


def test_lights_light_the_darkest_cells_first_and_only_as_many_as_bought():
    params = params_for("lights")
    model = SafeCityModel(params)
    before = model.city.lighting.copy()
    candidates = candidate_places(model.city, params)
    purchase, cells = plan(model.city, params)
    assert 0 < purchase.places == len(cells) < len(candidates)
    lit = set(cells.tolist())
    unlit = np.array([c for c in candidates if c not in lit])
    assert before[cells].max() <= before[unlit].min(), "darkest first"
    model.start_alternatives()
    assert (model.city.lighting[cells] == params.equal_budget.lit_level).all()
    untouched = np.ones(model.city.n_cells, dtype=bool)
    untouched[cells] = False
    assert (model.city.lighting[untouched] == before[untouched]).all()
    assert model.policy_footprint.sum() == len(cells)


def test_safer_stops_light_transit_stops_only():
    params = params_for("safer_stops")
    model = SafeCityModel(params)
    model.start_alternatives()
    cells = np.flatnonzero(model.policy_footprint)
    assert len(cells) == model.purchase.places > 0
    assert (model.city.land_use[cells] == LandUse.TRANSIT).all()
    assert (model.city.lighting[cells] == params.equal_budget.lit_level).all()


def harassment_at(model: SafeCityModel, start_tick: int) -> np.ndarray:
    events = model.events.to_frame()
    rows = events[(events["offence"] == "harassment") & (events["tick"] >= start_tick)]
    return model.city.cell_of(rows["x"].to_numpy(), rows["y"].to_numpy())


@pytest.mark.parametrize("seed", [1, 4])
def test_wardens_who_stop_all_harassment_leave_none_at_their_stops_only(seed):
    everyday = {"harassment_in_vehicles": False}  # wardens guard stops, not vehicles
    common = {"run": {"seed": seed, "days": 10}, "everyday": everyday}
    staffed = params_for("wardens", {"warden_effect": 1.0}, **common)
    model = SafeCityModel(staffed)
    model.run_days()
    stops = np.flatnonzero(model.policy_footprint)
    assert 0 < len(stops) < (model.city.land_use == LandUse.TRANSIT).sum(), "some stops staffed"
    cells = harassment_at(model, 0)
    assert not np.isin(cells, stops).any(), "no harassment at a staffed stop"
    other_stops = (model.city.land_use[cells] == LandUse.TRANSIT).sum()
    assert other_stops > 0, "harassment at the stops without wardens goes on"


@pytest.mark.parametrize("seed", [1, 4])
def test_help_desks_raise_reporting_of_harassment(seed):
    common = {"run": {"seed": seed, "days": 10}}
    reported = {}
    for name, params in {
        "none": make_params("town", common),
        "desks": params_for("help_desks", {"desk_odds": 20.0}, **common),
    }.items():
        model = SafeCityModel(params)
        model.run_days()
        events = model.events.to_frame()
        reported[name] = int(events.loc[events["offence"] == "harassment", "reported"].sum())
    assert reported["desks"] > reported["none"], reported


def test_equal_budget_policies_are_registered_without_cameras():
    names = with_role("equal_budget")
    assert {load_policy(n)["equal_budget"]["spend_on"] for n in names} == {
        "lights",
        "wardens",
        "help_desks",
        "safer_stops",
    }
    for name in names:
        assert load_policy(name)["surveillance"]["placement"] == "none"


def test_an_unknown_alternative_is_refused_naming_the_field():
    with pytest.raises(ParamError, match="spend_on"):
        make_params("town", {"equal_budget": {"spend_on": "gold"}})


def test_without_an_alternative_nothing_is_bought():
    model = SafeCityModel(make_params("town", {"run": {"seed": 2, "days": 2}}))
    model.run_days()
    assert model.purchase is None
    assert not model.policy_footprint.any()
