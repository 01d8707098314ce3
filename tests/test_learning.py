"""Offenders who learn (issue 13, part 3): awareness spaces that change, places weighed by
experience, camera beliefs that fade, follow arrests and publicity, and the belief that cameras
are watched. Rules as whole-array functions; directions of effect on the town, fixed seeds."""

from __future__ import annotations

import numpy as np
import pytest

from sim.model import SafeCityModel
from sim.presets import make_params
from sim.processes.awareness import Awareness
from sim.world.clock import Now
from sim.world.streams import ON_DEMAND_STREAMS

SAFE_CITY = {"placement": "arterial_commercial", "monitoring": "active", "sites_per_km2": 0.96}
BUSY = {"offender_share": 0.05, "p_attempt_tick": 0.05}
"""Many offenders, often tempted: plenty of robberies in camera view to learn from."""
NO_LEARNING = {"explore": False, "outcome_learning": False, "camera_beliefs": False}
ALL_OFF = {
    "learning": NO_LEARNING,
    "targets": {"suitability": False, "near_repeat": False},
    "everyday": {"harasser_mobility": False, "harassment_in_vehicles": False},
}
"""Every switch of issue 13 (parts 3-5) off: the model as it was before them."""


def awareness(tiny_model, **learning) -> tuple[Awareness, np.ndarray, np.ndarray]:
    model = tiny_model({"learning": {**NO_LEARNING, **learning}})
    off = model.offenders
    return model.street_offending.awareness, off.camera_belief, off.places


def test_camera_beliefs_fade_without_reinforcement(tiny_model):
    aware, belief, places = awareness(tiny_model, camera_beliefs=True, belief_half_life_days=10)
    belief[:] = 1.0
    for day in range(10):
        aware.start_day(belief, places, Now(tick=24 * day, hour=0, dark=True))
    assert np.allclose(belief, 0.5), f"ten days at a half-life of ten should halve: {belief[0]}"
    fixed, belief, places = awareness(tiny_model)
    belief[:] = 1.0
    fixed.start_day(belief, places, Now(tick=0, hour=0, dark=True))
    assert (belief == 1.0).all(), "with camera_beliefs off beliefs should never fade"


def test_an_arrest_in_camera_view_raises_beliefs_near_it_and_not_far(tiny_model):
    aware, belief, places = awareness(tiny_model, camera_beliefs=True, arrest_news_radius_m=150)
    city = aware.city
    cell = int(places[0, 1])
    near = np.abs(city.x[places] - city.x[cell]) + np.abs(city.y[places] - city.y[cell]) <= 1
    assert (~near).any(), "the test needs known places far from the arrest"
    aware.learn_outcomes(
        belief,
        places,
        offenders=np.array([0]),
        cells=np.array([cell]),
        in_view=np.array([True]),
        followed=np.array([True]),
        arrested=np.array([True]),
    )
    assert (belief[near] > 0).all(), "beliefs at places near an arrest in view should rise"
    dist = np.hypot(city.x[places] - city.x[cell], city.y[places] - city.y[cell])
    assert (belief[dist * city.cell_size_m > 150] == 0).all(), "far places should not change"


def test_offences_in_view_with_nothing_following_teach_that_cameras_are_not_watched(tiny_model):
    aware, belief, places = awareness(tiny_model, camera_beliefs=True, rate_watched_learning=0.5)
    rows = np.array([0, 1])
    aware.learn_outcomes(
        belief,
        places,
        rows,
        places[rows, 1],
        in_view=np.array([True, True]),
        followed=np.array([False, True]),
        arrested=np.array([False, False]),
    )
    assert aware.watched[0] == 0.5, "nothing followed: the watched belief should halve"
    assert aware.watched[1] == 1.0, "an alert followed: the watched belief should stay at 1"


def test_outcome_learning_scores_success_up_and_arrest_down_and_shares_with_co_offenders(
    tiny_model,
):
    learning = {"outcome_learning": True, "share_learning": True, "n_co_offenders": 2}
    aware, belief, places = awareness(tiny_model, **learning)
    cell = places[0, 1]
    places[1, 1] = cell  # his co-offender knows the place
    aware.learn_outcomes(
        belief, places, np.array([0]), np.array([cell]), *np.array([[False], [False], [False]])
    )
    assert aware.score[0, 1] > 0 and aware.score[1, 1] > 0, "success should raise the place"
    aware.learn_outcomes(
        belief, places, np.array([0]), np.array([cell]), *np.array([[False], [True], [True]])
    )
    assert aware.score[0, 1] < 0.3 * 0.7, "an arrest should lower the place's score"


