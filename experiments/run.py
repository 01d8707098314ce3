"""``safecity-run``: one simulation run, written to one folder; with ``-m``, a sweep of runs.

    safecity-run city=town policy=safe_city seed=3 days=7
    safecity-run city=lahore policy=safe_city days=1 hydra.run.dir=results/lahore-day
    safecity-run -m policy=no_cameras,safe_city replicate=0,1,2 days=2
    safecity-run -m experiment=sweep_demo

The folder (``results/runs/<time>_<city>_<policy>_s<seed>_<pid>-<tag>`` unless ``hydra.run.dir``
says otherwise; never the current folder) holds ``config.yaml`` (the composed config),
``params.yaml`` (every parameter as run), ``events.parquet`` (one row per incident),
``series.parquet`` (one row per tick), ``residents.parquet`` (one row per resident: trips,
fear, trust, face captures, stops), ``summary.json``, ``provenance.json`` and, written last,
the empty marker ``DONE``.

In a sweep (``-m``) each job writes such a folder under ``hydra.sweep.dir``, named by the job's
overrides. A job whose folder already has ``DONE`` is skipped, so rerunning an interrupted sweep
finishes it without redoing finished jobs. A job that fails writes ``error.txt`` and the sweep
goes on; ``safecity-collect`` reports it. One process writes a folder at a time (a lock, see
:mod:`experiments.guard`); unknown keys are refused by name before Hydra runs. See
docs/sweeps.md and docs/reliability.md.
"""

from __future__ import annotations

import os

# Arrow's memory (the Parquet writer's buffers, ~31 MiB for the lahore year's event log, and
# pandas' string columns in the summary) from the system allocator rather than mimalloc, which
# keeps what it frees, so that it and numpy reuse each other's freed memory: about 50 MiB off
# the lahore year's peak (benchmarks/README.md, Memory). Arrow reads this when it is first
# imported, so it must come before the imports below; a value set outside wins.
os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")

import gc
import logging
import sys
import time
import traceback
from pathlib import Path
from typing import Any, NoReturn

import hydra
import yaml
from hydra.core.hydra_config import HydraConfig
from hydra.types import RunMode
from omegaconf import DictConfig, OmegaConf

from experiments import guard, io
from experiments.schema import (
    CONFIG_DIR,
    CONFIG_GROUPS,
    RunConfig,
    check_config_keys,
    check_overrides,
    params_from_config,
    register,
)
from sim.model import SafeCityModel
from sim.outputs.summary import summarise
from sim.params.declare import ParamError

DONE = "DONE"  # marker of a complete results folder, written after every other file
ERROR = "error.txt"  # what went wrong in a failed job: message and traceback
NOT_RESULTS = ("progress",)  # config keys that do not change a run's results
log = logging.getLogger("safecity")
register()


def quiet_mesa() -> None:
    """Mesa logs every step at INFO; under Hydra's logging that would flood the console."""
    logging.getLogger("MESA").setLevel(logging.WARNING)


def run_and_write(cfg: DictConfig, out: Path, overrides: list[str]) -> dict:
    """Build, run and write one simulation; return its summary.

    ``DONE`` is written last, so a folder with ``DONE`` holds every result file.
    """
    t0 = time.perf_counter()
    params = params_from_config(cfg)
    model = SafeCityModel(params)
    t1 = time.perf_counter()
    model.run_days(progress=cfg.progress)
    t2 = time.perf_counter()
    timings = {"build_s": round(t1 - t0, 4), "simulate_s": round(t2 - t1, 4)}
    seeds = {"root_seed": cfg.seed, "replicate": cfg.replicate}  # "seed" is the one run
    facts = {**model.facts(), **seeds, "days": params.run.days, "timings_s": timings}
    # One output at a time, each freed before the next is made, to keep the peak low (see
    # benchmarks/README.md, Memory). The model is dropped once its outputs are taken, only its
    # event log kept; the log goes to Parquet straight from its arrays, before the summary.
    log_, series, residents = model.events, model.series(), model.resident_outcomes()
    del model
    gc.collect()
    io.write_text(out / "config.yaml", OmegaConf.to_yaml(cfg))
    io.write_text(out / "params.yaml", yaml.safe_dump(params.to_dict(), sort_keys=False))
    io.write_table(out / "events.parquet", log_.to_table())
    io.write_parquet(out / "series.parquet", series)
    io.write_parquet(out / "residents.parquet", residents)
    events = log_.to_frame()
    del log_
    summary = summarise(events, series, residents, facts)
    del events, series, residents
    gc.collect()
    io.write_json(out / "summary.json", summary)
    timings["write_s"] = round(time.perf_counter() - t2, 4)
    prov = io.provenance(params.run.seed, overrides, timings)
    io.write_json(out / "provenance.json", {**prov, **seeds})
    io.write_text(out / DONE, "")
    return summary


