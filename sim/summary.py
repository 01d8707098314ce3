"""Headline indicators of a run: pure functions of the event log and the per-tick series."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from sim.eventlog import CATEGORIES

FLAGS = ("in_view", "detected", "alerted", "reported", "recorded", "responded", "arrested")


def incident_counts(events: pd.DataFrame) -> dict[str, int]:
    """True incidents and how many were in view, detected, ... arrested."""
    counts = {"incidents": len(events)}
    counts.update({flag: int(events[flag].sum()) for flag in FLAGS})
    return counts


def by_category(events: pd.DataFrame) -> dict[str, dict[str, int]]:
    """:func:`incident_counts` for each category (spectacular, everyday)."""
    return {cat: incident_counts(events[events["category"] == cat]) for cat in CATEGORIES}


def by_victim(events: pd.DataFrame) -> dict[str, dict[str, int]]:
    """Incidents by victim gender and by victim community group."""
    return {
        "gender": {str(k): int(v) for k, v in events["victim_gender"].value_counts().items()},
        "group": {
            str(k): int(v) for k, v in events["victim_group"].value_counts().sort_index().items()
        },
    }


def response(events: pd.DataFrame) -> dict[str, float | None]:
    """Median and mean response time (minutes) of incidents that got an officer."""
    times = events.loc[events["responded"], "response_min"]
    if times.empty:
        return {"median_min": None, "mean_min": None}
    return {"median_min": float(np.median(times)), "mean_min": float(times.mean())}


def summarise(events: pd.DataFrame, series: pd.DataFrame, facts: dict[str, Any]) -> dict[str, Any]:
    """The run's summary: headline counts, breakdowns, and the model's facts (sizes, timings).

    Args:
        events: the event log (``EventLog.to_frame()``).
        series: the per-tick series.
        facts: sizes and settings to report as they are (``n_cells``, agents, cameras, ...).
    """
    return {
        **facts,
        "ticks": len(series),
        "incidents": incident_counts(events),
        "by_category": by_category(events),
        "by_victim": by_victim(events),
        "response": response(events),
        "series_totals": {c: int(series[c].sum()) for c in series.columns},
    }
