"""Headline indicators of a run: pure functions of the event log, the per-tick series and the
per-resident outcomes table."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from sim.world.offences import CATEGORIES, OFFENCES

FLAGS = (
    "in_view",
    "detected",
    "alerted",
    "fr_identified",
    "reported",
    "recorded",
    "responded",
    "arrested",
)


def incident_counts(events: pd.DataFrame) -> dict[str, int]:
    """True incidents and how many were in view, detected, ... arrested."""
    counts = {"incidents": len(events)}
    counts.update({flag: int(events[flag].sum()) for flag in FLAGS})
    return counts


def by_category(events: pd.DataFrame) -> dict[str, dict[str, int]]:
    """:func:`incident_counts` for each category (spectacular, everyday)."""
    return {cat: incident_counts(events[events["category"] == cat]) for cat in CATEGORIES}


def by_offence(events: pd.DataFrame) -> dict[str, dict[str, int]]:
    """:func:`incident_counts` for each offence."""
    return {name: incident_counts(events[events["offence"] == name]) for name in OFFENCES}


VICTIM_GROUPS = ("man/majority", "man/minority", "woman/majority", "woman/minority")
"""Every group label :func:`victim_label` gives, in order."""

MEAN_SERIES = ("mean_fear_women",)
"""Per-tick series that are means over people: averaged over ticks, never summed."""


def victim_label(gender: pd.Series, group: pd.Series) -> pd.Series:
    """Group label of a person: gender and community group, e.g. ``woman/minority``."""
    community = np.where(np.asarray(group) == 1, "minority", "majority")
    return pd.Series(np.asarray(gender).astype(str), index=gender.index) + "/" + community


def by_victim_group(events: pd.DataFrame) -> dict[str, dict[str, dict[str, int]]]:
    """True, detected, reported and recorded incidents by category and victim group; every
    group of :data:`VICTIM_GROUPS` is listed, with zeros where it had no victims."""
    label = victim_label(events["victim_gender"], events["victim_group"])
    out: dict[str, dict[str, dict[str, int]]] = {}
    for cat in CATEGORIES:
        in_cat = (events["category"] == cat).to_numpy()
        out[cat] = {}
        for g in VICTIM_GROUPS:
            rows = events[in_cat & (label == g).to_numpy()]
            out[cat][g] = {
                "true": len(rows),
                **{flag: int(rows[flag].sum()) for flag in ("detected", "reported", "recorded")},
            }
    return out


def response(events: pd.DataFrame) -> dict[str, float | None]:
    """Median and mean response time (minutes) of incidents that got an officer."""
    times = events.loc[events["responded"], "response_min"]
    if times.empty:
        return {"median_min": None, "mean_min": None}
    return {"median_min": float(np.median(times)), "mean_min": float(times.mean())}


def residents_by_group(residents: pd.DataFrame, days: int) -> dict[str, dict[str, float]]:
    """Per group: residents, trips made and forgone, mean fear (women), face captures per
    resident per day, false matches and wrongful stops (total and per 1,000 residents)."""
    label = victim_label(residents["gender"], residents["group"])
    out = {}
    for g, rows in residents.groupby(label, sort=True):
        n = len(rows)
        out[g] = {
            "residents": n,
            "trips": int(rows["trips"].sum()),
            "trips_forgone": int(rows["trips_forgone"].sum()),
            "trips_per_day": float(rows["trips"].sum() / n / days),
            "fear_mean": None if rows["fear"].isna().all() else float(rows["fear"].mean()),
            "face_captures_per_resident_day": float(rows["face_captures"].sum() / n / days),
            "false_matches": int(rows["false_matches"].sum()),
            "wrongful_stops": int(rows["wrongful_stops"].sum()),
            "wrongful_stops_per_1000": float(1000.0 * rows["wrongful_stops"].sum() / n),
        }
    return out


def captures_by_district(residents: pd.DataFrame, days: int) -> dict[str, float]:
    """Face captures per resident per day, by home district (privacy exposure)."""
    per = residents.groupby("district")["face_captures"].agg(["sum", "size"])
    return {str(d): float(row["sum"] / row["size"] / days) for d, row in per.iterrows()}


def women_mobility(residents: pd.DataFrame, events: pd.DataFrame, days: int) -> dict[str, Any]:
    """Women's trips made and forgone, their ratio to men's trips, harassment per 1,000 trips."""
    women = residents["gender"] == "woman"
    trips_w = int(residents.loc[women, "trips"].sum())
    per_w = residents.loc[women, "trips"].mean() if women.any() else np.nan
    per_m = residents.loc[~women, "trips"].mean() if (~women).any() else np.nan
    harassment = int((events["offence"] == "harassment").sum())
    return {
        "trips": trips_w,
        "trips_forgone": int(residents.loc[women, "trips_forgone"].sum()),
        "trips_per_woman_day": float(per_w / days),
        "trip_ratio_women_to_men": float(per_w / per_m) if per_m else None,
        "harassment_per_1000_trips": float(1000.0 * harassment / trips_w) if trips_w else None,
        "fear_mean": float(residents.loc[women, "fear"].mean()) if women.any() else None,
    }


def summarise(
    events: pd.DataFrame, series: pd.DataFrame, residents: pd.DataFrame, facts: dict[str, Any]
) -> dict[str, Any]:
    """The run's summary: headline counts, breakdowns, harms, and the model's facts.

    Args:
        events: the event log (``EventLog.to_frame()``).
        series: the per-tick series.
        residents: the per-resident outcomes (``SafeCityModel.resident_outcomes()``).
        facts: sizes and settings to report as they are (``n_cells``, ``days``, ...).
    """
    days = max(1, int(facts.get("days", len(series) // 24)))
    groups = residents_by_group(residents, days)
    return {
        **facts,
        "ticks": len(series),
        "incidents": incident_counts(events),
        "by_category": by_category(events),
        "by_offence": by_offence(events),
        "by_victim_group": by_victim_group(events),
        "recorded_share": {
            cat: (v["recorded"] / v["incidents"] if v["incidents"] else None)
            for cat, v in by_category(events).items()
        },
        "women": women_mobility(residents, events, days),
        "trips_forgone": int(residents["trips_forgone"].sum()),
        "wrongful_stops": {g: v["wrongful_stops"] for g, v in groups.items()},
        "face_captures": {g: v["face_captures_per_resident_day"] for g, v in groups.items()},
        "face_captures_by_district": captures_by_district(residents, days),
        "groups": groups,
        "response": response(events),
        "series_totals": {
            c: float(series[c].sum()) for c in series.columns if c not in MEAN_SERIES
        },
        "series_means": {
            c: float(series[c].mean()) if len(series) else None
            for c in series.columns
            if c in MEAN_SERIES
        },
    }