OUTPUTS = (
    "config.yaml",
    "params.yaml",
    "events.parquet",
    "series.parquet",
    "residents.parquet",
    "summary.json",
    "provenance.json",
    DONE,
    ERROR,
)
"""The files a run writes (``io.write_atomic`` names its temporary files ``.<name>.*.tmp``)."""


def start_fresh(out: Path) -> None:
    """Clear what an earlier, unfinished or failed attempt left in ``out``: the markers and
    the temporary files of writes that were killed before their rename. Only files this
    project names are touched (the run holds the folder's lock, so no other run is writing)."""
    stale = [out / DONE, out / ERROR]
    for name in OUTPUTS:
        stale += out.glob(f".{name}.*.tmp")
    for path in stale:
        path.unlink(missing_ok=True)


def write_error(out: Path, error: BaseException) -> None:
    """Write ``error.txt``: the error in one line, then its traceback (and no ``DONE``)."""
    (out / DONE).unlink(missing_ok=True)
    trace = "".join(traceback.format_exception(error))
    io.write_text(out / ERROR, f"{type(error).__name__}: {error}\n\n{trace}")


def refuse(message: str) -> NoReturn:
    """Exit with code 2 and a one-line message (no traceback: the input was wrong)."""
    log.error("%s", message)
    print(f"safecity-run: {message}", file=sys.stderr)
    sys.exit(2)


def check_folder(hc: Any, out: Path, multirun: bool) -> None:
    """Refuse an output folder that is the current folder (an empty ``hydra.run.dir``) or,
    for a sweep job, one outside the sweep folder."""
    if not multirun and (not str(hc.run.dir).strip() or out.resolve() == Path.cwd().resolve()):
        refuse(
            f"hydra.run.dir = {str(hc.run.dir)!r} is the current folder: give the run a "
            "folder of its own (hydra.run.dir=results/my-run), or leave hydra.run.dir unset"
        )
    if multirun:
        sweep = Path(hc.sweep.dir).resolve()
        if sweep not in out.resolve().parents:
            raise ParamError(f"job folder {out} is outside the sweep folder {sweep}")


