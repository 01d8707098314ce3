"""``safecity-calibrate``: ABC-SMC calibration of the world's parameters against sourced targets.

    safecity-calibrate                      # the default budget on the town (a few minutes)
    safecity-calibrate tiny=true            # a smoke run in seconds
    safecity-calibrate calibrate.population_size=200 calibrate.n_procs=8

The folder ``results/calibrate/<timestamp>/`` receives ``posterior.parquet`` (the last
generation's parameter draws by dotted path with their ``weight``), ``posterior_summary.csv``,
``predictive.csv`` (posterior-predictive runs), ``marginals.png``, ``report.md``,
``provenance.json`` and pyabc's database ``abc.db``. The targets are those of
:mod:`sim.analysis.targets`; the method is in :mod:`experiments.abc` and docs/sensitivity.md.
"""

from __future__ import annotations

import logging
import sys
import time
from importlib import metadata
from pathlib import Path
from typing import Any

import hydra
import numpy as np
import pandas as pd
import yaml
from hydra.core.hydra_config import HydraConfig
from omegaconf import DictConfig, OmegaConf

from experiments import io
from experiments.schema import CONFIG_DIR
from sim.params.declare import ParamError
from sim.params.paths import check_path
from sim.params.policies import policy_names
from sim.presets import preset_names

log = logging.getLogger("safecity")
TINY = {
    "overrides": {
        "city.width_cells": 30,
        "city.height_cells": 30,
        "population.n_people": 1500,
    },
    "population_size": 6,
    "generations": 2,
    "warmup_days": 2,
    "window_days": 5,
    "predictive_draws": 3,
}
"""A smoke run (``tiny=true``): the tiny town of the experiment's smoke run, a few particles
and days."""
PREDICTIVE_KEY = 1
"""Spawn key of the posterior-predictive draws' generator (beside the calibration's seed)."""


def parse_overrides(items: list[str]) -> dict[str, Any]:
    """``["group.field=value", ...]`` -> ``{path: value}`` (values read as YAML scalars)."""
    out = {}
    for item in items:
        path, eq, text = str(item).partition("=")
        if not eq:
            raise ParamError(f"override {item!r} is not of the form group.field=value")
        check_path(path.strip())
        out[path.strip()] = yaml.safe_load(text)
    return out


def settings(cfg: DictConfig) -> dict[str, Any]:
    """The calibration's settings from the config, checked; ``tiny`` applied."""
    c = OmegaConf.to_container(cfg.calibrate, resolve=True)
    if cfg.city not in preset_names():
        raise ParamError(f"unknown city {cfg.city!r}: expected one of {preset_names()}")
    if cfg.policy is not None and cfg.policy not in policy_names():
        raise ParamError(f"unknown policy {cfg.policy!r}: expected one of {policy_names()}")
    overrides = parse_overrides(list(cfg.overrides))
    if cfg.tiny:
        overrides = {**TINY["overrides"], **overrides}
        c.update({k: v for k, v in TINY.items() if k != "overrides"})
    for key in ("population_size", "generations", "n_procs", "window_days"):
        if not (isinstance(c[key], int) and c[key] >= 1):
            raise ParamError(f"calibrate.{key} = {c[key]!r}: expected a whole number >= 1")
    if not (isinstance(c["warmup_days"], int) and c["warmup_days"] >= 0):
        raise ParamError(f"calibrate.warmup_days = {c['warmup_days']!r}: expected >= 0")
    if not 0 < c["alpha"] < 1:
        raise ParamError(f"calibrate.alpha = {c['alpha']!r}: expected a quantile in (0, 1)")
    return {**c, "overrides": overrides, "city": cfg.city, "policy": cfg.policy}


def weighted_quantile(values: np.ndarray, weights: np.ndarray, q: float) -> float:
    """The ``q`` quantile of weighted values (linear between the weights' midpoints)."""
    order = np.argsort(values)
    v, w = np.asarray(values, float)[order], np.asarray(weights, float)[order]
    cum = (np.cumsum(w) - 0.5 * w) / w.sum()
    return float(np.interp(q, cum, v))


def posterior_summary(
    posterior: pd.DataFrame, ranges: dict[str, tuple[float, float]]
) -> pd.DataFrame:
    """Per parameter: prior range, posterior mean and 5/50/95% quantiles, and how much the data
    narrowed the 90% interval (its width over the uniform prior's)."""
    w = posterior["weight"].to_numpy()
    rows = []
    for path, (lo, hi) in ranges.items():
        x = posterior[path].to_numpy()
        q05, q50, q95 = (weighted_quantile(x, w, q) for q in (0.05, 0.5, 0.95))
        ratio = (q95 - q05) / (0.9 * (hi - lo))
        rows.append(
            {
                "parameter": path,
                "prior_lo": lo,
                "prior_hi": hi,
                "mean": float(np.average(x, weights=w)),
                "q05": q05,
                "q50": q50,
                "q95": q95,
                "width_ratio": ratio,
                "verdict": "pinned down"
                if ratio < 0.5
                else ("narrowed" if ratio < 0.8 else "not informed"),
            }
        )
    return pd.DataFrame(rows)


