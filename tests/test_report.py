"""The experiment report: files written, figures drawn, numbers traceable to the tables, and
no crash on empty, missing or all-NaN results. Synthetic tables, no simulation: fast."""

from __future__ import annotations

import io as stdio

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from experiments import calibration, figures, report
from experiments.findings import compute_findings
from experiments.summaries import Spread, pct, summarise_effects
from sim.params.experiment import ExperimentParams

POLICIES = ("safe_city", "passive_cameras", "lighting_and_transit")
REPLICATES = 3
GROUPS = ("man/majority", "man/minority", "woman/majority", "woman/minority")
FIGURE_FILES = (
    "wdq.png",
    "wdq_vs_truth.png",
    "moved_map.png",
    "harms_by_group.png",
    "recorded_vs_true.png",
)


def effects_row(policy: str, replicate: int, level: str, name: str, **values) -> dict:
    """One effects row with plausible defaults, overridden by ``values``."""
    twin_view, true_view = 60, 50 - replicate
    row = {
        "level": level,
        "category": name if level == "category" else np.nan,
        "offence": name if level == "offence" else np.nan,
        "policy": policy,
        "replicate": replicate,
        "seed": 100 + replicate,
        "wdq": 0.5,
        "wdq_status": "ok",
        "tne": 8.0,
        "true_wdq": 0.4,
        "true_wdq_status": "ok",
        "true_tne": 9.0,
        "twin_treatment_after": twin_view,
        "twin_all_after": 200,
        "true_prevented_treatment": twin_view - true_view,
        "true_prevented_buffer": 1,
        "true_prevented_total": twin_view - true_view + 3,
        "true_relative_change_treatment": (true_view - twin_view) / twin_view,
        "true_relative_change_total": -(twin_view - true_view + 3) / 200,
        "night_share_after": 0.10,
        "twin_night_share_after": 0.11,
        "recorded_relative_change_treatment": 0.2,
        "recorded_relative_change_vs_twin": 0.1,
    }
    row.update(values)
    return row


def make_tables(policies=POLICIES, replicates=REPLICATES) -> dict[str, pd.DataFrame]:
    """Synthetic tables shaped like those of ``experiments.displacement.run_experiment``."""
    effects, harms, moved, runs = [], [], [], []
    for policy in policies:
        for r in range(replicates):
            for category in ("spectacular", "everyday"):
                effects.append(effects_row(policy, r, "category", category))
            for offence in ("street_robbery", "home_robbery", "harassment"):
                effects.append(effects_row(policy, r, "offence", offence))
            effects.append(
                effects_row(
                    policy,
                    r,
                    "offence",
                    "domestic_violence",
                    twin_all_after=15,
                    true_prevented_total=0,
                    true_relative_change_total=0.0,
                )
            )
            cameras = 0 if policy == "lighting_and_transit" else 40
            for world in ("policy", "twin"):
                for k, group in enumerate(GROUPS):
                    harms.append(
                        {
                            "group": group,
                            "residents": 500 if "majority" in group else 100,
                            "trips": 1000,
                            "trips_forgone": (300 if world == "twin" else 290 - r)
                            if group.startswith("woman")
                            else 0,
                            "fear": 0.3 if group.startswith("woman") else np.nan,
                            "face_captures": 0 if world == "twin" else 50 * cameras,
                            "false_matches": 0,
                            "wrongful_stops": 0 if world == "twin" or not cameras else 5 + 10 * k,
                            "world": world,
                            "policy": policy,
                            "replicate": r,
                            "seed": 100 + r,
                        }
                    )
            for category in ("spectacular", "everyday"):
                moved.append(
                    pd.DataFrame(
                        {"x": [1, 2, 5], "y": [1, 3, 7], "change": [-2, 1, -1 - r]}
                    ).assign(category=category, policy=policy, replicate=r, seed=100 + r)
                )
            runs.append(
                {
                    "policy": policy,
                    "replicate": r,
                    "seed": 100 + r,
                    "simulate_s": 1.0,
                    "twin_simulate_s": 1.0,
                    "incidents": 900,
                    "twin_incidents": 950,
                    "n_cameras": cameras,
                    "treatment_cells": 30,
                    "before_identical_to_twin": True,
                }
            )
    meta = pd.DataFrame(
        [
            {
                "elapsed_s": 12.0,
                "before_days": 28,
                "after_days": 84,
                "replicates": replicates,
                "root_seed": 0,
                "buffer_cells": 2,
                "control_min_distance_cells": 5,
                "city": "town",
            }
        ]
    )
    return {
        "effects": pd.DataFrame(effects),
        "harms": pd.DataFrame(harms),
        "moved": pd.concat(moved, ignore_index=True),
        "runs": pd.DataFrame(runs),
        "meta": meta,
    }


