"""``safecity-collect``: merge the finished runs of a sweep into one tidy Parquet table.

    safecity-collect results/sweeps/sweep_demo
    safecity-collect results/sweeps/sweep_demo --out sweep_demo.parquet
    safecity-collect results/sweeps/sweep_demo --partial   # a sweep still running

A sweep (``safecity-run -m ...``) writes one folder per job. Every folder with a ``DONE`` marker
becomes rows of the table, one per numeric value of its ``summary.json``:

    job | <each overridden parameter> | seed | root_seed | replicate | measure | value

``job`` is the folder's path under the sweep folder, the parameter columns come from the job's
``.hydra/overrides.yaml`` (typed: numbers stay numbers), ``seed`` is the seed the run used (derived
from ``root_seed`` and ``replicate`` when the replicate is set), ``measure`` is the dotted path of
the value in ``summary.json`` (``incidents.recorded``, ``by_category.spectacular.in_view``,
``women.trips_forgone``) and ``value`` a float (NaN where the summary has no value, e.g. no
response time without responses). Failed jobs (``error.txt``), unfinished ones (no ``DONE``) and
jobs of the sweep's ``jobs.json`` that never started are named on the console, not collected;
each finished run's files are checked first. An incomplete sweep exits 3, writing nothing,
unless ``--partial`` is given. See docs/sweeps.md.

With ``--wide`` the table has one row per run instead, the measures as columns:

    job | <each overridden parameter> | seed | root_seed | replicate | <each measure>

Measures and their units come from the outcome registry (:mod:`sim.analysis.outcomes`,
``docs/outcomes.md``): the units are stored in the Parquet file's metadata, as JSON
``{measure: unit}`` under the key ``safecity.units`` (and, in the wide table, as each measure
column's field metadata ``unit``).
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import yaml
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.experimental.callback import Callback
from omegaconf import DictConfig

from experiments import guard, io
from sim.analysis.outcomes import units
from sim.params.declare import ParamError

DONE = "DONE"  # as in experiments.run (not imported from there: that would register Hydra)
ERROR = "error.txt"
SEED_KEYS = ("seed", "root_seed", "replicate")  # columns of their own, not measures
NOT_PARAMETERS = ("seed", "replicate", "progress")  # overrides that are not parameter columns
log = logging.getLogger("safecity")


@dataclass
class SweepState:
    """The job folders of a sweep, sorted by state; each a path relative to the sweep folder."""

    done: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # job -> first line of error.txt
    incomplete: list[str] = field(default_factory=list)
    never_started: list[str] = field(default_factory=list)  # in jobs.json, no folder

    @property
    def complete(self) -> bool:
        """Whether every job of the sweep is done."""
        return not (self.failed or self.incomplete or self.never_started)


def job_folders(sweep_dir: Path) -> list[Path]:
    """Folders under ``sweep_dir`` that a job of the sweep wrote to (Hydra writes ``.hydra/``
    into a job's folder before the job starts)."""
    found = {p.parent for p in sweep_dir.rglob(".hydra") if p.is_dir()}
    found |= {p.parent for name in (DONE, ERROR) for p in sweep_dir.rglob(name)}
    return sorted(p for p in found if ".submitit" not in p.relative_to(sweep_dir).parts)


def sweep_state(sweep_dir: Path) -> SweepState:
    """Which jobs of the sweep are done, failed, incomplete (still running, or killed) or never
    started (listed in the sweep's ``jobs.json`` with no folder)."""
    state = SweepState()
    found = {f.relative_to(sweep_dir).as_posix(): f for f in job_folders(sweep_dir)}
    for name in guard.read_jobs(sweep_dir) or []:
        if name not in found:
            state.never_started.append(name)
    for name, folder in found.items():
        if (folder / DONE).exists():
            state.done.append(name)
        elif (folder / ERROR).exists():
            lines = (folder / ERROR).read_text(encoding="utf-8", errors="replace").splitlines()
            state.failed[name] = lines[0] if lines else "(empty error.txt)"
        else:
            state.incomplete.append(name)
    return state


def job_overrides(folder: Path) -> dict[str, Any]:
    """The job's command-line overrides as ``{key: typed value}`` (``days=2`` -> 2,
    ``surveillance.sites_per_km2=0.5`` -> 0.5, ``policy=safe_city`` -> "safe_city")."""
    path = folder / ".hydra" / "overrides.yaml"
    if not path.exists():
        return {}
    lines = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    out: dict[str, Any] = {}
    for override in OverridesParser.create().parse_overrides(lines):
        if override.is_delete():
            continue
        value = override.value()
        if not isinstance(value, str | int | float | bool | type(None)):
            value = str(value)  # a list or dict value: kept as its text
        out[override.key_or_group] = value
    return out


def numeric_leaves(tree: Any, prefix: str = "") -> Iterator[tuple[str, float]]:
    """``(dotted path, value)`` of every number, boolean (0/1) or null (NaN) in a JSON tree;
    strings are skipped."""
    if isinstance(tree, dict):
        for key, sub in tree.items():
            yield from numeric_leaves(sub, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(tree, list):
        for i, sub in enumerate(tree):
            yield from numeric_leaves(sub, f"{prefix}.{i}")
    elif tree is None:
        yield prefix, math.nan
    elif isinstance(tree, bool | int | float):
        yield prefix, float(tree)


RESULT_FILES = ("events.parquet", "series.parquet", "residents.parquet")


def verify_run(folder: Path) -> dict[str, Any]:
    """Check a finished run's files before collecting it: every Parquet file present and
    readable (its footer and schema), ``summary.json`` a mapping with an integer ``seed``.
    Returns the summary.

    Raises:
        ValueError: naming the file and what is wrong with it.
    """
    for name in RESULT_FILES:
        try:
            pq.read_schema(folder / name)
        except (OSError, pa.ArrowException) as e:
            raise ValueError(f"{name} is missing or unreadable: {e}") from e
    try:
        summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise ValueError(f"summary.json is missing or unreadable: {e}") from e
    if not isinstance(summary, dict):
        raise ValueError(f"summary.json holds a {type(summary).__name__}: expected an object")
    for key in ("seed", "root_seed"):
        value = summary.get(key, 0)
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"summary.json: {key} = {value!r}: expected a whole number")
    if "seed" not in summary:
        raise ValueError("summary.json has no seed")
    return summary


def run_rows(folder: Path, job: str) -> pd.DataFrame:
    """The rows of one finished job: one per measure, with its parameters and seeds."""
    summary = verify_run(folder)
    measures = [(m, v) for m, v in numeric_leaves(summary) if m not in SEED_KEYS]
    params = {k: v for k, v in job_overrides(folder).items() if k not in NOT_PARAMETERS}
    rows = pd.DataFrame(measures, columns=["measure", "value"])
    rows.insert(0, "job", job)
    for i, (key, value) in enumerate(params.items(), start=1):
        rows.insert(i, key, [value] * len(rows))
    rows["seed"] = summary["seed"]
    rows["root_seed"] = summary.get("root_seed", summary["seed"])
    rows["replicate"] = summary.get("replicate")
    return rows


def typed(column: pd.Series) -> pd.Series:
    """A parameter column with one type: bool, integer, float, or else text (missing: NA)."""
    present = column.dropna()
    kinds = {type(v) for v in present}
    if kinds <= {bool}:
        return column.astype("boolean")
    if kinds <= {int}:
        return column.astype("Int64")
    if kinds <= {int, float}:
        return column.astype("float64")
    return column.map(lambda v: v if pd.isna(v) else str(v)).astype("string")


def collect(sweep_dir: str | Path) -> tuple[pd.DataFrame, SweepState]:
    """The tidy table of every finished run under ``sweep_dir`` and the state of every job.

    Raises:
        ParamError: if ``sweep_dir`` is not a path to a folder.
    """
    if not isinstance(sweep_dir, str | Path) or not Path(sweep_dir).is_dir():
        raise ParamError(f"sweep_dir = {sweep_dir!r}: expected the path of a sweep's folder")
    sweep_dir = Path(sweep_dir)
    state = sweep_state(sweep_dir)
    frames = []
    for job in list(state.done):
        try:
            frames.append(run_rows(sweep_dir / job, job))
        except (OSError, ValueError, KeyError, TypeError) as e:  # a file damaged after DONE
            state.done.remove(job)
            state.failed[job] = f"unreadable results: {type(e).__name__}: {e}"
    if not frames:
        return pd.DataFrame(), state
    table = pd.concat(frames, ignore_index=True)
    params = [c for c in table.columns if c not in ("job", "measure", "value", *SEED_KEYS)]
    for name in params:
        table[name] = typed(table[name].astype(object))
    table["seed"] = table["seed"].astype("int64")
    table["root_seed"] = table["root_seed"].astype("int64")
    table["replicate"] = table["replicate"].astype(object).astype("Int64")
    table["value"] = table["value"].astype("float64")
    order = ["job", *sorted(params), *SEED_KEYS, "measure", "value"]
    return table[order], state


UNITS_KEY = "safecity.units"
"""Schema metadata key of the measures' units (JSON ``{measure: unit}``)."""


def widen(table: pd.DataFrame) -> pd.DataFrame:
    """The tidy table as one row per run: the run's columns, then one column per measure (in
    the order measures first appear). A measure named like a parameter column (``days`` when
    the sweep set ``days=``) is written as ``summary.<name>``."""
    if table.empty:
        return table
    keys = [c for c in table.columns if c not in ("measure", "value")]
    runs = table.drop_duplicates("job")[keys].set_index("job")
    values = table.pivot(index="job", columns="measure", values="value")
    measures = list(dict.fromkeys(table["measure"]))
    values = values[measures].rename(columns=lambda m: f"summary.{m}" if m in keys else m)
    wide = runs.join(values).reset_index()
    wide.columns.name = None
    return wide


def write_collected(out: Path, table: pd.DataFrame, wide: bool) -> pd.DataFrame:
    """Write the tidy table (or its wide form) with the measures' units in the file's metadata;
    returns what was written."""
    measures = list(dict.fromkeys(table["measure"]))
    unit_of = units(measures, kind="run")
    written = widen(table) if wide else table
    if wide:  # measures renamed for a clash with a parameter keep their unit
        unit_of.update({f"summary.{m}": u for m, u in unit_of.items() if m in table.columns})
    schema = pa.Schema.from_pandas(written, preserve_index=False)
    if wide:
        schema = pa.schema(
            [
                f.with_metadata({"unit": unit_of[f.name]}) if f.name in unit_of else f
                for f in schema
            ],
            metadata=schema.metadata,
        )
    arrow = pa.Table.from_pandas(written, schema=schema, preserve_index=False)
    arrow = arrow.replace_schema_metadata(
        {**arrow.schema.metadata, UNITS_KEY.encode(): json.dumps(unit_of).encode()}
    )
    io.write_table(out, arrow)
    return written


def describe(state: SweepState) -> list[str]:
    """Console lines naming the failed, the incomplete and the never started jobs."""
    lines = []
    if state.failed:
        lines.append(f"{len(state.failed)} failed (error.txt):")
        lines += [f"  {job}: {first}" for job, first in state.failed.items()]
    if state.incomplete:
        lines.append(f"{len(state.incomplete)} incomplete (no DONE: still running, or killed):")
        lines += [f"  {job}" for job in state.incomplete]
    if state.never_started:
        lines.append(f"{len(state.never_started)} never started (in jobs.json, no folder):")
        lines += [f"  {job}" for job in state.never_started]
    return lines


class SweepReport(Callback):
    """Hydra callback: at the start of a sweep, take the sweep folder's lock, write its job list
    (``jobs.json``) and mark this process as the parent its joblib workers watch
    (:mod:`experiments.guard`); at the end, log how many jobs are done, failed, incomplete."""

    def on_multirun_start(self, config: DictConfig, **kwargs: Any) -> None:
        sweep_dir = Path(config.hydra.sweep.dir)
        try:
            guard.lock_folder(sweep_dir)
        except guard.FolderBusy as e:  # a second copy of the sweep stops here, before any job
            print(f"safecity-run: {e}", file=sys.stderr, flush=True)
            sys.exit(2)  # not an Exception: Hydra turns those of callbacks into warnings
        try:
            jobs = guard.sweep_jobs(config)
        except Exception as e:  # another sweeper's syntax: no list, collect says so
            log.warning("no job list for %s: %s", sweep_dir, e)
        else:
            io.write_json(sweep_dir / guard.JOBS, {"jobs": jobs})
        if "joblib" in str(config.hydra.launcher.get("_target_", "")).lower():
            guard.mark_parent()

    def on_multirun_end(self, config: DictConfig, **kwargs: Any) -> None:
        sweep_dir = Path(config.hydra.sweep.dir)
        state = sweep_state(sweep_dir)
        log.info(
            "sweep %s: %d done, %d failed, %d incomplete, %d never started",
            sweep_dir,
            len(state.done),
            len(state.failed),
            len(state.incomplete),
            len(state.never_started),
        )
        for line in describe(state):
            log.warning(line)


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``safecity-collect``; returns the exit code."""
    parser = argparse.ArgumentParser(
        prog="safecity-collect",
        description="Merge the finished runs of a sweep into one tidy Parquet table.",
    )
    parser.add_argument("sweep_dir", type=Path, help="the sweep's folder (hydra.sweep.dir)")
    parser.add_argument(
        "--out", type=Path, help="Parquet file to write (default: SWEEP_DIR/collected.parquet)"
    )
    parser.add_argument(
        "--wide",
        action="store_true",
        help="one row per run with the measures as columns (default: one row per measure)",
    )
    parser.add_argument(
        "--partial",
        action="store_true",
        help="collect the finished runs of a sweep that is not complete (exit 0)",
    )
    args = parser.parse_args(argv)
    sweep_dir: Path = args.sweep_dir
    if not sweep_dir.is_dir():
        print(f"safecity-collect: {sweep_dir} is not a folder", file=sys.stderr)
        return 1
    if args.out is not None and args.out.is_dir():
        print(f"safecity-collect: --out {args.out} is a folder: expected a file", file=sys.stderr)
        return 2
    table, state = collect(sweep_dir)
    for line in describe(state):
        print(line)
    if guard.read_jobs(sweep_dir) is None:
        print(f"note: {sweep_dir} has no {guard.JOBS}: jobs that never started cannot be named")
    if table.empty:
        print(
            f"safecity-collect: no finished run under {sweep_dir} (no job folder with a DONE "
            "file); run or resume the sweep with safecity-run -m first",
            file=sys.stderr,
        )
        return 1
    if not state.complete and not args.partial:
        print(
            f"safecity-collect: the sweep {sweep_dir} is not complete ({len(state.done)} done, "
            f"{len(state.failed)} failed, {len(state.incomplete)} incomplete, "
            f"{len(state.never_started)} never started): resume it with the same "
            "safecity-run -m command, or collect what is finished with --partial",
            file=sys.stderr,
        )
        return 3
    out: Path = args.out or sweep_dir / "collected.parquet"
    written = write_collected(out, table, args.wide)
    print(
        f"collected {len(state.done)} runs ({len(written)} rows, "
        f"{table['measure'].nunique()} measures) from {sweep_dir} -> {out}; "
        f"{len(state.failed)} failed, {len(state.incomplete)} incomplete, "
        f"{len(state.never_started)} never started"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
