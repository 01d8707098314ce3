"""The per-site field evaluation summarised: the pooled field estimate per policy and category
(``field.csv``), the sites' displacement and diffusion shares, and the twin truth beside them
(report section 2 and calibration checks A1 and A5)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from sim.analysis.pooling import BufferReading, pool_relative_effect

FIELD_COLUMNS = (
    "policy",
    "category",
    "field_relative_effect",
    "field_ci_low",
    "field_ci_high",
    "n_sites_pooled",
    "n_sites_corrected",
    "n_sites_excluded",
    "field_relative_effect_mh",
    "all_recorded_relative_effect",
    "twin_relative_change",
    "control_twin_change",
    "n_site_evaluations",
    "n_buffer_readable",
    "share_displacement",
    "share_diffusion",
    "n_wdq_reportable",
    "share_wdq_displacement",
    "share_wdq_diffusion",
    "n_twin_readable",
    "twin_share_displacement",
    "twin_share_diffusion",
)
"""Columns of ``field.csv`` (docs/experiment.md, section 8)."""


def _share(values: pd.Series, of: str, readable: pd.Series) -> float:
    n = int(readable.sum())
    return float((values[readable] == of).sum() / n) if n else np.nan


def _ratio_change(num: pd.Series, den: pd.Series) -> float:
    total = float(den.sum())
    return float(num.sum()) / total - 1.0 if total else np.nan


def field_row(policy: str, category: str, g: pd.DataFrame) -> dict:
    """One row of ``field.csv`` from the ``sites`` rows of one policy and category."""
    rec = pool_relative_effect(
        g["recorded_treatment_before"],
        g["recorded_treatment_after"],
        g["recorded_control_before"],
        g["recorded_control_after"],
    )
    every = pool_relative_effect(
        g["true_treatment_before"],
        g["true_treatment_after"],
        g["true_control_before"],
        g["true_control_after"],
    )
    low, high = rec.relative_ci
    readable = g["buffer_reading"] != BufferReading.NO_DATA.value
    ok = g["wdq_status"] == "ok"
    wdq = g["wdq"].where(ok)
    twin_readable = g["twin_buffer_reading"] != BufferReading.NO_DATA.value
    return {
        "policy": policy,
        "category": category,
        "field_relative_effect": rec.relative_effect,
        "field_ci_low": low,
        "field_ci_high": high,
        "n_sites_pooled": rec.n_pooled,
        "n_sites_corrected": rec.n_corrected,
        "n_sites_excluded": rec.n_excluded,
        "field_relative_effect_mh": rec.relative_effect_mantel_haenszel,
        "all_recorded_relative_effect": every.relative_effect,
        "twin_relative_change": _ratio_change(g["true_treatment_after"], g["twin_treatment_after"]),
        "control_twin_change": _ratio_change(g["true_control_after"], g["twin_control_after"]),
        "n_site_evaluations": len(g),
        "n_buffer_readable": int(readable.sum()),
        "share_displacement": _share(g["buffer_reading"], "displacement", readable),
        "share_diffusion": _share(g["buffer_reading"], "diffusion", readable),
        "n_wdq_reportable": int(ok.sum()),
        "share_wdq_displacement": float((wdq < 0).sum() / ok.sum()) if ok.any() else np.nan,
        "share_wdq_diffusion": float((wdq > 0).sum() / ok.sum()) if ok.any() else np.nan,
        "n_twin_readable": int(twin_readable.sum()),
        "twin_share_displacement": _share(g["twin_buffer_reading"], "displacement", twin_readable),
        "twin_share_diffusion": _share(g["twin_buffer_reading"], "diffusion", twin_readable),
    }


def field_table(sites: pd.DataFrame) -> pd.DataFrame:
    """Per policy and category, over every site of every replicate (each site-replicate one
    evaluation, as each scheme is one evaluation in the reviews): the pooled field estimate on
    recorded counts with its 95 % interval (:func:`sim.analysis.pooling.pool_relative_effect`),
    the Mantel-Haenszel check, the same estimator had every incident been recorded, the twin
    truth in the sites' treatment areas (``twin_relative_change``: true after-period incidents
    over the twin's, minus one) and in their controls (``control_twin_change``: how much the
    policy reached the controls, i.e. contamination), and the shares of sites whose buffer shows
    displacement or diffusion (on recorded counts, by the WDQ, and in truth)."""
    if sites is None or sites.empty or "category" not in sites:
        return pd.DataFrame(columns=list(FIELD_COLUMNS))
    rows = [
        field_row(policy, category, g)
        for (policy, category), g in sites.groupby(["policy", "category"], sort=False)
    ]
    return pd.DataFrame(rows, columns=list(FIELD_COLUMNS))


@dataclasses.dataclass(frozen=True)
class FieldEstimate:
    """One row of ``field.csv`` as the report reads it."""

    policy: str
    category: str
    relative_effect: float
    ci_low: float
    ci_high: float
    n_pooled: int
    n_corrected: int
    n_excluded: int
    relative_effect_mh: float
    all_recorded: float
    twin_change: float
    control_twin_change: float
    n_evaluations: int
    n_buffer_readable: int
    share_displacement: float
    share_diffusion: float
    n_wdq_reportable: int
    n_twin_readable: int
    twin_share_displacement: float
    twin_share_diffusion: float


def field_estimates(field: pd.DataFrame) -> dict[tuple[str, str], FieldEstimate]:
    """The :class:`FieldEstimate` per (policy, category) of ``field.csv``."""
    out = {}
    for r in field.itertuples(index=False):
        out[(r.policy, r.category)] = FieldEstimate(
            r.policy,
            r.category,
            r.field_relative_effect,
            r.field_ci_low,
            r.field_ci_high,
            int(r.n_sites_pooled),
            int(r.n_sites_corrected),
            int(r.n_sites_excluded),
            r.field_relative_effect_mh,
            r.all_recorded_relative_effect,
            r.twin_relative_change,
            r.control_twin_change,
            int(r.n_site_evaluations),
            int(r.n_buffer_readable),
            r.share_displacement,
            r.share_diffusion,
            int(r.n_wdq_reportable),
            int(r.n_twin_readable),
            r.twin_share_displacement,
            r.twin_share_diffusion,
        )
    return out
