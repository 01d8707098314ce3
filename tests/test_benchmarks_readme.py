"""The "Latest figures" of ``benchmarks/README.md`` are those of the newest results JSON."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "benchmarks" / "latest.py"


def _latest():
    spec = importlib.util.spec_from_file_location("benchmarks_latest", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_figures_match_the_newest_results_json():
    latest = _latest()
    assert latest.main(["--check"]) == 0, (
        "benchmarks/README.md's figures differ from the newest benchmarks/results JSON: "
        "run `python benchmarks/latest.py --write` and commit the README"
    )


def test_newest_results_skips_partial_and_undated_files(tmp_path):
    latest = _latest()

    def write(name, date, partial=False):
        data = {"machine": {"date": date}, "partial": partial, "cases": []}
        (tmp_path / name).write_text(json.dumps(data))

    write("2026-01-01.json", "2026-01-01T05:00:00+00:00")
    write("2026-01-02-partial.json", "2026-01-02T05:00:00+00:00", partial=True)
    write("before-abc-2026-01-03.json", "2026-01-03T05:00:00+00:00")
    write("2026-01-01-later.json", "2026-01-01T09:00:00+00:00")
    newest = latest.newest_results(tmp_path)
    assert newest.name == "2026-01-01-later.json", (
        f"expected the full dated run measured last, got {newest.name}"
    )
