"""Money: camera costs, cost per incident prevented, break-even budgets, and their report."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from experiments.findings.costs import cost_findings
from experiments.report.harms_costs import section_costs
from sim.analysis.costs import (
    PURCHASE_COLUMNS,
    break_even_rs,
    camera_cost_rs,
    cost_per_prevented,
    cost_table,
)
from sim.params import ParamError
from sim.params.costs import CostParams
from sim.world.offences import CATEGORIES


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


def test_cost_table_counts_each_kind_apart_and_scales_to_real_incidents():
    runs = pd.DataFrame({"policy": ["cams", "cams"], "replicate": [0, 1], "n_cameras": [4, 4]})
    effects = pd.DataFrame(
        {
            "level": ["category", "offence", "offence", "offence", "offence", "offence"],
            "category": ["spectacular", None, None, None, None, None],
            "offence": [None, "street_robbery", "home_robbery", "harassment", "harassment", None],
            "policy": "cams",
            "replicate": [0, 0, 0, 0, 1, 1],
            "true_prevented_total": [99, 3, 2, 7, -1, 0],
        }
    )
    costs = CostParams(camera_capex_rs=365.0, camera_life_years=1, camera_running_rs_per_year=0)
    table = cost_table(runs, effects, costs, days=10, agent_scale=100)
    assert table["prevented_robbery"].tolist()[0] == 500, (
        "street and home robbery from the offence rows (the category row is not added), x 100"
    )
    assert table["prevented_harassment"].tolist() == [700, -100]
    assert table["prevented_everyday"].tolist()[0] == 700, "domestic violence had no row"
    assert table["cost_rs"].tolist() == pytest.approx([40.0, 40.0]), "4 cameras x Rs 1 a day x 10"


def test_cost_table_prices_what_an_alternative_bought_pro_rata():
    runs = pd.DataFrame(
        {
            "policy": ["lights"],
            "replicate": [0],
            "n_cameras": [0],
            **{c: [0.0] for c in PURCHASE_COLUMNS},
        }
    )
    runs["alternative_rs_per_year"] = 365_000.0
    effects = pd.DataFrame(
        {
            "level": ["offence"],
            "offence": ["harassment"],
            "policy": "lights",
            "replicate": [0],
            "true_prevented_total": [5],
        }
    )
    table = cost_table(runs, effects, CostParams(), days=30, agent_scale=1)
    assert table["cost_rs"].iloc[0] == pytest.approx(30_000.0), "Rs 1,000 a day for 30 days"


@pytest.mark.parametrize(
    ("field", "value"),
    [("camera_life_years", 0), ("camera_capex_rs", -1), ("camera_running_rs_per_year", "cheap")],
)
def test_bad_unit_costs_are_refused_naming_the_field(field, value):
    with pytest.raises(ParamError, match=field):
        CostParams.from_dict({field: value})


def _costs_csv(rows: list[tuple]) -> pd.DataFrame:
    """A costs table of (policy, replicate, n_cameras, units, robbery, harassment, cost)."""
    out = pd.DataFrame(
        rows,
        columns=[
            "policy",
            "replicate",
            "n_cameras",
            "alternative_units",
            "prevented_robbery",
            "prevented_harassment",
            "cost_rs",
        ],
    )
    for column in PURCHASE_COLUMNS[1:]:
        out[column] = 0.0
    for category in CATEGORIES:
        out[f"prevented_{category}"] = 0.0
    return out


def test_report_prices_each_kind_apart_and_gives_a_break_even_for_the_unpriced():
    costs = _costs_csv(
        [
            ("safe_city", 0, 10, 0, 4.0, 0.0, 1e6),
            ("safe_city", 1, 10, 0, 6.0, 10.0, 1e6),
            ("equal_budget_lights", 0, 0, 500, 1.0, 40.0, 2e6),
            ("equal_budget_lights", 1, 0, 500, 1.0, 60.0, 2e6),
            ("lighting_and_transit", 0, 0, 0, 20.0, 0.0, 0.0),
            ("lighting_and_transit", 1, 0, 0, 30.0, 0.0, 0.0),
        ]
    )
    findings = cost_findings(costs, {"agent_scale": 1, "after_days": 73})
    lines = "\n".join(section_costs(findings))
    assert "Rs 200,000 (interval of prevented includes 0)" in lines, (
        "safe_city: Rs 1 m for 5 robberies prevented on average, from 4 and 6: with two "
        "replicates the 95% interval of the mean reaches below 0"
    )
    assert "Rs 40,000" in lines, "equal_budget_lights: Rs 2 m for 50 harassments prevented"
    lights = findings.of("equal_budget_lights")
    assert lights.rs_per["robbery"] == pytest.approx(2e6), "one robbery for the whole cost"
    assert "500 street lights" in lines
    # 25 robberies prevented at Rs 200,000 each: Rs 5 m over 73 days, Rs 25 m a year; no
    # harassment prevented, so no break-even for harassment
    assert "Rs 5.0 m over the same period (Rs 25.0 m a year)" in lines
    kinds = [(b.policy, b.kind) for b in findings.break_even]
    assert kinds == [("lighting_and_transit", "robbery")], "priced policies get no break-even"
