"""``safecity-sensitivity``: which assumptions drive the headline (SALib under Hydra).

    safecity-sensitivity                             # Morris screening of the default world
    safecity-sensitivity method=sobol n=256 launcher=slurm slurm.partition=short
    safecity-sensitivity tiny=true method=lhs        # a smoke run

Draws a design with SALib over the plausible ranges (``sim.analysis.design``), runs it with the
design runner (``experiments.design_runner``: chunks, resume, joblib or Slurm arrays) and writes
into ``results/sensitivity/<timestamp>_<method>/``: ``design.parquet`` (the rows run, whole-
number fields rounded), ``sample.parquet`` (the points as drawn), ``outcomes.parquet`` (every
registered effect outcome per row), ``indices.csv``, ``figures/`` and ``report.md``
(``experiments.sensitivity_report``). Config: ``configs/sensitivity.yaml``.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from typing import Any

import hydra
import pandas as pd
from hydra.core.hydra_config import HydraConfig
from omegaconf import DictConfig, OmegaConf

from experiments import design_runner as runner
from experiments.schema import CONFIG_DIR
from experiments.sensitivity_report import write_outputs
from sim.analysis.design import Settings, check_design, design_table, indices, problem, sample

log = logging.getLogger("safecity")

TINY: dict[str, Any] = {
    "parameters": ["offending.k_camera", "surveillance.p_detect_lit", "policing.block_cells"],
    "trajectories": 2,
    "n": {"sobol": 4, "fast": 5, "lhs": 6},
    "fast_m": 1,
    "before_days": 2,
    "after_days": 3,
    "base": {"city.width_cells": 30, "city.height_cells": 30, "population.n_people": 1500},
    "chunk_size": 4,
    "n_jobs": 1,
}
"""``tiny=true``: three parameters, two trajectories or a small n, a 30 x 30 town of 1,500
people, 2 + 3 days, in this process."""


def options(cfg: DictConfig) -> dict[str, Any]:
    """The config as a plain dict, with the tiny mode applied."""
    opts = OmegaConf.to_container(cfg, resolve=True)
    opts.pop("hydra", None)
    if opts["tiny"]:
        tiny = dict(TINY)
        tiny["n"] = tiny["n"].get(opts["method"], opts["n"])
        opts.update(tiny)
    return opts


def executor(opts: dict[str, Any], folder: Path) -> Any:
    """A submitit executor for ``launcher`` (slurm, submitit_local, submitit_debug)."""
    import submitit

    cluster = {"slurm": "slurm", "submitit_local": "local", "submitit_debug": "debug"}
    kind = cluster.get(opts["launcher"])
    if kind is None:
        raise ValueError(
            f"launcher={opts['launcher']}: expected local, slurm, submitit_local or submitit_debug"
        )
    s = opts["slurm"]
    ex = submitit.AutoExecutor(folder=folder / ".submitit", cluster=kind)
    params: dict[str, Any] = {
        "timeout_min": s["timeout_min"],
        "cpus_per_task": s["cpus_per_task"],
        "mem_gb": s["mem_gb"],
        "name": "safecity-sensitivity",
    }
    if kind == "slurm":
        extra = {k: s[k] for k in ("partition", "account", "qos") if s[k]}
        params.update({f"slurm_{k}": v for k, v in extra.items()})
        params["slurm_array_parallelism"] = s["array_parallelism"]
        if s["setup"]:
            params["slurm_setup"] = list(s["setup"])
    ex.update_parameters(**params)
    return ex


def run(opts: dict[str, Any], out: Path) -> dict[str, Any] | None:
    """Draw, run and analyse a design into ``out``; ``None`` when Slurm tasks were submitted
    without waiting (rerun the same command to analyse once they are done)."""
    t0, load_start = time.perf_counter(), os.getloadavg()
    method = opts["method"]
    prob = problem(opts["parameters"], opts["groups"])
    size = opts["trajectories"] if method == "morris" else opts["n"]
    sampling = {"num_levels": opts["num_levels"], "fast_m": opts["fast_m"]}
    x = sample(method, prob, size, seed=opts["sample_seed"], **sampling)
    design = design_table(x, prob["names"], opts["replicates"])
    settings = Settings(
        city=opts["city"],
        policy=opts["policy"],
        before_days=opts["before_days"],
        after_days=opts["after_days"],
        root_seed=opts["root_seed"],
        base=dict(opts["base"] or {}),
    )
    check_design(design, settings)
    runner.prepare(out, design, settings, opts["chunk_size"])
    runner.write_parquet(out / "sample.parquet", pd.DataFrame(x, columns=prob["names"]))
    log.info(
        "%s: %d parameters, %d points x %d replicates = %d rows in %d chunks",
        method,
        prob["num_vars"],
        len(x),
        opts["replicates"],
        len(design),
        runner.n_chunks(out),
    )
    if opts["launcher"] == "local":
        runner.run_local(out, n_jobs=opts["n_jobs"], progress=opts["progress"])
    else:
        jobs = runner.submit(out, executor(opts, out), opts["slurm"]["max_array_size"])
        log.info("submitted %d tasks in job arrays", len(jobs))
        if not opts["wait"]:
            return None
        for job in jobs:
            job.result()
    outcomes = runner.collect(out)
    table = indices(
        method, prob, x, outcomes, opts["outcomes"], seed=opts["sample_seed"], **sampling
    )
    run_info = {
        "method": method,
        "parameters": prob["num_vars"],
        "points": len(x),
        "rows": len(design),
        "wall_s": round(time.perf_counter() - t0, 1),
        "load_start": [round(v, 2) for v in load_start],
        "load_end": [round(v, 2) for v in os.getloadavg()],
        "n_jobs": opts["n_jobs"],
        **{k: round(v, 4) for k, v in runner.timings(out).items()},
    }
    return write_outputs(out, opts, prob, design, outcomes, table, run_info)


@hydra.main(version_base="1.3", config_path=str(CONFIG_DIR), config_name="sensitivity")
def main(cfg: DictConfig) -> None:
    """Entry point of ``safecity-sensitivity`` (see the module docstring)."""
    out = Path(HydraConfig.get().runtime.output_dir)
    findings = run(options(cfg), out)
    if findings is None:
        print(f"submitted; rerun with hydra.run.dir={out} to analyse when the tasks are done")
        return
    print(f"wrote {out} ({findings['run']['wall_s']} s)")


if __name__ == "__main__":
    main()
