"""Run an explicit design — points x replicates — in chunks: here in parallel, or on Slurm.

    from experiments.design_runner import prepare, run_local, collect
    folder = prepare(Path("results/my_design"), design, Settings(city="town"), chunk_size=8)
    run_local(folder, n_jobs=2)  # joblib (loky), a progress bar with ETA
    outcomes = collect(folder)  # outcomes.parquet, one row per design row

The design (a table from :func:`sim.analysis.design.design_table`) and its settings are written
once into the folder (``design.parquet``, ``settings.json``); the rows are cut into chunks of
``chunk_size`` rows. A chunk is the unit of work: it evaluates its rows in one process
(:func:`sim.analysis.design.evaluate_rows`, no start-up per row) and writes
``chunks/chunk-NNNNN.parquet`` atomically (temporary file, fsync, rename), then its own
``chunk-NNNNN.DONE`` marker (row count, checksum, timings). A rerun skips every chunk whose
marker is there, so an interrupted design resumes where it stopped, and the result is
byte-identical to an uninterrupted run (each row's outcomes depend only on the row and the
settings; timings live in the markers, not the data).

On Slurm (:func:`submit`) each chunk is one task of a job array, so a task bundles
``chunk_size`` rows instead of paying a job's start-up per run; a design with more chunks than
the cluster's largest array (``MaxArraySize``) is submitted as several arrays. A task receives
only the folder and its chunk number and reads the design from the folder. The command:

    safecity-sensitivity method=sobol n=256 launcher=slurm slurm.partition=short \\
        slurm.max_array_size=1000 chunk_size=16
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from sim.analysis.design import Settings, evaluate_rows

DESIGN = "design.parquet"
SETTINGS = "settings.json"
CHUNKS = "chunks"
OUTCOMES = "outcomes.parquet"


def durable_write(path: Path, write: Callable[[Path], None]) -> None:
    """``write(tmp)`` to a temporary file beside ``path``, fsync it, rename it to ``path`` and
    fsync the folder: after a crash ``path`` is either absent or complete."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        write(tmp)
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_parquet(path: Path, df: pd.DataFrame) -> None:
    """A DataFrame to Parquet without its row numbers, durably; the same frame always gives
    the same bytes."""
    table = pa.Table.from_pandas(df, preserve_index=False)
    durable_write(path, lambda tmp: pq.write_table(table, tmp, compression="snappy"))


def write_json(path: Path, data: Any) -> None:
    """JSON, durably."""
    durable_write(path, lambda tmp: tmp.write_text(json.dumps(data, indent=2) + "\n"))


def prepare(folder: Path, design: pd.DataFrame, settings: Settings, chunk_size: int = 8) -> Path:
    """Write a design and its settings into ``folder`` (or check that the ones there are the
    same, to resume) and return the folder.

    Args:
        folder: the design's folder.
        design: one row per point and replicate (``point``, ``replicate``, parameters).
        settings: what every row shares.
        chunk_size: rows per chunk (per Slurm task): large enough that a task's start-up is
            small beside its simulations, small enough that an interrupted chunk loses little.

    Raises:
        ValueError: the folder holds a different design or settings (resume with the same ones,
            or use a new folder).
    """
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, got {chunk_size}")
    folder = Path(folder)
    meta = {"settings": settings.to_dict(), "chunk_size": int(chunk_size), "rows": len(design)}
    design = design.reset_index(drop=True)
    if (folder / SETTINGS).exists():
        old = json.loads((folder / SETTINGS).read_text())
        old_design = pd.read_parquet(folder / DESIGN)
        if old != json.loads(json.dumps(meta)) or not old_design.equals(design):
            raise ValueError(
                f"{folder} holds another design or settings; to resume, pass the same design, "
                "settings and chunk_size; otherwise choose a new folder"
            )
        return folder
    write_parquet(folder / DESIGN, design)
    write_json(folder / SETTINGS, meta)
    return folder


def _meta(folder: Path) -> dict[str, Any]:
    return json.loads((Path(folder) / SETTINGS).read_text())


