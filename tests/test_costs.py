"""Money: camera costs, cost per incident prevented, break-even budgets, and their report."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from experiments.findings.costs import cost_findings
from experiments.report.harms_costs import section_costs
from sim.analysis.costs import break_even_rs, camera_cost_rs, cost_per_prevented, cost_table
from sim.params import ParamError
from sim.params.costs import CostParams


def test_camera_cost_spreads_installation_over_the_life_and_adds_running_costs():
    costs = CostParams(
        camera_capex_rs=1_000_000, camera_life_years=10, camera_running_rs_per_year=50_000
    )
    # 10 cameras for half a year: 10 x (100,000 + 50,000) x 0.5
    assert camera_cost_rs(10, 182.5, costs) == pytest.approx(750_000)
    assert camera_cost_rs(0, 365, costs) == 0, "no cameras, no cost"


def test_default_unit_costs_come_from_the_lahore_figures():
    costs = CostParams()
    assert costs.camera_capex_rs == pytest.approx(12e9 / 8000), "Rs 12 bn for 8,000 cameras"
    assert costs.camera_running_rs_per_year == pytest.approx(4 * 644e6 / 8000), (
        "Rs 644 m a quarter over 8,000 cameras"
    )


def test_cost_per_prevented_needs_a_cost_and_incidents_prevented():
    assert cost_per_prevented(1_000.0, 4.0) == 250.0
    assert np.isnan(cost_per_prevented(1_000.0, 0.0)), "nothing prevented: no cost per incident"
    assert np.isnan(cost_per_prevented(1_000.0, -3.0)), "more incidents: no cost per incident"
    assert np.isnan(cost_per_prevented(0.0, 5.0)), "an unpriced policy has no cost per incident"


def test_break_even_is_the_budget_that_matches_the_reference():
    assert break_even_rs(40.0, 250.0) == 10_000.0
    assert np.isnan(break_even_rs(0.0, 250.0))
    assert np.isnan(break_even_rs(40.0, np.nan))


def test_cost_table_sums_categories_and_scales_to_real_incidents():
    runs = pd.DataFrame({"policy": ["cams", "cams"], "replicate": [0, 1], "n_cameras": [4, 4]})
    effects = pd.DataFrame(
        {
            "level": ["category", "category", "offence", "category", "category"],
            "category": ["spectacular", "everyday", "spectacular", "spectacular", "everyday"],
            "policy": "cams",
            "replicate": [0, 0, 0, 1, 1],
            "true_prevented_total": [3, 2, 3, -1, 0],
        }
    )
    costs = CostParams(camera_capex_rs=365.0, camera_life_years=1, camera_running_rs_per_year=0)
    table = cost_table(runs, effects, costs, days=10, agent_scale=100)
    assert table["prevented"].tolist() == [500, -100], (
        "category rows only (offence rows repeat them), times 100 people per agent"
    )
    assert table["cost_rs"].tolist() == pytest.approx([40.0, 40.0]), "4 cameras x Rs 1 a day x 10"


@pytest.mark.parametrize(
    ("field", "value"),
    [("camera_life_years", 0), ("camera_capex_rs", -1), ("camera_running_rs_per_year", "cheap")],
)
def test_bad_unit_costs_are_refused_naming_the_field(field, value):
    with pytest.raises(ParamError, match=field):
        CostParams.from_dict({field: value})


def test_report_prices_camera_policies_and_gives_a_break_even_for_the_others():
    costs = pd.DataFrame(
        {
            "policy": ["safe_city", "safe_city", "lighting_and_transit", "lighting_and_transit"],
            "replicate": [0, 1, 0, 1],
            "n_cameras": [10, 10, 0, 0],
            "prevented": [4.0, 6.0, 20.0, 30.0],
            "cost_rs": [1e6, 1e6, 0.0, 0.0],
        }
    )
    lines = "\n".join(section_costs(cost_findings(costs, {"agent_scale": 1, "after_days": 73})))
    assert "Rs 200,000" in lines, "Rs 1 m for 5 prevented on average"
    # 25 prevented at Rs 200,000 each: Rs 5 m over 73 days, Rs 25 m a year
    assert "Rs 5.0 m over the same period (Rs 25.0 m a year)" in lines
