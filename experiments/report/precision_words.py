"""The report's words on how many replicates were run and, where the precision loop stopped at
its cap, why: the headline's replicate sd and the replicates its target would need (formatted
from the findings; no computation)."""

from __future__ import annotations

from experiments.findings import Findings
from experiments.summaries import CONFIDENCE, num

STOP_WORDS = {
    "target": "the headline's interval reached the target",
    "cap": "the cap on replicates was reached before the target",
    "no_headline": "the headline policy was not run, so one batch was run",
}


def cap_reason(f: Findings) -> str:
    """Why the cap stopped the loop short of the target: the replicate sd of the headline and
    the replicates a +-target interval would need at that sd (empty if the target was met or
    the findings cannot say)."""
    meta, run = f.meta, f.run
    if str(meta.get("precision_stop")) != "cap" or run.headline_sd_points is None:
        return ""
    target = float(meta["target_halfwidth_points"])
    need = (
        f"about {run.replicates_needed:,} replicates"
        if run.replicates_needed is not None
        else "more replicates than can be run"
    )
    return (
        f" The headline varies between replicates with an sd of "
        f"{num(run.headline_sd_points, digits=1)} percentage points; +-{num(target, digits=1)} "
        f"points would need {need} (cap {int(meta['max_replicates'])}): raise "
        "`experiment.max_replicates` for a narrower interval."
    )


def precision_line(f: Findings) -> str | None:
    """How many replicates were run and why the loop stopped (None for older results)."""
    meta = f.meta
    if "precision_stop" not in meta:
        return None
    stop = str(meta["precision_stop"])
    half = float(meta.get("headline_halfwidth_points", float("nan")))
    target = meta.get("target_halfwidth_points")
    cap = meta.get("max_replicates")
    return (
        f"- **Replicates by precision:** {int(meta['replicates_run'])} replicates in batches "
        f"(first batch {int(meta['replicates'])}, cap {int(cap)}); "
        f"{STOP_WORDS.get(stop, stop)}: the headline's {CONFIDENCE:.0%} interval is "
        f"+-{num(half, digits=2)} percentage points (target +-{num(float(target), digits=1)})."
        + cap_reason(f)
    )
