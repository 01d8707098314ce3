"""Findings on what the policies cost per robbery, per harassment and per incident of each
category truly prevented, separately (report section 6)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from experiments.summaries import Spread
from sim.analysis.costs import COST_KINDS, break_even_rs, cost_per_prevented
from sim.params.policies import the_one_with_role
from sim.world.clock import DAYS_PER_YEAR

BREAK_EVEN_REFERENCE = the_one_with_role("headline")
"""The camera policy whose cost per incident prevented sets the break-even budget of policies
without a price."""


@dataclasses.dataclass(frozen=True)
class PolicyCost:
    """Per policy, means over replicates: cameras, what an equal-budget alternative bought, the
    cost after the switch-on, and for each kind of :data:`~sim.analysis.costs.COST_KINDS` the
    incidents prevented town-wide and the cost per incident prevented, the ratio of the means
    (steadier than a mean of ratios)."""

    policy: str
    cameras: float
    units: float
    places: float
    coverage: float
    cost_rs: float
    prevented: dict[str, Spread]
    rs_per: dict[str, float]

    @property
    def priced(self) -> bool:
        """Whether the policy has a price (cameras or an equal-budget purchase)."""
        return self.cost_rs > 0


@dataclasses.dataclass(frozen=True)
class BreakEven:
    """The budget at which an unpriced policy would prevent one kind of incident as cheaply as
    :data:`BREAK_EVEN_REFERENCE` (``sim.analysis.costs.break_even_rs``), over the after period
    and a year."""

    policy: str
    kind: str
    budget_rs: float
    per_year_rs: float


@dataclasses.dataclass(frozen=True)
class CostFindings:
    """Every policy's cost and the break-even budgets of the unpriced ones."""

    people_per_agent: int
    policies: tuple[PolicyCost, ...]
    break_even: tuple[BreakEven, ...]
    kinds: tuple[str, ...] = tuple(COST_KINDS)

    def of(self, policy: str) -> PolicyCost | None:
        """The cost of ``policy``, None if it was not priced."""
        return next((c for c in self.policies if c.policy == policy), None)


def _mean(costs: pd.DataFrame, column: str) -> float:
    return float(costs[column].mean()) if column in costs else 0.0


def cost_findings(costs: pd.DataFrame, meta: dict) -> CostFindings:
    """The :class:`CostFindings` of the costs table (``sim.analysis.costs.cost_table``)."""
    people = round(float(meta.get("agent_scale", 1)))
    kinds = tuple(k for k in COST_KINDS if f"prevented_{k}" in costs)
    if costs.empty:
        return CostFindings(people, (), (), kinds)
    rows = []
    for policy, rows_of in costs.groupby("policy", sort=False):
        cost = float(rows_of["cost_rs"].mean())
        prevented = {k: Spread.of(rows_of[f"prevented_{k}"]) for k in kinds}
        rows.append(
            PolicyCost(
                str(policy),
                _mean(rows_of, "n_cameras"),
                _mean(rows_of, "alternative_units"),
                _mean(rows_of, "alternative_places"),
                _mean(rows_of, "alternative_coverage"),
                cost,
                prevented,
                {k: cost_per_prevented(cost, prevented[k].mean) for k in kinds},
            )
        )
    reference = next((r for r in rows if r.policy == BREAK_EVEN_REFERENCE), None)
    days = float(meta.get("after_days", np.nan))
    free = []
    for row in rows:
        if row.priced or reference is None:
            continue
        for kind in kinds:
            budget = break_even_rs(row.prevented[kind].mean, reference.rs_per[kind])
            if not np.isfinite(budget):
                continue
            per_year = budget * DAYS_PER_YEAR / days if np.isfinite(days) and days else np.nan
            free.append(BreakEven(row.policy, kind, budget, per_year))
    return CostFindings(people, tuple(rows), tuple(free), kinds)
