"""The channel split of the report: how much of each policy's effect in view comes from
deterrence, incapacitation and the rest (``channels.csv``, :mod:`sim.analysis.channels`)."""

from __future__ import annotations

import pandas as pd

POINTS = ("deterrence_points", "incapacitation_points", "other_points")


def channel_summary(channels: pd.DataFrame) -> pd.DataFrame:
    """Mean points per policy and category over the replicates where the change is defined:
    ``policy, category, replicates, total_points`` and the three channels (they add up to the
    total); empty without a channels table."""
    columns = ["policy", "category", "replicates", "total_points", *POINTS]
    if channels is None or channels.empty or "deterrence_points" not in channels:
        return pd.DataFrame(columns=columns)
    done = channels.dropna(subset=["total_relative_change_treatment"])
    grouped = done.groupby(["policy", "category"], sort=False)
    out = grouped[list(POINTS)].mean()
    out["total_points"] = 100.0 * grouped["total_relative_change_treatment"].mean()
    out["replicates"] = grouped.size()
    return out.reset_index()[columns]
