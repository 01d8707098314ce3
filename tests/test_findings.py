"""The report's findings: computed once, from the tables, without matplotlib; rendering only
formats them. Synthetic tables (those of tests/test_report.py), no simulation: fast."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pandas as pd
import pytest
from test_report import make_tables

import experiments.figures.harms
import experiments.findings
import experiments.findings.harms
from experiments import calibration, report
from experiments.findings import Findings, compute_findings
from experiments.summaries import Spread

DATA_LAYER = (
    "experiments.tables",
    "experiments.summaries",
    "experiments.calibration",
    "experiments.findings",
)


def test_the_data_layer_imports_no_matplotlib():
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in DATA_LAYER)
        + "print(sorted(m for m in sys.modules if m.split('.')[0] == 'matplotlib'))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]", (
        f"the report's data layer ({', '.join(DATA_LAYER)}) must not import matplotlib, "
        f"but it loaded {proc.stdout.strip()}"
    )


def test_rendering_formats_the_findings_and_computes_nothing(monkeypatch):
    findings = compute_findings(make_tables())
    text = report.render(findings)

    def no_computing(*args, **kwargs):
        raise AssertionError("a section computed a spread instead of reading the findings")

    monkeypatch.setattr(Spread, "of", classmethod(no_computing))
    without_tables = dataclasses.replace(findings, tables={})
    assert report.render(without_tables) == text, (
        "rendering must read only the findings, never the tables behind them"
    )


def test_writing_a_report_computes_each_shared_measure_once(tmp_path, monkeypatch):
    calls: dict[str, int] = {}

    def counted(module, name):
        original = getattr(module, name)

        def wrapper(*args, **kwargs):
            calls[name] = calls.get(name, 0) + 1
            return original(*args, **kwargs)

        monkeypatch.setattr(module, name, wrapper)

    counted(report, "compute_findings")
    counted(experiments.findings, "calibration_checks")
    counted(experiments.findings, "where_crime_went")
    counted(experiments.findings, "offence_switch")
    # trips forgone feed the harms summary, the women's mobility and the harms figure
    counted(experiments.findings.harms, "trips_forgone_change")
    counted(experiments.figures.harms, "trips_forgone_change")
    report.write_report(tmp_path, make_tables())
    assert calls == {
        "compute_findings": 1,
        "calibration_checks": 1,
        "where_crime_went": 1,
        "offence_switch": 1,
        "trips_forgone_change": 1,
    }, f"each measure should be computed once per report, got {calls}"


def test_findings_hold_the_summaries_written_as_csv(tmp_path):
    tables = make_tables()
    findings = compute_findings(tables)
    assert isinstance(findings, Findings)
    report.write_report(tmp_path, tables)
    on_disk = pd.read_csv(tmp_path / "harms_summary.csv")
    assert len(on_disk) == len(findings.summaries["harms_summary"])


def test_offence_switch_ratio_is_town_wide_and_a5_compares_with_the_direct_effect():
    tables = make_tables(policies=("safe_city", "safe_city_type_displacement"))
    e = tables["effects"]
    policy = e["policy"] == "safe_city_type_displacement"
    street = policy & (e["offence"] == "street_robbery")
    home = policy & (e["offence"] == "home_robbery")
    # 20 street robberies prevented in view but only 10 town-wide (10 moved elsewhere in the
    # street); 5 home robberies added
    e.loc[street, ["true_prevented_treatment", "true_prevented_total"]] = [20, 10]
    e.loc[home, "true_prevented_total"] = -5
    findings = compute_findings(tables)
    switch = findings.switch
    assert (switch.street_prevented_in_view.mean, switch.street_prevented_town.mean) == (20, 10)
    assert switch.home_added.mean == 5
    text = report.render(findings)
    assert "About 5.0 home robberies for every 10 street robberies prevented" in text, (
        "the report's substitution ratio is against street robberies prevented town-wide"
    )
    a5 = calibration.check_a5(e)
    assert "+5.0 home robberies against 20.0 street robberies prevented in view" in a5.text, (
        "A5 compares the displacement with the direct effect, street robberies prevented in view"
    )


@pytest.mark.parametrize("missing", ["effects", "harms", "costs", "runs"])
def test_findings_of_a_missing_table_say_so(missing):
    tables = {k: v for k, v in make_tables().items() if k != missing}
    findings = compute_findings(tables)
    text = report.render(findings)
    assert text.startswith("# Do city cameras reduce violence")
    if missing == "harms":
        assert findings.harms is None and "No harms table." in text
