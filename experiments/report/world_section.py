"""The report's section on the world beside Lahore: figures per head and per km2."""

from __future__ import annotations

import numpy as np

from experiments.findings import Findings
from experiments.report.sections import table
from experiments.summaries import num
from sim.analysis.per_head import TOLERANCE


def _value(x: float) -> str:
    return "no figure" if not np.isfinite(x) else num(x, digits=1 if x < 100 else 0)


def section_world(f: Findings) -> list[str]:
    """The world's figures per head beside Lahore's sourced ones, with their ratio."""
    if not f.world:
        return ["No per-head figures in these results (runs.csv has no `world_` columns)."]
    rows = []
    for w in f.world:
        ratio = "-" if not np.isfinite(w.ratio) else f"{w.ratio:.2f}"
        check = "" if not w.figure.required else (" (within)" if w.within else " (**outside**)")
        rows.append(
            [
                w.figure.unit,
                _value(w.model),
                _value(w.figure.lahore),
                ratio + check,
                w.figure.source,
            ]
        )
    scale = f.meta.get("agent_scale")
    people = "" if scale is None else f" One agent stands for {num(float(scale), digits=0)} people."
    return [
        f"The `{f.focus}` runs (cameras as installed; crime from their no-policy twins, over the "
        f"whole run), mean over replicates, beside Lahore's figures. Cameras, police and street "
        f"robbery per head are required within {TOLERANCE}x of Lahore's.{people}",
        "",
        *table(["figure", "model", "Lahore", "model / Lahore", "Lahore's source"], rows),
    ]
