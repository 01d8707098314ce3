"""Harassers who choose where to harass, and harassment inside vehicles (issue 13, part 5).

Directions of effect with fixed seeds: harassment leaves places that gain cameras or light when
harassers are mobile and cannot leave when they are not; harassment inside vehicles is never in
camera view and safer transit reaches it.
"""

from __future__ import annotations

import numpy as np
import pytest

from sim.model import SafeCityModel
from sim.presets import make_params
from sim.world.city import PUBLIC_STREET
from sim.world.clock import Now
from sim.world.offences import PUBLIC_OFFENCES

FEARED_CAMERAS = {
    "p_police_act_harassment": 1.0,
    "k_camera_harassment": 3.0,
    "p_harass_tick": 0.035,
    "harassment_in_vehicles": False,
}
"""Harassers who fear cameras a lot (police always act), so that deterrence is large."""
STOP_CAMERAS = {"placement": "transit_routes", "sites_per_km2": 2.0, "monitoring": "active"}


def harassment_cells(model: SafeCityModel) -> np.ndarray:
    events = model.events.to_frame()
    rows = events[events["offence"] == "harassment"]
    return model.city.cell_of(rows["x"].to_numpy(), rows["y"].to_numpy())


def town(everyday: dict, surveillance: dict | None = None, days: int = 14) -> SafeCityModel:
    overrides = {"run": {"seed": 1}, "everyday": everyday}
    if surveillance:
        overrides["surveillance"] = surveillance
    model = SafeCityModel(make_params("town", overrides))
    model.run_days(days)
    return model


@pytest.fixture(scope="module")
def camera_pairs() -> dict[bool, tuple[SafeCityModel, SafeCityModel]]:
    """For harassers fixed and mobile: (the town with cameras at stops, its twin without)."""
    out = {}
    for mobile in (False, True):
        everyday = {**FEARED_CAMERAS, "harasser_mobility": mobile}
        out[mobile] = (town(everyday, STOP_CAMERAS), town(everyday))
    return out


def test_mobile_harassers_move_out_of_camera_view_and_fixed_ones_cannot(camera_pairs):
    moved = {}
    for mobile, (cams, twin) in camera_pairs.items():
        area = cams.policy_footprint
        inside = int(area[harassment_cells(cams)].sum()), int(area[harassment_cells(twin)].sum())
        outside = (~area[harassment_cells(cams)]).sum(), (~area[harassment_cells(twin)]).sum()
        assert inside[0] < 0.2 * inside[1], f"cameras should deter harassment in view: {inside}"
        moved[mobile] = outside[0] / outside[1]
    assert moved[True] > 1.15, f"mobile harassers should harass more out of view: {moved}"
    assert abs(moved[False] - 1.0) < 0.08, f"fixed harassers cannot move out of view: {moved}"


def dark_harassment_share(model: SafeCityModel, relit: np.ndarray, ticks: int = 300) -> float:
    """Share of harassment in the ``relit`` cells over ``ticks`` dark hours drawn with the
    residents where they are now (no police, no cameras)."""
    h = model.harassment
    no_cameras = np.zeros(model.city.n_cells, dtype=np.int32)
    cells = []
    for t in range(ticks):
        batch = h.step(Now(tick=t, hour=20, dark=True), np.zeros_like, no_cameras)
        cells.append(batch.cell)
    cells = np.concatenate(cells)
    assert len(cells) > 100, "the test needs harassment to compare"
    return float(relit[cells].mean())


@pytest.mark.parametrize("mobile", [False, True])
def test_harassment_leaves_places_that_gain_light_only_when_harassers_move(tiny_model, mobile):
    everyday = {
        "harasser_mobility": mobile,
        "harassment_in_vehicles": False,
        "harasser_share": 1.0,
        "k_bystander_harassment": 0.05,
        "p_harass_tick": 0.5,
    }
    shares = []
    for lit_north in (False, True):
        model = tiny_model({"everyday": everyday}, lighting=0.0)
        for _ in range(9):  # to 9 in the morning: people out on the street column
            model.step()
        street = np.isin(model.city.land_use, PUBLIC_STREET)
        relit = street & (model.city.y >= 4)
        if lit_north:
            model.city.lighting[relit] = 1.0
        shares.append(dark_harassment_share(model, relit))
    if mobile:
        assert shares[1] < shares[0] - 0.05, f"harassment should leave the lit cells: {shares}"
    else:
        assert shares[1] == shares[0], f"fixed harassers cannot leave lit cells: {shares}"


def test_harassment_in_vehicles_is_never_in_camera_view():
    everywhere = {"placement": "random", "target_coverage": 0.99, "view_radius_cells": 5}
    overrides = {"run": {"seed": 1}, "everyday": {"harassment_in_vehicles": True}}
    model = SafeCityModel(make_params("town", {**overrides, "surveillance": everywhere}))
    seen = []  # (in a vehicle, in view, public and covered) of every incident answered
    respond = model.response.step

    def spy(b, now, covered, *args):
        out = respond(b, now, covered, *args)
        seen.append((b.hidden, out.flags["in_view"], covered[b.cell] & PUBLIC_OFFENCES[b.offence]))
        return out

    model.response.step = spy
    model.run_days(7)
    hidden, in_view, covered = (np.concatenate(x) for x in zip(*seen, strict=True))
    assert (hidden & covered).sum() > 20, "the test needs harassment in vehicles under cameras"
    assert not (hidden & in_view).any(), "harassment in a vehicle should never be in view"
    assert (covered & ~hidden).sum() == (in_view & ~hidden).sum(), "street incidents stay seen"


def test_safer_transit_reaches_harassment_in_vehicles():
    overrides = {
        "run": {"seed": 1},
        "everyday": {"harassment_in_vehicles": True},
        "alternatives": {"safer_transit": 1.0, "start_day": 0},
    }
    model = SafeCityModel(make_params("town", overrides))
    model.run_days(7)
    assert model.harassment.n_in_vehicle == 0, "fully safe transit should end it in vehicles"
