"""The outcome registry: it covers every measure of a run's summary, its doc file is current,
empty victim groups give 0 and no measure is a sum of means."""

from __future__ import annotations

import math

import pytest

from experiments import outcome_docs
from experiments.collect import numeric_leaves
from sim.analysis.outcomes import lookup, outcomes, units
from sim.model import SafeCityModel
from sim.outputs.summary import VICTIM_GROUPS, summarise
from sim.presets import make_params


@pytest.fixture(scope="module")
def summary():
    params = make_params("town", {"run.days": 2, "run.seed": 4}, policy="safe_city")
    model = SafeCityModel(params)
    model.run_days()
    facts = {**model.facts(), "root_seed": 4, "replicate": None, "days": 2}
    facts["timings_s"] = {"build_s": 0.1, "simulate_s": 0.2}
    series = model.series()
    return summarise(model.events.to_frame(), series, model.resident_outcomes(), facts), series


def test_every_measure_of_a_run_summary_is_registered(summary):
    names = [name for name, _ in numeric_leaves(summary[0])]
    missing = [n for n in names if lookup(n, "run") is None]
    assert not missing, f"summary.json measures missing from sim/analysis/outcomes.py: {missing}"
    assert units(["by_category.spectacular.in_view"]) == {
        "by_category.spectacular.in_view": "incidents"
    }


def test_every_registered_run_outcome_is_in_a_run_summary(summary):
    names = {name for name, _ in numeric_leaves(summary[0])}
    absent = [n for n in outcomes("run") if "{" not in n and n not in names]
    assert not absent, f"registered but not in summary.json: {absent}"


def test_victim_groups_without_victims_give_zero_not_a_missing_row(summary):
    by_group = summary[0]["by_victim_group"]
    for category, groups in by_group.items():
        assert list(groups) == list(VICTIM_GROUPS), f"{category}: every group must be listed"
    # everyday violence (harassment, domestic) has women victims only: men get explicit zeros
    assert by_group["everyday"]["man/majority"] == {
        "true": 0,
        "detected": 0,
        "reported": 0,
        "recorded": 0,
    }
    assert by_group["everyday"]["woman/majority"]["true"] > 0


def test_mean_fear_of_women_is_a_mean_over_hours_not_a_sum(summary):
    data, series = summary
    assert "mean_fear_women" not in data["series_totals"], "a mean must not be summed"
    got = data["series_means"]["mean_fear_women"]
    assert math.isclose(got, series["mean_fear_women"].mean())
    assert 0.0 <= got <= 1.0, f"a mean fear lies in 0-1, got {got}"


def test_outcome_names_are_unique():
    names = outcomes()
    assert len(names) == len(set(names))


def test_outcomes_doc_is_current():
    assert outcome_docs.main(["--check"]) == 0, (
        "docs/outcomes.md is out of date: run python -m experiments.outcome_docs"
    )
