"""Direction of effects: a policy lever moves an outcome the way the mechanism says it must.

Each comparison sums a count over the same three seeds (matched worlds: a seed fixes the city,
the people and every random stream) for one-week runs of the teaching town with more offenders
than the default, so that counts are in the tens to hundreds. Levels differ by large factors and
comparisons allow equality, so the tests check a direction, not a size.
"""

from __future__ import annotations

import itertools

import pytest

SEEDS = (1, 2, 3)
DAYS = 7
BUSY = {"offending": {"offender_share": 0.05}}
"""More offenders than the default, so that detections and arrests are not rare."""

CAMERAS = {"placement": "arterial_commercial", "sites_per_km2": 4.0}


@pytest.fixture
def summed(run_town, totals):
    """``summed(overrides)``: event-log counts summed over ``SEEDS``."""

    def run(overrides):
        merged = {**BUSY, **overrides}
        if "offending" in overrides:
            merged["offending"] = {**BUSY["offending"], **overrides["offending"]}
        return totals([run_town(merged, seed=seed, days=DAYS) for seed in SEEDS])

    return run


def assert_monotone(levels, counts, lever, outcome, *, rising=True):
    """Fail unless ``counts`` never fall (``rising``) or never rise as the lever's level grows."""
    pairs = list(zip(levels, counts, strict=True))
    for (lo_level, lo), (hi_level, hi) in itertools.pairwise(pairs):
        ok = hi >= lo if rising else hi <= lo
        assert ok, (
            f"{outcome} went from {lo} to {hi} when {lever} went from {lo_level:g} to "
            f"{hi_level:g} (all levels: {pairs}); expected more {lever} never to give "
            f"{'fewer' if rising else 'more'} {outcome}"
        )


def test_more_cameras_never_give_fewer_detections(summed):
    levels = [0.0, 1.0, 4.0, 10.0]
    detected = []
    for sites in levels:
        s = {"placement": "none"} if sites == 0 else {**CAMERAS, "sites_per_km2": sites}
        detected.append(int(summed({"surveillance": s})["detected"]))
    assert detected[-1] > 0, f"the most cameras should detect something: {detected}"
    assert_monotone(levels, detected, "camera sites per km2", "detections")


@pytest.mark.parametrize("seed", SEEDS)
def test_no_cameras_means_no_incident_in_view_detected_or_alerted(run_town, totals, seed):
    counts = totals([run_town({**BUSY, "surveillance": {"placement": "none"}}, seed=seed)])
    assert counts["incidents"] > 0, "test needs incidents"
    for flag in ("in_view", "detected", "alerted"):
        assert counts[flag] == 0, f"without cameras {flag} should be 0, got {counts[flag]}"


def test_more_police_never_give_fewer_arrests_that_need_an_officer(summed):
    # Arrests that need an officer (intervention, or a response in time) are isolated: clearance
    # by footage or investigation is switched off, every detection is alerted, and police
    # presence does not deter (k_police 0: with it, fewer offences can mean fewer arrests). The
    # town's officers are kept scarce (0, 1, 4 on patrol); with ten or more, every alert is
    # answered in time and arrests level off.
    surveillance = {**CAMERAS, "p_operator_notices": 1.0, "p_footage_identifies": 0.0}
    people_per_officer = [1e6, 4000.0, 1000.0]
    arrests = []
    for ppo in people_per_officer:
        policing = {"people_per_officer": ppo, "share_on_patrol": 1.0}
        counts = summed(
            {
                "surveillance": surveillance,
                "policing": {**policing, "p_clear_by_investigation": 0.0},
                "offending": {"k_police": 0.0},
            }
        )
        arrests.append(int(counts["arrested"]))
    assert arrests[0] == 0, f"with no officer no arrest should need one: {arrests}"
    assert arrests[-1] > 0, f"test needs arrests with the most officers: {arrests}"
    officers = [1000 / p for p in people_per_officer]
    assert_monotone(officers, arrests, "officers per 1,000 residents", "arrests")


def test_more_police_never_give_more_incidents(summed):
    people_per_officer = [4000.0, 100.0, 25.0]
    incidents = []
    for ppo in people_per_officer:
        counts = summed({"policing": {"people_per_officer": ppo, "share_on_patrol": 1.0}})
        incidents.append(int(counts["incidents"]))
    officers = [1000 / p for p in people_per_officer]
    assert_monotone(officers, incidents, "officers per 1,000 residents", "incidents", rising=False)


def test_active_monitoring_gives_at_least_as_many_arrests_as_passive(summed):
    passive = summed({"surveillance": {**CAMERAS, "monitoring": "passive"}})
    active = summed({"surveillance": {**CAMERAS, "monitoring": "active"}})
    assert active["alerted"] > 0 and passive["alerted"] == 0, (
        f"only active monitoring should alert: active {active['alerted']}, "
        f"passive {passive['alerted']}"
    )
    assert active["arrested"] >= passive["arrested"], (
        f"active monitoring gave {active['arrested']} arrests, passive {passive['arrested']}: "
        "expected live operators dispatching police never to give fewer arrests"
    )
