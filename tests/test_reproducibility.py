"""Reproducibility: one seed, one history; and the named random streams make a run with and
without a policy a matched pair ("twin world", DESIGN section 4)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.model import SafeCityModel
from sim.processes.cameras import install_cameras
from sim.world.streams import STREAM_NAMES, make_streams, stream_seed

CAMERA_POLICY = {"surveillance": {"placement": "arterial_commercial"}}


def test_same_seed_gives_identical_event_log_and_series(run_town):
    a = run_town(CAMERA_POLICY, seed=11, days=2)
    b = run_town(CAMERA_POLICY, seed=11, days=2)
    assert a.events.n_rows > 0, "test needs incidents"
    pd.testing.assert_frame_equal(a.events.to_frame(), b.events.to_frame(), obj="event log")
    pd.testing.assert_frame_equal(a.series(), b.series(), obj="per-tick series")


def test_seed_argument_overrides_the_run_seed(town_params):
    a = SafeCityModel(town_params(CAMERA_POLICY, seed=11, days=1))
    b = SafeCityModel(town_params(CAMERA_POLICY, seed=99, days=1), seed=11)
    assert b.params.run.seed == 11, "the seed argument should be stored in params.run.seed"
    a.run_days()
    b.run_days()
    pd.testing.assert_frame_equal(a.events.to_frame(), b.events.to_frame(), obj="event log")


def test_different_seed_gives_a_different_event_log(run_town):
    a = run_town(CAMERA_POLICY, seed=11, days=2).events.to_frame()
    b = run_town(CAMERA_POLICY, seed=12, days=2).events.to_frame()
    assert len(a) > 0 and len(b) > 0, "test needs incidents"
    assert not a.equals(b), "two seeds should give different event logs"


def test_running_in_pieces_gives_the_same_history_as_in_one_go(town_params):
    params = town_params(CAMERA_POLICY, seed=5, days=2)
    whole, pieces = SafeCityModel(params), SafeCityModel(params)
    whole.run_days(2)
    pieces.run_days(1)
    for _ in range(24):
        pieces.step()
    pd.testing.assert_frame_equal(whole.events.to_frame(), pieces.events.to_frame())


# --- twin worlds --------------------------------------------------------------------------------


def offender_paths(model: SafeCityModel, days: int) -> np.ndarray:
    """Run ``model`` and return each tick's offender cells, ``(ticks, offenders)``."""
    paths = []
    for _ in range(days * 24):
        model.step()
        paths.append(model.offenders.cell.copy())
    return np.array(paths)


def farthest_cell(model: SafeCityModel, visited: np.ndarray) -> tuple[int, int]:
    """The cell farthest (Chebyshev) from every visited cell, and that distance in cells."""
    city = model.city
    dx = np.abs(city.x[:, None] - city.x[visited][None, :])
    dy = np.abs(city.y[:, None] - city.y[visited][None, :])
    dist = np.maximum(dx, dy).min(axis=1)
    cell = int(np.argmax(dist))
    return cell, int(dist[cell])


TWIN_DAYS = 3


def test_camera_where_no_offender_goes_changes_no_path_and_no_event(town_params):
    params = town_params({"surveillance": {"placement": "none"}}, seed=8, days=TWIN_DAYS)
    without = SafeCityModel(params)
    paths_without = offender_paths(without, TWIN_DAYS)
    visited = np.unique(paths_without)
    cell, distance = farthest_cell(without, visited)
    radius = params.surveillance.view_radius_cells
    assert distance > radius + 1, f"test needs a cell out of sight of offenders ({distance})"

    with_camera = SafeCityModel(params)
    with_camera.surveillance.cameras = install_cameras(
        with_camera.city, params.surveillance, np.array([cell], dtype=np.int32)
    )
    paths_with = offender_paths(with_camera, TWIN_DAYS)
    assert (with_camera.series()["cameras_working"] > 0).all(), "the lone camera should work"

    np.testing.assert_array_equal(
        paths_with, paths_without, err_msg="a camera no offender sees should not move anyone"
    )
    pd.testing.assert_frame_equal(
        with_camera.events.to_frame(), without.events.to_frame(), obj="event log"
    )
    np.testing.assert_array_equal(
        with_camera.offenders.camera_belief,
        without.offenders.camera_belief,
        err_msg="no offender should have learnt about a camera he never saw",
    )


def test_camera_where_offenders_go_is_noticed(town_params):
    # The counterpart of the test above: the same kind of camera at the busiest offender cell
    # is seen, so the twin-world test is not vacuous.
    params = town_params({"surveillance": {"placement": "none"}}, seed=8, days=TWIN_DAYS)
    without = SafeCityModel(params)
    paths = offender_paths(without, 1)
    roaming = paths[12:20]  # hours when offenders are out
    cells, counts = np.unique(roaming, return_counts=True)
    busiest = int(cells[np.argmax(counts)])
    with_camera = SafeCityModel(params)
    with_camera.surveillance.cameras = install_cameras(
        with_camera.city, params.surveillance, np.array([busiest], dtype=np.int32)
    )
    offender_paths(with_camera, TWIN_DAYS)
    assert with_camera.offenders.camera_belief.max() > 0, (
        "offenders who spend time at a camera site should come to believe it is watched"
    )


def test_cameras_change_no_domestic_violence_incident(run_town):
    # Domestic violence is invisible to street cameras and draws from its own stream, so the
    # twin worlds with and without cameras have the same incidents at home.
    dv = {"dv_lifetime_prevalence": 0.6, "dv_years_married": 3.0}  # frequent, for the test
    cameras = {"placement": "arterial_commercial", "sites_per_km2": 10.0}
    without = run_town({"everyday": dv}, seed=4)
    with_cameras = run_town({"everyday": dv, "surveillance": cameras}, seed=4)
    assert with_cameras.series()["in_view"].sum() > 0, "the camera world should see incidents"
    cols = ["tick", "x", "y", "offender", "victim"]

    def domestic(model):
        events = model.events.to_frame()
        rows = events[events["offence"] == "domestic_violence"]
        return rows[cols].reset_index(drop=True)

    a, b = domestic(without), domestic(with_cameras)
    assert len(a) > 0, "test needs domestic violence incidents"
    pd.testing.assert_frame_equal(a, b, obj="domestic violence incidents")


# --- random streams -----------------------------------------------------------------------------


def test_a_streams_draws_do_not_depend_on_other_streams_being_used():
    quiet, busy = make_streams(21), make_streams(21)
    for name in STREAM_NAMES:
        if name != "detection":
            busy[name].random(1000)
    np.testing.assert_array_equal(
        quiet["detection"].random(50),
        busy["detection"].random(50),
        err_msg="drawing from other streams should not change the detection stream",
    )


def test_every_stream_draws_its_own_sequence():
    firsts = {name: gen.random(8).tobytes() for name, gen in make_streams(21).items()}
    assert len(set(firsts.values())) == len(STREAM_NAMES), "two streams gave the same draws"


def test_streams_repeat_for_a_seed_and_differ_between_seeds():
    a, b, c = make_streams(21), make_streams(21), make_streams(22)
    for name in STREAM_NAMES:
        x, y, z = a[name].random(8), b[name].random(8), c[name].random(8)
        np.testing.assert_array_equal(x, y, err_msg=f"stream {name} should repeat for a seed")
        assert not np.array_equal(x, z), f"stream {name} should differ between seeds"


def test_unknown_stream_name_is_refused():
    with pytest.raises(KeyError, match="unknown random stream 'weather'"):
        stream_seed(1, "weather")
