"""Money: what a policy costs, and what it costs per robbery, per harassment and per incident of
each category it truly prevents, counted separately (an incident of one kind is not an incident
of another).

Cameras are priced from public figures for Lahore (``sim/params/costs.py``); the equal-budget
alternatives (``equal_budget.spend_on``) from the unit costs of ``sim/params/equal_budget.py``,
at what the units they bought cost (not the whole budget when it buys more than there is to
cover). The uniform alternative levers (``alternatives``) have no price; for them the report
gives the *break-even* budget: the most they could cost and still prevent each kind of incident
as cheaply as the headline camera policy. Police time, wrongful stops and privacy are not
priced.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.params.costs import CostParams
from sim.world.clock import DAYS_PER_YEAR
from sim.world.offences import CATEGORIES, CATEGORY_OF, OFFENCES

COST_KINDS: dict[str, tuple[str, ...]] = {
    "robbery": tuple(o for o in OFFENCES if o.endswith("robbery")),
    "harassment": ("harassment",),
    **{c: tuple(o for o in OFFENCES if CATEGORY_OF[o] == c) for c in CATEGORIES},
}
"""What each cost per prevented counts: robberies (street and home), harassment, and each
offence category of ``sim.world.offences.CATEGORIES`` (a new category slots in by itself)."""
PURCHASE_COLUMNS = (
    "alternative_units",
    "alternative_places",
    "alternative_coverage",
    "alternative_rs_per_year",
)
"""Columns of ``runs.csv`` saying what an equal-budget alternative bought (0 without one)."""


def camera_cost_rs(n_cameras: int | np.ndarray, days: float, costs: CostParams) -> float:
    """Cost of ``n_cameras`` over ``days``: the installation cost spread evenly over the
    camera's life, plus the running cost, both pro rata (no discounting)."""
    per_year = costs.camera_capex_rs / costs.camera_life_years + costs.camera_running_rs_per_year
    return n_cameras * per_year * days / DAYS_PER_YEAR


def purchase_columns(purchase) -> dict[str, float]:
    """The :data:`PURCHASE_COLUMNS` of a run from its model's ``purchase`` (None: zeros)."""
    if purchase is None:
        return dict.fromkeys(PURCHASE_COLUMNS, 0.0)
    return {
        "alternative_units": float(purchase.units),
        "alternative_places": float(purchase.places),
        "alternative_coverage": float(purchase.coverage),
        "alternative_rs_per_year": float(purchase.spent_rs_per_year),
    }


def cost_table(
    runs: pd.DataFrame,
    effects: pd.DataFrame,
    costs: CostParams,
    days: float,
    agent_scale: float,
) -> pd.DataFrame:
    """Per policy and replicate: cameras and what an alternative bought, the cost over the
    ``days`` after the switch-on (cameras plus the alternative's yearly cost, pro rata), and
    incidents truly prevented town-wide of each kind of :data:`COST_KINDS`
    (``prevented_<kind>``: twin minus policy, in real incidents: one agent stands for
    ``agent_scale`` people, and so do its incidents).

    Args:
        runs: ``runs.csv`` (``policy, replicate, n_cameras`` and, if present,
            :data:`PURCHASE_COLUMNS`).
        effects: ``effects.csv`` (``level, offence, policy, replicate, true_prevented_total``).
        costs: camera unit costs.
        days: length of the after period.
        agent_scale: people per resident agent.
    """
    by_offence = effects[effects["level"] == "offence"]
    prevented = by_offence.pivot_table(
        index=["policy", "replicate"],
        columns="offence",
        values="true_prevented_total",
        aggfunc="sum",
    ).reindex(columns=list(OFFENCES))
    out = runs[["policy", "replicate", "n_cameras"]].copy()
    for column in PURCHASE_COLUMNS:
        out[column] = runs[column].to_numpy(float) if column in runs else 0.0
    for kind, offences in COST_KINDS.items():
        total = prevented[list(offences)].sum(axis=1, min_count=1) * agent_scale
        out = out.merge(
            total.rename(f"prevented_{kind}").reset_index(), on=["policy", "replicate"], how="left"
        )
    cameras = camera_cost_rs(out["n_cameras"].to_numpy(), days, costs)
    out["cost_rs"] = cameras + out["alternative_rs_per_year"].to_numpy() * days / DAYS_PER_YEAR
    return out


def cost_per_prevented(cost_rs: float, prevented: float) -> float:
    """Cost per incident truly prevented: NaN when the policy cost nothing or prevented none
    (a cost per incident is meaningless without incidents prevented)."""
    if cost_rs <= 0 or not np.isfinite(prevented) or prevented <= 0:
        return np.nan
    return cost_rs / prevented


def break_even_rs(prevented: float, reference_rs_per_prevented: float) -> float:
    """The budget at which a policy that prevented ``prevented`` incidents would be exactly as
    cost-effective as the reference: NaN if either is missing or it prevented none."""
    if not (np.isfinite(reference_rs_per_prevented) and np.isfinite(prevented) and prevented > 0):
        return np.nan
    return prevented * reference_rs_per_prevented
