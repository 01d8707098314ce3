"""End to end: the `safecity-run` command writes one complete, reproducible results folder."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

# Every test here runs `safecity-run` in a subprocess.
pytestmark = pytest.mark.slow

RUN = [sys.executable, "-m", "experiments.run"]
ROOT = Path(__file__).resolve().parent.parent


def safecity_run(out: Path, *overrides: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*RUN, *overrides, "progress=false", f"hydra.run.dir={out}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    base = tmp_path_factory.mktemp("runs")
    args = ("city=town", "policy=safe_city", "seed=3", "days=2")
    done = [safecity_run(base / name, *args) for name in ("a", "b")]
    for proc in done:
        assert proc.returncode == 0, f"safecity-run failed:\n{proc.stderr}"
    return base / "a", base / "b"


def test_run_writes_every_result_file(two_runs):
    out, _ = two_runs
    for name in (
        "config.yaml",
        "params.yaml",
        "events.parquet",
        "series.parquet",
        "summary.json",
        "provenance.json",
    ):
        assert (out / name).is_file(), (
            f"{name} missing from {sorted(p.name for p in out.iterdir())}"
        )
    assert not list(out.glob(".*.tmp")), "temporary files were left behind"


def test_summary_has_headline_counts_run_time_and_cells(two_runs):
    summary = json.loads((two_runs[0] / "summary.json").read_text())
    events = pd.read_parquet(two_runs[0] / "events.parquet")
    assert summary["n_cells"] == 60 * 60
    assert summary["incidents"]["incidents"] == len(events)
    assert summary["timings_s"]["simulate_s"] > 0
    assert summary["ticks"] == 2 * 24


def test_provenance_names_version_commit_seed_and_packages(two_runs):
    prov = json.loads((two_runs[0] / "provenance.json").read_text())
    assert prov["seed"] == 3
    assert prov["version"], "package version missing"
    assert prov["git"]["commit"], "git commit missing"
    assert {"mesa", "numpy", "pandas"} <= prov["packages"].keys()
    assert prov["python"].startswith("3.")


def test_same_command_and_seed_give_identical_event_log_files(two_runs):
    a, b = two_runs
    assert (a / "events.parquet").read_bytes() == (b / "events.parquet").read_bytes(), (
        "two runs of the same command and seed wrote different events.parquet"
    )
    pd.testing.assert_frame_equal(
        pd.read_parquet(a / "series.parquet"), pd.read_parquet(b / "series.parquet")
    )


def test_event_log_has_the_documented_columns(two_runs):
    events = pd.read_parquet(two_runs[0] / "events.parquet")
    required = {
        "tick",
        "x",
        "y",
        "district",
        "offence",
        "category",
        "space",
        "victim_group",
        "in_view",
        "detected",
        "reported",
        "recorded",
        "arrested",
        "offender",
        "victim",
    }
    assert required <= set(events.columns), f"missing columns: {required - set(events.columns)}"


def test_invalid_parameter_exits_with_a_message_naming_the_field(tmp_path):
    proc = safecity_run(tmp_path / "bad", "surveillance.p_detect_lit=1.5", "days=1")
    assert proc.returncode == 2, f"expected exit code 2, got {proc.returncode}"
    assert "surveillance.p_detect_lit = 1.5" in proc.stderr, proc.stderr
