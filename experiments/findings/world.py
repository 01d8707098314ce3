"""Findings on the world itself: its figures per head and per km2 beside Lahore's (report: The
world beside Lahore)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from sim.analysis.per_head import FIGURES, TOLERANCE, Figure


@dataclasses.dataclass(frozen=True)
class WorldFigure:
    """One figure: the model's mean over the focus policy's replicates, and Lahore's."""

    figure: Figure
    model: float
    """Mean over replicates (NaN if the runs table does not have it)."""

    @property
    def ratio(self) -> float:
        """The model's value over Lahore's (NaN where Lahore has no figure)."""
        lahore = self.figure.lahore
        return self.model / lahore if np.isfinite(lahore) and lahore else float("nan")

    @property
    def within(self) -> bool | None:
        """Within ``TOLERANCE`` of Lahore's either way (None where there is nothing to compare)."""
        r = self.ratio
        return None if not np.isfinite(r) else 1.0 / TOLERANCE <= r <= TOLERANCE


def world_findings(runs: pd.DataFrame, policy: str | None) -> tuple[WorldFigure, ...]:
    """The per-head figures of ``policy``'s runs (cameras as it installed them; crime from its
    twins), mean over replicates; empty for results without the ``world_`` columns."""
    if policy is None or runs.empty or "world_residents_per_km2" not in runs:
        return ()
    rows = runs[runs["policy"] == policy]
    return tuple(
        WorldFigure(f, float(rows[f"world_{f.name}"].mean()) if len(rows) else float("nan"))
        for f in FIGURES
    )
