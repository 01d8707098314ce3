"""Bit-for-bit check that an optimisation did not change results: hash every output of a few runs.

    python benchmarks/equivalence.py > /tmp/new.json                 # this checkout
    PYTHONPATH=/tmp/old python benchmarks/equivalence.py > /tmp/old.json
    diff /tmp/old.json /tmp/new.json                                 # empty: identical

The scenarios cover every mechanism (face recognition, outage, hotspot placement and patrol,
crime-type displacement, alternatives, an equal-budget purchase, households with men at 1:1), on
the town and on lahore. Each run's event log (every column's bytes), per-tick series, resident
outcomes and final agent state are hashed with SHA-256, so a single changed bit anywhere shows.
``tests/test_baseline.py`` runs the same scenarios and compares the hashes of their outputs (not
of the final state) with files stored in ``tests/baseline/``; this script compares two
checkouts, state included.
"""

from __future__ import annotations

import hashlib
import json
import sys

import numpy as np
import pandas as pd

from sim.model import SafeCityModel
from sim.outputs.eventlog import COLUMNS
from sim.params.policies import load_policy
from sim.presets import make_params

SAFE_CITY = load_policy("safe_city")["surveillance"]
SCENARIOS = {
    "town_safe_city_21d": ("town", {"run": {"seed": 7}, "surveillance": SAFE_CITY}, 21),
    "town_outage_hotspot_patrol_40d": (
        "town",
        {
            "run": {"seed": 3},
            "surveillance": {
                **SAFE_CITY,
                "placement": "hotspot",
                "install_day": 2,
                "outage_share": 0.5,
                "outage_after_install_days": 5,
                "outage_days": 10,
            },
            "policing": {"strategy": "hotspot"},
            # a high switch chance, so that home robberies show whatever else the town does
            "offending": {"type_displacement": True, "p_type_switch": 0.9},
        },
        40,
    ),
    "town_alternatives_14d": (
        "town",
        {
            "run": {"seed": 11},
            "surveillance": {"placement": "none"},
            "alternatives": {
                "lighting_floor": 0.8,
                "safer_transit": 0.5,
                "help_desk_reporting": 2.0,
                "start_day": 3,
            },
        },
        14,
    ),
    "town_equal_budget_wardens_14d": (
        "town",
        {
            "run": {"seed": 13},
            "surveillance": {"placement": "none"},
            "alternatives": {"start_day": 3},
            "equal_budget": {"spend_on": "wardens"},
        },
        14,
    ),
    "town_dense_passive_7d": (
        "town",
        {
            "run": {"seed": 5},
            "population": {"n_people": 20000.0},
            "surveillance": {**SAFE_CITY, "monitoring": "passive"},
        },
        7,
    ),
    "lahore_1to100_safe_city_4d": (
        "lahore",
        {"run": {"seed": 1}, "surveillance": SAFE_CITY},
        4,
    ),
    "lahore_1to1000_routes_displacement_6d": (
        "lahore",
        {
            "run": {"seed": 2},
            "population": {"agent_scale": 1000.0},
            "surveillance": {**SAFE_CITY, "placement": "transit_routes"},
            "offending": {"type_displacement": True},
        },
        6,
    ),
}


def digest(*arrays) -> str:
    """SHA-256 of arrays' dtypes, shapes and bytes."""
    h = hashlib.sha256()
    for a in arrays:
        a = np.ascontiguousarray(a)
        h.update(f"{a.dtype}{a.shape}".encode())
        h.update(a.tobytes())
    return h.hexdigest()[:20]


def fingerprint(model: SafeCityModel) -> dict[str, str | int]:
    """Hashes of the event log, the series, the resident outcomes and the final state."""
    events = model.events
    series = model.series()
    outcomes = model.resident_outcomes()
    r, off, pol = model.residents, model.offenders, model.police
    return {
        "events_rows": int(events.n_rows),
        "events": {k: digest(events.column(k)) for k in COLUMNS},
        "series": {c: digest(series[c].to_numpy(dtype=float)) for c in series.columns},
        "outcomes": {c: digest(_values(outcomes[c])) for c in outcomes.columns},
        "state": digest(
            r.trust,
            r.place.astype(np.int64),
            r.travelling,
            off.camera_belief,
            off.jailed_until,
            pol.cell.astype(np.int64),
            pol.busy_until,
            model.harassment.barred_until.astype(np.int64),
            model.policing.patrol.heat,
            model.policing.recorded_per_cell,
            model.travel.fear,
            model.cameras.coverage.astype(np.int64),
        ),
        "streams": digest(np.array([g.random() for g in model.streams.values()], dtype=float)),
    }


def _values(column: pd.Series) -> np.ndarray:
    """A column's values as a numpy array (a categorical's codes)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.cat.codes.to_numpy()
    return column.to_numpy()


def main() -> None:
    only = sys.argv[1:]
    out = {}
    for name, (preset, overrides, days) in SCENARIOS.items():
        if only and name not in only:
            continue
        model = SafeCityModel(make_params(preset, overrides))
        model.run_days(days)
        out[name] = fingerprint(model)
        print(f"{name}: {out[name]['events_rows']} events", file=sys.stderr, flush=True)
    print(json.dumps(out, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
