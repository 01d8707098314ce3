"""Regression baseline: fixed runs still give exactly the stored results.

One small town run (``small_run``) and every scenario of ``benchmarks/equivalence.py`` (between
them every mechanism, on the town and on lahore) are run afresh and compared with their files in
``tests/baseline/``, which only ``python tests/update_baseline.py`` writes. A mismatch means the
model's results changed: if that was intended, regenerate the baseline of that scenario and commit
it with the change; if not, the change has a side effect to find.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable
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

MECHANISMS: dict[str, dict[str, Callable[[dict], bool]]] = {
    "small_run": {
        "incidents": lambda s: s["counts"]["incidents"] > 0,
        "cameras": lambda s: s["series_totals"]["cameras_working"] > 0,
    },
    "town_safe_city_21d": {
        "operator alerts": lambda s: s["counts"]["alerted"] > 0,
        "face recognition": lambda s: s["counts"]["fr_identified"] > 0,
    },
    "town_outage_hotspot_patrol_40d": {
        "crime-type displacement (home robbery)": lambda s: (
            s["counts"]["offences"]["home_robbery"] > 0
        ),
        # fewer camera-hours than all cameras working from their installation on
        "cameras out of order": lambda s: (
            0
            < s["series_totals"]["cameras_working"]
            < s["world"]["n_cameras"]
            * (s["days"] - s["overrides"]["surveillance"]["install_day"])
            * 24
        ),
    },
    "town_alternatives_14d": {
        "no cameras": lambda s: s["world"]["n_cameras"] == 0 and s["counts"]["in_view"] == 0,
        "incidents": lambda s: s["counts"]["incidents"] > 0,
    },
    "town_equal_budget_wardens_14d": {
        "no cameras": lambda s: s["world"]["n_cameras"] == 0 and s["counts"]["in_view"] == 0,
        "harassment": lambda s: s["counts"]["offences"]["harassment"] > 0,
    },
    "town_dense_passive_7d": {
        "detections": lambda s: s["counts"]["detected"] > 0,
        "no operator alerts (passive monitoring)": lambda s: s["counts"]["alerted"] == 0,
    },
    "lahore_1to100_safe_city_4d": {
        "operator alerts": lambda s: s["counts"]["alerted"] > 0,
        "face recognition": lambda s: s["counts"]["fr_identified"] > 0,
    },
    "lahore_1to1000_routes_displacement_6d": {
        "crime-type displacement (home robbery)": lambda s: (
            s["counts"]["offences"]["home_robbery"] > 0
        ),
        "cameras in view": lambda s: s["counts"]["in_view"] > 0,
    },
}
"""What each baseline run must show, so that it keeps testing the mechanisms it is there for."""


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
def fresh() -> Callable[[str], dict]:
    """``fresh(name)``: a scenario run afresh and summarised (once per module)."""
    done: dict[str, dict] = {}

    def get(name: str) -> dict:
        if name not in done:
            # Through JSON, so that tuples and numbers compare as they were stored.
            done[name] = json.loads(updater.as_json(updater.SCENARIOS[name]()))
        return done[name]

    return get


def test_every_scenario_has_a_baseline_file_and_every_file_a_scenario():
    stored = {p.stem for p in updater.FOLDER.glob("*.json")}
    missing = sorted(set(updater.SCENARIOS) - stored)
    assert not missing, (
        f"no baseline for {missing}: run `{UPDATE} --scenario NAME` and commit the file"
    )
    stale = sorted(stored - set(updater.SCENARIOS))
    assert not stale, f"baseline files of no scenario (renamed or removed?): {stale}"
    assert set(MECHANISMS) == set(updater.SCENARIOS), "say what each new scenario must show"


@pytest.mark.parametrize("name", list(updater.SCENARIOS))
def test_run_matches_its_stored_baseline(name, fresh):
    path = updater.path_of(name)
    if not path.exists():
        pytest.fail(f"no baseline at {path}: run `{UPDATE} --scenario {name}` and commit the file")
    stored, now = json.loads(path.read_text()), fresh(name)
    if stored == now:
        return
    params = _differences({"params": stored.get("params", {})}, {"params": now["params"]})
    results = _differences(
        {k: v for k, v in stored.items() if k != "params"},
        {k: v for k, v in now.items() if k != "params"},
    )
    cause = (
        "parameters differ from those the baseline was made with (a default changed?):\n"
        + "\n".join(params)
        if params
        else "parameters are unchanged, so a rule or the event log changed"
    )
    pytest.fail(
        f"the {name} run no longer matches tests/baseline/{path.name}.\n"
        f"{cause}\nresults that differ:\n" + "\n".join(results) + "\n"
        f"If this change is intended, run `{UPDATE} --scenario {name}` and commit the new "
        "baseline.",
        pytrace=False,
    )


@pytest.mark.parametrize("name", list(updater.SCENARIOS))
def test_baseline_run_shows_the_mechanisms_it_is_there_for(name, fresh):
    summary = fresh(name)
    absent = [what for what, shows in MECHANISMS.get(name, {}).items() if not shows(summary)]
    assert not absent, (
        f"the {name} run should show {absent}: change the scenario so that it does (a baseline "
        "of a run without them tests nothing of them)"
    )
