"""Sweeps: `safecity-run -m` writes one folder per job, resumes, survives failed jobs, runs on
the submitit launcher; `safecity-collect` merges a sweep into one tidy table."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from hydra import compose, initialize_config_dir

from experiments.collect import main as collect_main
from experiments.run import CONFIG_DIR
from experiments.schema import params_from_config, register, run_seed
from sim.params.declare import ParamError

ROOT = Path(__file__).resolve().parent.parent
JOBS = {  # job folder -> (policy, replicate): two policies x two replicates, a day of the town
    f"days=1,policy={policy},replicate={rep},seed=0": (policy, rep)
    for policy in ("no_cameras", "safe_city")
    for rep in (0, 1)
}
SWEEP = ("policy=no_cameras,safe_city", "replicate=0,1", "seed=0", "days=1")

register()


def safecity_sweep(sweep_dir: Path, *overrides: str) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [sys.executable, "-m", "experiments.run", "-m", *overrides, f"hydra.sweep.dir={sweep_dir}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, f"the sweep exited with {proc.returncode}:\n{proc.stderr}"
    return proc


def compose_run(*overrides: str, hydra: bool = False):
    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        return compose(config_name="config", overrides=list(overrides), return_hydra_config=hydra)


@pytest.fixture(scope="module")
def sweep(tmp_path_factory) -> Path:
    sweep_dir = tmp_path_factory.mktemp("sweep") / "s"
    safecity_sweep(sweep_dir, *SWEEP)
    return sweep_dir


@pytest.fixture(scope="module")
def collected(sweep) -> pd.DataFrame:
    assert collect_main([str(sweep)]) == 0, "collect found no finished run"
    return pd.read_parquet(sweep / "collected.parquet")


@pytest.mark.slow
def test_each_job_writes_a_complete_folder_named_by_its_overrides(sweep):
    folders = sorted(p.name for p in sweep.iterdir() if p.is_dir())
    assert folders == sorted(JOBS), f"job folders {folders}, expected {sorted(JOBS)}"
    for job in JOBS:
        files = {p.name for p in (sweep / job).iterdir()}
        assert {"DONE", "summary.json", "events.parquet", "provenance.json"} <= files, (
            f"{job} is incomplete: {sorted(files)}"
        )
        assert not (sweep / job / "error.txt").exists(), (sweep / job / "error.txt").read_text()


@pytest.mark.slow
def test_collect_gives_one_tidy_table_with_every_run_and_the_swept_parameters(collected):
    assert list(collected.columns) == [
        "job",
        "days",
        "policy",
        "seed",
        "root_seed",
        "replicate",
        "measure",
        "value",
    ]
    assert sorted(collected["job"].unique()) == sorted(JOBS)
    runs = collected.drop_duplicates("job").set_index("job")
    for job, (policy, rep) in JOBS.items():
        assert (runs.loc[job, "policy"], runs.loc[job, "replicate"]) == (policy, rep), job
    assert collected["days"].dtype == "Int64", "numeric overrides should stay numbers"
    per_run = collected.groupby("job")["measure"].nunique()
    assert (per_run > 100).all(), f"too few measures per run: {per_run.to_dict()}"
    assert collected.duplicated(["job", "measure"]).sum() == 0, "a measure appears twice in a run"
    for measure in (
        "incidents.incidents",
        "by_category.spectacular.recorded",
        "women.trips_forgone",
    ):
        assert collected["measure"].eq(measure).sum() == len(JOBS), f"{measure} missing"


@pytest.mark.slow
def test_collect_wide_gives_one_row_per_run_with_parameter_columns(sweep, collected, tmp_path):
    out = tmp_path / "wide.parquet"
    assert collect_main([str(sweep), "--wide", "--out", str(out)]) == 0
    wide = pd.read_parquet(out)
    assert len(wide) == len(JOBS), f"expected one row per run, got {len(wide)}"
    assert list(wide.columns[:6]) == ["job", "days", "policy", "seed", "root_seed", "replicate"]
    assert wide["job"].is_unique
    long = collected.set_index(["job", "measure"])["value"]
    for _, row in wide.iterrows():
        assert (row["policy"], row["replicate"]) == JOBS[row["job"]]
        assert row["incidents.in_view"] == long[(row["job"], "incidents.in_view")]
    assert set(collected["measure"]) <= set(wide.columns)


@pytest.mark.slow
def test_collected_files_carry_units_and_no_index_column(sweep, collected, tmp_path):
    out = tmp_path / "wide.parquet"
    assert collect_main([str(sweep), "--wide", "--out", str(out)]) == 0
    for path in (sweep / "collected.parquet", out):
        schema = pq.read_schema(path)
        assert not [n for n in schema.names if n.startswith("__index")], schema.names
        unit_of = json.loads(schema.metadata[b"safecity.units"])
        assert unit_of["incidents.in_view"] == "incidents"
        assert unit_of["series_means.mean_fear_women"] == "0-1"
    field = pq.read_schema(out).field("by_category.everyday.recorded")
    assert field.metadata == {b"unit": b"incidents"}


@pytest.mark.slow
def test_cameras_are_installed_only_in_the_camera_policy(collected):
    cams = collected[collected["measure"] == "n_cameras"].set_index("policy")["value"]
    assert (cams.loc["no_cameras"] == 0).all() and (cams.loc["safe_city"] > 0).all(), cams


@pytest.mark.slow
def test_replicate_seeds_derive_from_the_root_seed_and_differ_per_replicate(collected):
    runs = collected.drop_duplicates("job")
    for _, run in runs.iterrows():
        assert run["seed"] == run_seed(0, run["replicate"]), f"{run['job']} ran the wrong seed"
    seeds = runs.groupby("replicate")["seed"].unique()
    assert all(len(s) == 1 for s in seeds), f"policies of one replicate ran different seeds {seeds}"
    assert seeds.loc[0][0] != seeds.loc[1][0], "replicates 0 and 1 ran the same seed"
    assert runs["root_seed"].eq(0).all()


def test_replicate_seed_is_reproducible_independent_and_defaults_to_the_seed_itself():
    assert run_seed(7, None) == 7, "without a replicate the seed is run as is"
    assert run_seed(7, 3) == run_seed(7, 3), "the derived seed should not change between calls"
    seeds = {run_seed(7, r) for r in range(100)} | {run_seed(8, r) for r in range(100)}
    assert len(seeds) == 200, "derived seeds collide"
    assert all(0 <= s < 2**63 for s in seeds), "derived seeds must be non-negative int63"
    params = params_from_config(compose_run("seed=7", "replicate=3"))
    assert params.run.seed == run_seed(7, 3), "the config's replicate should reach the run seed"
    with pytest.raises(ParamError, match="replicate = -1"):
        params_from_config(compose_run("replicate=-1"))


@pytest.mark.slow
def test_rerun_skips_finished_jobs_and_redoes_killed_and_deleted_ones(sweep, tmp_path):
    again = tmp_path / "s"
    shutil.copytree(sweep, again)  # copy2 keeps the DONE files' times
    killed, deleted, *finished = sorted(JOBS)
    (again / killed / "DONE").unlink()  # killed before its last step
    (again / killed / ".summary.json.x.tmp").write_text("half written")
    shutil.rmtree(again / deleted)  # killed before it started
    mtimes = {job: (again / job / "DONE").stat().st_mtime_ns for job in finished}

    proc = safecity_sweep(again, *SWEEP)

    for job in JOBS:
        assert (again / job / "DONE").exists(), f"{job} was not completed by the rerun"
    for job in finished:
        assert (again / job / "DONE").stat().st_mtime_ns == mtimes[job], f"{job} was redone"
        assert "skipping" in (again / job / "run.log").read_text(), f"{job}: no skip logged"
    assert proc.stdout.count("skipping") + proc.stderr.count("skipping") == len(finished)
    assert not list((again / killed).glob(".*.tmp")), "stale temporary files were not cleared"
    for job in (killed, deleted):
        assert (again / job / "events.parquet").read_bytes() == (
            sweep / job / "events.parquet"
        ).read_bytes(), f"the redone {job} differs from the first run of the same seed"


@pytest.mark.slow
def test_failing_job_writes_error_and_the_others_complete_and_collect_names_it(tmp_path, capsys):
    sweep_dir = tmp_path / "s"
    proc = safecity_sweep(sweep_dir, "surveillance.p_detect_lit=0.5,1.5", "days=1")
    good = sweep_dir / "days=1,surveillance.p_detect_lit=0.5"
    bad = sweep_dir / "days=1,surveillance.p_detect_lit=1.5"
    assert (good / "DONE").exists(), "the valid job should complete despite the failing one"
    assert not (bad / "DONE").exists()
    error = (bad / "error.txt").read_text()
    assert error.startswith("ParamError: surveillance.p_detect_lit = 1.5"), error
    assert "Traceback" in error
    assert "1 done, 1 failed, 0 incomplete" in proc.stdout + proc.stderr, "no end-of-sweep report"

    assert collect_main([str(sweep_dir), "--out", str(tmp_path / "t.parquet")]) == 3, (
        "a sweep with a failed job is not complete: collect should exit 3 without --partial"
    )
    assert not (tmp_path / "t.parquet").exists(), "an incomplete sweep was collected"
    capsys.readouterr()
    assert collect_main([str(sweep_dir), "--out", str(tmp_path / "t.parquet"), "--partial"]) == 0
    out = capsys.readouterr().out
    assert "1 failed" in out and bad.name in out, out
    table = pd.read_parquet(tmp_path / "t.parquet")
    assert table["job"].unique().tolist() == [good.name]
    assert table["surveillance.p_detect_lit"].eq(0.5).all()


def test_collect_without_finished_runs_exits_1_with_a_message(tmp_path, capsys):
    (tmp_path / "a" / ".hydra").mkdir(parents=True)  # a job that never finished
    assert collect_main([str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert "no finished run" in captured.err, captured.err
    assert "1 incomplete" in captured.out and "a" in captured.out, captured.out


@pytest.mark.slow
def test_local_submitit_launcher_runs_a_two_job_sweep(tmp_path):
    sweep_dir = tmp_path / "s"
    safecity_sweep(
        sweep_dir, "hydra/launcher=local_submitit", "policy=no_cameras,safe_city", "days=1"
    )
    for job in ("days=1,policy=no_cameras", "days=1,policy=safe_city"):
        assert (sweep_dir / job / "DONE").exists(), f"submitit job {job} did not finish"


def test_joblib_with_two_workers_is_the_default_launcher_and_single_runs_compose():
    cfg = compose_run(hydra=True)
    assert cfg.hydra.launcher._target_.endswith("JoblibLauncher")
    assert cfg.hydra.launcher.n_jobs == 2


def test_slurm_launcher_config_composes_with_cluster_fields():
    launcher = compose_run("hydra/launcher=slurm", "hydra.launcher.partition=short", hydra=True)
    launcher = launcher.hydra.launcher
    assert launcher._target_.endswith("SlurmLauncher")
    assert launcher.partition == "short"
    assert {"timeout_min", "cpus_per_task", "mem_gb", "account", "setup"} <= set(launcher)


def test_sweep_demo_preset_is_policy_by_coverage_by_five_replicates_of_a_week():
    cfg = compose_run("experiment=sweep_demo", hydra=True)
    params = cfg.hydra.sweeper.params
    assert cfg.days == 7
    assert params["policy"] == "no_cameras,safe_city"
    assert params["surveillance.sites_per_km2"] == "0.5,0.96"
    assert params["replicate"] == "range(5)"
