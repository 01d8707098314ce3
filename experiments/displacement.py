"""``safecity-experiment``: the displacement experiment, the project's main job.

    safecity-experiment                       # lahore_slice, every policy, until +-3 points
    safecity-experiment city=town             # the teaching town
    safecity-experiment experiment.replicates=10 'policies=[safe_city,passive_cameras]'
    safecity-experiment city=lahore 'overrides=["population.agent_scale=1000"]'

For each replicate seed (derived from the root seed) each policy is run once, switched on at
the intervention day, and the no-policy twin once for all policies that share it (one per
replicate, plus one with crime-type displacement on when that policy is run). The folder
``results/displacement/<timestamp>/`` receives ``effects.csv`` (one row per policy, replicate,
category or offence: field measures and the twin-world truth), ``harms.csv``, ``costs.csv``
(cameras, their cost and incidents prevented per policy and replicate), ``moved.parquet``,
``runs.csv``, ``zones.parquet`` (the zones of each policy and replicate), ``channels.csv`` (the
effect in view split into deterrence, incapacitation and other points: each camera policy is also
run blind to cameras and without camera-caused custody on the same seed;
:mod:`sim.analysis.channels`), ``sites.csv`` (the per-site field evaluation of every camera site,
:mod:`sim.analysis.sites`), figures and ``report.md``. Replicates are added in batches until the
headline is precise enough (:mod:`experiments.precision`).
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

from experiments import guard, io
from experiments.draws import load_draws, locked_paths, pick
from experiments.precision import run_until_precise
from experiments.schema import (
    CONFIG_DIR,
    CONFIG_GROUPS,
    DisplacementConfig,
    check_config_keys,
    check_experiment_overrides,
    check_overrides,
    known_policies,
    params_from_config,
    register,
    set_fields,
)
from sim.analysis.channels import (
    CHANNEL_COLUMNS,
    blind,
    channel_table,
    has_channels,
    no_camera_custody,
)
from sim.analysis.costs import cost_table, purchase_columns
from sim.analysis.field import Zone
from sim.analysis.per_head import run_columns
from sim.analysis.sites import site_table, site_zones_for
from sim.analysis.twin import (
    World,
    effects,
    harms,
    moved,
    simulate,
    twin_of,
    with_intervention,
    zones_for,
)
from sim.params import SimParams
from sim.params.costs import CostParams
from sim.params.declare import ParamError
from sim.params.experiment import ExperimentParams
from sim.params.paths import nest
from sim.params.policies import load_policy, the_one_with_role, with_role
from sim.world.clock import HOURS_PER_DAY
from sim.world.offences import CATEGORIES
from sim.world.streams import replicate_seed

TINY_OVERRIDES = [
    "city.width_cells=30",
    "city.height_cells=30",
    "population.n_people=1500",
    "population.agent_scale=1",
    # a smoke run needs street robberies in 7 days: the teaching rate, whatever the preset's
    "offending.p_attempt_tick=0.01",
]
log = logging.getLogger("safecity")
register()


def policy_params(city: str, policy: str, overrides: list[str]) -> SimParams:
    """Validated parameters of a policy file on a city, with command-line style overrides."""
    cfg = compose(config_name="config", overrides=[f"city={city}", f"policy={policy}", *overrides])
    return params_from_config(cfg)


def _policy_overrides(name: str) -> dict:
    """A registered policy's overrides; a policy file outside the registry locks nothing."""
    try:
        return load_policy(name)
    except ParamError:
        return {}


def _before(world, exp: ExperimentParams) -> pd.DataFrame:
    events = world.events
    return events[events["tick"] < exp.before_days * HOURS_PER_DAY].reset_index(drop=True)


