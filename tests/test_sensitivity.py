"""``safecity-sensitivity``: every method in tiny mode writes its files; the report's statements
are computed from the outcomes."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hydra import compose, initialize_config_dir

from experiments.schema import CONFIG_DIR
from experiments.sensitivity import options, run
from experiments.sensitivity_report import _sign_text
from sim.analysis.design import analyse, problem, sample, sign_summary

COLUMNS = {
    "morris": ["parameter", "outcome", "mu", "mu_star", "mu_star_conf", "sigma"],
    "sobol": ["parameter", "outcome", "S1", "S1_conf", "ST", "ST_conf"],
    "fast": ["parameter", "outcome", "S1", "ST"],
    "lhs": ["parameter", "outcome", "S1", "S1_conf"],
}


def tiny_options(method: str) -> dict:
    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        cfg = compose(config_name="sensitivity", overrides=["tiny=true", f"method={method}"])
    return {**options(cfg), "progress": False}


@pytest.mark.parametrize(
    "method",
    [
        "morris",
        "lhs",
        pytest.param("sobol", marks=pytest.mark.slow),
        pytest.param("fast", marks=pytest.mark.slow),
    ],
)
def test_tiny_run_of_every_method_writes_design_outcomes_indices_figures_report(method, tmp_path):
    opts = tiny_options(method)
    findings = run(opts, tmp_path)
    design = pd.read_parquet(tmp_path / "design.parquet")
    outcomes = pd.read_parquet(tmp_path / "outcomes.parquet")
    assert list(design.columns[2:]) == opts["parameters"], "the tiny mode varies 3 parameters"
    assert len(outcomes) == len(design) and "spectacular.true_change_in_view" in outcomes
    indices = pd.read_csv(tmp_path / "indices.csv")
    assert list(indices.columns) == COLUMNS[method]
    assert set(indices["parameter"]) == set(opts["parameters"])
    assert list((tmp_path / "figures").glob("*.png")), "a figure per analysed outcome"
    report = (tmp_path / "report.md").read_text()
    assert f"# Sensitivity analysis ({method})" in report
    assert findings["run"]["rows"] == len(design)


def test_morris_ranks_the_parameter_that_drives_a_known_function_first():
    """SALib underneath, checked on a function whose answer is known: y = 10 a + b."""
    prob = problem(["offending.k_camera", "fear.camera_effect", "trust.initial_sd"])
    x = sample("morris", prob, 20, seed=3)
    y = 10 * x[:, 0] + x[:, 1]
    table = analyse("morris", prob, x, y, seed=3)
    ranked = table.sort_values("mu_star", ascending=False)["parameter"].tolist()
    assert ranked == ["offending.k_camera", "fear.camera_effect", "trust.initial_sd"]
    assert table.loc[2, "mu_star"] == pytest.approx(0.0), "an unused parameter has mu* 0"


def test_the_report_says_whether_the_sign_holds_from_the_outcomes():
    holds = sign_summary([-0.3, -0.1, -0.2, math.nan])
    assert holds["holds"] and holds["n"] == 3 and holds["sign"] == "negative"
    assert "**The sign holds**" in _sign_text("spectacular.true_change_in_view", holds)
    assert "-20.0 %" in _sign_text("spectacular.true_change_in_view", holds), "median in %"
    mixed = sign_summary(np.array([-0.3, 0.0, 0.2]))
    text = _sign_text("spectacular.true_change_in_view", mixed)
    assert "does not hold" in text and "negative at 1, zero at 1 and positive at 1 of 3" in text


def test_a_parameter_without_a_plausible_range_is_refused_by_name():
    with pytest.raises(ValueError, match=r"surveillance\.sites_per_km2"):
        problem(["surveillance.sites_per_km2"])
