"""``safecity-experiment``: the displacement experiment, the project's main job.

    safecity-experiment                       # the town, every policy, 5 replicates, twins
    safecity-experiment experiment.replicates=10 'policies=[safe_city,passive_cameras]'

For each replicate seed (derived from the root seed) the no-policy twin is run once and each
policy once, switched on at the intervention day. The folder
``results/displacement/<timestamp>/`` receives ``effects.csv`` (one row per policy, replicate,
category or offence: field measures and the twin-world truth), ``harms.csv``, ``moved.parquet``,
``runs.csv``, figures and ``report.md``.
"""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

import hydra
import numpy as np
import pandas as pd
from hydra import compose
from hydra.core.hydra_config import HydraConfig
from joblib import Parallel, delayed
from omegaconf import DictConfig, OmegaConf

from experiments import io
from experiments.schema import params_from_config, register
from sim.experiment import effects, harms, moved, simulate, twin_of, with_intervention
from sim.params import SimParams
from sim.params.experiment import ExperimentParams
from sim.streams import replicate_seed
from sim.validation import ParamError

CONFIG_DIR = Path(__file__).resolve().parent.parent / "configs"
TWIN = "no_cameras"
TINY = {"experiment": {"before_days": 3, "after_days": 4, "replicates": 2}}
TINY_OVERRIDES = ["city.width_cells=30", "city.height_cells=30", "population.n_people=1500"]
log = logging.getLogger("safecity")
register()


def policy_params(city: str, policy: str, overrides: list[str]) -> SimParams:
    """Validated parameters of a policy file on a city, with command-line style overrides."""
    cfg = compose(config_name="config", overrides=[f"city={city}", f"policy={policy}", *overrides])
    return params_from_config(cfg)


def run_replicate(
    replicate: int, exp: ExperimentParams, twin: SimParams, policies: dict[str, SimParams]
) -> dict[str, pd.DataFrame]:
    """The twin and every policy for one replicate seed; small tables out (runs in a worker)."""
    seed = replicate_seed(exp.root_seed, replicate)
    t0 = time.perf_counter()
    twin_world = simulate(with_intervention(twin, exp, seed))
    twin_s = time.perf_counter() - t0
    tables: dict[str, list[pd.DataFrame]] = {"effects": [], "harms": [], "moved": [], "runs": []}
    before = twin_world.events["tick"] < exp.before_days * 24
    for name, params in policies.items():
        t0 = time.perf_counter()
        world = simulate(with_intervention(params, exp, seed))
        run_s = time.perf_counter() - t0
        tag = {"policy": name, "replicate": replicate, "seed": seed}
        tables["effects"].append(effects(world, twin_world, exp).assign(**tag))
        tables["harms"].append(harms(world, twin_world).assign(**tag))
        for category in ("spectacular", "everyday"):
            diff = moved(world, twin_world, exp, category)
            cells = np.flatnonzero(diff)
            city = world.model.city
            tables["moved"].append(
                pd.DataFrame(
                    {"x": city.x[cells], "y": city.y[cells], "change": diff[cells]}
                ).assign(category=category, **tag)
            )
        same_before = world.events[world.events["tick"] < exp.before_days * 24].reset_index(
            drop=True
        )
        tables["runs"].append(
            pd.DataFrame(
                [
                    {
                        **tag,
                        "simulate_s": run_s,
                        "twin_simulate_s": twin_s,
                        "incidents": len(world.events),
                        "twin_incidents": len(twin_world.events),
                        "n_cameras": world.model.cameras.n,
                        "treatment_cells": int(world.footprint.sum()),
                        "before_identical_to_twin": same_before.equals(
                            twin_world.events[before].reset_index(drop=True)
                        ),
                    }
                ]
            )
        )
    return {k: pd.concat(v, ignore_index=True) for k, v in tables.items()}


def run_experiment(cfg: DictConfig, out: Path) -> dict[str, pd.DataFrame]:
    """Build every policy's parameters, run all replicates in parallel, write the tables."""
    exp_dict = OmegaConf.to_container(cfg.experiment, resolve=True)
    overrides = list(cfg.overrides)
    if cfg.tiny:
        exp_dict.update(TINY["experiment"])
        overrides = TINY_OVERRIDES + overrides
    exp = ExperimentParams.from_dict(exp_dict)
    policies = {name: policy_params(cfg.city, name, overrides) for name in cfg.policies}
    twin = twin_of(policy_params(cfg.city, TWIN, overrides))
    log.info(
        "%d policies x %d replicates (+ twins), %d + %d days, %d workers",
        len(policies),
        exp.replicates,
        exp.before_days,
        exp.after_days,
        cfg.n_jobs,
    )
    t0 = time.perf_counter()
    parts = Parallel(n_jobs=cfg.n_jobs)(
        delayed(run_replicate)(r, exp, twin, policies) for r in range(exp.replicates)
    )
    elapsed = time.perf_counter() - t0
    tables = {k: pd.concat([p[k] for p in parts], ignore_index=True) for k in parts[0]}
    io.write_text(out / "experiment.yaml", OmegaConf.to_yaml(cfg))
    io.write_atomic(out / "effects.csv", lambda tmp: tables["effects"].to_csv(tmp, index=False))
    io.write_atomic(out / "harms.csv", lambda tmp: tables["harms"].to_csv(tmp, index=False))
    io.write_atomic(out / "runs.csv", lambda tmp: tables["runs"].to_csv(tmp, index=False))
    io.write_parquet(out / "moved.parquet", tables["moved"])
    io.write_json(
        out / "provenance.json",
        io.provenance(
            exp.root_seed,
            list(HydraConfig.get().overrides.task),
            {"experiment_s": round(elapsed, 2)},
        ),
    )
    tables["meta"] = pd.DataFrame([{"elapsed_s": elapsed, **exp.to_dict(), "city": cfg.city}])
    return tables


@hydra.main(version_base="1.3", config_path=str(CONFIG_DIR), config_name="displacement")
def main(cfg: DictConfig) -> None:
    """Entry point of ``safecity-experiment``."""
    logging.getLogger("MESA").setLevel(logging.WARNING)
    out = Path(HydraConfig.get().runtime.output_dir)
    try:
        tables = run_experiment(cfg, out)
    except ParamError as e:
        print(f"safecity-experiment: invalid parameters: {e}", file=sys.stderr)
        sys.exit(2)
    from experiments.report import write_report

    write_report(out, tables)
    log.info("done in %.1f s -> %s", tables["meta"]["elapsed_s"].iloc[0], out)


if __name__ == "__main__":
    main()
