"""Regression baseline: a small fixed run still gives exactly the stored results.

The baseline is written only by ``python tests/update_baseline.py``. A mismatch means the
model's results changed: if that was intended, regenerate the baseline and commit it with the
change; if not, the change has a side effect to find.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
UPDATE = "python tests/update_baseline.py"


def _load_updater():
    spec = importlib.util.spec_from_file_location("update_baseline", HERE / "update_baseline.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


updater = _load_updater()


def _flatten(d: dict, prefix: str = "") -> dict:
    out = {}
    for key, value in d.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flatten(value, name + "."))
        else:
            out[name] = value
    return out


def _differences(stored: dict, fresh: dict) -> list[str]:
    a, b = _flatten(stored), _flatten(fresh)
    return [
        f"  {k}: stored {a.get(k, '<absent>')!r}, now {b.get(k, '<absent>')!r}"
        for k in sorted(a.keys() | b.keys())
        if a.get(k) != b.get(k)
    ]


@pytest.fixture(scope="module")
def stored() -> dict:
    if not updater.BASELINE.exists():
        pytest.fail(f"no baseline at {updater.BASELINE}: run `{UPDATE}` and commit the file")
    return json.loads(updater.BASELINE.read_text())


@pytest.fixture(scope="module")
def fresh() -> dict:
    # Through JSON, so that tuples and numbers compare as they were stored.
    return json.loads(json.dumps(updater.small_run_summary()))


def test_small_run_matches_the_stored_baseline(stored, fresh):
    if stored == fresh:
        return
    params = _differences({"params": stored.get("params", {})}, {"params": fresh["params"]})
    results = _differences(
        {k: v for k, v in stored.items() if k != "params"},
        {k: v for k, v in fresh.items() if k != "params"},
    )
    cause = (
        "parameters differ from those the baseline was made with (a default changed?):\n"
        + "\n".join(params)
        if params
        else "parameters are unchanged, so a rule or the event log changed"
    )
    pytest.fail(
        "the small fixed run no longer matches tests/baseline/small_run.json.\n"
        f"{cause}\nresults that differ:\n" + "\n".join(results) + "\n"
        f"If this change is intended, run `{UPDATE}` and commit the new baseline.",
        pytrace=False,
    )


def test_baseline_run_has_incidents_and_cameras(fresh):
    assert fresh["counts"]["incidents"] > 0, "the baseline run should have incidents to compare"
    assert fresh["series_totals"]["cameras_working"] > 0, "the baseline run should have cameras"
