"""The outputs of ``safecity-sensitivity``: the numbers computed once into findings, then
rendered into ``indices.csv``, ``findings.json``, ``figures/`` and ``report.md``."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pandas as pd

from experiments.design_runner import durable_write, write_json
from experiments.figures.sensitivity import index_bars, mu_star_sigma
from sim.analysis.design import point_means, sign_summary
from sim.analysis.outcomes import lookup

RANK_BY = {"morris": "mu_star", "sobol": "ST", "fast": "ST", "lhs": "S1"}
"""The index that ranks parameters for each method."""
TOP = 5


def findings(
    opts: dict[str, Any],
    prob: dict[str, Any],
    outcomes: pd.DataFrame,
    table: pd.DataFrame,
    run_info: dict[str, Any],
) -> dict[str, Any]:
    """Every number the report states: the ranking of each outcome, the headline's sign over
    the design's points, what was run and how long it took."""
    method, names = opts["method"], list(opts["outcomes"])
    key = RANK_BY[method]
    ranked: dict[str, list[dict[str, Any]]] = {}
    for name in names:
        rows = table[table["outcome"] == name] if not table.empty else table
        if rows.empty:
            continue
        cols = [c for c in rows.columns if c not in ("parameter", "outcome")]
        top = rows.sort_values(key, ascending=False).head(TOP)
        ranked[name] = [
            {"parameter": r["parameter"], **{c: float(r[c]) for c in cols}}
            for _, r in top.iterrows()
        ]
    means = point_means(outcomes, names)
    return {
        "method": method,
        "rank_by": key,
        "headline": names[0],
        "outcomes": names,
        "not_analysed": [n for n in names if n not in ranked],
        "ranked": ranked,
        "sign": {n: sign_summary(means[n]) for n in names},
        "design": {
            "city": opts["city"],
            "policy": opts["policy"],
            "before_days": opts["before_days"],
            "after_days": opts["after_days"],
            "replicates": opts["replicates"],
            "parameters": prob["names"],
            "tiny": bool(opts["tiny"]),
        },
        "run": run_info,
    }


def _num(value: float) -> str:
    return "NaN" if math.isnan(value) else f"{value:.3g}"


def _pct(value: float) -> str:
    return "NaN" if math.isnan(value) else f"{100 * value:+.1f} %"


def _sign_text(name: str, s: dict[str, Any]) -> str:
    if s["n"] == 0:
        return f"`{name}` could not be computed at any point (no incidents in the zone)."
    entry = lookup(name, "effect")
    show = _pct if entry is not None and entry.unit == "relative change" else _num
    spread = f"median {show(s['median'])}, from {show(s['min'])} to {show(s['max'])}"
    if s["zero"] == s["n"]:
        return f"`{name}` is zero at all {s['n']} points: no effect over these days."
    if s["holds"]:
        return (
            f"**The sign holds** over the plausible ranges: `{name}` is {s['sign']} at all "
            f"{s['n']} points ({spread})."
        )
    return (
        f"**The sign does not hold** over the plausible ranges: `{name}` is negative at "
        f"{s['negative']}, zero at {s['zero']} and positive at {s['positive']} of {s['n']} "
        f"points ({spread})."
    )


def render(f: dict[str, Any]) -> str:
    """``report.md`` from the findings (no number computed here)."""
    d, run, key = f["design"], f["run"], f["rank_by"]
    lines = [
        f"# Sensitivity analysis ({f['method']})",
        "",
        f"Policy `{d['policy']}` against its twin on the `{d['city']}`, {d['before_days']} days "
        f"before and {d['after_days']} after the switch-on, {d['replicates']} replicate(s) per "
        f"point; {run['parameters']} parameters varied over their plausible ranges, "
        f"{run['points']} points, {run['rows']} rows. Wall time {run['wall_s']} s with "
        f"{run['n_jobs']} workers (load average {run['load_start'][0]} at the start).",
        "",
        f"## What drives the headline, `{f['headline']}`",
        "",
    ]
    top = f["ranked"].get(f["headline"])
    if top:
        lines.append(f"Parameters ranked by `{key}`:")
        lines.append("")
        cols = [c for c in top[0] if c != "parameter"]
        lines.append("| parameter | " + " | ".join(cols) + " |")
        lines.append("|---|" + "---:|" * len(cols))
        for r in top:
            lines.append(f"| `{r['parameter']}` | " + " | ".join(_num(r[c]) for c in cols) + " |")
    else:
        lines.append("The headline was missing (NaN) at some point, so it has no indices.")
    lines += ["", _sign_text(f["headline"], f["sign"][f["headline"]]), "", "## Other outcomes", ""]
    for name in f["outcomes"][1:]:
        ranked = f["ranked"].get(name)
        drivers = (
            ", ".join(f"`{r['parameter']}` ({_num(r[key])})" for r in ranked[:3])
            if ranked
            else "none (NaN at some point)"
        )
        lines.append(f"- `{name}`: led by {drivers}. {_sign_text(name, f['sign'][name])}")
    lines += [
        "",
        "Files: `design.parquet` (rows run), `sample.parquet` (points as drawn), "
        "`outcomes.parquet`, `indices.csv`, `figures/`. Reading the indices: "
        "docs/sensitivity.md.",
        "",
    ]
    return "\n".join(lines)


def write_outputs(
    out: Path,
    opts: dict[str, Any],
    prob: dict[str, Any],
    design: pd.DataFrame,
    outcomes: pd.DataFrame,
    table: pd.DataFrame,
    run_info: dict[str, Any],
) -> dict[str, Any]:
    """Write ``indices.csv``, ``findings.json``, ``figures/`` and ``report.md``; return the
    findings."""
    f = findings(opts, prob, outcomes, table, run_info)
    csv = table.to_csv(index=False, float_format="%.6g")
    durable_write(out / "indices.csv", lambda tmp: tmp.write_text(csv))
    write_json(out / "findings.json", json.loads(json.dumps(f)))
    figures = out / "figures"
    figures.mkdir(exist_ok=True)
    draw = mu_star_sigma if f["method"] == "morris" else index_bars
    for name in f["ranked"]:
        fig = draw(table, name)
        stem = "mu_star_sigma" if f["method"] == "morris" else "indices"
        fig.savefig(figures / f"{stem}_{name.replace('.', '_')}.png", dpi=100)
    durable_write(out / "report.md", lambda tmp: tmp.write_text(render(f)))
    return f