def changed_keys(cfg: DictConfig, out: Path) -> list[str]:
    """Top-level config keys whose values differ from the ``config.yaml`` stored in ``out``."""
    try:
        stored = yaml.safe_load((out / "config.yaml").read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return ["config.yaml (unreadable)"]
    now: dict[str, Any] = OmegaConf.to_container(cfg, resolve=True)  # type: ignore[assignment]
    keys = (stored.keys() | now.keys()) - set(NOT_RESULTS)
    return sorted(k for k in keys if stored.get(k) != now.get(k))


def log_summary(cfg: DictConfig, summary: dict, out: Path) -> None:
    inc = summary["incidents"]
    log.info(
        "%d days, %d incidents (%d in camera view, %d recorded, %d arrests) in %.2f s -> %s",
        cfg.days,
        inc["incidents"],
        inc["in_view"],
        inc["recorded"],
        inc["arrested"],
        summary["timings_s"]["simulate_s"],
        out,
    )


def run_job(cfg: DictConfig, out: Path, overrides: list[str]) -> None:
    """One job of a sweep: skipped if its folder is complete; any error is written to
    ``error.txt`` and logged, and the job returns so that the sweep goes on."""
    try:
        guard.lock_folder(out)
    except guard.FolderBusy as e:
        log.warning("skipping %s: another process is running this job (%s)", out.name, e)
        return
    try:  # a worker runs many jobs: each job's lock is released when it ends
        _run_locked_job(cfg, out, overrides)
    finally:
        guard.unlock_folder(out)


def _run_locked_job(cfg: DictConfig, out: Path, overrides: list[str]) -> None:
    if (out / DONE).exists():
        log.info("skipping %s: already done (delete its DONE file to redo it)", out)
        changed = changed_keys(cfg, out)
        if changed:
            log.warning(
                "%s was run with a different config (%s differ); delete its DONE file to redo it",
                out,
                ", ".join(changed),
            )
        return
    start_fresh(out)
    try:
        summary = run_and_write(cfg, out, overrides)
    except Exception as e:
        write_error(out, e)
        log.error("job %s failed: %s: %s (see %s)", out.name, type(e).__name__, e, out / ERROR)
        return
    log_summary(cfg, summary, out)


def run_single(cfg: DictConfig, out: Path, overrides: list[str]) -> None:
    """A single run: invalid parameters, or a folder another run is writing, exit with code 2
    and a one-line message."""
    try:
        guard.lock_folder(out)
    except guard.FolderBusy as e:
        refuse(str(e))
    start_fresh(out)
    try:
        summary = run_and_write(cfg, out, overrides)
    except ParamError as e:
        write_error(out, e)
        log.error("invalid parameters: %s", e)
        print(f"safecity-run: invalid parameters: {e}", file=sys.stderr)
        sys.exit(2)
    except Exception as e:
        write_error(out, e)
        raise
    log_summary(cfg, summary, out)


def progress_wanted(cfg: DictConfig, multirun: bool, overrides: list[str]) -> bool:
    """Progress bars: as configured in a single run; in a sweep only if asked for on the
    command line, since parallel jobs' bars would garble each other."""
    if not multirun:
        return bool(cfg.progress)
    return any(o.lstrip("+") in ("progress=true", "progress=True") for o in overrides)


@hydra.main(version_base="1.3", config_path=str(CONFIG_DIR), config_name="config")
def hydra_main(cfg: DictConfig) -> None:
    """The Hydra task of ``safecity-run``: one run, or one job of a sweep."""
    quiet_mesa()
    hc = HydraConfig.get()
    out = Path(hc.runtime.output_dir)
    overrides = list(hc.overrides.task)
    multirun = hc.mode == RunMode.MULTIRUN
    if multirun:
        guard.watch_parent_if_worker()
    check_folder(hc, out, multirun)
    try:
        check_config_keys(cfg, RunConfig, CONFIG_GROUPS["config"])
    except ParamError as e:
        if multirun:
            raise
        refuse(f"invalid parameters: {e}")
    cfg.progress = progress_wanted(cfg, multirun, overrides)
    if multirun:
        run_job(cfg, out, overrides)
    else:
        run_single(cfg, out, overrides)


def main() -> None:
    """Entry point of ``safecity-run``: the command-line overrides are checked against the
    schema (unknown keys, with or without ``+``, refused by name) before Hydra runs."""
    from hydra._internal.utils import get_args_parser

    args, _ = get_args_parser().parse_known_args(sys.argv[1:])
    for line in args.overrides:
        key, _, value = line.partition("=")
        if key in ("hydra.run.dir", "hydra.sweep.dir") and (
            not value.strip() or Path(value).resolve() == Path.cwd().resolve()
        ):
            refuse(
                f"{key} = {value!r} is the current folder: give the results a folder of their "
                f"own (or leave {key} unset for the default)"
            )
    try:
        check_overrides(args.overrides, RunConfig, CONFIG_GROUPS["config"])
    except ParamError as e:
        refuse(f"invalid parameters: {e}")
    hydra_main()


if __name__ == "__main__":
    main()
