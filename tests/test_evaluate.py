"""``sim.analysis.evaluate``: one design point, a policy against its twin, registered outcomes."""

from __future__ import annotations

import math

import pytest

from experiments.displacement import run_replicate
from sim.analysis import evaluate, evaluate_replicates
from sim.analysis.evaluate import aggregate
from sim.analysis.outcomes import outcomes
from sim.params import ParamError
from sim.params.experiment import ExperimentParams
from sim.presets import make_params

DESIGN = {"city": "town", "policy": "safe_city", "before_days": 7, "after_days": 7}


def same(a: dict, b: dict) -> bool:
    """Equal mappings, NaN equal to NaN."""
    if list(a) != list(b):
        return False
    for k in a:
        x, y = a[k], b[k]
        if isinstance(x, float) and isinstance(y, float) and math.isnan(x) and math.isnan(y):
            continue
        if x != y:
            return False
    return True


@pytest.fixture(scope="module")
def twice():
    point = {"offending.k_camera": 0.2}
    return [evaluate(point, replicates=2, root_seed=3, **DESIGN) for _ in range(2)]


def test_evaluate_twice_gives_identical_outputs(twice):
    assert same(*twice), "the same point, design and root seed must give the same outcomes"


def test_evaluate_returns_every_registered_effect_outcome(twice):
    assert list(twice[0]) == outcomes("effect")
    assert twice[0]["check.before_identical_to_twin"] == 1.0, "common random numbers broken"
    assert twice[0]["costs.n_cameras"] > 0, "safe_city installs cameras"


def test_evaluate_matches_the_displacement_experiment_for_the_same_seed():
    exp = ExperimentParams(before_days=7, after_days=7, replicates=1, root_seed=5)
    tables = run_replicate(0, exp, {"safe_city": make_params("town", policy="safe_city")})
    (row,) = evaluate_replicates(replicates=1, root_seed=5, **DESIGN)
    effects = tables["effects"].set_index("category")
    for cat in ("spectacular", "everyday"):
        e = effects.loc[cat]
        pairs = {
            "true_change_in_view": e["true_relative_change_treatment"],
            "true_change_town": e["true_relative_change_total"],
            "prevented_town": e["true_prevented_total"],
            "displaced_to_buffer": -e["true_prevented_buffer"],
            "field_tne": e["tne"],
        }
        for name, expected in pairs.items():
            got = row[f"{cat}.{name}"]
            assert got == expected or (math.isnan(got) and math.isnan(expected)), (
                f"{cat}.{name}: evaluate gave {got}, the experiment {expected}"
            )
        assert row[f"{cat}.field_wdq_status"] == e["wdq_status"]
    harms = tables["harms"]
    policy_stops = harms.loc[harms["world"] == "policy", "wrongful_stops"].sum()
    assert row["harms.wrongful_stops"] == policy_stops


def test_a_denser_design_point_installs_more_cameras():
    few = evaluate({"surveillance.sites_per_km2": 0.3}, replicates=1, root_seed=2, **DESIGN)
    many = evaluate({"surveillance.sites_per_km2": 2.0}, replicates=1, root_seed=2, **DESIGN)
    assert many["costs.n_cameras"] > few["costs.n_cameras"]


def test_run_parameters_in_a_design_point_are_refused():
    with pytest.raises(ParamError, match=r"run\.seed"):
        evaluate({"run.seed": 3}, **DESIGN)


def test_aggregate_means_numbers_skipping_nan_and_keeps_the_commonest_status():
    rows = [
        {"a": 1.0, "s": "ok", "n": float("nan")},
        {"a": 3.0, "s": "zero_count", "n": float("nan")},
        {"a": float("nan"), "s": "ok", "n": float("nan")},
    ]
    out = aggregate(rows)
    assert out["a"] == 2.0 and out["s"] == "ok" and math.isnan(out["n"])
