"""The report's sections on harms, money and the literature, formatted from the
:class:`~experiments.findings.Findings` (no computation)."""

from __future__ import annotations

import numpy as np

from experiments.findings import Findings
from experiments.findings.costs import BREAK_EVEN_REFERENCE, CostFindings, PolicyCost
from experiments.findings.harms import UnequalStops
from experiments.report.sections import NO_RESULTS, label, spread_cell, table
from experiments.summaries import num, pct, plural
from experiments.tables import NOT_ENOUGH
from sim.params.policies import GROUP_LABELS, POLICIES, load_policy
from sim.processes.alternatives import PLACES, UNITS

HARMS_INTRO = (
    "Trips women gave up for fear of harassment, against the twin (mean over replicates, "
    "95% interval); wrongful stops after a false face match per 1,000 residents of each group; "
    "face captures per resident over the run."
)
PER_PREVENTED_NOTE = (
    "Each kind is counted on its own: Rs per robbery prevented divides the whole cost by the "
    "robberies prevented, as if they were all it bought, and likewise for harassment and for "
    "each category, so the columns are not to be added. *n/a* where a policy has no price or "
    "prevented none of that kind on average (its cost bought no reduction of it). Help desks "
    "raise reporting; they prevent incidents only through the arrests more reports bring."
)
KIND_LABELS = {"robbery": "robbery", "harassment": "harassment"}
"""How the report names a kind of COST_KINDS; a category is named as itself."""


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


def kind_label(kind: str) -> str:
    """``robbery``, ``harassment``, or ``<category> (category)``."""
    return KIND_LABELS.get(kind, f"{kind} (category)")


def bought(c: PolicyCost) -> str:
    """What a policy bought: cameras, or an equal-budget alternative's units and places."""
    overrides = load_policy(c.policy) if c.policy in POLICIES else {}
    spend_on = overrides.get("equal_budget", {}).get("spend_on", "none")
    if spend_on in UNITS:
        return (
            f"{c.units:,.0f} {UNITS[spend_on]} ({c.places:,.0f} {PLACES[spend_on]}, "
            f"{c.coverage:.0%})"
        )
    return f"{c.cameras:,.0f} cameras" if c.cameras else "none priced"


def _spread(s) -> str:
    if s.n > 1:
        return f"{s.mean:,.0f} ({s.ci_lo:,.0f} to {s.ci_hi:,.0f})"
    return f"{s.mean:,.0f}" if s.n else "n/a"


def _per(c: PolicyCost, kind: str) -> str:
    """Rs per incident of ``kind`` prevented; flagged when the interval of the incidents
    prevented includes zero (the cost is then not distinguishable from buying nothing)."""
    if not np.isfinite(c.rs_per[kind]):
        return "n/a"
    s = c.prevented[kind]
    unsure = s.n > 1 and np.isfinite(s.ci_lo) and s.ci_lo <= 0
    return f"Rs {c.rs_per[kind]:,.0f}" + (" (interval of prevented includes 0)" if unsure else "")


def section_costs(costs: CostFindings) -> list[str]:
    """What each policy cost, and what it cost per robbery, per harassment and per incident of
    each category it truly prevented, separately; the budget at which an unpriced policy would
    have done as well (``sim.analysis.costs``)."""
    if not costs.policies:
        return [NO_RESULTS]
    kinds = costs.kinds
    rows = [
        [label(c.policy), bought(c), f"Rs {c.cost_rs / 1e6:,.1f} m"]
        + [_spread(c.prevented[k]) for k in kinds]
        for c in costs.policies
    ]
    lines = table(
        ["policy", "bought", "cost after switch-on"]
        + [f"{kind_label(k)} prevented (95% interval)" for k in kinds],
        rows,
    )
    lines.append("")
    rows = [[label(c.policy)] + [_per(c, k) for k in kinds] for c in costs.policies]
    lines += table(["policy"] + [f"Rs per {kind_label(k)} prevented" for k in kinds], rows)
    lines += ["", PER_PREVENTED_NOTE]
    for b in costs.break_even:
        lines.append(
            f"- **{label(b.policy)}** has no price in the model. It would prevent "
            f"{kind_label(b.kind)} as cheaply as {label(BREAK_EVEN_REFERENCE)} if it cost no "
            f"more than Rs {b.budget_rs / 1e6:,.1f} m over the same period (Rs "
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