def set_values(tables, policy, category, column, values) -> None:
    """Overwrite ``column`` of the category rows of one policy, replicate by replicate."""
    e = tables["effects"]
    for r, v in enumerate(values):
        sel = (
            (e["policy"] == policy)
            & (e["level"] == "category")
            & (e["category"] == category)
            & (e["replicate"] == r)
        )
        e.loc[sel, column] = v


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """A report written once from the default synthetic tables."""
    out = tmp_path_factory.mktemp("report")
    return out, report.write_report(out, make_tables())


@pytest.mark.slow
def test_write_report_writes_report_tables_and_figures(written):
    out, paths = written
    for name in ("report.md", "effects_summary.csv", "harms_summary.csv", "meta.csv"):
        assert (out / name).stat().st_size > 0, f"{name} missing or empty"
    for name in FIGURE_FILES:
        png = out / "figures" / name
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f"{name} is not a PNG"
    assert paths["report"] == out / "report.md"
    assert not list(out.rglob("*.tmp")), "temporary files left behind"


@pytest.mark.slow
def test_effects_summary_file_is_the_summary_of_the_tables(written):
    out, _ = written
    on_disk = pd.read_csv(out / "effects_summary.csv")
    expected = summarise_effects(make_tables()["effects"])
    pd.testing.assert_frame_equal(on_disk, expected, check_dtype=False)


@pytest.mark.parametrize(
    "draw",
    [
        lambda t: figures.wdq_by_policy(t["effects"]),
        lambda t: figures.wdq_vs_truth(t["effects"]),
        lambda t: figures.tne_vs_truth(t["effects"]),
        lambda t: figures.moved_map(t["moved"]),
        lambda t: figures.harms_by_group(t["harms"]),
        lambda t: figures.recorded_vs_true(t["effects"]),
    ],
)
def test_figures_are_non_empty_figures(draw):
    fig = draw(make_tables())
    assert isinstance(fig, Figure), "a plotting function must return a matplotlib Figure"
    assert fig.axes, "the figure has no axes"
    buffer = stdio.BytesIO()
    fig.savefig(buffer, format="png", dpi=40)
    assert buffer.tell() > 1000, "the saved figure is suspiciously small"


def test_report_prints_the_mean_relative_change_of_the_tables():
    tables = make_tables()
    set_values(
        tables, "safe_city", "spectacular", "true_relative_change_treatment", [-0.1, -0.2, -0.33]
    )
    text = report.render(compute_findings(tables))
    expected = pct(np.mean([-0.1, -0.2, -0.33]))
    assert expected == "-21.0%"
    assert f"| Safe City (live monitoring) | {expected} (-49.6 to +7.6)" in text, (
        "the effects table should show the mean and the 95% t-interval of that mean"
    )
    assert f"changed by {expected} against the twin world under `safe_city`" in text


