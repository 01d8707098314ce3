"""The calibration's figure and report, rendered from the tables ``run_calibration`` computed."""

from __future__ import annotations

from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from sim.analysis import targets as tg
from sim.params.paths import declared


def marginals_figure(posterior: pd.DataFrame, ranges: dict[str, tuple[float, float]]):
    """One weighted histogram per parameter over its prior range (the uniform prior dashed,
    the default dotted)."""
    n = len(ranges)
    cols = min(n, 3)
    rows = int(np.ceil(n / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(4.2 * cols, 3.0 * rows), squeeze=False)
    w = posterior["weight"].to_numpy()
    for ax, (path, (lo, hi)) in zip(axes.flat, ranges.items(), strict=False):
        ax.hist(posterior[path], bins=12, range=(lo, hi), weights=w, density=True, alpha=0.7)
        ax.axhline(1.0 / (hi - lo), color="k", ls="--", lw=1, label="prior")
        ax.axvline(declared(path).default, color="C3", ls=":", lw=1.5, label="default")
        ax.set_title(path, fontsize=9)
        ax.set_xlim(lo, hi)
    for ax in list(axes.flat)[n:]:
        ax.axis("off")
    axes.flat[0].legend(fontsize=8)
    fig.suptitle("Posterior marginals (last generation, weighted)")
    fig.tight_layout()
    return fig


def _num(x: float) -> str:
    return "n/a" if x is None or not np.isfinite(x) else f"{x:.4g}"


def target_rows(tables: dict[str, Any]) -> pd.DataFrame:
    """Per target: value, scale, weight, posterior-predictive mean and 90% interval, and the
    predictive mean's distance from the target in scales."""
    ppc = tables["predictive"]
    rows = []
    for t in tg.TARGETS:
        x = ppc[t.name].to_numpy(dtype=float)
        x = x[np.isfinite(x)]
        mean = float(x.mean()) if x.size else float("nan")
        rows.append(
            {
                "target": t.name,
                "value": t.value,
                "scale": t.scale,
                "weight": tables["weights"][t.name],
                "predictive_mean": mean,
                "predictive_q05": float(np.quantile(x, 0.05)) if x.size else float("nan"),
                "predictive_q95": float(np.quantile(x, 0.95)) if x.size else float("nan"),
                "z": (mean - t.value) / t.scale,
            }
        )
    return pd.DataFrame(rows)


def report_text(tables: dict[str, Any]) -> str:
    """``report.md``: budget, targets against posterior-predictive values, what the data pin
    down, caveats."""
    s, gens, summ = tables["settings"], tables["generations"], tables["summary"]
    targets = target_rows(tables)
    lines = [
        "# Calibration (ABC-SMC)",
        "",
        f"City `{s['city']}`, policy `{s['policy'] or 'none (no cameras)'}`; "
        f"{s['population_size']} particles x {s['generations']} generations; each run "
        f"{s['warmup_days']} days of warm-up + {s['window_days']} days measured; "
        f"{int(gens['simulations'].sum())} model runs in {tables['timings_s']['abc']:.0f} s on "
        f"{s['n_procs']} process(es), then {len(tables['predictive'])} posterior-predictive runs "
        f"in {tables['timings_s']['predictive']:.0f} s.",
        "",
        "Tolerance per generation (the quantile "
        f"{s['alpha']} of the previous generation's distances; generation 0 is the prior): "
        + ", ".join(f"{e:.3g}" for e in gens["epsilon"]),
        "",
        "## Targets and posterior-predictive values",
        "",
        "| target | value | scale | weight | predictive mean | 90% interval | (mean - value) / "
        "scale |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in targets.itertuples():
        lines.append(
            f"| `{r.target}` | {_num(r.value)} | {_num(r.scale)} | {r.weight:g} | "
            f"{_num(r.predictive_mean)} | {_num(r.predictive_q05)} to {_num(r.predictive_q95)} "
            f"| {_num(r.z)} |"
        )
    lines += [
        "",
        "## Parameters: prior, posterior, and what the data pin down",
        "",
        "A 90% interval narrower than half the prior's is *pinned down*; narrower than 0.8 of "
        "it, *narrowed*; otherwise *not informed* (the posterior is about the prior).",
        "",
        "| parameter | prior (uniform) | posterior mean | 90% interval | width / prior's | "
        "verdict |",
        "|---|---|---|---|---|---|",
    ]
    for r in summ.itertuples():
        lines.append(
            f"| `{r.parameter}` | {_num(r.prior_lo)} to {_num(r.prior_hi)} | {_num(r.mean)} | "
            f"{_num(r.q05)} to {_num(r.q95)} | {r.width_ratio:.2f} | {r.verdict} |"
        )
    lines += ["", "## Caveats", ""] + [f"- {c}" for c in caveats(tables, targets)]
    return "\n".join(lines) + "\n"


def caveats(tables: dict[str, Any], targets: pd.DataFrame) -> list[str]:
    """What a reader must know before using the posterior, computed from the results."""
    s, summ = tables["settings"], tables["summary"]
    out = [
        f"Budget: {s['population_size']} particles per generation is small; the posterior's "
        "tails (the 90% intervals) are rough. Rerun with more particles and generations on a "
        "cluster before relying on them (docs/sensitivity.md, Calibration).",
        "The targets constrain combinations, not single parameters: with fewer targets than "
        "parameters, parameters that trade off against each other (e.g. women's chance to "
        "travel and fear's effect on it) stay correlated in the posterior; use the joint "
        "draws of posterior.parquet, never the marginals one by one.",
        "Harassment prevalence: the survey's 90% has no stated recall period; it is read as "
        "one year of commuting, and the model's yearly share is extrapolated from the window "
        "(sim/analysis/targets.py), which overstates it slightly on the town.",
        "Model runs are short; the warm-up lets women's fear settle, but slower processes "
        "(trust, offenders' learning) are not at equilibrium.",
    ]
    for r in targets.itertuples():
        if r.weight == 0:
            out.append(
                f"`{r.target}` was not fitted (weight 0): the model gives "
                f"{_num(r.predictive_mean)} against {_num(r.value)}, "
                f"{_num(r.predictive_mean / r.value)} times the figure. "
                + (
                    "On the town this is a teaching device: a small, dense town of a few "
                    "thousand people is not a metropolis's average."
                    if s["city"] == "town"
                    else ""
                )
            )
        elif abs(r.z) > 2:
            out.append(
                f"`{r.target}` is not matched: the posterior-predictive mean lies "
                f"{abs(r.z):.1f} scales from the figure."
            )
    at_bound = [
        r.parameter
        for r in summ.itertuples()
        if min(r.q95 - r.prior_lo, r.prior_hi - r.q05) < 0.1 * (r.prior_hi - r.prior_lo)
    ]
    if at_bound:
        out.append(
            "Posterior mass piles against a prior bound for "
            + ", ".join(f"`{p}`" for p in at_bound)
            + ": the targets push it beyond its plausible range; the range or the model's "
            "structure, not the data, decides there."
        )
    return out