def run_replicate(
    replicate: int,
    exp: ExperimentParams,
    policies: dict[str, SimParams],
    draw: tuple[int, dict] | None = None,
    channels: bool = True,
) -> dict[str, pd.DataFrame]:
    """Every policy for one replicate seed against its no-policy twin; a twin is run once per
    distinct world and shared by the policies set in it; with ``channels``, each camera policy
    also blind to cameras and without camera-caused custody (runs in a worker). ``draw`` is
    ``(row, {path: value})`` of a posterior, applied to every policy and its twin."""
    guard.watch_parent_if_worker()  # a worker ends when the experiment's process is gone
    seed = replicate_seed(exp.root_seed, replicate)
    if draw is not None:
        policies = {k: p.with_overrides(nest(draw[1])) for k, p in policies.items()}
    twins: dict[SimParams, tuple[World, float]] = {}
    tables: dict[str, list[pd.DataFrame]] = {
        k: [] for k in ("effects", "harms", "moved", "runs", "zones", "channels", "sites")
    }
    for name, params in policies.items():
        twin_params = twin_of(with_intervention(params, exp, seed))
        if twin_params not in twins:
            t0 = time.perf_counter()
            twins[twin_params] = (simulate(twin_params), time.perf_counter() - t0)
        twin, twin_s = twins[twin_params]
        t0 = time.perf_counter()
        world = simulate(with_intervention(params, exp, seed))
        run_s = time.perf_counter() - t0
        tag = {"policy": name, "replicate": replicate, "seed": seed}
        city = world.model.city
        zones = zones_for(world, twin, exp)
        kept = np.flatnonzero(zones != Zone.EXCLUDED)
        tables["zones"].append(
            pd.DataFrame({"x": city.x[kept], "y": city.y[kept], "zone": zones[kept]}).assign(**tag)
        )
        table = effects(world, twin, exp, zones)
        tables["effects"].append(table.assign(**tag))
        t0 = time.perf_counter()
        split = [None, None]
        if channels and has_channels(params):  # the channel runs: same seed, twin and zones
            for i, variant in enumerate((blind, no_camera_custody)):
                other = simulate(with_intervention(variant(params), exp, seed))
                split[i] = effects(other, twin, exp, zones)
        channel_s = time.perf_counter() - t0
        if channels:
            tables["channels"].append(channel_table(table, *split).assign(**tag))
        tables["harms"].append(harms(world, twin).assign(**tag))
        if world.model.cameras.n:
            sites = site_zones_for(world, twin, exp.before_days, exp.controls_per_cell)
            tables["sites"].append(site_table(world, twin, sites, exp.before_days).assign(**tag))
        for category in CATEGORIES:
            diff = moved(world, twin, exp, category)
            cells = np.flatnonzero(diff)
            tables["moved"].append(
                pd.DataFrame(
                    {"x": city.x[cells], "y": city.y[cells], "change": diff[cells]}
                ).assign(category=category, **tag)
            )
        run = {
            **tag,
            "simulate_s": run_s,
            "twin_simulate_s": twin_s,
            "channels_simulate_s": channel_s,
            "incidents": len(world.events),
            "twin_incidents": len(twin.events),
            "n_cameras": world.model.cameras.n,
            **purchase_columns(world.model.purchase),
            "treatment_cells": int((zones == Zone.TREATMENT).sum()),
            "buffer_cells": int((zones == Zone.BUFFER).sum()),
            "control_cells": int((zones == Zone.CONTROL).sum()),
            "before_identical_to_twin": _before(world, exp).equals(_before(twin, exp)),
            **run_columns(
                params,
                city.area_km2,
                world.model.police.n,
                world.model.cameras.n,
                twin.events,
                exp.before_days + exp.after_days,
            ),
        }
        if draw is not None:  # which posterior draw this replicate ran, and its values
            run.update({"draw": draw[0], **draw[1]})
        tables["runs"].append(pd.DataFrame([run]))
    empty = {"channels": list(CHANNEL_COLUMNS)}
    return {
        k: pd.concat(v, ignore_index=True) if v else pd.DataFrame(columns=empty.get(k))
        for k, v in tables.items()
    }


def check_experiment(cfg: DictConfig) -> None:
    """Refuse what the schema's types let through: unknown keys, an empty or repeated policy
    list, unknown policies, fewer than one worker, bad ``overrides``.

    Raises:
        ParamError: naming the key.
    """
    check_config_keys(cfg, DisplacementConfig, CONFIG_GROUPS["displacement"])
    policies = list(cfg.policies)
    known = known_policies()
    if not policies:
        raise ParamError("policies = []: expected at least one of " + ", ".join(known))
    for name in policies:
        if name not in known:
            raise ParamError(f"policies: unknown policy {name!r}: expected one of {known}")
    if len(set(policies)) != len(policies):
        raise ParamError(f"policies = {policies}: a policy is named twice")
    if cfg.n_jobs < 1:
        raise ParamError(f"n_jobs = {cfg.n_jobs}: expected a whole number of workers >= 1")
    check_experiment_overrides(list(cfg.overrides))


