"""Write a screening's table into docs/sensitivity.md, from the run's own files.

    python -m experiments.sensitivity_docs results/sensitivity/<folder>

Reads ``findings.json`` and ``indices.csv`` of a ``safecity-sensitivity`` run and replaces the
text between the markers ``<!-- screening:start -->`` and ``<!-- screening:end -->`` of
``docs/sensitivity.md`` with what the run produced: the design, its wall time and load, the
headline's ranking and whether its sign held. It also writes ``docs/sensitivity_ranking.csv``,
the leading parameters of every outcome with the design on each row, which the experiment's
report reads for the parameters each literature pattern depends on
(:mod:`experiments.patterns`). Nothing in either is typed by hand.
"""

from __future__ import annotations

import argparse
import json
import math
import textwrap
from pathlib import Path

import pandas as pd

DOC = Path(__file__).resolve().parent.parent / "docs" / "sensitivity.md"
RANKING = DOC.with_name("sensitivity_ranking.csv")
START, END = "<!-- screening:start -->", "<!-- screening:end -->"
ROWS = 10


def _num(value: float) -> str:
    return "NaN" if math.isnan(value) else f"{value:.3f}"


def section(folder: Path) -> str:
    """The generated section of a run's folder."""
    f = json.loads((folder / "findings.json").read_text())
    table = pd.read_csv(folder / "indices.csv")
    d, run, sign = f["design"], f["run"], f["sign"][f["headline"]]
    head = table[table["outcome"] == f["headline"]].sort_values(f["rank_by"], ascending=False)
    cols = [c for c in ("mu_star", "mu_star_conf", "sigma", "mu") if c in head]

    def para(text: str) -> str:
        return textwrap.fill(text, width=100, break_on_hyphens=False)

    lines = [
        START,
        "",
        para(
            f"Design: `{f['method']}`, {run['parameters']} parameters, {run['points']} points x "
            f"{d['replicates']} replicate = {run['rows']} rows, policy `{d['policy']}` on the "
            f"`{d['city']}`, {d['before_days']} + {d['after_days']} days. Wall time "
            f"{run['wall_s']:.0f} s with {run['n_jobs']} workers on 2 cores, load average "
            f"{run['load_start'][0]:.1f} at the start and {run['load_end'][0]:.1f} at the end "
            f"(other jobs shared the machine). Everything beyond the bare simulation (the twin "
            f"comparison, the outcomes and the runner) took {100 * run['overhead']:.1f} % of the "
            "simulation time."
        ),
        "",
        para(
            f"The {ROWS} parameters with the largest mu* for `{f['headline']}` (relative change; "
            f"mu* 0.1 means a move across the plausible range shifts the change by about 10 "
            f"percentage points):"
        ),
        "",
        "| parameter | " + " | ".join(cols) + " |",
        "|---|" + "---:|" * len(cols),
    ]
    for _, r in head.head(ROWS).iterrows():
        lines.append(f"| `{r['parameter']}` | " + " | ".join(_num(r[c]) for c in cols) + " |")
    lines += [
        "",
        para(
            f"Sign of the headline over the {sign['n']} points: negative at {sign['negative']}, "
            f"zero at {sign['zero']}, positive at {sign['positive']} (median "
            f"{100 * sign['median']:+.1f} %, from {100 * sign['min']:+.1f} % to "
            f"{100 * sign['max']:+.1f} %): the sign "
            f"{'holds' if sign['holds'] else 'does not hold'} over the plausible ranges."
        ),
        "",
        END,
    ]
    return "\n".join(lines)


def ranking(folder: Path) -> pd.DataFrame:
    """The :data:`ROWS` parameters with the largest ranking index of every outcome of a
    screening, with its design (policy, city, days, replicates, points) on each row."""
    f = json.loads((folder / "findings.json").read_text())
    table = pd.read_csv(folder / "indices.csv")
    top = (
        table.sort_values(["outcome", f["rank_by"]], ascending=[True, False], kind="stable")
        .groupby("outcome", sort=False)
        .head(ROWS)
    )
    d = f["design"]
    design = {k: d[k] for k in ("policy", "city", "before_days", "after_days", "replicates")}
    return top.assign(**design, points=f["run"]["points"]).reset_index(drop=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="a safecity-sensitivity output folder")
    args = parser.parse_args()
    text = DOC.read_text()
    before, _, rest = text.partition(START)
    _, _, after = rest.partition(END)
    DOC.write_text(before + section(args.folder) + after)
    ranking(args.folder).to_csv(RANKING, index=False, float_format="%.6g")
    print(f"updated {DOC} and {RANKING}")


if __name__ == "__main__":
    main()
