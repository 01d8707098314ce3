"""Write the regression baselines in ``tests/baseline/``: the only way to update them.

    python tests/update_baseline.py                         # every scenario
    python tests/update_baseline.py --scenario NAME ...     # only these (repeatable)
    python tests/update_baseline.py --list                  # the scenarios' names

Run this only when a change to the model's results is intended (a rule, a default parameter
value, the event log's columns), and commit the new files with the change.
``tests/test_baseline.py`` compares fresh runs with the stored files.

The scenarios:

- ``small_run`` (``small_run.json``): the teaching town, seed 7, three days, Safe City style
  cameras; counts, series totals and a hash of the event log written as CSV.
- every scenario of ``benchmarks/equivalence.py`` (``<name>.json``), which between them switch on
  every mechanism (face recognition, outages, hotspot placement and patrol, crime-type
  displacement, the alternatives, passive monitoring, a dense town, lahore at 1:100 and
  1:1000): the world's sizes, counts, series totals and a hash of every column of the event
  log, the series and the resident outcomes, computed as ``equivalence.py`` computes them. The
  final internal state, which ``equivalence.py`` also hashes, is left out: the baseline pins what
  a run returns, not where a process keeps its state.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.model import SafeCityModel
from sim.outputs.eventlog import COLUMNS
from sim.presets import make_params

HERE = Path(__file__).resolve().parent
FOLDER = HERE / "baseline"
BASELINE = FOLDER / "small_run.json"
EQUIVALENCE = HERE.parent / "benchmarks" / "equivalence.py"
COMMAND = "python tests/update_baseline.py"

PRESET = "town"
SETTINGS = {
    "run": {"seed": 7, "days": 3},
    "surveillance": {"placement": "arterial_commercial"},
}
"""The small run: the teaching town, seed 7, three days, Safe City style cameras."""

WORLD_FACTS = (
    "n_residents",
    "n_offenders",
    "n_harassers",
    "n_households",
    "n_officers",
    "n_response_units",
    "n_cameras",
    "n_sites",
)
"""The sizes of ``SafeCityModel.facts()`` that a scenario's baseline keeps."""


def _number(x: Any) -> int | float:
    """A JSON number: ints stay ints, floats are rounded to 9 significant digits."""
    if isinstance(x, np.integer | int) and not isinstance(x, bool):
        return int(x)
    return float(f"{float(x):.9g}")


def small_run_summary() -> dict[str, Any]:
    """Run the fixed small run and summarise it: counts, series totals, event-log hash."""
    params = make_params(PRESET, SETTINGS)
    model = SafeCityModel(params)
    model.run_days()
    events = model.events.to_frame()
    series = model.series()
    csv = events.to_csv(index=False, lineterminator="\n", float_format="%.9g")
    flags = [c for c in events.columns if events[c].dtype == bool]
    return {
        "preset": PRESET,
        "settings": SETTINGS,
        "params": params.to_dict(),
        "counts": {"incidents": len(events), **{c: int(events[c].sum()) for c in flags}},
        "series_totals": {c: _number(series[c].sum()) for c in series.columns},
        "event_log_sha256": hashlib.sha256(csv.encode()).hexdigest(),
    }


def _load_equivalence():
    """``benchmarks/equivalence.py`` as a module (``benchmarks`` is not a package)."""
    spec = importlib.util.spec_from_file_location("equivalence", EQUIVALENCE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


EQUIVALENCE_SCENARIOS: dict[str, tuple[str, dict, int]] = _load_equivalence().SCENARIOS
"""``name -> (preset, overrides, days)`` of every scenario of ``benchmarks/equivalence.py``."""


def digest(values: np.ndarray) -> str:
    """The first 20 hex digits of the SHA-256 of an array's dtype, shape and bytes (as
    ``benchmarks/equivalence.py`` hashes a column)."""
    values = np.ascontiguousarray(values)
    h = hashlib.sha256()
    h.update(f"{values.dtype}{values.shape}".encode())
    h.update(values.tobytes())
    return h.hexdigest()[:20]


def _codes(column: pd.Series) -> np.ndarray:
    """A column's values as a numpy array (a categorical's codes)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.cat.codes.to_numpy()
    return column.to_numpy()


def scenario_summary(name: str) -> dict[str, Any]:
    """Run one scenario of ``benchmarks/equivalence.py`` and summarise it: sizes of its world,
    counts, series totals and a hash of every output column."""
    preset, overrides, days = EQUIVALENCE_SCENARIOS[name]
    params = make_params(preset, overrides)
    model = SafeCityModel(params)
    model.run_days(days)
    events = model.events.to_frame()
    series = model.series()
    outcomes = model.resident_outcomes()
    flags = [c for c in events.columns if events[c].dtype == bool]
    facts = model.facts()
    return {
        "scenario": name,
        "preset": preset,
        "days": days,
        "overrides": overrides,
        "params": params.to_dict(),
        "world": {k: _number(facts[k]) for k in WORLD_FACTS},
        "counts": {
            "incidents": len(events),
            "offences": {k: int(v) for k, v in events["offence"].value_counts().items()},
            **{c: int(events[c].sum()) for c in flags},
        },
        "series_totals": {c: _number(series[c].sum()) for c in series.columns},
        "hashes": {
            "events": {k: digest(model.events.column(k)) for k in COLUMNS},
            "series": {c: digest(series[c].to_numpy(dtype=float)) for c in series.columns},
            "outcomes": {c: digest(_codes(outcomes[c])) for c in outcomes.columns},
        },
    }


def _scenario(name: str) -> Callable[[], dict[str, Any]]:
    return lambda: scenario_summary(name)


SCENARIOS: dict[str, Callable[[], dict[str, Any]]] = {
    "small_run": small_run_summary,
    **{name: _scenario(name) for name in EQUIVALENCE_SCENARIOS},
}
"""Every baseline: its name (and file stem) -> the function that runs and summarises it."""


def path_of(name: str) -> Path:
    """The stored baseline of a scenario."""
    return FOLDER / f"{name}.json"


def as_json(summary: dict[str, Any]) -> str:
    """A summary as the text of its baseline file."""
    return json.dumps(summary, indent=2, sort_keys=True) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Write the baselines of the named scenarios (all by default)."""
    parser = argparse.ArgumentParser(prog=COMMAND, description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scenario",
        action="append",
        choices=list(SCENARIOS),
        metavar="NAME",
        help="write only this scenario's baseline (repeatable; see --list)",
    )
    parser.add_argument("--list", action="store_true", help="print the scenarios' names")
    args = parser.parse_args(argv)
    if args.list:
        print("\n".join(SCENARIOS))
        return 0
    FOLDER.mkdir(parents=True, exist_ok=True)
    for name in args.scenario or SCENARIOS:
        summary = SCENARIOS[name]()
        path = path_of(name)
        text = as_json(summary)
        same = path.exists() and path.read_text() == text
        if not same:
            path.write_text(text)
        state = "unchanged" if same else "wrote"
        print(f"{state} {path} ({summary['counts']['incidents']} incidents)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
