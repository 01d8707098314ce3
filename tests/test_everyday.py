"""Everyday violence and the people the cameras miss (issue 3, item 8, and its first bar).

Harassment, domestic violence, women's fear and trips, reporting and trust, face recognition and
crime-type displacement: rules are checked as whole-array functions, directions of effects on the
teaching town with fixed seeds (differences far larger than seed-to-seed noise), and the defaults'
calibration on one simulated year.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest
from hydra import compose, initialize_config_dir

from experiments.run import CONFIG_DIR
from experiments.schema import params_from_config, register
from sim.model import SafeCityModel
from sim.outputs.summary import summarise
from sim.params import EverydayParams, FearParams, ParamError, SurveillanceParams, TrustParams
from sim.presets import make_params
from sim.processes.domestic import domestic_incidents, domestic_probability
from sim.processes.face_recognition import false_match_rate, hit_rate
from sim.processes.harassment import harassment_hazard
from sim.processes.reporting import move_trust, report_probability
from sim.processes.travel import route_baseline, travel_probability
from sim.world.city import PUBLIC_STREET, LandUse
from sim.world.residents import MAN, WOMAN

GROUPS = ("man/majority", "man/minority", "woman/majority", "woman/minority")
SAFE_CITY = {"placement": "arterial_commercial", "monitoring": "active", "face_recognition": True}
FREQUENT_DV = {"dv_lifetime_prevalence": 0.6, "dv_years_married": 3.0}
"""Domestic violence made frequent, so that a week of the town has incidents to compare."""

register()


# --- shared runs ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def run() -> Callable[..., SafeCityModel]:
    """``run(overrides, seed=, days=)``: a finished town run, cached for the module so that
    tests asking for the same run share it."""
    cache: dict[str, SafeCityModel] = {}

    def get(overrides: dict | None = None, *, seed: int = 1, days: int = 14) -> SafeCityModel:
        key = json.dumps([overrides or {}, seed, days], sort_keys=True)
        if key not in cache:
            params = make_params("town", {**(overrides or {}), "run": {"seed": seed, "days": days}})
            model = SafeCityModel(params)
            model.run_days()
            cache[key] = model
        return cache[key]

    return get


def events_of(model: SafeCityModel, offence: str | None = None) -> pd.DataFrame:
    events = model.events.to_frame()
    return events if offence is None else events[events["offence"] == offence]


def land_use_at(model: SafeCityModel, events: pd.DataFrame) -> np.ndarray:
    cells = model.city.cell_of(events["x"].to_numpy(), events["y"].to_numpy())
    return model.city.land_use[cells]


def domestic_key(model: SafeCityModel) -> pd.DataFrame:
    rows = events_of(model, "domestic_violence")
    return rows[["tick", "victim", "offender", "x", "y"]].reset_index(drop=True)


# --- domestic violence ---------------------------------------------------------------------------

FULL_COVERAGE = {"placement": "random", "target_coverage": 0.99, "view_radius_cells": 5}


@pytest.fixture(scope="module")
def watched_everywhere(run):
    """Cameras over 99% of cells (face recognition on), frequent domestic violence, a week."""
    surveillance = {**FULL_COVERAGE, "face_recognition": True}
    # harassment inside vehicles is out of every street camera's view (tests/test_harasser_mobility)
    everyday = {**FREQUENT_DV, "harassment_in_vehicles": False}
    return run({"surveillance": surveillance, "everyday": everyday}, seed=2, days=7)


def test_domestic_violence_is_private_and_never_seen_even_with_cameras_everywhere(
    watched_everywhere,
):
    model = watched_everywhere
    assert model.facts()["coverage_share"] > 0.95, "the test needs cameras over nearly every cell"
    public = events_of(model)
    public = public[public["space"] == "public"]
    assert public["in_view"].mean() > 0.9, "nearly every public incident should be in view"
    dv = events_of(model, "domestic_violence")
    assert len(dv) > 0, "the test needs domestic violence incidents"
    assert (dv["space"] == "private").all(), "domestic violence should always be private"
    for flag in ("in_view", "detected", "alerted", "fr_identified"):
        assert not dv[flag].any(), f"no domestic violence incident should be {flag}"


def test_domestic_violence_happens_at_the_victims_home(watched_everywhere):
    model = watched_everywhere
    dv = events_of(model, "domestic_violence")
    victims = dv["victim"].to_numpy()
    cells = model.city.cell_of(dv["x"].to_numpy(), dv["y"].to_numpy())
    np.testing.assert_array_equal(
        cells, model.residents.home[victims], err_msg="domestic violence should be at home"
    )
    assert (model.residents.gender[victims] == WOMAN).all(), "victims should be women"


def test_same_seed_gives_identical_domestic_violence_with_and_without_cameras(
    run, watched_everywhere
):
    without = run({"everyday": FREQUENT_DV}, seed=2, days=7)
    assert without.cameras.n == 0, "the comparison run should have no cameras"
    pd.testing.assert_frame_equal(
        domestic_key(watched_everywhere),
        domestic_key(without),
        obj="domestic violence (tick, victim, offender, place) with and without cameras",
    )


def test_only_households_in_a_spell_of_abuse_have_incidents_and_the_draws_are_per_household():
    """The chances are computed for the abusive rows only, and only their draws are compared;
    one number is still drawn for every household, so the incidents are those of comparing all
    of them (non-abusive rows have chance 0) and the stream moves on the same."""
    model = SafeCityModel(make_params("town", {"run": {"seed": 4}}))  # about 10% abusive
    h, ev = model.households, model.params.everyday
    assert 0 < len(h.abusive) < h.n, "the test needs abusive and non-abusive households"
    assert (h.stress[h.abusive] > 0).all() and (np.delete(h.stress, h.abusive) == 0).all()
    men_out = np.random.default_rng(0).random(h.n) < 0.5
    p_abusive = domestic_probability(h, ev, men_out[h.abusive])
    p_all = np.zeros(h.n)
    p_all[h.abusive] = p_abusive
    hour = ev.dv_start_hour
    for seed in range(5):
        rng, reference = np.random.default_rng(seed), np.random.default_rng(seed)
        got = domestic_incidents(h, ev, hour, p_abusive, rng)
        expected = np.flatnonzero(reference.random(h.n) < p_all)
        np.testing.assert_array_equal(got, expected, err_msg=f"seed {seed}: other incidents")
        assert rng.random() == reference.random(), "one draw per household should be made"


def test_abusive_share_reproduces_the_lifetime_prevalence():
    # Spells start at hazard h over Y years: prevalence = 1 - exp(-h Y), so h = -ln(1 - P) / Y;
    # spells last D years, so the share in a spell is h D (capped at 1); the yearly rate per
    # household is that share times the incidents per abused year.
    for prevalence, years, spell, per_year in [(0.335, 20.0, 5.0, 6.0), (0.6, 3.0, 10.0, 2.0)]:
        p = EverydayParams(
            dv_lifetime_prevalence=prevalence,
            dv_years_married=years,
            dv_spell_years=spell,
            dv_incidents_per_abused_year=per_year,
        )
        share = min(1.0, -math.log(1.0 - prevalence) / years * spell)
        assert p.dv_share_abusive == pytest.approx(share, rel=1e-12), (
            f"prevalence {prevalence} over {years} years with {spell}-year spells should put "
            f"{share:.4f} of households in a spell, got {p.dv_share_abusive:.4f}"
        )
        assert p.dv_rate_per_household_year == pytest.approx(share * per_year, rel=1e-12)


@pytest.mark.parametrize(("n_people", "agent_scale"), [(4000.0, 1.0), (40000.0, 10.0)])
def test_domestic_violence_stands_for_one_household_per_household_size_at_any_scale(
    n_people, agent_scale
):
    # The yearly rate is per real household (a lifetime prevalence among ever-married women);
    # the households an agent population carries, weighted by rate_scale and counted in real
    # people, should be n_people / household_size whatever the scale. Stress has mean 1.
    params = make_params("town", {"population": {"n_people": n_people, "agent_scale": agent_scale}})
    h = SafeCityModel(params).households
    real_households = h.n * h.rate_scale * h.mean_home_factor * agent_scale
    expected = n_people / params.population.household_size
    assert real_households == pytest.approx(expected, rel=0.25), (
        f"agent_scale {agent_scale:g}: domestic violence is modelled for {real_households:.0f} "
        f"real households, expected about {expected:.0f} (n_people / household_size)"
    )


# --- lighting, fear and trips --------------------------------------------------------------------

BRIGHT = {"city": {"lighting_residential": 1.0, "lighting_main": 1.0, "unlit_share": 0.0}}
LIGHT_SEEDS = (1, 2, 3)


def test_more_street_lighting_gives_lower_fear_and_more_womens_trips(run):
    fear, trips = {}, {}
    for name, overrides in (("default", {}), ("bright", BRIGHT)):
        models = [run(overrides, seed=s, days=14) for s in LIGHT_SEEDS]
        fear[name] = sum(m.series()["mean_fear_women"].mean() for m in models)
        trips[name] = sum(int(m.series()["women_trips"].sum()) for m in models)
    assert fear["bright"] < fear["default"], (
        f"better lighting should lower women's fear: mean fear summed over seeds "
        f"{fear['bright']:.3f} (bright) vs {fear['default']:.3f} (default)"
    )
    assert trips["bright"] > trips["default"], (
        f"better lighting should bring more women's trips: {trips['bright']} vs {trips['default']}"
    )


@pytest.mark.parametrize(("effect", "direction"), [(0.5, "raises"), (-0.5, "lowers")])
def test_camera_effect_on_womens_routes_moves_fear_in_its_sign(run, effect, direction):
    cameras = {"placement": "transit_routes"}
    neutral = run({"surveillance": cameras, "fear": {"camera_effect": 0.0}})
    signed = run({"surveillance": cameras, "fear": {"camera_effect": effect}})
    f0 = neutral.series()["mean_fear_women"].mean()
    f1 = signed.series()["mean_fear_women"].mean()
    moved = f1 > f0 if effect > 0 else f1 < f0
    assert moved, (
        f"camera_effect {effect} should have {direction} women's mean fear against 0 on the "
        f"same seed: {f1:.4f} vs {f0:.4f}"
    )


def test_route_baseline_follows_the_camera_effect_sign_and_lighting():
    lighting, people = np.array([0.5, 0.5]), np.array([1.0, 1.0])
    cams = np.array([0.0, 1.0])  # the second route is all in view
    for effect in (-0.3, 0.0, 0.3):
        base = route_baseline(FearParams(camera_effect=effect), lighting, people, cams)
        assert np.sign(base[1] - base[0]) == np.sign(effect), (
            f"camera_effect {effect}: fear on a watched route should move by its sign, got {base}"
        )
    dark, lit = route_baseline(FearParams(), np.array([0.0, 1.0]), people, np.zeros(2))
    assert lit < dark, f"a lit route should be feared less than an unlit one: {lit} vs {dark}"


def test_fear_lowers_the_chance_to_travel_and_night_trips_most():
    p = FearParams()
    fear = np.linspace(0.0, 1.0, 11)
    day = travel_probability(p, 0.75, fear, np.zeros(11, dtype=bool))
    night = travel_probability(p, 0.75, fear, np.ones(11, dtype=bool))
    assert day[0] == pytest.approx(0.75), "a fearless woman travels with p_travel_day_women"
    assert (np.diff(day) < 0).all(), "more fear should mean fewer daytime trips"
    assert (night[1:] < day[1:]).all(), "with any fear, a night trip should be less likely"


# --- face recognition ----------------------------------------------------------------------------

EVERY_GROUP = (np.array([MAN, MAN, WOMAN, WOMAN]), np.array([0, 1, 0, 1]))
"""Gender and community group of one person of each group, in the order of ``GROUPS``."""


def per_capita(model: SafeCityModel, column: str) -> pd.Series:
    r = model.resident_outcomes()
    label = r["gender"].astype(str) + "/" + np.where(r["group"] == 1, "minority", "majority")
    return r.groupby(label)[column].mean()


@pytest.fixture(scope="module")
def fr_busy(run):
    """Safe City with face recognition and ten times the default false-match scale, so that
    wrongful stops are frequent enough to compare groups."""
    return run({"surveillance": {**SAFE_CITY, "fr_watchlist_matches": 1.0}})


def test_default_false_match_rates_follow_the_gender_and_group_differentials():
    p = SurveillanceParams()
    rates = dict(zip(GROUPS, false_match_rate(p, *EVERY_GROUP), strict=True))
    base = rates["man/majority"]
    expected = {
        "man/minority": p.fr_false_match_minority,
        "woman/majority": p.fr_false_match_women,
        "woman/minority": p.fr_false_match_women * p.fr_false_match_minority,
    }
    for group, ratio in expected.items():
        assert rates[group] / base == pytest.approx(ratio), (
            f"{group} should be falsely matched {ratio:g} times as often as man/majority"
        )


def test_group_with_higher_false_match_rate_suffers_more_wrongful_stops_per_capita(fr_busy):
    stops = per_capita(fr_busy, "wrongful_stops")
    assert stops["man/majority"] > 0, "the test needs wrongful stops of the majority's men"
    assert stops["woman/minority"] > 2 * stops["man/majority"], (
        f"minority women (30x the false-match rate) should suffer more wrongful stops per "
        f"capita than majority men: {stops['woman/minority']:.4f} vs {stops['man/majority']:.4f}"
    )


def test_raising_only_the_minority_false_match_rate_raises_its_wrongful_stops(run):
    skewed = {**SAFE_CITY, "fr_watchlist_matches": 1.0, "fr_false_match_women": 1.0}
    model = run({"surveillance": {**skewed, "fr_false_match_minority": 50.0}})
    stops = per_capita(model, "wrongful_stops")
    for gender in ("man", "woman"):
        assert stops[f"{gender}/minority"] > stops[f"{gender}/majority"], (
            f"with a 50x minority false-match rate, minority {gender} should be stopped more "
            f"per capita: {stops[f'{gender}/minority']:.4f} vs {stops[f'{gender}/majority']:.4f}"
        )


def test_false_match_rate_never_rises_with_the_threshold_for_any_group():
    thresholds = np.linspace(0.0, 8.0, 33)
    rates = np.array(
        [false_match_rate(SurveillanceParams(fr_threshold=t), *EVERY_GROUP) for t in thresholds]
    )
    for col, group in enumerate(GROUPS):
        steps = np.diff(rates[:, col])
        assert (steps <= 0).all(), (
            f"{group}: false-match rate should never rise with the threshold, rose at "
            f"thresholds {thresholds[1:][steps > 0].tolist()}"
        )
    assert (rates[-1] < rates[0]).all(), "the highest threshold should match far less"


def test_identification_rate_falls_with_threshold_and_rises_with_light():
    light = np.array([0.0, 0.5, 1.0])
    low = hit_rate(SurveillanceParams(fr_threshold=2.0), light)
    high = hit_rate(SurveillanceParams(fr_threshold=4.0), light)
    assert (high < low).all(), f"a higher threshold should identify less: {high} vs {low}"
    assert (np.diff(low) > 0).all(), f"better light should identify more: {low}"


@pytest.mark.parametrize("seed", [1, 2])
def test_raising_the_threshold_never_raises_false_matches_in_a_run(run, seed):
    counts = {}
    for threshold in (2.5, 3.5):
        surveillance = {**SAFE_CITY, "fr_watchlist_matches": 1.0, "fr_threshold": threshold}
        series = run({"surveillance": surveillance}, seed=seed).series()
        counts[threshold] = (int(series["face_captures"].sum()), int(series["false_matches"].sum()))
    (cap_low, fm_low), (cap_high, fm_high) = counts[2.5], counts[3.5]
    assert cap_low > 0 and fm_low > 0, "the test needs captures and false matches"
    assert fm_high <= fm_low, (
        f"seed {seed}: threshold 3.5 gave {fm_high} false matches in {cap_high} captures, "
        f"threshold 2.5 {fm_low} in {cap_low}: a higher threshold should never give more"
    )


def test_with_the_same_captures_a_higher_threshold_matches_a_subset(run):
    # The threshold also changes identifications and stops, which feed back through arrests
    # and trust into who travels; cut those links (no usable footage, no stops) and every
    # capture is the same, so each person's false matches can only fall.
    cut = {**SAFE_CITY, "fr_watchlist_matches": 1.0, "p_stop_on_match": 0.0}
    cut.update(p_detect_lit=0.0, p_detect_dark=0.0)
    models = [
        run({"surveillance": {**cut, "fr_threshold": t}}, seed=3, days=7) for t in (2.0, 3.0, 4.0)
    ]
    for low, high in itertools.pairwise(models):
        np.testing.assert_array_equal(
            low.face_recognition.face_captures,
            high.face_recognition.face_captures,
            err_msg="captures should not depend on it",
        )
        assert (high.face_recognition.false_matches <= low.face_recognition.false_matches).all(), (
            "at a higher threshold nobody should be falsely matched more often"
        )
    assert (
        models[0].face_recognition.false_matches.sum()
        > models[-1].face_recognition.false_matches.sum()
    ), "threshold 4 should falsely match fewer people than threshold 2"


def test_face_captures_are_zero_when_face_recognition_is_off(run):
    model = run({"surveillance": {**SAFE_CITY, "face_recognition": False}}, days=7)
    assert model.cameras.n > 0, "the test needs cameras"
    assert events_of(model)["in_view"].any(), "the cameras should see incidents"
    for name in ("face_captures", "false_matches", "wrongful_stops"):
        assert getattr(model.face_recognition, name).sum() == 0, (
            f"without face recognition {name} should be 0"
        )
    assert not events_of(model)["fr_identified"].any(), "nobody identified by face without FR"


# --- reporting and trust -------------------------------------------------------------------------


def test_wrongful_stops_lower_the_trust_of_those_stopped(fr_busy):
    r = fr_busy.resident_outcomes()
    stopped = r["wrongful_stops"] > 0
    assert stopped.sum() >= 20, f"the test needs people stopped, got {int(stopped.sum())}"
    assert r.loc[stopped, "trust"].mean() < r.loc[~stopped, "trust"].mean() - 0.03, (
        f"people stopped after a false match should trust the police less: mean trust "
        f"{r.loc[stopped, 'trust'].mean():.3f} (stopped) vs "
        f"{r.loc[~stopped, 'trust'].mean():.3f} (not)"
    )


def test_report_probability_rises_with_trust_and_is_the_base_at_mean_trust():
    p = TrustParams()
    trust = np.linspace(0.0, 1.0, 21)
    for base in (0.03, 0.35, 0.9):
        prob = report_probability(p, np.full(21, base), trust)
        assert (np.diff(prob) > 0).all(), f"base {base}: reporting should rise with trust"
        at_mean = report_probability(p, np.array([base]), np.array([p.initial_mean]))
        assert at_mean[0] == pytest.approx(base), "at mean trust the offence's base applies"


def test_move_trust_closes_the_gap_once_per_appearance():
    trust = np.array([0.5, 0.5, 0.8, 0.2])
    move_trust(trust, np.array([0, 0, 2]), 0.0, 0.2)
    # Resident 0 twice: 0.5 * 0.8 ** 2 = 0.32; resident 2 once: 0.8 * 0.8 = 0.64.
    np.testing.assert_allclose(trust, [0.32, 0.5, 0.64, 0.2], err_msg="k moves leave 0.8 ** k")
    move_trust(trust, np.array([3]), 1.0, 0.5)
    assert trust[3] == pytest.approx(0.6), "a move toward 1 should close half the gap: 0.6"
    before = trust.copy()
    move_trust(trust, np.array([], dtype=np.int64), 0.0, 0.5)
    np.testing.assert_array_equal(trust, before, err_msg="an empty move should change nothing")


def test_help_desks_raise_the_share_of_harassment_reported(run):
    shares = {}
    for name, desk in (("without", 1.0), ("with", 4.0)):
        desks = {"alternatives": {"help_desk_reporting": desk}}
        rows = pd.concat([events_of(run(desks, seed=s), "harassment") for s in (1, 2)])
        assert len(rows) > 100, "the test needs harassment incidents"
        shares[name] = rows["reported"].mean()
    assert shares["with"] > shares["without"], (
        f"women's help desks should raise the reported share of harassment: "
        f"{shares['with']:.3f} vs {shares['without']:.3f}"
    )


# --- harassment ----------------------------------------------------------------------------------


def test_harassment_victims_are_women_in_street_cells(safe_city_run):
    model = safe_city_run
    rows = events_of(model, "harassment")
    assert len(rows) > 0, "the test needs harassment"
    assert (rows["victim_gender"] == "woman").all(), "every harassment victim should be a woman"
    assert (rows["space"] == "public").all(), "harassment is a public offence"
    uses = land_use_at(model, rows)
    assert np.isin(uses, PUBLIC_STREET).all(), (
        f"harassment should happen only in market, arterial and transit cells, got land uses "
        f"{sorted(set(uses.tolist()) - {int(u) for u in PUBLIC_STREET})}"
    )
    assert (model.residents.gender[rows["offender"].to_numpy()] == MAN).all(), (
        "harassers should be men among the residents"
    )


def test_police_who_never_act_on_harassment_never_record_or_arrest_it(run):
    model = run({"everyday": {"p_police_act_harassment": 0.0}})
    rows = events_of(model, "harassment")
    assert len(rows) > 0 and rows["reported"].any(), "the test needs reported harassment"
    assert not rows["recorded"].any(), "harassment should never be recorded"
    assert not rows["arrested"].any(), "no harasser should be arrested"
    hazard = harassment_hazard(
        EverydayParams(p_police_act_harassment=0.0), 0.5, np.array([0, 5]), np.array([3.0, 3.0])
    )
    assert (hazard == 0).all(), "harassers should fear nothing if police never act"


def test_safer_transit_from_day_zero_removes_harassment_at_stops(run):
    default = events_of(run(), "harassment")
    assert (land_use_at(run(), default) == LandUse.TRANSIT).sum() > 0, (
        "the default run should have harassment at transit stops"
    )
    safer = run({"alternatives": {"safer_transit": 1.0}})
    rows = events_of(safer, "harassment")
    assert len(rows) > 0, "harassment elsewhere should go on"
    at_stops = int((land_use_at(safer, rows) == LandUse.TRANSIT).sum())
    assert at_stops == 0, f"safe stops should see no harassment, got {at_stops} incidents"


# --- crime-type displacement ---------------------------------------------------------------------

# Many offenders, often tempted, deterred by cameras they believe in: plenty of deterrence.
DETERRED = {"offender_share": 0.05, "p_attempt_tick": 0.05, "p_type_switch": 1.0, "k_camera": 1.0}


def test_home_robbery_appears_with_type_displacement_and_is_private_and_unseen(run):
    overrides = {"surveillance": SAFE_CITY, "offending": {**DETERRED, "type_displacement": True}}
    model = run(overrides, days=7)
    rows = events_of(model, "home_robbery")
    assert len(rows) > 10, f"deterred offenders should rob homes, got {len(rows)} home robberies"
    assert (rows["space"] == "private").all(), "home robbery should be private"
    assert not rows["in_view"].any() and not rows["detected"].any(), (
        "no home robbery should be in view of, or detected by, a camera"
    )
    homes = model.residents.home[rows["victim"].to_numpy()]
    cells = model.city.cell_of(rows["x"].to_numpy(), rows["y"].to_numpy())
    np.testing.assert_array_equal(cells, homes, err_msg="a home robbery is at the victim's home")


def test_no_home_robbery_without_type_displacement(run):
    overrides = {"surveillance": SAFE_CITY, "offending": {**DETERRED, "type_displacement": False}}
    model = run(overrides, days=7)
    n = len(events_of(model, "home_robbery"))
    assert n == 0, f"without type displacement there should be no home robbery, got {n}"
    assert events_of(model, "street_robbery")["in_view"].any(), "cameras should be watching"


# --- calibration of the defaults (one simulated year) --------------------------------------------


@pytest.fixture(scope="module")
def year(run) -> SafeCityModel:
    """The town with its defaults for 365 days (about 5 s; the tests that take it are slow)."""
    return run(seed=1, days=365)


@pytest.mark.slow
def test_women_make_about_half_as_many_trips_as_men(year):
    r = year.resident_outcomes()
    women = r["gender"] == "woman"
    ratio = r.loc[women, "trips"].mean() / r.loc[~women, "trips"].mean()
    assert 0.4 <= ratio <= 0.6, (
        f"women's trips per woman over men's per man is {ratio:.3f}: expected about half "
        "(0.4 to 0.6; VALIDATION women's mobility)"
    )


@pytest.mark.slow
def test_most_regular_women_commuters_are_harassed_within_a_year(year):
    r = year.resident_outcomes()
    regular = (r["gender"] == "woman") & r["transit"] & (r["trips"] >= 365 / 7)
    harassed = np.zeros(len(r), dtype=bool)
    harassed[events_of(year, "harassment")["victim"].to_numpy()] = True
    share = harassed[regular.to_numpy()].mean()
    assert regular.sum() > 300, "the test needs a few hundred regular women commuters"
    assert 0.75 <= share <= 0.95, (
        f"{share:.3f} of regular women commuters were harassed in the year: expected 0.75 to "
        "0.95 (VALIDATION harassment in transit: 82% at stops, 90% on transport)"
    )


@pytest.mark.slow
def test_few_women_travel_when_a_leg_of_their_trip_is_after_dark(year):
    routine = year.travel
    night_women = routine.women[routine.night_trip]
    assert len(night_women) > 50, "the test needs women whose trips have a leg after dark"
    share = year.travel.trips[night_women].mean() / 365
    assert share < 0.10, (
        f"women with a trip leg after dark travelled on {share:.3f} of days: expected under "
        "0.10 (VALIDATION night travel)"
    )


# --- the issue 3 bar: 28 days of safe_city on the town -------------------------------------------


@pytest.fixture(scope="module")
def safe_city_run() -> SafeCityModel:
    """``safecity-run city=town policy=safe_city seed=3 days=28``, composed as the command does."""
    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        cfg = compose(
            config_name="config",
            overrides=["city=town", "policy=safe_city", "seed=3", "days=28"],
        )
    model = SafeCityModel(params_from_config(cfg))
    model.run_days()
    return model


def test_safe_city_month_has_harassment_and_unseen_private_domestic_violence(safe_city_run):
    model = safe_city_run
    s = model.params.surveillance
    assert (s.placement, s.monitoring, s.face_recognition) == tuple(SAFE_CITY.values()), (
        "policy=safe_city should mean arterial and market cameras, active monitoring and FR"
    )
    assert len(events_of(model, "harassment")) > 0, "28 days of the town should have harassment"
    dv = events_of(model, "domestic_violence")
    assert len(dv) > 0, "28 days of the town should have domestic violence"
    assert (dv["space"] == "private").all(), "every domestic incident should be private"
    assert not dv[["in_view", "detected", "alerted"]].to_numpy().any(), (
        "no domestic incident should be in view, detected or alerted"
    )


def test_safe_city_summary_reports_trips_forgone_wrongful_stops_and_captures_by_group(
    safe_city_run,
):
    model = safe_city_run
    summary = summarise(
        model.events.to_frame(), model.series(), model.resident_outcomes(), model.facts()
    )
    json.dumps(summary)  # summary.json must serialise
    for key in ("wrongful_stops", "face_captures"):
        assert set(summary[key]) == set(GROUPS), f"summary[{key!r}] should be keyed by {GROUPS}"
    assert set(summary["groups"]) == set(GROUPS), f"summary['groups'] should cover {GROUPS}"
    forgone = {g: summary["groups"][g]["trips_forgone"] for g in GROUPS}
    assert sum(forgone.values()) == summary["trips_forgone"], (
        f"trips forgone by group {forgone} should add up to {summary['trips_forgone']}"
    )
    assert forgone["woman/majority"] > 0, "women should forgo trips"
    assert forgone["man/majority"] == forgone["man/minority"] == 0, "men never forgo for fear"
    assert all(v > 0 for v in summary["face_captures"].values()), (
        f"every group should be captured on camera: {summary['face_captures']}"
    )
    assert sum(summary["wrongful_stops"].values()) > 0, "a month of FR should stop someone"
    by_cat = summary["by_victim_group"]["everyday"]
    assert {"true", "detected", "reported", "recorded"} <= set(next(iter(by_cat.values()))), (
        "everyday incidents by victim group should give true, detected, reported, recorded"
    )


# --- bad values ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("group", "field", "value"),
    [
        ("fear", "camera_effect", 2.0),
        ("everyday", "dv_lifetime_prevalence", 1.0),
        ("surveillance", "fr_threshold", -1.0),
        ("everyday", "p_police_act_harassment", -0.1),
        ("everyday", "harasser_share", 1.5),
        ("surveillance", "fr_false_match_women", -1.0),
        ("alternatives", "safer_transit", 1.5),
        ("alternatives", "help_desk_reporting", 0.5),
        ("trust", "loss_wrongful_stop", 2.0),
    ],
)
def test_bad_everyday_values_are_refused_naming_the_field(group, field, value):
    with pytest.raises(ParamError, match=rf"{group}\.{field} = {value:g}\b.*out of range"):
        make_params("town", {group: {field: value}})


def test_bad_value_on_the_command_line_is_refused_naming_the_field():
    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        cfg = compose(config_name="config", overrides=["fear.camera_effect=2"])
    with pytest.raises(ParamError, match=r"fear\.camera_effect = 2\b.*-1 to 1"):
        params_from_config(cfg)