def test_exploring_offenders_find_new_places_and_forget_unvisited_ones():
    overrides = {
        "run": {"seed": 1},
        "learning": {"explore": True, "rate_explore_day": 0.2, "dur_forget_days": 3},
    }
    model = SafeCityModel(make_params("town", overrides))
    before = model.offenders.places.copy()
    model.run_days(14)
    aware, after = model.street_offending.awareness, model.offenders.places
    assert aware.n_explored > 0 and aware.n_forgotten > 0, "offenders should explore and forget"
    assert (after[:, 2:] != before[:, 2:]).mean() > 0.3, "known places should have turned over"
    assert (after[:, :2] == before[:, :2]).all(), "home and activity place are never forgotten"


def run_town(overrides: dict, days: int = 21) -> SafeCityModel:
    model = SafeCityModel(make_params("town", {"run": {"seed": 2}, **overrides}))
    model.run_days(days)
    return model


def mean_belief_in_view(model: SafeCityModel) -> float:
    off = model.offenders
    return float(off.camera_belief[model.cameras.visible[off.places] > 0].mean())


def test_publicised_cameras_raise_beliefs_faster_than_covert_ones():
    beliefs = {
        publicity: mean_belief_in_view(
            run_town(
                {
                    "surveillance": {**SAFE_CITY, "publicity": publicity, "install_day": 1},
                    "learning": {"camera_beliefs": True},
                },
                days=4,
            )
        )
        for publicity in ("covert", "visible", "publicised")
    }
    assert beliefs["publicised"] > beliefs["visible"] > beliefs["covert"], (
        f"beliefs should follow publicity: {beliefs}"
    )


@pytest.fixture(scope="module")
def monitored() -> dict[str, SafeCityModel]:
    return {
        monitoring: run_town(
            {
                "surveillance": {**SAFE_CITY, "monitoring": monitoring},
                "offending": BUSY,
                # the watched belief alone: no other learning, uniform targets
                **ALL_OFF,
                "learning": {**NO_LEARNING, "camera_beliefs": True, "rate_watched_learning": 0.5},
            },
            days=42,
        )
        for monitoring in ("active", "passive")
    }


def test_offenders_learn_that_passive_cameras_are_not_watched(monitored):
    watched = {k: m.street_offending.awareness.watched.mean() for k, m in monitored.items()}
    assert watched["passive"] < watched["active"] - 0.05, (
        f"the watched belief should be lower under passive monitoring: {watched}"
    )
    assert watched["passive"] < 1.0, "offences in view without response should lower it"


def test_switched_off_learning_draws_nothing_and_makes_no_stream():
    model = run_town({**ALL_OFF, "surveillance": SAFE_CITY}, days=2)
    made = set(ON_DEMAND_STREAMS) & set(model.streams)
    assert not made, f"switched-off mechanisms should make no stream, made {made}"


NEUTRAL = {
    "learning.explore": {"learning": {**NO_LEARNING, "explore": True, "rate_explore_day": 0.0}},
    "learning.outcome_learning": {
        "learning": {**NO_LEARNING, "outcome_learning": True, "w_experience": 0.0}
    },
    "targets.suitability": {
        "targets": {
            "suitability": True,
            "near_repeat": False,
            "w_alone": 1.0,
            "w_valuables": 1.0,
            "w_woman": 1.0,
        }
    },
    "targets.near_repeat": {
        "targets": {
            "near_repeat": True,
            "w_repeat": 0.0,
            "w_near_repeat": 0.0,
            "suitability": False,
        }
    },
    "everyday.harassment_in_vehicles": {
        "everyday": {"harassment_in_vehicles": True, "share_in_vehicle": 0.0}  # mobility off
    },
}
"""Each mechanism switched on with a size that changes nothing: only its own stream may move."""


@pytest.mark.parametrize("name", list(NEUTRAL))
def test_a_mechanism_on_at_no_effect_leaves_every_other_draw_unchanged(name):
    base = {**ALL_OFF, "surveillance": SAFE_CITY, "offending": BUSY}
    on = {g: {**base.get(g, {}), **fields} for g, fields in NEUTRAL[name].items()}
    off = run_town(base, days=3).events.to_frame()
    on = run_town({**base, **on}, days=3).events.to_frame()
    assert len(off) > 50, "the test needs incidents"
    assert off.equals(on), f"{name} at no effect should leave the other streams' draws unchanged"
