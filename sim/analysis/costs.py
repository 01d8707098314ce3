"""Money: what a camera policy costs, and what it costs per incident it truly prevents.

Only cameras are priced, from public figures for Lahore (``sim/params/costs.py``). Lighting,
safer transit and help desks have no unit cost here that a public source gives; for them the
experiment reports the *break-even* budget instead: the most they could cost and still prevent
incidents as cheaply as a camera policy. Police time, wrongful stops and privacy are not priced.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.params.costs import CostParams
from sim.world.clock import DAYS_PER_YEAR


def camera_cost_rs(n_cameras: int | np.ndarray, days: float, costs: CostParams) -> float:
    """Cost of ``n_cameras`` over ``days``: the installation cost spread evenly over the
    camera's life, plus the running cost, both pro rata (no discounting)."""
    per_year = costs.camera_capex_rs / costs.camera_life_years + costs.camera_running_rs_per_year
    return n_cameras * per_year * days / DAYS_PER_YEAR


def cost_table(
    runs: pd.DataFrame,
    effects: pd.DataFrame,
    costs: CostParams,
    days: float,
    agent_scale: float,
) -> pd.DataFrame:
    """Per policy and replicate: cameras, their cost over the ``days`` after the switch-on,
    and incidents truly prevented town-wide (twin minus policy, every category, in real
    incidents: one agent stands for ``agent_scale`` people, and so do its incidents).

    Args:
        runs: ``runs.csv`` (``policy, replicate, n_cameras``).
        effects: ``effects.csv`` (``level, category, policy, replicate, true_prevented_total``).
        costs: unit costs.
        days: length of the after period.
        agent_scale: people per resident agent.
    """
    by_category = effects[effects["level"] == "category"]
    prevented = (
        by_category.groupby(["policy", "replicate"])["true_prevented_total"].sum() * agent_scale
    )
    out = runs[["policy", "replicate", "n_cameras"]].merge(
        prevented.rename("prevented").reset_index(), on=["policy", "replicate"], how="left"
    )
    out["cost_rs"] = camera_cost_rs(out["n_cameras"].to_numpy(), days, costs)
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
