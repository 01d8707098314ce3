"""The open offender population, the sanction funnel, persistent motivation, the watch-list share
and the channel split (issue 13, parts 1, 2, 6 and 7's watch list): direction of effect on fixed
seeds."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.analysis.channels import channel_table, split
from sim.analysis.twin import effects, simulate, twin_of, with_intervention
from sim.model import SafeCityModel
from sim.params.experiment import ExperimentParams
from sim.presets import make_params
from sim.world.offences import CATEGORIES

OPEN = {"careers.open_population": True, "sanctions.funnel": True}
# Every incident in view is captured and identified from footage: many arrests, quickly.
CATCHING = {
    "surveillance.p_detect_lit": 1.0,
    "surveillance.p_detect_dark": 1.0,
    "surveillance.p_footage_identifies": 1.0,
    "surveillance.install_day": 0,
    "surveillance.p_operator_notices": 1.0,
}


def test_a_year_without_cameras_has_recruits_desisters_a_funnel_and_a_stationary_pool():
    # 100 street offenders (20,000 residents), one year: about 14 recruits and desisters expected.
    model = SafeCityModel(seed=3, policy="no_cameras", **OPEN, **{"population.n_people": 20000.0})
    model.run_days(365)
    c = model.offender_counts()
    assert c["recruited"] > 0 and c["desisted"] > 0, f"recruits and desisters expected: {c}"
    assert c["arrested"] >= c["charged"] >= c["convicted"], f"a funnel narrows: {c}"
    assert c["charged"] > 0, f"some arrests should lead to a charge: {c}"
    pool = c["at_start"] + c["recruited"] - c["desisted"]
    # Tolerance: the stationary pool's yearly net change is a difference of two Poisson counts
    # of mean ~14: its standard deviation is ~5.4 (5% of 100); 15% is about three of them.
    assert abs(pool - c["at_start"]) <= 0.15 * c["at_start"], f"pool {pool} should stay near {c}"
    events = model.events.to_frame()
    street = events[events["offender_kind"] == "street_offender"]
    assert street["offender"].max() >= c["at_start"], "recruits offend under new ids"


def test_recruitment_rate_keeps_the_starting_pool_stationary():
    model = SafeCityModel(seed=1, **OPEN)
    pop = model.population
    mean_years = model.params.careers.career_mean_years
    assert pop.recruits_per_day == pytest.approx(pop.at_start / (365.0 * mean_years))
    ages = pop.stationary_ages(20000)
    # The stationary mean age of careers is E[C^2] / (2 E[C]) for the Weibull careers.
    draws = pop.scale * np.random.default_rng(0).weibull(model.params.careers.career_shape, 200000)
    assert ages.mean() == pytest.approx((draws**2).mean() / (2 * draws.mean()), rel=0.05)


def test_replacement_keeps_the_active_pool_up_after_arrests():
    active = {}
    for replacement in (False, True):
        model = SafeCityModel(
            seed=2, policy="safe_city", **OPEN, **CATCHING, **{"careers.replacement": replacement}
        )
        model.run_days(30)
        c = model.offender_counts()
        assert c["charged"] >= 3, f"the setup should hold several offenders: {c}"
        active[replacement] = c["active_end"]
    assert active[True] > active[False], f"replacement should keep more offenders active: {active}"


def test_funnel_holds_charged_offenders_and_releases_the_uncharged_after_police_custody():
    model = SafeCityModel(seed=2, policy="safe_city", **OPEN, **CATCHING)
    model.run_days(20)
    c = model.offender_counts()
    assert c["arrested"] > c["charged"] > 0, c
    off = model.offenders
    held = off.jailed_until - model.tick
    assert held.max() > 24, "a charged offender refused bail is held for days at least"


def test_watch_list_share_lowers_identifications():
    counts = {}
    for share in (1.0, 0.3):
        model = SafeCityModel(
            seed=4, policy="safe_city", **{"surveillance.fr_watchlist_share": share}
        )
        model.run_days(21)
        counts[share] = int(model.events.to_frame()["fr_identified"].sum())
    assert counts[1.0] > 0, "face recognition should identify offenders in the setup"
    assert counts[0.3] < counts[1.0], f"fewer identifications off the watch list: {counts}"


def _displaced_out_of_view(persistent: bool, seed: int) -> tuple[int, float]:
    """Street robberies added outside the policy's view (buffer and elsewhere) by a camera
    policy with strong deterrence, policy minus twin, and the night share's rise."""
    exp = ExperimentParams(before_days=14, after_days=42, replicates=1, root_seed=0)
    point = {"offending": {"k_camera": 1.0, "persistent_motivation": persistent}}
    params = with_intervention(make_params("town", point, policy="safe_city"), exp, seed)
    table = effects(simulate(params), simulate(twin_of(params)), exp)
    row = table[table["offence"] == "street_robbery"].iloc[0]
    out_of_view = int(row["true_prevented_treatment"] - row["true_prevented_total"])
    return out_of_view, float(row["night_share_after"] - row["twin_night_share_after"])


def test_persistent_motivation_displaces_more_out_of_view_under_strong_deterrence():
    on = sum(_displaced_out_of_view(True, seed)[0] for seed in (5, 6))
    off = sum(_displaced_out_of_view(False, seed)[0] for seed in (5, 6))
    assert on > off, f"displacement out of view with motivation on {on} vs off {off}"


def test_open_population_draws_only_from_its_own_streams():
    # Careers so long that nobody desists or is recruited in five days: the run is unchanged,
    # so the mechanism drew nothing from another process's stream.
    neutral = {"careers.open_population": True, "careers.career_mean_years": 60.0}
    base = SafeCityModel(seed=8, policy="safe_city")
    on = SafeCityModel(seed=8, policy="safe_city", **neutral)
    for model in (base, on):
        model.run_days(5)
    assert on.offender_counts()["recruited"] == on.offender_counts()["desisted"] == 0
    pd.testing.assert_frame_equal(base.events.to_frame(), on.events.to_frame())


def test_funnel_changes_nothing_before_the_first_arrest():
    base = SafeCityModel(seed=2, policy="safe_city", **CATCHING)
    funnel = SafeCityModel(seed=2, policy="safe_city", **CATCHING, **{"sanctions.funnel": True})
    for model in (base, funnel):
        model.run_days(20)
    a, b = base.events.to_frame(), funnel.events.to_frame()
    first = int(a.loc[a["arrested"] & (a["offender_kind"] == "street_offender"), "tick"].min())
    before_a, before_b = a[a["tick"] <= first], b[b["tick"] <= first]
    assert len(before_a) > 0
    pd.testing.assert_frame_equal(before_a.reset_index(drop=True), before_b.reset_index(drop=True))


def test_channel_points_add_up_to_the_total():
    parts = split(-0.3, -0.25, -0.1)
    assert parts["deterrence_points"] == pytest.approx(-5.0)
    assert parts["incapacitation_points"] == pytest.approx(-20.0)
    assert sum(parts.values()) == pytest.approx(-30.0)
    table = pd.DataFrame(
        {"category": list(CATEGORIES), "true_relative_change_treatment": [-0.2, 0.1, -0.3]}
    )
    no_channels = channel_table(table, None, None)
    assert (no_channels["deterrence_points"] == 0).all()
    assert np.allclose(no_channels["other_points"], 100 * table["true_relative_change_treatment"])
