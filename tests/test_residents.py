"""Residents: homes, the day schedule and moves that keep cells and footfall exact."""

from __future__ import annotations

import numpy as np
import pytest

from sim.model import SafeCityModel
from sim.presets import make_params
from sim.world.city import LandUse
from sim.world.clock import HOURS_PER_DAY
from sim.world.residents import (
    ACTIVITY,
    BACK,
    HOME,
    OUT,
    OUTING,
    decide_travel,
    move_residents,
    schedule_lookup,
)


def test_residents_follow_their_day_schedule():
    model = SafeCityModel(make_params("town", {"run": {"seed": 2}}))
    r = model.residents
    dur = model.params.population.dur_activity_ticks
    for hour in range(HOURS_PER_DAY):
        model.step()
        since = hour - r.depart_hour.astype(int)
        go = r.travelling
        expect = {
            "at home when not travelling": (~go, HOME),
            "at the trip-out cell at the departure hour": (go & (since == 0), OUT),
            "at the activity place after leaving": (go & (since >= 1) & (since <= dur), ACTIVITY),
            "at the trip-back cell after the activity": (go & (since == dur + 1), BACK),
            "at the outing if making one": (go & r.outing & (since == dur + 2), OUTING),
            "home before departure": (go & (since < 0), HOME),
            "home after the day's trips": (go & (since > dur + 2), HOME),
        }
        for what, (who, place) in expect.items():
            assert (r.place[who] == place).all(), f"hour {hour}: residents should be {what}"
            cells = r.cell[who]
            assert (cells == r.places[who, place]).all(), f"hour {hour}: cell mismatch, {what}"
        assert (r.in_public == (r.place != HOME)).all(), "in public means away from home"


def assert_moves_match_a_full_recount(r, hour: int, when: str) -> None:
    """Places, cells, footfall and the public list kept by ``move_residents`` equal those
    recomputed from scratch from today's day codes."""
    place = schedule_lookup(r.schedule_table)[hour, r.day_code]
    assert (r.place == place).all(), f"{when}: places differ from the schedule"
    cell = r.places[np.arange(r.n), place]
    assert (r.cell == cell).all(), f"{when}: cells differ from the places"
    out = np.flatnonzero(place != HOME)
    assert (r.public == out).all(), f"{when}: public list differs"
    assert r.n_public == len(out), f"{when}: {r.n_public} in public, expected {len(out)}"
    footfall = np.bincount(cell[out], minlength=len(r.footfall))
    assert (r.footfall == footfall).all(), f"{when}: footfall differs from a recount"


@pytest.mark.parametrize("depart_hour_mean", [8.0, 18.0])
def test_moves_keep_cells_and_footfall_equal_to_a_full_recount(depart_hour_mean):
    """Only the residents whose day code changes place at an hour are moved; over three days,
    with late departures whose evening outing ends at midnight, nothing drifts."""
    population = {"depart_hour_mean": depart_hour_mean, "depart_hour_sd": 4.0}
    model = SafeCityModel(make_params("town", {"run": {"seed": 5}, "population": population}))
    r = model.residents
    latest = HOURS_PER_DAY - 3 - model.params.population.dur_activity_ticks
    assert (r.depart_hour == latest).any(), "the test needs residents leaving at the latest hour"
    for tick in range(3 * HOURS_PER_DAY):
        model.step()
        assert_moves_match_a_full_recount(r, tick % HOURS_PER_DAY, f"tick {tick}")


def test_moves_after_a_skipped_hour_or_new_travel_plans_look_everyone_up():
    model = SafeCityModel(make_params("town", {"run": {"seed": 6}}))
    r, rng = model.residents, np.random.default_rng(0)
    decide_travel(r, np.full(r.n, 0.8), np.full(r.n, 0.5), rng)
    for hour in (6, 7, 11, 12):  # 7 -> 11 skips hours
        move_residents(r, hour)
        assert_moves_match_a_full_recount(r, hour, f"hour {hour}")
    decide_travel(r, np.full(r.n, 0.3), np.full(r.n, 0.5), rng)  # new plans mid-day
    move_residents(r, 13)
    assert_moves_match_a_full_recount(r, 13, "hour 13 after new plans")


def test_homes_are_on_residential_cells_and_trips_on_streets(town_params):
    model = SafeCityModel(town_params())
    lu, r = model.city.land_use, model.residents
    assert (lu[r.home] == LandUse.RESIDENTIAL).all(), "homes should be on residential cells"
    roads = (LandUse.ARTERIAL, LandUse.TRANSIT)
    assert np.isin(lu[r.places[:, OUT]], roads).all(), "trips out should pass roads or stops"
    stops = lu[r.places[r.transit, OUT]]
    assert (stops == LandUse.TRANSIT).all(), "transit users' trips should pass transit stops"


def test_residents_in_public_at_some_cells_are_those_a_scan_of_everyone_in_public_finds():
    # The look-up by cell must give exactly the residents (ascending) whose cell this tick is
    # among the cells asked for, at every hour: victims are drawn from this list in its order.
    model = SafeCityModel(make_params("town", {"run": {"seed": 5}}))
    r, rng = model.residents, np.random.default_rng(0)
    checked = 0
    for _ in range(2 * HOURS_PER_DAY):
        model.step()
        busy = np.unique(r.public_cell)
        if len(busy) == 0:
            continue
        cells = rng.choice(busy, size=min(5, len(busy)), replace=True)  # repeats allowed
        cells = np.concatenate([cells, rng.integers(0, r.n_cells, 3)])  # and empty cells
        expected = r.public[np.isin(r.public_cell, cells)]
        assert np.array_equal(r.in_public_at(cells), expected), f"tick {model.tick}"
        checked += len(expected)
    assert checked > 50, "the check needs residents in public in the cells asked for"
