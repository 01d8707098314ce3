"""Vehicle theft (docs/odd.md 7.31): street offenders idle in an hour steal vehicles parked
where their owners are; cameras see and detect thefts as any public incident; believed cameras
deter thieves as they deter robbers; thefts draw from their own streams only.

Rule tests run on the hand-built world of ``tiny_world`` with robbery switched off, so that
every roaming offender is idle; the others on the teaching town.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from tiny_world import CENTRE, with_camera_at

from sim.model import SafeCityModel
from sim.world.clock import HOURS_PER_DAY
from sim.world.residents import BACK, HOME, OUT

THIEVES_ONLY = {
    # no robbery: every roaming offender is idle; every idle one tries a parked vehicle
    "offending": {"p_attempt_tick": 0.0, "k_guardian": 0.0, "k_police": 0.0},
    "vehicles": {"share_owners": 1.0, "p_theft_tick": 1.0},
}


def thefts(model: SafeCityModel) -> pd.DataFrame:
    """The vehicle thefts of a run."""
    events = model.events.to_frame()
    return events[events["offence"] == "vehicle_theft"]


def test_theft_in_camera_view_is_detected_with_the_detection_probability(tiny_model):
    p_detect = 0.4
    capture = {"p_detect_lit": p_detect, "p_detect_dark": p_detect, "p_fail_day": 0.0}
    model = tiny_model({**THIEVES_ONLY, "surveillance": {**capture, "view_radius_cells": 3}})
    with_camera_at(model, CENTRE).run_days(3)
    ev = thefts(model)
    n = len(ev)
    assert n >= 100, f"the tiny world with every idle offender stealing should have >= 100, got {n}"
    assert ev["in_view"].all(), "a camera seeing the whole tiny world should see every theft"
    share = ev["detected"].mean()
    sd = np.sqrt(p_detect * (1 - p_detect) / n)
    assert abs(share - p_detect) < 5 * sd, (
        f"thefts in view should be detected with p_detect {p_detect}: {share:.3f} of {n} "
        f"(5 standard errors: {5 * sd:.3f})"
    )


def test_theft_out_of_view_is_never_detected(tiny_model):
    capture = {"p_detect_lit": 1.0, "p_detect_dark": 1.0, "p_fail_day": 0.0}
    model = tiny_model({**THIEVES_ONLY, "surveillance": {**capture, "view_radius_cells": 1}})
    with_camera_at(model, CENTRE).run_days(2)
    ev = thefts(model)
    seen = model.cameras.covered[model.city.cell_of(ev["x"].to_numpy(), ev["y"].to_numpy())]
    assert seen.any() and (~seen).any(), "test needs thefts in and out of the camera's view"
    assert (ev["in_view"] == seen).all(), "a theft is in view exactly where the camera sees"
    assert (ev["detected"] == seen).all(), "with certain capture, exactly those are detected"


def _thefts_with_belief(tiny_model, k_camera: float) -> int:
    """Thefts in two days of the tiny world whose offenders are sure a camera watches every
    place they know (beliefs fixed), with cameras weighted by ``k_camera``."""
    model = tiny_model(
        {
            "offending": {
                **THIEVES_ONLY["offending"],
                "risk_aversion": 2.0,
                "k_camera": k_camera,
                "rate_camera_learning": 0.0,
            },
            "vehicles": THIEVES_ONLY["vehicles"],
        }
    )
    model.offenders.camera_belief[:] = 1.0
    model.run_days(2)
    return len(thefts(model))


def test_believed_cameras_deter_thefts(tiny_model):
    free = _thefts_with_belief(tiny_model, 0.0)
    deterred = _thefts_with_belief(tiny_model, 1.0)
    # each idle offender steals with exp(-2 * 1) = 0.14 of his chance with no camera weight
    assert free >= 100, f"expected >= 100 thefts with cameras weightless, got {free}"
    assert deterred < 0.4 * free, (
        f"believed cameras should deter thieves (expected about 14% of {free}), got {deterred}"
    )


def test_stolen_vehicle_is_parked_in_the_thiefs_block_and_belongs_to_an_owner(tiny_model):
    model = tiny_model({**THIEVES_ONLY, "vehicles": {"share_owners": 0.5, "p_theft_tick": 1.0}})
    vt, r = model.vehicle_theft, model.residents
    checked = 0
    for _ in range(2 * HOURS_PER_DAY):
        model.step()
        off = model.offenders
        idle = off.free(model.tick)
        batch = vt.step(idle, off.cell, np.zeros(off.n), 0.0)
        checked += len(batch)
        assert np.isin(batch.victim, vt.owners).all(), "every victim should own a vehicle"
        place = r.place[batch.victim]
        assert not np.isin(place, [OUT, BACK]).any(), "a vehicle on the road cannot be stolen"
        assert (off.cell[batch.offender] == batch.cell).all(), "the theft is in the thief's cell"
        block = vt.block_of_cell
        assert (block[r.cell[batch.victim]] == block[batch.cell]).all(), (
            "the stolen vehicle is parked in the thief's block"
        )
    assert checked > 0, "test needs thefts"


def test_no_vehicles_no_thefts(run_town):
    model = run_town({"vehicles": {"share_owners": 0.0}}, days=7)
    assert len(model.vehicle_theft.owners) == 0
    assert thefts(model).empty, "with no vehicle owned, none can be stolen"


@pytest.fixture(scope="module")
def town_pair():
    """The teaching town for 14 days, with vehicle theft and without (same seed)."""
    out = []
    for p_theft in (None, 0.0):
        over = {} if p_theft is None else {"vehicles.p_theft_tick": p_theft}
        model = SafeCityModel(seed=3, policy="safe_city", **over)
        model.run_days(14)
        out.append(model)
    return out


def test_thefts_are_property_crimes_in_public_by_street_offenders(town_pair):
    ev = thefts(town_pair[0])
    assert len(ev) > 0, "the town should have vehicle thefts in 14 days"
    assert (ev["category"] == "property").all(), "vehicle theft is in the property category"
    assert (ev["space"] == "public").all(), "a parked vehicle is in public space"
    assert (ev["offender_kind"] == "street_offender").all(), "thieves are street offenders"
    assert ev["in_view"].any(), "some thefts should be in the view of safe_city's cameras"
    series = town_pair[0].series()
    assert series["property"].sum() == len(ev), "the property series counts every theft"


def test_thefts_do_not_shift_the_other_offences_draws(town_pair):
    with_thefts, without = (m.events.to_frame() for m in town_pair)
    assert thefts(town_pair[1]).empty, "p_theft_tick 0 should give no theft"
    first = int(thefts(town_pair[0])["tick"].min())
    others = with_thefts[with_thefts["offence"] != "vehicle_theft"]
    # Until the first theft's consequences (officers sent, a thief jailed) the worlds are the
    # same; if thefts drew from another offence's stream, incidents before it would differ.
    a = others[others["tick"] <= first].reset_index(drop=True)
    b = without[without["tick"] <= first].reset_index(drop=True)
    assert len(a) > 0, "test needs other incidents before the first theft"
    pd.testing.assert_frame_equal(a, b, obj="other offences up to the first theft")


def test_same_seed_gives_identical_thefts(town_pair):
    again = SafeCityModel(seed=3, policy="safe_city")
    again.run_days(14)
    pd.testing.assert_frame_equal(
        thefts(again).reset_index(drop=True),
        thefts(town_pair[0]).reset_index(drop=True),
        obj="vehicle thefts of two runs with one seed",
    )


def test_thief_finds_a_vehicle_parked_elsewhere_in_his_block_and_none_beyond(tiny_model):
    model = tiny_model(THIEVES_ONLY)
    model.step()  # hour 0: everyone at home
    vt, r = model.vehicle_theft, model.residents
    owner = int(np.flatnonzero(r.place == HOME)[0])
    vt.owners = np.array([owner])  # the only vehicle in town
    block = vt.block_of_cell
    home = r.cell[owner]
    same = np.flatnonzero((block == block[home]) & (np.arange(len(block)) != home))
    other = np.flatnonzero(block != block[home])
    assert len(same) and len(other), "test needs cells in the owner's block and beyond"
    n = model.offenders.n
    idle = np.zeros(n, dtype=bool)
    idle[0] = True
    stolen = vt.step(idle, np.full(n, same[0]), np.zeros(n), 0.0)
    assert stolen.victim.tolist() == [owner], (
        f"a thief in cell {same[0]} should steal the vehicle parked in {home}, in his block"
    )
    assert stolen.cell.tolist() == [same[0]], "the theft is logged at the thief's cell"
    none = vt.step(idle, np.full(n, other[0]), np.zeros(n), 0.0)
    assert len(none) == 0, f"a thief in cell {other[0]}, another block, should steal nothing"


def test_vehicles_parked_in_some_blocks_are_those_a_scan_of_every_owner_finds():
    # The look-up by block must give exactly the owners (ascending) whose vehicle stands in one
    # of the blocks this tick (the owner at home, at her activity or on her outing), at every
    # hour: the stolen vehicle is drawn from this list in its order.
    model = SafeCityModel(seed=4)
    vt, r, rng = model.vehicle_theft, model.residents, np.random.default_rng(1)
    checked = 0
    for _ in range(2 * 24):
        model.step()
        place = r.place[vt.owners]
        parked = vt.owners[(place != OUT) & (place != BACK)]
        blocks = rng.choice(vt.block_of_cell[r.cell[parked]], size=4)  # blocks with vehicles
        blocks = np.concatenate([blocks, rng.integers(0, vt.n_blocks, 2)])
        expected = parked[np.isin(vt.block_of_cell[r.cell[parked]], blocks)]
        owners, cells = vt.parked(blocks)
        assert np.array_equal(owners, expected), f"tick {model.tick}"
        assert np.array_equal(cells, r.cell[expected])
        checked += len(expected)
    assert checked > 50, "the check needs vehicles parked in the blocks asked for"
