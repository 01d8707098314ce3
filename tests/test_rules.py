"""Rules, one at a time, on tiny hand-built worlds or as whole-array functions.

The hand-built world (``tiny_city`` in conftest) is 7 x 7 cells: one arterial column at x = 3
with the only transit stop at (3, 3), a market on each side of it, homes everywhere else. People
in public are therefore only on that column and the two markets, which is where street
offences happen.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.model import SafeCityModel
from sim.params import ParamError
from sim.presets import make_params
from sim.processes import victims
from sim.processes.cameras import end_outage, install_cameras, start_outage
from sim.processes.policing import Patrol, Police, dispatch
from sim.processes.street_offending import (
    choose_places,
    decide_offending,
    learn_cameras,
    perceived_hazard,
)
from sim.world.city import PUBLIC_STREET, LandUse
from sim.world.clock import HOURS_PER_DAY
from sim.world.residents import (
    ACTIVITY,
    BACK,
    HOME,
    OUT,
    OUTING,
    WOMAN,
    decide_travel,
    move_residents,
    schedule_lookup,
)

CENTRE = 3 * 7 + 3
"""Flat index of the hand-built world's transit stop (x = 3, y = 3)."""

SURE_CAPTURE = {"p_detect_lit": 1.0, "p_detect_dark": 1.0, "p_fail_day": 0.0}


def street_offences(model: SafeCityModel) -> pd.DataFrame:
    """The street robberies of a run (the offences street offenders commit)."""
    events = model.events.to_frame()
    return events[events["offence"] == "street_robbery"]


def with_camera_at(model: SafeCityModel, cell: int) -> SafeCityModel:
    """Mount the configured cameras at one site, now."""
    model.surveillance.cameras = install_cameras(
        model.city, model.params.surveillance, np.array([cell], dtype=np.int32)
    )
    return model


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
    model = tiny_model({"surveillance": {**s, "p_footage_identifies": 1.0}})
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
        {"surveillance": {**s, "p_footage_identifies": 1.0}, "offending": {"dur_jail_days": 0.0}}
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


# --- camera placement ---------------------------------------------------------------------------


def placed(town_params, placement, **s):
    """A town model whose cameras were just installed by ``placement``."""
    params = town_params({"surveillance": {"placement": placement, **s}})
    model = SafeCityModel(params)
    model.install_cameras()
    return model


def eligible_cells(model: SafeCityModel, placement: str) -> np.ndarray:
    """Cells a strategy may choose (positive weight), from what the strategy is meant to do."""
    lu, r = model.city.land_use, model.residents
    if placement == "random":
        return np.ones(model.city.n_cells, bool)
    if placement in ("arterial_commercial", "hotspot"):  # hotspot with no record yet
        return np.isin(lu, PUBLIC_STREET)
    if placement == "population":
        return np.bincount(r.home, minlength=model.city.n_cells) > 0
    if placement == "transit_routes":
        women = (r.gender == WOMAN) & r.transit
        cells = np.zeros(model.city.n_cells, bool)
        cells[r.places[women, OUT]] = cells[r.places[women, BACK]] = True
        return cells
    raise AssertionError(placement)


STRATEGIES = ["random", "arterial_commercial", "hotspot", "population", "transit_routes"]


@pytest.mark.parametrize("placement", STRATEGIES)
def test_placement_puts_the_requested_number_of_sites_on_eligible_cells(town_params, placement):
    model = placed(town_params, placement, sites_per_km2=1.5)
    sites = model.cameras.site_cell
    expected = round(1.5 * model.city.area_km2)
    assert len(sites) == expected, f"{placement}: {len(sites)} sites, expected {expected}"
    assert len(np.unique(sites)) == len(sites), f"{placement}: two sites share a cell"
    ok = eligible_cells(model, placement)[sites]
    assert ok.all(), f"{placement}: sites {sites[~ok]} are on cells the strategy excludes"