def test_effects_summary_holds_means_sds_and_reportable_wdq_counts():
    tables = make_tables()
    set_values(tables, "safe_city", "spectacular", "wdq_status", ["ok", "zero_count", "ok"])
    set_values(tables, "safe_city", "spectacular", "wdq", [0.5, np.nan, 1.5])
    set_values(tables, "safe_city", "spectacular", "tne", [1.0, 2.0, 6.0])
    summary = summarise_effects(tables["effects"]).set_index(["policy", "category"])
    row = summary.loc[("safe_city", "spectacular")]
    assert row["n_wdq_reportable"] == 2
    assert row["wdq_mean"] == pytest.approx(1.0)
    assert row["tne_mean"] == pytest.approx(3.0)
    assert row["tne_sd"] == pytest.approx(np.std([1.0, 2.0, 6.0], ddof=1))
    assert row["tne_n"] == 3
    assert len(summary) == len(POLICIES) * 2, "one row per policy and category"


def test_unreportable_wdq_is_left_out_of_the_summary_even_if_numeric():
    tables = make_tables()
    set_values(tables, "safe_city", "spectacular", "wdq_status", ["unstable"] * REPLICATES)
    set_values(tables, "safe_city", "spectacular", "wdq", [40.0] * REPLICATES)
    summary = summarise_effects(tables["effects"]).set_index(["policy", "category"])
    assert summary.loc[("safe_city", "spectacular"), "n_wdq_reportable"] == 0
    assert np.isnan(summary.loc[("safe_city", "spectacular"), "wdq_mean"]), (
        "an unstable WDQ must not be averaged as if reportable"
    )


@pytest.mark.parametrize(
    ("values", "verdict"),
    [
        ([-0.12, -0.15, -0.18], "AGREES"),
        ([0.02, 0.05, 0.01], "DISAGREES"),
        ([-0.40, -0.41, -0.42], "PARTLY AGREES"),
        ([-0.03, 0.02, -0.05], "PARTLY AGREES"),
    ],
)
def test_a1_verdict_follows_the_numbers(values, verdict):
    tables = make_tables()
    set_values(tables, "safe_city", "spectacular", "true_relative_change_treatment", values)
    assert calibration.check_a1(tables["effects"]).verdict == verdict


def test_a1_is_not_checked_without_enough_incidents():
    tables = make_tables()
    set_values(tables, "safe_city", "spectacular", "twin_treatment_after", [2, 1, 0])
    check = calibration.check_a1(tables["effects"])
    assert check.verdict == "NOT CHECKED"
    assert "Not enough incidents" in check.text


def test_a3_disagrees_when_passive_does_better():
    tables = make_tables()
    set_values(tables, "safe_city", "spectacular", "true_relative_change_treatment", [-0.1] * 3)
    set_values(
        tables, "passive_cameras", "spectacular", "true_relative_change_treatment", [-0.3] * 3
    )
    assert calibration.check_a3(tables["effects"]).verdict == "DISAGREES"


def test_a5_disagrees_when_displacement_exceeds_the_direct_effect():
    tables = make_tables()
    # 10 prevented in view, but 15 more incidents in the buffer: displacement beyond the effect.
    set_values(tables, "safe_city", "spectacular", "true_prevented_treatment", [10, 10, 10])
    set_values(tables, "safe_city", "spectacular", "true_prevented_buffer", [-15, -16, -14])
    set_values(tables, "safe_city", "spectacular", "true_prevented_total", [-5, -6, -4])
    check = calibration.check_a5(tables["effects"])
    assert check.verdict == "DISAGREES"
    assert "`safe_city` spectacular" in check.text


def test_a6_disagrees_when_cameras_change_domestic_violence():
    tables = make_tables()
    e = tables["effects"]
    dv = (e["offence"] == "domestic_violence") & (e["policy"] == "safe_city")
    e.loc[dv, "true_prevented_total"] = 5  # a third of 15 incidents prevented
    assert calibration.check_a6(e, tables["runs"]).verdict == "DISAGREES"
    assert calibration.check_a6(make_tables()["effects"], tables["runs"]).verdict == "AGREES"


