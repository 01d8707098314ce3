"""The effect split by channel: how much of a policy's effect in view comes from deterrence,
from incapacitation, and from the rest.

On the same seed as the policy run and its twin, the policy is run twice more: with offenders
blind to cameras (the camera weights in perceived risk, ``offending.k_camera`` and
``everyday.k_camera_harassment``, set to 0) and without camera-caused custody (arrests that came
from a camera alert, footage or a face match lead to no custody: ``sanctions.camera_custody``
off). With ``T`` the true relative change in view (policy over twin minus 1), in points (x 100):

- deterrence = ``T - T_blind``: what offenders' perception of cameras adds;
- incapacitation = ``T - T_no_camera_custody``: what holding the offenders cameras caught adds;
- other = ``T - deterrence - incapacitation``: detection without custody and the interaction.

The three add up to ``T`` by construction. All runs share the policy's zones and the twin.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.params import SimParams
from sim.world.offences import CATEGORIES

CHANNEL_COLUMNS = (
    "policy",
    "replicate",
    "category",
    "total_relative_change_treatment",
    "deterrence_points",
    "incapacitation_points",
    "other_points",
)
"""The columns of ``channels.csv``."""


def blind(params: SimParams) -> SimParams:
    """The policy with offenders and harassers blind to cameras (camera weights 0)."""
    return params.with_overrides(
        {"offending": {"k_camera": 0.0}, "everyday": {"k_camera_harassment": 0.0}}
    )


def no_camera_custody(params: SimParams) -> SimParams:
    """The policy whose camera-caused arrests lead to no custody."""
    return params.with_overrides({"sanctions": {"camera_custody": False}})


def has_channels(params: SimParams) -> bool:
    """Whether a policy has cameras to split the effect of (a policy without cameras, such as
    street lighting, has no camera channel: its split is all ``other``)."""
    return params.surveillance.placement != "none"


def split(total: float, blind_total: float, no_custody_total: float) -> dict[str, float]:
    """Points of each channel from the three relative changes (NaN propagates)."""
    t, b, c = (100.0 * float(v) for v in (total, blind_total, no_custody_total))
    deterrence, incapacitation = t - b, t - c
    return {
        "deterrence_points": deterrence,
        "incapacitation_points": incapacitation,
        "other_points": t - deterrence - incapacitation,
    }


def channel_table(
    effects: pd.DataFrame, blind_effects: pd.DataFrame | None, no_custody: pd.DataFrame | None
) -> pd.DataFrame:
    """One row per category: the total relative change in view and its channel points, from
    three effects tables (:func:`sim.analysis.twin.effects` of the policy, the blind run and
    the run without camera-caused custody, same twin and zones). Without channel runs (no
    cameras) the deterrence and incapacitation points are 0 and the whole change is other."""
    rows = []
    col = "true_relative_change_treatment"

    def change(table: pd.DataFrame | None, cat: str, default: float) -> float:
        if table is None:
            return default
        return float(table.loc[table["category"] == cat, col].iloc[0])

    for cat in CATEGORIES:
        total = change(effects, cat, np.nan)
        parts = split(total, change(blind_effects, cat, total), change(no_custody, cat, total))
        rows.append({"category": cat, "total_relative_change_treatment": total, **parts})
    return pd.DataFrame(rows)
