"""The report's sections on harms, money and the literature, formatted from the
:class:`~experiments.findings.Findings` (no computation)."""

from __future__ import annotations

import numpy as np

from experiments.findings import Findings
from experiments.findings.costs import BREAK_EVEN_REFERENCE, CostFindings
from experiments.findings.harms import UnequalStops
from experiments.report.sections import NO_RESULTS, label, spread_cell, table
from experiments.summaries import num, pct, plural
from experiments.tables import NOT_ENOUGH
from sim.params.policies import GROUP_LABELS

HARMS_INTRO = (
    "Trips women gave up for fear of harassment, against the twin (mean over replicates, "
    "95% interval); wrongful stops after a false face match per 1,000 residents of each group; "
    "face captures per resident over the run."
)
PER_PREVENTED_NOTE = (
    "*Per prevented* is n/a where a policy has no priced cost (no cameras) or prevented "
    "none on average (its cost bought no reduction at all)."
)


def section_harms(f: Findings) -> list[str]:
    """Women's mobility and the harms of watching, by group."""
    h = f.harms
    if h is None:
        return ["No harms table."]
    rows = [
        [label(p.policy), spread_cell(p.women_forgone)]
        + [num(v) for v in p.stops_per_1000]
        + [num(p.captures_per_resident)]
        for p in h.policies
    ]
    lines = [HARMS_INTRO, ""]
    lines += table(
        ["policy", "women's trips forgone"]
        + [f"stops/1,000 {GROUP_LABELS[g]}" for g in h.groups]
        + ["face captures per resident"],
        rows,
    )
    lines.append("")
    best = h.fewest_forgone
    if best is not None:
        mobility = dict(h.mobility)
        lines.append(
            f"- **Mobility:** women gave up the fewest trips under {label(best)} "
            f"({pct(mobility[best])} against the twin); under the others: "
            + ", ".join(f"{label(q)} {pct(v)}" for q, v in h.mobility if q != best)
            + "."
        )
    lines.append(unequal_stops_line(h.stops))
    if h.fear:
        lines.append(
            "- **Fear:** women's mean fear (0 to 1) against the twin: "
            + ", ".join(
                f"{label(p)} {num(fear, digits=3)} vs {num(twin, digits=3)}"
                for p, fear, twin in h.fear
            )
            + "."
        )
    return lines


def unequal_stops_line(stops: UnequalStops) -> str:
    """How much more often minority residents are wrongly stopped than majority ones."""
    if stops.policy is None:
        return "- **Wrongful stops:** none under any policy."
    name = label(stops.policy)
    if not stops.ratios:
        return f"- **Wrongful stops:** too few under {name} to compare groups ({NOT_ENOUGH})."
    ratios = [
        f"minority {g} {num(ratio)} times as often as majority {g}" for g, ratio in stops.ratios
    ]
    return (
        f"- **Wrongful stops** fall unequally: under {name}, per resident, "
        + " and ".join(ratios)
        + "."
    )


def costs_intro(costs: CostFindings) -> str:
    """How many people one agent stands for, in the costs section's prose."""
    return plural(costs.people_per_agent, "person", "people")


def section_costs(costs: CostFindings) -> list[str]:
    """What the camera policies cost per incident they truly prevented, and the budget at which
    a policy without cameras would have done as well (``sim.analysis.costs``)."""
    if not costs.policies:
        return [NO_RESULTS]
    rows = [
        [
            label(c.policy),
            f"{c.cameras:,.0f}",
            f"Rs {c.cost_rs / 1e6:,.1f} m",
            f"{c.prevented.mean:,.0f} ({c.prevented.ci_lo:,.0f} to {c.prevented.ci_hi:,.0f})"
            if c.prevented.n > 1
            else f"{c.prevented.mean:,.0f}"
            if c.prevented.n
            else "n/a",
            f"Rs {c.rs_per_prevented:,.0f}" if np.isfinite(c.rs_per_prevented) else "n/a",
        ]
        for c in costs.policies
    ]
    lines = table(
        ["policy", "cameras", "cost after switch-on", "prevented (95% interval)", "per prevented"],
        rows,
    )
    lines += ["", PER_PREVENTED_NOTE]
    for b in costs.break_even:
        lines.append(
            f"- **{label(b.policy)}** has no unit cost in the model. It would "
            f"prevent incidents as cheaply as {label(BREAK_EVEN_REFERENCE)} if it "
            f"cost no more than Rs {b.budget_rs / 1e6:,.1f} m over the same period (Rs "
            f"{b.per_year_rs / 1e6:,.1f} m a year)."
        )
    return lines


VERDICT_VERBS = {
    "AGREES": "agree",
    "PARTLY AGREES": "partly agree",
    "DISAGREES": "disagree",
    "NOT CHECKED": "not checked",
}


def verdict_counts(f: Findings) -> str:
    """``3 agree, 2 partly agree``."""
    return ", ".join(f"{n} {VERDICT_VERBS.get(v, v)}" for v, n in f.verdict_counts)