def run_experiment(cfg: DictConfig, out: Path) -> dict[str, pd.DataFrame]:
    """Build every policy's parameters, run all replicates in parallel, write the tables.

    With ``tiny``, the tiny design fills the experiment fields the config leaves unset (a field
    set explicitly wins), and ``experiment.yaml`` records the design as run."""
    if cfg.get("equal_budget"):
        cfg = cfg.copy()
        extra = [p for p in with_role("equal_budget") if p not in cfg.policies]
        cfg.policies = [*cfg.policies, *extra]
    check_experiment(cfg)
    exp_dict = set_fields(cfg.experiment)
    draws_file = exp_dict.pop("parameter_draws", None)
    overrides = list(cfg.overrides)
    if cfg.tiny:
        overrides = TINY_OVERRIDES + overrides
    exp = ExperimentParams.tiny(exp_dict) if cfg.tiny else ExperimentParams.from_dict(exp_dict)
    cfg = cfg.copy()
    for key, value in exp.to_dict().items():  # as run, whatever tiny and the config said
        cfg.experiment[key] = value
    cfg.overrides = overrides
    costs = CostParams.from_dict(set_fields(cfg.costs))
    policies = {name: policy_params(cfg.preset, name, overrides) for name in cfg.policies}
    picked = [None] * exp.max_replicates  # one draw per replicate the precision loop may run
    if draws_file is not None:
        locked = locked_paths({n: _policy_overrides(n) for n in cfg.policies}, overrides)
        picked = pick(load_draws(draws_file, locked), exp.root_seed, exp.max_replicates)
    log.info(
        "%d policies x %d replicates (+ twins), %d + %d days, %d workers",
        len(policies),
        exp.replicates,
        exp.before_days,
        exp.after_days,
        cfg.n_jobs,
    )
    t0 = time.perf_counter()
    guard.mark_parent()

    def run_batch(reps: range) -> list[dict[str, pd.DataFrame]]:
        log.info("replicates %d to %d", reps.start, reps.stop - 1)
        return Parallel(n_jobs=cfg.n_jobs)(
            delayed(run_replicate)(r, exp, policies, picked[r], cfg.channels) for r in reps
        )

    parts, precision = run_until_precise(run_batch, exp, the_one_with_role("headline"))
    elapsed = time.perf_counter() - t0
    log.info(
        "%d replicates (%s), headline half-width %.2f points",
        precision.replicates,
        precision.stop,
        precision.halfwidth_points,
    )
    tables = {k: pd.concat([p[k] for p in parts], ignore_index=True) for k in parts[0]}
    io.write_text(out / "experiment.yaml", OmegaConf.to_yaml(cfg))
    io.write_atomic(out / "effects.csv", lambda tmp: tables["effects"].to_csv(tmp, index=False))
    io.write_atomic(out / "harms.csv", lambda tmp: tables["harms"].to_csv(tmp, index=False))
    io.write_atomic(out / "runs.csv", lambda tmp: tables["runs"].to_csv(tmp, index=False))
    channels = tables["channels"][list(CHANNEL_COLUMNS)]
    io.write_atomic(out / "channels.csv", lambda tmp: channels.to_csv(tmp, index=False))
    io.write_atomic(out / "sites.csv", lambda tmp: tables["sites"].to_csv(tmp, index=False))
    agent_scale = next(iter(policies.values())).population.agent_scale
    tables["costs"] = cost_table(
        tables["runs"], tables["effects"], costs, exp.after_days, agent_scale
    )
    io.write_atomic(out / "costs.csv", lambda tmp: tables["costs"].to_csv(tmp, index=False))
    io.write_parquet(out / "moved.parquet", tables["moved"])
    io.write_parquet(out / "zones.parquet", tables["zones"])
    io.write_json(
        out / "provenance.json",
        io.provenance(
            exp.root_seed,
            list(HydraConfig.get().overrides.task),
            {"experiment_s": round(elapsed, 2)},
        ),
    )
    zones = tables["zones"]
    tables["footprint"] = zones.loc[
        zones["zone"] == Zone.TREATMENT, ["policy", "replicate", "x", "y"]
    ]
    city = next(iter(policies.values())).city
    tables["meta"] = pd.DataFrame(
        [
            {
                "elapsed_s": elapsed,
                **exp.to_dict(),
                **precision.to_dict(),
                "city": cfg.preset,
                "agent_scale": agent_scale,
                "width_cells": city.width_cells,
                "height_cells": city.height_cells,
            }
        ]
    )
    return tables


def main() -> None:
    """Entry point of ``safecity-experiment``: the command-line keys are checked against the
    schema (unknown keys, with or without ``+``, refused by name) before Hydra runs."""
    from hydra._internal.utils import get_args_parser

    args, _ = get_args_parser().parse_known_args(sys.argv[1:])
    try:
        check_overrides(args.overrides, DisplacementConfig, CONFIG_GROUPS["displacement"])
        for line in args.overrides:
            key, _, value = line.partition("=")
            if key == "hydra.run.dir" and not value.strip():
                raise ParamError("hydra.run.dir is empty: give a folder, or leave it unset")
    except ParamError as e:
        print(f"safecity-experiment: invalid parameters: {e}", file=sys.stderr)
        sys.exit(2)
    hydra_main()


@hydra.main(version_base="1.3", config_path=str(CONFIG_DIR), config_name="displacement")
def hydra_main(cfg: DictConfig) -> None:
    """The Hydra task of ``safecity-experiment``."""
    logging.getLogger("MESA").setLevel(logging.WARNING)
    out = Path(HydraConfig.get().runtime.output_dir)
    try:
        guard.lock_folder(out)
        tables = run_experiment(cfg, out)
    except (ParamError, guard.FolderBusy) as e:
        print(f"safecity-experiment: invalid parameters: {e}", file=sys.stderr)
        sys.exit(2)
    from experiments.report import write_report

    write_report(out, tables)
    log.info("done in %.1f s -> %s", tables["meta"]["elapsed_s"].iloc[0], out)


if __name__ == "__main__":
    main()
