"""Runs never collide and nothing is left running (issue 12): commands started together, a
second copy of a sweep, a sweep whose parent is killed, and the small rules behind them
(locks, job folder names, clean-up, file permissions)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from experiments import guard, io
from experiments.run import start_fresh
from experiments.schema import job_dir_name

ROOT = Path(__file__).resolve().parent.parent
RUN = [sys.executable, "-m", "experiments.run"]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def start(args: list[str], cwd: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [*RUN, *args], cwd=cwd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def children_of(pid: int) -> set[int]:
    """Every descendant of ``pid`` (read from /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {c for c, p in parents.items() if p in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


# --- the rules --------------------------------------------------------------------------------


def test_job_folder_names_cannot_leave_the_sweep_folder():
    for value in ("../../x.npz", "/etc/passwd", "a/../../b", "..\\..\\c"):
        name = job_dir_name(f"city.file={value}")
        assert "/" not in name and "\\" not in name, f"{value!r} gave the folder name {name!r}"
    assert job_dir_name("days=1,policy=safe_city") == "days=1,policy=safe_city", (
        "ordinary job folder names must not change (a rerun must find its finished jobs)"
    )


def test_clean_up_touches_only_the_files_the_project_names(tmp_path):
    mine = [".summary.json.x1.tmp", "DONE", "error.txt", ".events.parquet.ab.tmp"]
    theirs = ["notes.txt", ".draft.tmp", ".thesis.docx.tmp", "data.csv"]
    for name in mine + theirs:
        (tmp_path / name).write_text("x")
    start_fresh(tmp_path)
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == sorted(theirs), f"clean-up removed or kept the wrong files: {left}"


def test_outputs_are_readable_by_the_group_as_the_umask_allows(tmp_path):
    old = os.umask(0o027)
    try:
        io.write_text(tmp_path / "a.txt", "x")
    finally:
        os.umask(old)
    mode = (tmp_path / "a.txt").stat().st_mode & 0o777
    assert mode == 0o640, f"mode {oct(mode)}: expected 0o640 under umask 027 (not mkstemp's 0o600)"


# --- the commands -----------------------------------------------------------------------------


@pytest.mark.slow
def test_three_runs_started_together_give_three_complete_folders(tmp_path):
    densities = ("0.2", "0.5", "0.96")
    procs = [
        start(
            ["policy=safe_city", "days=1", "progress=false", f"surveillance.sites_per_km2={d}"],
            tmp_path,
        )
        for d in densities
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, f"a run failed:\n{err[-2000:]}"
    folders = sorted((tmp_path / "results" / "runs").iterdir())
    assert len(folders) == 3, f"three runs wrote {len(folders)} folders: {folders}"
    seen = set()
    for folder in folders:
        assert (folder / "DONE").exists() and not (folder / "error.txt").exists(), folder
        prov = json.loads((folder / "provenance.json").read_text())
        density = next(o for o in prov["overrides"] if "sites_per_km2" in o).split("=")[1]
        params = (folder / "params.yaml").read_text()
        assert f"sites_per_km2: {float(density)}" in params, f"{folder}: provenance mismatch"
        seen.add(density)
    assert seen == set(densities), f"runs missing or doubled: {seen}"


def hold_lock(folder: Path) -> subprocess.Popen:
    """Another process holding ``folder``'s lock (as a running ``safecity-run`` would)."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import time; from experiments import guard; "
            f"guard.lock_folder({str(folder)!r}); print('locked', flush=True); time.sleep(60)",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "locked"
    return holder


def test_a_locked_folder_refuses_a_second_writer_by_name(tmp_path):
    holder = hold_lock(tmp_path)
    try:
        with pytest.raises(guard.FolderBusy, match=rf"{tmp_path}.*another process \(pid"):
            guard.lock_folder(tmp_path)
    finally:
        holder.kill()
        holder.wait()
    guard.lock_folder(tmp_path)  # the lock went with the process that held it
    guard.unlock_folder(tmp_path)


@pytest.mark.slow
def test_a_run_into_a_folder_being_written_is_refused_and_touches_nothing(tmp_path):
    out = tmp_path / "run"
    out.mkdir()
    (out / "DONE").write_text("")  # the other run's files
    (out / ".summary.json.abc.tmp").write_text("being written")
    holder = hold_lock(out)
    try:
        proc = start(["days=1", "progress=false", f"hydra.run.dir={out}"], tmp_path)
        _, err = proc.communicate(timeout=300)
    finally:
        holder.kill()
        holder.wait()
    assert proc.returncode == 2, f"the second writer was not refused:\n{err[-2000:]}"
    assert "being written by another process" in err, err[-2000:]
    assert (out / ".summary.json.abc.tmp").exists(), "the other run's temporary file was deleted"
    assert (out / "DONE").exists() and not (out / "error.txt").exists(), "DONE beside error.txt"


SWEEP = ["-m", "policy=no_cameras,safe_city", "replicate=0,1", "days=1", "progress=false"]


@pytest.mark.slow
def test_a_second_copy_of_a_sweep_is_refused_before_any_job_and_the_first_runs_each_once(
    tmp_path,
):
    sweep = tmp_path / "s"
    args = [*SWEEP, f"hydra.sweep.dir={sweep}"]
    holder = hold_lock(sweep)  # the first copy, running
    try:
        second = start(args, tmp_path)
        _, err = second.communicate(timeout=300)
    finally:
        holder.kill()
        holder.wait()
    assert second.returncode != 0, "a second copy of a running sweep was not refused"
    assert "being written by another process" in err, err[-3000:]
    assert not list(sweep.glob("*/.hydra")), "the refused copy started jobs"

    first = start(args, tmp_path)
    _, err = first.communicate(timeout=300)
    assert first.returncode == 0, err[-2000:]
    jobs = json.loads((sweep / guard.JOBS).read_text())["jobs"]
    assert len(jobs) == 4, jobs
    for job in jobs:
        folder = sweep / job["folder"]
        assert (folder / "DONE").exists(), f"{job['folder']} not done"
        log = (folder / "run.log").read_text()
        assert log.count("incidents (") == 1, f"{job['folder']} ran more than once:\n{log}"


@pytest.mark.slow
def test_sigkill_of_a_sweep_parent_leaves_no_worker_alive(tmp_path):
    sweep = tmp_path / "s"
    parent = start(
        ["-m", "replicate=range(8)", "days=30", "progress=false", f"hydra.sweep.dir={sweep}"],
        tmp_path,
    )
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while time.monotonic() < deadline:  # the joblib workers have started a job
        workers = children_of(parent.pid)
        if len(list(sweep.glob("*/.safecity.lock"))) >= 2:
            break
        time.sleep(0.2)
    workers = children_of(parent.pid)
    assert workers, "no worker processes found"
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    killed_at = time.monotonic()
    while time.monotonic() - killed_at < 10 and any(alive(p) for p in workers):
        time.sleep(0.2)
    left = sorted(p for p in workers if alive(p))
    print(f"{len(workers)} workers; all gone {time.monotonic() - killed_at:.1f} s after SIGKILL")
    for pid in left:  # do not leave them behind for the rest of the suite
        os.kill(pid, signal.SIGKILL)
    assert not left, f"workers still alive 10 s after the parent's SIGKILL: {left}"
    done = list(sweep.glob("*/DONE"))
    assert len(done) < 8, "the workers went on to finish the sweep without their parent"


def test_the_job_list_of_a_preset_sweep_names_every_job_folder_as_hydra_does():
    from hydra import compose, initialize_config_dir

    from experiments.run import CONFIG_DIR

    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        cfg = compose(
            config_name="config", overrides=["experiment=sweep_demo"], return_hydra_config=True
        )
    jobs = guard.sweep_jobs(cfg)
    folders = {job["folder"] for job in jobs}
    assert len(jobs) == len(folders) == 20, f"sweep_demo is 2 x 2 x 5 jobs: {sorted(folders)}"
    assert "policy=safe_city,replicate=3,surveillance.sites_per_km2=0.96" in folders, folders
