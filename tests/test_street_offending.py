"""Street offending: offenders choose places, offend, are deterred, learn where cameras are and
are jailed; the rules as whole-array functions and on the hand-built world of ``tiny_world``.
"""

from __future__ import annotations

import numpy as np
import pytest
from tiny_world import CENTRE, SURE_CAPTURE, street_offences, with_camera_at

from sim.presets import make_params
from sim.processes.street_offending import (
    choose_places,
    decide_offending,
    learn_cameras,
    perceived_hazard,
)
from sim.world.clock import HOURS_PER_DAY

# --- offenders, jail ----------------------------------------------------------------------------


def test_jailed_offender_does_not_offend(tiny_model):
    model = tiny_model()
    model.offenders.jailed_until[0] = 10**9
    model.run_days(2)
    events = street_offences(model)
    assert len(events) > 0, "the other offenders should offend"
    assert 0 not in set(events["offender"]), "offender 0 is in jail and should never offend"
    assert (model.series()["offenders_jailed"] >= 1).all(), "the series should count him jailed"


def test_arrested_offender_is_jailed_for_the_jail_term(tiny_model):
    # Every incident is seen, alerted, recorded and identified from footage: all are arrests.
    s = {**SURE_CAPTURE, "view_radius_cells": 3, "p_operator_notices": 1.0}
    # Without the sanction funnel an arrest holds the offender for offending.dur_jail_days.
    model = tiny_model(
        {"surveillance": {**s, "p_footage_identifies": 1.0}, "sanctions": {"funnel": False}}
    )
    with_camera_at(model, CENTRE).run_days(2)
    events = street_offences(model)
    assert events["arrested"].all(), "test setup should make every incident an arrest"
    assert events["offender"].is_unique, "a jailed offender should not offend again in 2 days"
    jail_ticks = round(model.params.offending.dur_jail_days * HOURS_PER_DAY)
    released = model.offenders.jailed_until[events["offender"].to_numpy()]
    assert (released == events["tick"].to_numpy() + 1 + jail_ticks).all(), (
        "an offender arrested at tick t should be released at t + 1 + the jail term"
    )


def test_offender_without_a_jail_term_offends_again(tiny_model):
    s = {**SURE_CAPTURE, "view_radius_cells": 3, "p_operator_notices": 1.0}
    model = tiny_model(
        {
            "surveillance": {**s, "p_footage_identifies": 1.0},
            "offending": {"dur_jail_days": 0.0},
            "sanctions": {"funnel": False},
        }
    )
    with_camera_at(model, CENTRE).run_days(1)
    events = street_offences(model)
    assert not events["offender"].is_unique, "with no jail term arrested offenders offend again"


def test_offenders_offend_only_in_their_active_hours(tiny_model):
    model = tiny_model({"offending": {"active_start_hour": 12, "active_end_hour": 15}})
    model.run_days(2)
    hours = set(street_offences(model)["tick"] % HOURS_PER_DAY)
    assert hours, "test needs offences"
    assert hours <= {12, 13, 14}, f"offences at hours {sorted(hours)}, expected only 12-14"


def test_victim_of_a_street_offence_was_in_public_at_the_incident_cell(tiny_model):
    model = tiny_model()
    seen = []
    for _ in range(HOURS_PER_DAY):
        before = model.events.n_rows
        model.step()
        r = model.residents
        new = model.events.to_frame().iloc[before:]
        for row in new[new["offence"] == "street_robbery"].itertuples():
            cell = row.x * model.city.height + row.y
            seen.append(bool(r.in_public[row.victim] and r.cell[row.victim] == cell))
    assert seen, "test needs offences"
    assert all(seen), "every victim should be a resident in public at the incident's cell"


# --- offending as whole-array functions ---------------------------------------------------------


def offending_params(**changes):
    return make_params("town", {"offending": changes}).offending


def decide(p, active, people, hazard, seed=0):
    """``decide_offending`` on whole arrays with a fresh generator: (offends, deterred)."""
    return decide_offending(p, active, people, hazard, np.random.default_rng(seed))


def test_no_people_present_means_no_offence():
    p = offending_params(p_attempt_tick=1.0)
    n = 1000
    offends, deterred = decide(p, np.ones(n, bool), np.zeros(n), np.zeros(n))
    assert not offends.any(), "an offender with nobody at hand should never offend"
    assert not deterred.any(), "an offender with nobody at hand is not tempted, so not deterred"


def test_inactive_offender_never_offends():
    p = offending_params(p_attempt_tick=1.0)
    n = 1000
    offends, _ = decide(p, np.zeros(n, bool), np.ones(n), np.zeros(n))
    assert not offends.any(), "an offender outside his active hours or in jail never offends"


def test_certain_attempt_with_no_risk_always_offends():
    p = offending_params(p_attempt_tick=1.0)
    n = 1000
    offends, deterred = decide(p, np.ones(n, bool), np.ones(n), np.zeros(n))
    assert offends.all(), "p_attempt_tick 1 with people present and no risk should always offend"
    assert not deterred.any(), "with no perceived risk nobody is deterred"