def n_chunks(folder: Path) -> int:
    """How many chunks the design of ``folder`` is cut into."""
    meta = _meta(folder)
    return -(-meta["rows"] // meta["chunk_size"])


def chunk_file(folder: Path, chunk: int) -> Path:
    """The outcomes file of one chunk."""
    return Path(folder) / CHUNKS / f"chunk-{chunk:05d}.parquet"


def done_file(folder: Path, chunk: int) -> Path:
    """The marker written once a chunk's outcomes are safely on disk."""
    return chunk_file(folder, chunk).with_suffix(".DONE")


def pending(folder: Path) -> list[int]:
    """The chunks without a DONE marker, in order."""
    return [i for i in range(n_chunks(folder)) if not done_file(folder, i).exists()]


def run_chunk(folder: str | Path, chunk: int) -> dict[str, Any]:
    """Evaluate one chunk (skipped if done) and write its outcomes, then its marker.

    This is the task of a worker process and of a Slurm array task: it takes only the folder
    and the chunk number. Returns the marker's contents (``rows``, ``simulate_s``, ``wall_s``,
    ``sha256``, ``skipped``).
    """
    folder = Path(folder)
    done = done_file(folder, chunk)
    if done.exists():
        return {**json.loads(done.read_text()), "skipped": True}
    t0 = time.perf_counter()
    meta = _meta(folder)
    size = meta["chunk_size"]
    rows = pd.read_parquet(folder / DESIGN).iloc[chunk * size : (chunk + 1) * size]
    outcomes, spent = evaluate_rows(rows, Settings(**meta["settings"]))
    path = chunk_file(folder, chunk)
    write_parquet(path, outcomes)
    marker = {
        "rows": len(outcomes),
        **{k: round(v, 4) for k, v in spent.items()},
        "wall_s": round(time.perf_counter() - t0, 4),
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
    }
    write_json(done, marker)
    return {**marker, "skipped": False}


def run_local(folder: Path, n_jobs: int = 2, progress: bool = True) -> list[dict[str, Any]]:
    """Run every pending chunk on this machine and return their markers.

    Args:
        folder: a folder from :func:`prepare`.
        n_jobs: worker processes (joblib's loky backend); 1 runs the chunks in this process.
        progress: show a progress bar of rows with an ETA (tqdm, on stderr).
    """
    from joblib import Parallel, delayed
    from tqdm.auto import tqdm

    folder = Path(folder)
    todo = pending(folder)
    size, rows = _meta(folder)["chunk_size"], _meta(folder)["rows"]
    total = sum(min(size, rows - i * size) for i in todo)
    bar = tqdm(total=total, unit="run", desc="design", disable=not progress, smoothing=0.1)
    if n_jobs == 1:
        results = (run_chunk(folder, i) for i in todo)
    else:
        results = Parallel(n_jobs=n_jobs, backend="loky", return_as="generator_unordered")(
            delayed(run_chunk)(str(folder), i) for i in todo
        )
    markers = []
    for marker in results:
        markers.append(marker)
        bar.update(marker["rows"])
    bar.close()
    return markers


def array_groups(chunks: Sequence[int], max_array_size: int) -> list[list[int]]:
    """Chunks split into consecutive arrays of at most ``max_array_size`` tasks."""
    if max_array_size < 1:
        raise ValueError(f"max_array_size must be at least 1, got {max_array_size}")
    return [list(chunks[i : i + max_array_size]) for i in range(0, len(chunks), max_array_size)]


def submit(folder: Path, executor: Any, max_array_size: int = 1000) -> list[Any]:
    """Submit every pending chunk as tasks of submitit job arrays; returns the jobs.

    Args:
        folder: a folder from :func:`prepare`.
        executor: a submitit executor (``submitit.AutoExecutor(folder, cluster="slurm")`` with
            its parameters set; ``LocalExecutor`` or ``DebugExecutor`` to try it here).
        max_array_size: the cluster's largest job array (Slurm's ``MaxArraySize`` less one);
            more chunks than this are submitted as several arrays.

    Wait with ``[job.result() for job in jobs]``, then :func:`collect`. Rerunning the same
    command submits only the chunks that are not done.
    """
    folder = Path(folder).resolve()
    jobs: list[Any] = []
    for group in array_groups(pending(folder), max_array_size):
        jobs.extend(executor.map_array(run_chunk, [str(folder)] * len(group), group))
    return jobs


def collect(folder: Path) -> pd.DataFrame:
    """Every chunk's outcomes, in design order, written to ``outcomes.parquet``.

    Raises:
        RuntimeError: some chunks are not done (named; rerun the design to finish them).
    """
    folder = Path(folder)
    missing = pending(folder)
    if missing:
        raise RuntimeError(
            f"{len(missing)} of {n_chunks(folder)} chunks of {folder} are not done (first: "
            f"{missing[0]}); rerun the same command to finish them"
        )
    parts = [pd.read_parquet(chunk_file(folder, i)) for i in range(n_chunks(folder))]
    outcomes = pd.concat(parts, ignore_index=True)
    write_parquet(folder / OUTCOMES, outcomes)
    return outcomes


def timings(folder: Path) -> dict[str, float]:
    """Seconds over the done chunks — bare simulation (``simulate_s``), whole evaluations
    (``evaluate_s``: the simulations, the twin comparison and the outcomes) and chunk work
    (``chunk_wall_s``: the evaluations, reading the design, writing the chunk and its marker)
    — and the overheads as shares of the simulation time: ``overhead`` of everything beyond
    the simulation, ``runner_overhead`` of the runner alone (beyond the evaluations)."""
    markers = [json.loads(done_file(folder, i).read_text()) for i in range(n_chunks(folder))]
    sim_s = sum(m["simulate_s"] for m in markers)
    eval_s = sum(m["evaluate_s"] for m in markers)
    wall_s = sum(m["wall_s"] for m in markers)
    return {
        "simulate_s": sim_s,
        "evaluate_s": eval_s,
        "chunk_wall_s": wall_s,
        "overhead": (wall_s - sim_s) / sim_s,
        "runner_overhead": (wall_s - eval_s) / sim_s,
    }
