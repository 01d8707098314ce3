"""Findings on what the policies cost per incident truly prevented (report section 6)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from experiments.summaries import Spread
from sim.analysis.costs import break_even_rs, cost_per_prevented
from sim.params.policies import the_one_with_role
from sim.world.clock import DAYS_PER_YEAR

BREAK_EVEN_REFERENCE = the_one_with_role("headline")
"""The camera policy whose cost per incident prevented sets the break-even budget of policies
without cameras."""


@dataclasses.dataclass(frozen=True)
class PolicyCost:
    """Per policy, means over replicates: cameras, cost after the switch-on and incidents
    prevented town-wide, and the cost per incident prevented as the ratio of the means
    (steadier than a mean of ratios)."""

    policy: str
    cameras: float
    cost_rs: float
    prevented: Spread
    rs_per_prevented: float


@dataclasses.dataclass(frozen=True)
class BreakEven:
    """The budget at which a policy without cameras would prevent incidents as cheaply as
    :data:`BREAK_EVEN_REFERENCE` (``sim.analysis.costs.break_even_rs``), over the after period and a
    year."""

    policy: str
    budget_rs: float
    per_year_rs: float


@dataclasses.dataclass(frozen=True)
class CostFindings:
    """Every policy's cost and the break-even budgets of those without cameras."""

    people_per_agent: int
    policies: tuple[PolicyCost, ...]
    break_even: tuple[BreakEven, ...]

    def of(self, policy: str) -> PolicyCost | None:
        """The cost of ``policy``, None if it was not priced."""
        return next((c for c in self.policies if c.policy == policy), None)


def cost_findings(costs: pd.DataFrame, meta: dict) -> CostFindings:
    """The :class:`CostFindings` of the costs table (``sim.analysis.costs.cost_table``)."""
    people = round(float(meta.get("agent_scale", 1)))
    if costs.empty:
        return CostFindings(people, (), ())
    per_policy = costs.groupby("policy", sort=False).agg(
        cameras=("n_cameras", "mean"), cost=("cost_rs", "mean"), prevented=("prevented", "mean")
    )
    rows = []
    for policy, row in per_policy.iterrows():
        rows.append(
            PolicyCost(
                policy,
                float(row["cameras"]),
                float(row["cost"]),
                Spread.of(costs.loc[costs["policy"] == policy, "prevented"]),
                cost_per_prevented(row["cost"], row["prevented"]),
            )
        )
    reference = next((r.rs_per_prevented for r in rows if r.policy == BREAK_EVEN_REFERENCE), np.nan)
    days = float(meta.get("after_days", np.nan))
    free = []
    for policy, row in per_policy.iterrows():
        if row["cameras"] != 0:
            continue
        budget = break_even_rs(row["prevented"], reference)
        if not np.isfinite(budget):
            continue
        per_year = budget * DAYS_PER_YEAR / days if np.isfinite(days) and days else np.nan
        free.append(BreakEven(policy, budget, per_year))
    return CostFindings(people, tuple(rows), tuple(free))
