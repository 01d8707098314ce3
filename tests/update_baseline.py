"""Write the regression baseline of one small fixed run: ``python tests/update_baseline.py``.

Run this only when a change to the model's results is intended (a rule, a default parameter
value, the event log's columns), and commit the new ``tests/baseline/small_run.json`` with the
change. ``tests/test_baseline.py`` compares a fresh run with the stored file.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import numpy as np

from sim.model import SafeCityModel
from sim.presets import make_params

BASELINE = Path(__file__).resolve().parent / "baseline" / "small_run.json"
PRESET = "town"
SETTINGS = {
    "run": {"seed": 7, "days": 3},
    "surveillance": {"placement": "arterial_commercial"},
}
"""The fixed run: the teaching town, seed 7, three days, Safe City style cameras."""


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


def main() -> None:
    summary = small_run_summary()
    BASELINE.parent.mkdir(parents=True, exist_ok=True)
    BASELINE.write_text(json.dumps(summary, indent=2, sort_keys=True) + "\n")
    print(f"wrote {BASELINE} ({summary['counts']['incidents']} incidents)")


if __name__ == "__main__":
    main()