@pytest.mark.slow
def test_report_states_every_calibration_verdict(written):
    out, _ = written
    text = (out / "report.md").read_text()
    assert "## Calibration against the literature" in text
    for pattern in ("A1", "A3", "A5", "A6"):
        assert f"- **{pattern}:" in text, f"{pattern} is not reported"


@pytest.mark.slow
def test_all_nan_results_say_not_enough_incidents(tmp_path):
    tables = make_tables()
    e = tables["effects"]
    for column in (
        "wdq",
        "tne",
        "true_wdq",
        "true_tne",
        "true_relative_change_treatment",
        "true_relative_change_total",
        "recorded_relative_change_treatment",
        "recorded_relative_change_vs_twin",
        "night_share_after",
        "twin_night_share_after",
    ):
        e[column] = np.nan
    e["wdq_status"] = "zero_count"
    e["true_wdq_status"] = "zero_count"
    e[["true_prevented_treatment", "true_prevented_buffer", "true_prevented_total"]] = 0
    e["twin_treatment_after"] = 0
    e["twin_all_after"] = 0
    tables["moved"] = tables["moved"].iloc[0:0]
    report.write_report(tmp_path, tables)
    text = (tmp_path / "report.md").read_text()
    assert "not enough incidents" in text.lower()
    assert "nan" not in text.lower().replace("nance", ""), "a NaN leaked into the report"
    for name in FIGURE_FILES:
        assert (tmp_path / "figures" / name).exists(), f"{name} not drawn for all-NaN results"


@pytest.mark.slow
def test_empty_and_missing_tables_do_not_crash(tmp_path):
    report.write_report(tmp_path / "none", {})
    text = (tmp_path / "none" / "report.md").read_text()
    assert "not enough incidents" in text.lower() or "no results" in text.lower()
    assert "## Figures that could not be drawn" not in text, "empty tables broke a figure"
    report.write_report(
        tmp_path / "no_harms", {k: v for k, v in make_tables().items() if k != "harms"}
    )
    assert (tmp_path / "no_harms" / "report.md").exists()


def test_missing_policies_are_not_checked():
    text = report.render(compute_findings(make_tables(policies=("lighting_and_transit",))))
    assert "A1: a modest reduction" in text and "NOT CHECKED" in text
    assert "crime-type displacement was not run" in text


@pytest.mark.slow
def test_a_broken_figure_is_listed_and_the_rest_is_written(tmp_path, monkeypatch):
    def broken(findings):
        raise ValueError("boom")

    monkeypatch.setitem(report.FIGURES, "wdq", broken)
    report.write_report(tmp_path, make_tables())
    text = (tmp_path / "report.md").read_text()
    assert "`wdq`: ValueError: boom" in text
    assert (tmp_path / "figures" / "moved_map.png").exists()


@pytest.mark.slow
def test_load_tables_reads_back_a_results_folder(tmp_path):
    tables = make_tables()
    for name in ("effects", "harms", "runs"):
        tables[name].to_csv(tmp_path / f"{name}.csv", index=False)
    tables["moved"].to_parquet(tmp_path / "moved.parquet", index=False)
    (tmp_path / "experiment.yaml").write_text(
        "city: town\nexperiment:\n  before_days: 28\n  after_days: 84\n  replicates: 3\n"
        "tiny: false\n"
    )
    loaded = report.load_tables(tmp_path)
    assert loaded["meta"].iloc[0]["before_days"] == 28
    assert report.main([str(tmp_path)]) == 0
    assert "28 days without any policy" in (tmp_path / "report.md").read_text()


