"""Findings on where deterred crime went: buffer, elsewhere, other hours, other offences
(report section 3)."""

from __future__ import annotations

import dataclasses

import pandas as pd


@dataclasses.dataclass(frozen=True)
class WhereRow:
    """Change in incidents against the twin, mean per replicate (negative: fewer), of one
    policy and category; the share after dark in percentage points."""

    policy: str
    category: str
    in_view: float
    buffer: float
    elsewhere: float
    total: float
    night_share_change_pp: float


@dataclasses.dataclass(frozen=True)
class WhereFindings:
    """Where crime went, per policy and category, and the largest move to other hours."""

    rows: tuple[WhereRow, ...]
    night_max: tuple[str, str, float] | None
    """(policy, category, |change|) of the largest change in the share after dark."""


def where_findings(moved: pd.DataFrame) -> WhereFindings | None:
    """The :class:`WhereFindings` of :func:`experiments.summaries.where_crime_went`'s table,
    None if it is empty."""
    if moved.empty:
        return None
    means = moved.groupby(["policy", "category"], sort=False).mean(numeric_only=True)
    rows = tuple(
        WhereRow(
            p,
            c,
            r.in_view,
            r.buffer,
            r.elsewhere,
            r.total,
            r.night_share_change_pp,
        )
        for (p, c), r in means.iterrows()
    )
    night = means["night_share_change_pp"].abs()
    night_max = None
    if night.notna().any():
        p, c = night.idxmax()
        night_max = (p, c, float(night.max()))
    return WhereFindings(rows, night_max)