def test_hotspot_placement_follows_recorded_incidents(town_params):
    s = {"placement": "hotspot", "sites_per_km2": 1.0}
    model = SafeCityModel(town_params({"surveillance": s}))
    hot = np.random.default_rng(0).choice(model.city.n_cells, size=60, replace=False)
    model.policing.recorded_per_cell[hot] = 3
    model.install_cameras()
    sites = model.cameras.site_cell
    assert len(sites) == round(model.city.area_km2), "one site per km2 was asked for"
    assert np.isin(sites, hot).all(), "hotspot sites should be only where incidents were recorded"


def test_camera_count_follows_cameras_per_site(town_params):
    model = placed(town_params, "random", sites_per_km2=1.0, cameras_per_site=4.5)
    n_sites = len(model.cameras.site_cell)
    assert model.cameras.n == round(4.5 * n_sites), "cameras should be 4.5 per site on average"
    per_site = np.bincount(model.cameras.site, minlength=n_sites)
    assert set(per_site.tolist()) <= {4, 5}, f"cameras per site {set(per_site)}, expected 4 or 5"


@pytest.mark.parametrize("target", [0.1, 0.4])
def test_target_coverage_is_reached_with_no_site_to_spare(town_params, target):
    model = placed(town_params, "random", target_coverage=target, view_radius_cells=1)
    cams = model.cameras
    share = (cams.coverage > 0).mean()
    assert share >= target, f"coverage {share:.3f} should reach the target {target}"
    one_fewer = len(np.unique(cams.site_view[:-1])) / model.city.n_cells
    assert one_fewer < target, f"coverage without the last site is {one_fewer:.3f}: one too many"


def test_unreachable_target_coverage_is_refused(town_params):
    with pytest.raises(ParamError, match=r"target_coverage = 0\.9 cannot be reached"):
        placed(town_params, "transit_routes", target_coverage=0.9, view_radius_cells=0)


def test_more_sites_than_eligible_cells_is_refused(town_params):
    with pytest.raises(ParamError, match=r"sites_per_km2 = 100 asks for 3600 sites"):
        placed(town_params, "arterial_commercial", sites_per_km2=100.0)


def test_cameras_switch_on_at_the_first_hour_of_the_install_day(run_town):
    model = run_town({"surveillance": {"placement": "random", "install_day": 1}}, days=2)
    working = model.series()["cameras_working"].to_numpy()
    assert (working[:HOURS_PER_DAY] == 0).all(), "no camera should work before install_day"
    assert (working[HOURS_PER_DAY:] > 0).all(), "cameras should work from install_day's hour 0"


def test_scheduled_outage_starts_after_install_and_its_end_restores_the_cameras(run_town):
    s = {
        "placement": "arterial_commercial",
        "p_fail_day": 0.0,
        "install_day": 1,
        "outage_share": 0.5,
        "outage_after_install_days": 1,
        "outage_days": 1,
    }
    model = run_town({"surveillance": s}, days=4)
    n = model.cameras.n
    working = model.series()["cameras_working"].to_numpy().reshape(4, HOURS_PER_DAY)
    assert (working[0] == 0).all(), "no camera before install_day"
    assert (working[1] == n).all(), "all cameras should work between install and outage"
    dark_sites = round(0.5 * len(model.cameras.site_cell))
    per_site = np.bincount(model.cameras.site)
    lo, hi = n - dark_sites * per_site.max(), n - dark_sites * per_site.min()
    assert ((working[2] >= lo) & (working[2] <= hi)).all(), (
        f"half the sites dark should leave {lo} to {hi} of {n} cameras working, got {working[2]}"
    )
    assert (working[3] == n).all(), "all cameras should work again after the outage"