def predictive(model, posterior: pd.DataFrame, n: int, seed: int) -> pd.DataFrame:
    """Posterior-predictive runs: ``n`` draws resampled by weight, each run on its own seed
    (both from the calibration's seed), with the targets measured."""
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(PREDICTIVE_KEY,)))
    w = posterior["weight"].to_numpy()
    rows = rng.choice(len(posterior), size=n, p=w / w.sum())
    seeds = rng.integers(0, 2**63 - 1, size=n)
    params = [c for c in posterior.columns if c != "weight"]
    out = []
    for i, (row, run_seed) in enumerate(zip(rows, seeds, strict=True)):
        point = {p: float(posterior[p].iloc[row]) for p in params}
        out.append({"draw": int(row), "seed": int(run_seed), **model.run(point, int(run_seed))})
        log.info("posterior-predictive run %d/%d", i + 1, n)
    return pd.DataFrame(out)


def run_calibration(cfg: DictConfig, out: Path) -> dict[str, Any]:
    """Calibrate, write every file, return the tables the report was made from."""
    from experiments import abc

    s = settings(cfg)
    ranges = abc.check_parameters(list(s["parameters"]))
    weights = abc.check_weights(s["weights"] or {})
    model = abc.RunModel(s["city"], s["policy"], s["overrides"], s["warmup_days"], s["window_days"])
    model.params({p: lo for p, (lo, _) in ranges.items()}, 0)  # refuse bad overrides up front
    db = out / "abc.db"
    db.unlink(missing_ok=True)
    t0 = time.perf_counter()
    history = abc.run_abc(
        model,
        ranges,
        weights,
        population_size=s["population_size"],
        generations=s["generations"],
        alpha=s["alpha"],
        n_procs=s["n_procs"],
        seed=cfg.seed,
        db_path=str(db),
    )
    abc_s = time.perf_counter() - t0
    frame, w = history.get_distribution(m=0, t=history.max_t)
    posterior = frame[list(ranges)].reset_index(drop=True).assign(weight=np.asarray(w))
    pops = history.get_all_populations()
    generations = pd.DataFrame(
        {
            "generation": pops["t"].to_numpy(),
            "epsilon": pops["epsilon"].to_numpy(),
            "simulations": pops["samples"].to_numpy(),
        }
    )
    generations = generations[generations["generation"] >= 0].reset_index(drop=True)
    t1 = time.perf_counter()
    ppc = predictive(model, posterior, s["predictive_draws"], cfg.seed)
    ppc_s = time.perf_counter() - t1
    tables = {
        "settings": s,
        "ranges": ranges,
        "weights": weights,
        "posterior": posterior,
        "summary": posterior_summary(posterior, ranges),
        "predictive": ppc,
        "generations": generations,
        "timings_s": {"abc": round(abc_s, 2), "predictive": round(ppc_s, 2)},
    }
    io.write_text(out / "calibrate.yaml", OmegaConf.to_yaml(cfg))
    io.write_parquet(out / "posterior.parquet", posterior)
    io.write_atomic(
        out / "posterior_summary.csv", lambda tmp: tables["summary"].to_csv(tmp, index=False)
    )
    io.write_atomic(out / "predictive.csv", lambda tmp: ppc.to_csv(tmp, index=False))
    io.write_atomic(out / "generations.csv", lambda tmp: generations.to_csv(tmp, index=False))
    from experiments.calibrate_report import marginals_figure, report_text

    fig = marginals_figure(posterior, ranges)
    io.write_atomic(out / "marginals.png", lambda tmp: fig.savefig(tmp, format="png", dpi=110))
    io.write_text(out / "report.md", report_text(tables))
    prov = io.provenance(cfg.seed, list(HydraConfig.get().overrides.task), tables["timings_s"])
    prov["packages"]["pyabc"] = metadata.version("pyabc")
    io.write_json(out / "provenance.json", prov)
    return tables


@hydra.main(version_base="1.3", config_path=str(CONFIG_DIR), config_name="calibrate")
def main(cfg: DictConfig) -> None:
    """Entry point of ``safecity-calibrate``."""
    logging.getLogger("MESA").setLevel(logging.WARNING)
    out = Path(HydraConfig.get().runtime.output_dir)
    try:
        tables = run_calibration(cfg, out)
    except ParamError as e:
        print(f"safecity-calibrate: invalid settings: {e}", file=sys.stderr)
        sys.exit(2)
    log.info("done in %.1f s -> %s", sum(tables["timings_s"].values()), out)


if __name__ == "__main__":
    main()
