"""The report's words on how many replicates were run and, where the precision loop stopped at
its cap, why: the headline's replicate sd and the replicates its target would need (formatted
from the findings; no computation)."""

from __future__ import annotations

from experiments.calibration import MIN_INCIDENTS
from experiments.findings import Findings
from experiments.summaries import CONFIDENCE, num

STOP_WORDS = {
    "target": "the headline's interval reached the target",
    "cap": "the cap on replicates was reached before the target",
    "no_headline": "the headline policy was not run, so one batch was run",
}


def cap_reason(f: Findings) -> str:
    """Why the cap stopped the loop short of the target: the replicate sd of the headline and
    the replicates a +-target interval would need at that sd, and, when the twin worlds held
    fewer than ``MIN_INCIDENTS`` headline incidents in view, that the world is too small for
    replicates to help (empty if the target was met or the findings cannot say)."""
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
        f"points would need {need} (cap {int(meta['max_replicates'])}): " + _remedy(f)
    )


def _remedy(f: Findings) -> str:
    """What would narrow the headline's interval: more replicates, or, when the twin worlds
    hold too few headline incidents in view to estimate a change, more incidents."""
    focus = f.focus
    n_view = f.effect(focus, "spectacular").twin_in_view if focus else None
    if n_view is None or n_view >= MIN_INCIDENTS:
        return "raise `experiment.max_replicates` for a narrower interval."
    return (
        f"the twin worlds of all replicates together held only {n_view} robberies in camera "
        f"view, so most replicates have nothing to compare and more of them add little; the "
        "counts a narrower interval needs come from more people per run (a larger world, or "
        "fewer people per agent: docs/experiment.md, section 11)."
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