def test_higher_perceived_hazard_never_means_more_offending():
    p = offending_params(p_attempt_tick=0.5, risk_aversion=2.0)
    n = 20000
    active, people = np.ones(n, bool), np.ones(n)
    low, _ = decide(p, active, people, np.full(n, 0.1), seed=3)
    high, _ = decide(p, active, people, np.full(n, 1.0), seed=3)
    assert not (high & ~low).any(), "with the same draws, more hazard should only remove offences"
    assert high.sum() < 0.8 * low.sum(), (
        f"hazard 1.0 gave {high.sum()} offences, hazard 0.1 gave {low.sum()}: expected far fewer"
    )


def test_deterred_offenders_are_those_tempted_whom_risk_put_off():
    p = offending_params(p_attempt_tick=0.5, risk_aversion=2.0)
    n = 20000
    active, people = np.ones(n, bool), np.ones(n)
    tempted, _ = decide(p, active, people, np.zeros(n), seed=4)
    offends, deterred = decide(p, active, people, np.full(n, 0.7), seed=4)
    assert not (offends & deterred).any(), "an offender cannot both offend and be deterred"
    np.testing.assert_array_equal(
        offends | deterred, tempted, err_msg="offending or deterred should be exactly the tempted"
    )
    assert deterred.any(), "some tempted offenders should be deterred at hazard 0.7"


def test_perceived_hazard_is_zero_with_no_guardians_police_or_cameras():
    p = offending_params()
    z = np.zeros(5)
    assert (perceived_hazard(p, z, np.ones(5), z, z) == 0).all(), "nothing present: no hazard"


@pytest.mark.parametrize("what", ["people", "police", "camera_belief"])
def test_perceived_hazard_grows_with_guardians_police_and_believed_cameras(what):
    p = offending_params(k_guardian=0.01, k_police=0.5, k_camera=1.0)
    base = {"people": np.full(3, 10.0), "police": np.ones(3), "camera_belief": np.full(3, 0.2)}
    more = {**base, what: base[what] * np.array([1.0, 2.0, 4.0])}
    h = perceived_hazard(p, more["people"], np.ones(3), more["police"], more["camera_belief"])
    assert (np.diff(h) > 0).all(), f"hazard should rise with {what}: got {h}"


def test_guardians_count_less_when_they_cannot_see():
    p = offending_params(k_guardian=0.01)
    people, z = np.full(2, 50.0), np.zeros(2)
    h = perceived_hazard(p, people, np.array([1.0, 0.3]), z, z)
    assert h[1] < h[0], "guardianship in the dark (lower visibility) should deter less"


def test_offender_chooses_the_place_with_lower_hazard_when_taste_noise_is_small():
    p = offending_params(choice_noise=0.01, risk_aversion=2.0)
    n = 500
    people = np.full((n, 3), 20.0)
    hazard = np.tile([0.5, 0.1, 0.9], (n, 1))
    choice = choose_places(p, people, hazard, np.random.default_rng(1))
    assert (choice == 1).all(), "with equal targets everyone should pick the lowest-hazard place"


def test_offender_chooses_the_busier_place_when_hazard_is_equal():
    p = offending_params(choice_noise=0.01)
    n = 500
    people = np.tile([5.0, 50.0, 0.0], (n, 1))
    choice = choose_places(p, people, np.zeros((n, 3)), np.random.default_rng(1))
    assert (choice == 1).all(), "with equal hazard everyone should pick the busiest place"


def test_higher_hazard_lowers_the_share_choosing_a_place_under_taste_noise():
    p = offending_params(choice_noise=1.0, risk_aversion=2.0)
    n = 20000
    people = np.full((n, 2), 20.0)
    shares = []
    for h in (0.0, 0.5, 1.0):
        hazard = np.tile([h, 0.0], (n, 1))
        shares.append((choose_places(p, people, hazard, np.random.default_rng(2)) == 0).mean())
    assert shares[0] > shares[1] > shares[2], (
        f"share choosing place 0 at hazard 0, 0.5, 1: {shares}; expected it to fall"
    )


def test_offender_who_notices_a_camera_moves_his_belief_toward_it(tiny_model):
    model = tiny_model({"offending": {"p_notice_camera": 1.0, "rate_camera_learning": 0.5}})
    off = model.offenders
    off.choice[:] = 1
    visible = np.zeros(model.city.n_cells, dtype=np.int32)
    visible[off.places[0, 1]] = 1  # a camera at offender 0's place 1
    present = np.zeros(off.n, bool)
    present[0] = True
    rng = np.random.default_rng(0)
    learn_cameras(model.params.offending, off, present, visible, rng)
    assert off.camera_belief[0, 1] == pytest.approx(0.5), "belief should move half-way to 1"
    learn_cameras(model.params.offending, off, present, visible, rng)
    assert off.camera_belief[0, 1] == pytest.approx(0.75), "and half-way again"
    assert (off.camera_belief[1:] == 0).all(), "offenders not present should learn nothing"
