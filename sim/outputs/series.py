"""The per-tick series: their names, and the collector that keeps one value of each per tick.

The model shell assembles each tick's row (``model.now``) from what the processes return, and the
collector appends it; no process writes a series.
"""

from __future__ import annotations

from collections.abc import Callable

import mesa
from mesa.datacollection import DataCollector

from sim.world.offences import CATEGORIES

SERIES = (
    "incidents",
    *CATEGORIES,
    "harassment",
    "domestic_violence",
    "in_view",
    "detected",
    "alerted",
    "reported",
    "recorded",
    "arrested",
    "people_out",
    "women_trips",
    "women_trips_forgone",
    "men_trips",
    "mean_fear_women",
    "face_captures",
    "false_matches",
    "wrongful_stops",
    "offenders_roaming",
    "offenders_jailed",
    "police_busy",
    "cameras_working",
)
"""Per-tick series (incidents of each category of ``CATEGORIES`` among them); the
DataCollector reads each from ``model.now[name]``."""

LEVELS = (
    "people_out",
    "mean_fear_women",
    "offenders_roaming",
    "offenders_jailed",
    "police_busy",
    "cameras_working",
)
"""Series that are levels or means in the hour, not counts of what happened in it."""

TOTALS = tuple(name for name in SERIES if name not in LEVELS)
"""Count series with a running total, reported as ``<name>_total`` (``model.totals``): the last
row of ``mesa.batch_run`` then holds the run's totals. Not in ``SafeCityModel.series()``."""


class SeriesCollector(DataCollector):
    """Mesa's DataCollector for the per-tick series, collecting straight from ``model.now``.

    Mesa's ``collect`` calls each reporter and deep-copies its value; ours are plain numbers,
    so copying is needless, and with 23 series it was a noticeable share of a small town's
    tick. The reporters stay registered (``model_reporters``), so the data and its frame are
    Mesa's as before."""

    def __init__(self) -> None:
        super().__init__(
            model_reporters={name: _reporter(name) for name in SERIES}
            | {f"{name}_total": _total_reporter(name) for name in TOTALS}
        )

    def collect(self, model: mesa.Model) -> None:
        """Append this tick's value of every series from ``model.now``, and the running totals
        from ``model.totals``."""
        if hasattr(self, "_collection_steps"):
            self._collection_steps.append(model.time)
        for name in SERIES:
            self.model_vars[name].append(model.now[name])
        for name in TOTALS:
            self.model_vars[f"{name}_total"].append(model.totals[name])


def _reporter(name: str) -> Callable[[mesa.Model], float]:
    """A DataCollector reporter reading this tick's value of one series."""

    def read(model: mesa.Model) -> float:
        return model.now[name]

    read.__name__ = f"read_{name}"
    return read


def _total_reporter(name: str) -> Callable[[mesa.Model], float]:
    """A DataCollector reporter reading the running total of one count series."""

    def read(model: mesa.Model) -> float:
        return model.totals[name]

    read.__name__ = f"read_{name}_total"
    return read