def test_outage_removes_coverage_and_its_end_restores_it_exactly(town_params):
    model = placed(town_params, "arterial_commercial", sites_per_km2=2.0)
    cams = model.cameras
    before = cams.coverage.copy()
    start_outage(cams, 0.3, np.random.default_rng(0))
    dark_sites = np.unique(cams.site[cams.outage])
    assert len(dark_sites) == round(0.3 * len(cams.site_cell)), (
        "an outage should switch off round(share * sites) whole sites"
    )
    assert cams.outage[np.isin(cams.site, dark_sites)].all(), "every camera of a dark site is off"
    assert cams.coverage.sum() < before.sum(), "coverage should fall during the outage"
    assert (cams.coverage <= before).all(), "an outage never adds coverage"
    end_outage(cams)
    np.testing.assert_array_equal(cams.coverage, before, err_msg="coverage should be restored")
    assert not cams.outage.any(), "no camera should stay switched off"


# --- police -------------------------------------------------------------------------------------


def police_at(cells, busy_until=None, beat=None) -> Police:
    """Officers at ``cells`` (free unless ``busy_until``), all on beat 0 unless ``beat``."""
    cells = np.asarray(cells, dtype=np.int32)
    n = len(cells)
    busy = np.zeros(n, np.int64) if busy_until is None else np.asarray(busy_until, np.int64)
    beat = np.zeros(n, np.int64) if beat is None else np.asarray(beat, np.int64)
    return Police(beat=beat, cell=cells.copy(), busy_until=busy)


def test_dispatch_sends_the_nearest_free_officer_and_marks_him_busy(tiny_city):
    city = tiny_city()
    pol = make_params("town").policing
    incident = 3 * 7 + 6  # (3, 6)
    police = police_at([0 * 7 + 0, 3 * 7 + 4, 6 * 7 + 6])  # (0,0), (3,4) two away, (6,6)
    officer, minutes = dispatch(city, pol, police, 10, np.array([incident]), np.array([0.0]))
    assert officer.tolist() == [1], f"officer {officer} sent, expected the nearest (1)"
    expected = pol.dispatch_delay_min + 0.2 / pol.speed_kmh * 60.0
    assert minutes[0] == pytest.approx(expected), "response = dispatch delay + travel time"
    assert police.busy_until[1] > 10 and (police.busy_until[[0, 2]] == 0).all(), (
        "only the officer sent should be busy"
    )
    assert police.cell[1] == incident, "the officer sent should end at the scene"


def test_dispatch_skips_busy_officers_and_reports_none_when_all_are_busy(tiny_city):
    city = tiny_city()
    pol = make_params("town").policing
    police = police_at([3 * 7 + 4, 6 * 7 + 6], busy_until=[50, 0])
    officer, _ = dispatch(city, pol, police, 10, np.array([3 * 7 + 6, 3 * 7 + 5]), np.zeros(2))
    assert officer[0] == 1, "the busy nearer officer should be skipped for the free one"
    assert officer[1] == -1, "with every officer busy nobody should be sent"
    officer, minutes = dispatch(city, pol, police, 10, np.array([0]), np.zeros(1))
    assert officer[0] == -1 and np.isnan(minutes[0]), "no officer free: -1 and no response time"


def test_busy_officers_stay_put_and_free_ones_patrol_their_district(tiny_city):
    city = tiny_city(districts=2)  # district 0: x < 4, district 1: x >= 4
    pol = make_params("town").policing
    police = police_at([0, 6 * 7 + 6, 1], busy_until=[0, 0, 99], beat=[0, 1, 0])
    patrol = Patrol(city, pol, police.n)
    rng = np.random.default_rng(0)
    for tick in range(50):
        patrol.move(police, tick, rng)
        assert police.cell[2] == 1, "a busy officer should not move"
        got = city.district[police.cell[:2]].tolist()
        assert got == [0, 1], f"officers in districts {got}, expected to stay in 0 and 1"


