"""The displacement experiment's result tables as the report reads them, and the words for them.

The bottom of the report's data layer (no plotting): which tables there are, the columns of an
empty stand-in for a missing one, the selections every reader makes (category rows, one
offence's rows, policies in the config's order) and the labels of policies and WDQ statuses.
The tables are made by :func:`experiments.displacement.run_experiment` (see
:mod:`sim.analysis.twin`).
"""

from __future__ import annotations

import pandas as pd

from sim.analysis.costs import COST_KINDS, PURCHASE_COLUMNS
from sim.params.policies import label
from sim.world.offences import CATEGORIES as CATEGORIES  # the report's readers import it here

TABLES = ("effects", "harms", "moved", "runs", "costs", "sites", "meta", "channels")
NOT_ENOUGH = "not enough incidents"
CATEGORY_NOUNS = {
    "spectacular": "spectacular violence",
    "everyday": "everyday violence",
    "property": "property crime",
}
"""Each category of the event log in words."""
STATUS_LABELS = {
    "zero_count": "a count was 0",
    "no_success": "no drop in view",
    "unstable": "drop < 5%",
}
"""Why a WDQ is missing (:class:`sim.analysis.field.WdqStatus`), in words."""
SUMMARY_MEASURES = (
    "wdq",
    "tne",
    "true_prevented_treatment",
    "true_prevented_buffer",
    "true_prevented_total",
    "true_relative_change_treatment",
    "true_relative_change_total",
    "recorded_relative_change_treatment",
    "recorded_relative_change_vs_twin",
    "night_share_after",
    "twin_night_share_after",
)
"""Columns of the effects table summarised per policy and category in effects_summary.csv."""

EMPTY_COLUMNS = {
    "effects": (
        "level",
        "category",
        "offence",
        "policy",
        "replicate",
        "wdq_status",
        "true_wdq",
        "true_wdq_status",
        "true_tne",
        "twin_treatment_after",
        "twin_all_after",
        *SUMMARY_MEASURES,
    ),
    "harms": (
        "group",
        "residents",
        "trips",
        "trips_forgone",
        "fear",
        "face_captures",
        "false_matches",
        "wrongful_stops",
        "world",
        "policy",
        "replicate",
    ),
    "runs": (
        "policy",
        "replicate",
        "n_cameras",
        "treatment_cells",
        "twin_incidents",
        "before_identical_to_twin",
    ),
    "moved": ("x", "y", "change", "category", "policy", "replicate"),
    "costs": (
        "policy",
        "replicate",
        "n_cameras",
        *PURCHASE_COLUMNS,
        *(f"prevented_{kind}" for kind in COST_KINDS),
        "cost_rs",
    ),
}
"""Columns of an empty stand-in for a missing or empty table."""


def complete(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The tables, with an empty frame of the expected columns for any missing or empty."""
    out = {name: pd.DataFrame() for name in TABLES}
    out.update({k: v for k, v in tables.items() if v is not None})
    for name, columns in EMPTY_COLUMNS.items():
        if out[name].empty:
            out[name] = pd.DataFrame({c: pd.Series(dtype=float) for c in columns})
    return out


def meta_of(tables: dict[str, pd.DataFrame]) -> dict:
    """The one row of ``meta`` (the design, the city, the run time) as a dict; empty if none."""
    meta = tables.get("meta")
    return meta.iloc[0].to_dict() if meta is not None and not meta.empty else {}


def policy_label(policy: str, one_line: bool = False) -> str:
    """A short plain-language name of a policy (its registry label)."""
    text = label(policy)
    return text.replace("\n", " ") if one_line else text


def policies_in(df: pd.DataFrame, column: str = "policy") -> list[str]:
    """Policies in order of first appearance (the order of the experiment's config)."""
    if df is None or df.empty or column not in df:
        return []
    return list(dict.fromkeys(df[column].dropna()))


def category_rows(effects: pd.DataFrame) -> pd.DataFrame:
    """The per-category rows of the effects table (drops the per-offence rows)."""
    if effects is None or "level" not in effects:
        known = [] if effects is None else list(effects.columns)
        columns = dict.fromkeys(["policy", "category", "replicate", *known])
        return pd.DataFrame(columns=list(columns))
    return effects[effects["level"] == "category"]


def offence_rows(effects: pd.DataFrame, offence: str) -> pd.DataFrame:
    """The rows of one offence (``home_robbery``, ...) of the effects table."""
    if effects.empty or "offence" not in effects:
        return effects.iloc[0:0]
    return effects[(effects["level"] == "offence") & (effects["offence"] == offence)]


def replicates_per_policy(tables: dict[str, pd.DataFrame]) -> dict[str, int]:
    """Replicates run per policy, from ``runs`` (or ``effects`` if there is no runs table)."""
    source = tables["runs"] if not tables["runs"].empty else tables["effects"]
    if source.empty:
        return {}
    return source.groupby("policy")["replicate"].nunique().to_dict()


def twin_quotient(rows: pd.DataFrame) -> pd.Series:
    """The twin world's counterpart of the WDQ: incidents prevented in the buffer over those
    prevented in view (``true_prevented_buffer / true_prevented_treatment``). Positive:
    diffusion of benefits; negative: displacement into the buffer. NaN where nothing was
    prevented in view, as the WDQ is undefined where the treatment did not work."""
    direct = rows["true_prevented_treatment"].astype(float)
    return (rows["true_prevented_buffer"].astype(float) / direct).where(direct > 0)
