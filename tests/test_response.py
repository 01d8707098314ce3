"""The response to an incident: cameras see, detect and alert; every incident is logged with
its victim, cell, tick and offender. On the hand-built world of ``tiny_world``.
"""

from __future__ import annotations

import numpy as np
import pytest
from tiny_world import CENTRE, SURE_CAPTURE, street_offences, with_camera_at

from sim.world.clock import HOURS_PER_DAY

# --- cameras see, detect and alert --------------------------------------------------------------


def test_working_camera_in_view_detects_every_incident_when_capture_is_certain(tiny_model):
    model = tiny_model({"surveillance": {**SURE_CAPTURE, "view_radius_cells": 3}})
    with_camera_at(model, CENTRE).run_days(1)
    events = street_offences(model)
    assert len(events) > 0, "the busy tiny world should have street offences"
    assert events["in_view"].all(), "a camera seeing the whole world should have all in view"
    assert events["detected"].all(), "with p_detect 1 every incident in view should be detected"


def test_incident_is_in_view_exactly_when_it_is_within_the_view_radius(tiny_model):
    model = tiny_model({"surveillance": {**SURE_CAPTURE, "view_radius_cells": 1}})
    with_camera_at(model, CENTRE).run_days(1)
    events = street_offences(model)
    near = np.maximum(abs(events["x"] - 3), abs(events["y"] - 3)) <= 1
    assert near.any() and (~near).any(), "test needs incidents both near and far from the site"
    assert (events["in_view"] == near).all(), "in_view should hold exactly within radius 1"
    assert (events["detected"] == near).all(), "only incidents in view can be detected"


def test_failed_camera_neither_sees_nor_detects(tiny_model):
    model = tiny_model({"surveillance": {**SURE_CAPTURE, "view_radius_cells": 3}})
    with_camera_at(model, CENTRE)
    model.step()  # past the day start, where failed cameras could be repaired
    model.cameras.failed[:] = True
    model.cameras.update_coverage()
    assert (model.cameras.coverage == 0).all(), "failed cameras should give no coverage"
    assert (model.cameras.visible > 0).all(), "failed cameras should still be visible on poles"
    for _ in range(HOURS_PER_DAY - 1):  # the rest of the day, before the next repair chance
        model.step()
    events = street_offences(model)
    assert len(events) > 0, "the busy tiny world should have street offences"
    assert not events["in_view"].any(), "no incident should be in view of a failed camera"
    assert not events["detected"].any(), "no incident should be detected by a failed camera"


def test_detection_in_the_dark_falls_to_the_dark_capture_chance(tiny_model):
    capture = {"p_detect_lit": 1.0, "p_detect_dark": 0.0, "view_radius_cells": 3}
    model = tiny_model({"surveillance": capture}, lighting=0.0)
    with_camera_at(model, CENTRE).run_days(1)
    events = street_offences(model)
    dark = np.array([model.is_dark(t % HOURS_PER_DAY) for t in events["tick"]])
    assert dark.any() and (~dark).any(), "test needs incidents by day and after dark"
    assert events.loc[~dark, "detected"].all(), "by day p_detect_lit = 1 should detect all"
    assert not events.loc[dark, "detected"].any(), "in unlit cells after dark none is detected"


@pytest.mark.parametrize(("monitoring", "alerts"), [("passive", False), ("active", True)])
def test_only_active_monitoring_raises_alerts(tiny_model, monitoring, alerts):
    s = {**SURE_CAPTURE, "view_radius_cells": 3, "monitoring": monitoring, "p_operator_notices": 1}
    model = tiny_model({"surveillance": s})
    with_camera_at(model, CENTRE).run_days(1)
    events = model.events.to_frame()
    assert events["detected"].any(), "test needs detected incidents"
    if alerts:
        assert (events["alerted"] == events["detected"]).all(), (
            "an operator who always notices should alert on every detection"
        )
    else:
        assert not events["alerted"].any(), "passive monitoring should never raise an alert"


def test_private_offences_are_never_in_view_of_cameras(tiny_model):
    # Domestic violence happens at home: cameras watching every street cell still cannot see it.
    dv = {"dv_lifetime_prevalence": 0.9, "dv_years_married": 2.0}  # frequent, for the test
    model = tiny_model({"surveillance": {**SURE_CAPTURE, "view_radius_cells": 3}, "everyday": dv})
    with_camera_at(model, CENTRE).run_days(1)
    events = model.events.to_frame()
    private = (events["space"] == "private").to_numpy()
    assert private.any() and (~private).any(), "test needs private and public incidents"
    seen = events.loc[private, ["in_view", "detected", "alerted"]].to_numpy()
    assert not seen.any(), "no private incident should be in view, detected or alerted"
    assert events.loc[~private, "in_view"].all(), "every public incident should be in view"


def test_no_cameras_means_nothing_in_view(tiny_model):
    model = tiny_model({"surveillance": SURE_CAPTURE})
    model.run_days(1)
    events = model.events.to_frame()
    assert len(events) > 0, "the busy tiny world should have incidents"
    assert not events[["in_view", "detected", "alerted"]].any().any(), (
        "without cameras no incident should be in view, detected or alerted"
    )


# --- the event log ------------------------------------------------------------------------------

FREQUENT_DV = {"everyday": {"dv_lifetime_prevalence": 0.6, "dv_years_married": 3.0}}
"""Domestic violence frequent enough that a week in the town has tens of incidents."""


def test_every_incident_has_a_victim_a_cell_and_a_tick_of_the_run(run_town):
    model = run_town({**FREQUENT_DV, "surveillance": {"placement": "arterial_commercial"}})
    events = model.events.to_frame()
    assert set(events["offence"]) >= {"street_robbery", "harassment", "domestic_violence"}, (
        f"test needs every everyday and street offence, found {set(events['offence'])}"
    )
    assert events["victim"].between(0, model.residents.n - 1).all(), "victims should be residents"
    assert events["x"].between(0, model.city.width - 1).all(), "x should lie on the grid"
    assert events["y"].between(0, model.city.height - 1).all(), "y should lie on the grid"
    assert events["tick"].between(0, 7 * HOURS_PER_DAY - 1).all(), "ticks should be in the run"
    women = events["offence"].isin(["harassment", "domestic_violence"])
    assert (events.loc[women, "victim_gender"] == "woman").all(), (
        "victims of harassment and domestic violence should be women"
    )
    flags = events[["detected", "alerted", "recorded", "arrested"]]
    assert (~flags["detected"] | events["in_view"]).all(), "detected implies in view"
    assert (~flags["alerted"] | flags["detected"]).all(), "alerted implies detected"


def test_every_incident_names_its_offender_unless_the_partner_is_not_an_agent(run_town):
    model = run_town(FREQUENT_DV, seed=1)
    events = model.events.to_frame()
    unnamed = events[events["offender"] < 0]
    assert (unnamed["offence"] == "domestic_violence").all(), (
        "only domestic violence may lack an offender agent (a household without a man agent)"
    )
    r = model.residents
    households_with_man = set(r.household[r.gender == 0].tolist())
    victims_household = r.household[unnamed["victim"].to_numpy()]
    assert not set(victims_household.tolist()) & households_with_man, (
        "a household with a man agent should name him as the offender"
    )