@pytest.mark.slow
def test_load_tables_takes_defaults_for_unset_fields_and_the_footprint_from_zones(tmp_path):
    tables = make_tables()
    for name in ("effects", "harms", "runs"):
        tables[name].to_csv(tmp_path / f"{name}.csv", index=False)
    # safecity-experiment writes every schema field, unset ones as null
    (tmp_path / "experiment.yaml").write_text(
        "city: town\nexperiment:\n  before_days: null\n  after_days: 30\n  replicates: null\n"
        "tiny: false\n"
    )
    pd.DataFrame(
        {"policy": "safe_city", "replicate": 0, "x": [1, 2, 3], "y": 0, "zone": [0, 1, 2]}
    ).to_parquet(tmp_path / "zones.parquet", index=False)
    loaded = report.load_tables(tmp_path)
    meta = loaded["meta"].iloc[0]
    assert meta["before_days"] == ExperimentParams().before_days
    assert meta["after_days"] == 30
    assert loaded["footprint"][["x", "y"]].values.tolist() == [[1, 0]], (
        "the footprint is the treatment zone (zone 0)"
    )
    assert report.main([str(tmp_path)]) == 0


def test_spread_of_replicates_ignores_missing_values():
    s = Spread.of([0.1, np.nan, 0.3])
    assert (s.n, s.mean, s.lo, s.hi) == (2, pytest.approx(0.2), 0.1, 0.3)
    assert s.ci_lo < s.mean < s.ci_hi
    empty = Spread.of([np.nan])
    assert empty.n == 0 and np.isnan(empty.mean)


def test_mean_moved_averages_over_replicates_with_absent_cells_as_zero():
    moved = pd.DataFrame(
        {
            "x": [1, 1],
            "y": [2, 2],
            "change": [-3, -1],
            "category": "spectacular",
            "policy": "safe_city",
            "replicate": [0, 1],
        }
    )
    grid = figures.mean_moved(moved, "safe_city", "spectacular", shape=(4, 3), n_replicates=4)
    assert grid.shape == (3, 4), "indexed [y, x]"
    assert grid[2, 1] == pytest.approx(-1.0), "(-3 - 1) over 4 replicates"
    assert grid.sum() == pytest.approx(-1.0)


def test_a3_is_partly_agreed_when_passive_cameras_also_work_clearly():
    tables = make_tables()
    set_values(
        tables, "safe_city", "spectacular", "true_relative_change_treatment", [-0.3, -0.32, -0.31]
    )
    set_values(
        tables,
        "passive_cameras",
        "spectacular",
        "true_relative_change_treatment",
        [-0.2, -0.21, -0.22],
    )
    check = calibration.check_a3(tables["effects"])
    assert check.verdict == "PARTLY AGREES", "passive cameras with a clear effect contradict A3"
    set_values(
        tables,
        "passive_cameras",
        "spectacular",
        "true_relative_change_treatment",
        [-0.05, 0.04, 0.0],
    )
    assert calibration.check_a3(tables["effects"]).verdict == "AGREES"


@pytest.mark.parametrize(
    ("dedicated", "verdict"),
    [
        ([-0.40, -0.38, -0.42], "AGREES"),  # a clear cut, larger than safe_city's
        ([-0.20, -0.21, -0.19], "PARTLY AGREES"),  # a clear cut, but smaller
        ([-0.10, 0.10, 0.02], "DISAGREES"),  # no clear cut
    ],
)
def test_a4_needs_a_clear_cut_and_more_than_alerts_answered_by_patrol(dedicated, verdict):
    tables = make_tables(policies=(*POLICIES, "safe_city_dedicated_response"))
    set_values(
        tables, "safe_city", "spectacular", "true_relative_change_treatment", [-0.3, -0.31, -0.29]
    )
    set_values(
        tables,
        "safe_city_dedicated_response",
        "spectacular",
        "true_relative_change_treatment",
        dedicated,
    )
    assert calibration.check_a4(tables["effects"]).verdict == verdict


def test_a4_is_not_checked_without_the_dedicated_policy():
    assert calibration.check_a4(make_tables()["effects"]).verdict == "NOT CHECKED"