def test_too_few_officers_for_every_district_patrol_the_whole_city(town_params):
    policing = {"people_per_officer": 1000.0, "share_on_patrol": 1.0}  # 4 officers, 9 districts
    model = SafeCityModel(town_params({"policing": policing}))
    police = model.police
    assert 0 < police.n < model.city.n_districts, "test needs fewer officers than districts"
    rng = np.random.default_rng(0)
    seen = set()
    for tick in range(200):
        model.policing.patrol.move(police, tick, rng)
        seen.update(model.city.district[police.cell].tolist())
    assert seen == set(range(model.city.n_districts)), (
        f"officers patrolled districts {sorted(seen)}: expected every district to be patrolled"
    )


# --- victims ------------------------------------------------------------------------------------


@pytest.mark.parametrize("n_wanted", [1, 3, 4, 12])
def test_victim_pick_is_the_same_whichever_way_keys_are_matched(n_wanted, monkeypatch):
    """A victim is one of the candidates whose key is wanted (-1 if none); comparing keys one by
    one, a table look-up and np.isin pick the same ones from the same draws."""
    rng = np.random.default_rng(n_wanted)
    keys = rng.integers(0, 50, 2000)
    candidates = np.sort(rng.choice(10_000, 2000, replace=False))
    wanted = rng.integers(0, 60, n_wanted)  # keys 50-59 have no candidate
    picks = {}
    for few in (0, victims.FEW_WANTED, 100):  # table or np.isin, as configured, always compare
        monkeypatch.setattr(victims, "FEW_WANTED", few)
        picks[few, "table"] = victims.pick(wanted, candidates, keys, np.random.default_rng(7), 60)
        picks[few, "isin"] = victims.pick(wanted, candidates, keys, np.random.default_rng(7))
    first = next(iter(picks.values()))
    for how, chosen in picks.items():
        assert (chosen == first).all(), f"{how}: picked {chosen}, expected {first}"
    for key, victim in zip(wanted, first, strict=True):
        eligible = candidates[keys == key]
        if len(eligible):
            assert victim in eligible, f"victim {victim} does not have key {key}"
        else:
            assert victim == -1, f"key {key} has no candidate, yet {victim} was picked"


# --- residents ----------------------------------------------------------------------------------


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


def travel_shares(model: SafeCityModel, days: int) -> tuple[float, float]:
    """Mean share of women and of men travelling per day."""
    r = model.residents
    women, men = [], []
    for _ in range(days):
        for _ in range(HOURS_PER_DAY):
            model.step()
        women.append(r.travelling[r.gender == WOMAN].mean())
        men.append(r.travelling[r.gender != WOMAN].mean())
    return float(np.mean(women)), float(np.mean(men))


def test_women_travel_less_than_men_with_default_parameters():
    women, men = travel_shares(SafeCityModel(make_params("town", {"run": {"seed": 3}})), 3)
    assert women < men, f"women travel on {women:.2f} of days, men {men:.2f}: expected less"


def test_without_fear_travel_shares_follow_the_daily_travel_probabilities():
    pop = {"p_travel_day_women": 0.3, "p_travel_day_men": 0.9}
    fearless = {"trip_sensitivity": 0.0, "night_sensitivity": 0.0}
    model = SafeCityModel(
        make_params("town", {"run": {"seed": 4}, "population": pop, "fear": fearless})
    )
    women, men = travel_shares(model, 2)
    assert abs(women - 0.3) < 0.05, f"women travelled on {women:.3f} of days, expected ~0.3"
    assert abs(men - 0.9) < 0.05, f"men travelled on {men:.3f} of days, expected ~0.9"


def test_homes_are_on_residential_cells_and_trips_on_streets(town_params):
    model = SafeCityModel(town_params())
    lu, r = model.city.land_use, model.residents
    assert (lu[r.home] == LandUse.RESIDENTIAL).all(), "homes should be on residential cells"
    roads = (LandUse.ARTERIAL, LandUse.TRANSIT)
    assert np.isin(lu[r.places[:, OUT]], roads).all(), "trips out should pass roads or stops"
    stops = lu[r.places[r.transit, OUT]]
    assert (stops == LandUse.TRANSIT).all(), "transit users' trips should pass transit stops"
