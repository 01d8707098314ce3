"""The report's first section, five lines for the first slide, each taken from the findings of
a later section (no computation)."""

from __future__ import annotations

import numpy as np

from experiments.calibration import MIN_INCIDENTS
from experiments.findings import Findings
from experiments.report.field_sections import field_headline
from experiments.report.harms_costs import unequal_stops_line
from experiments.report.precision_words import cap_reason
from experiments.report.sections import NO_RESULTS, capital, label
from experiments.summaries import change_words, num, pct
from experiments.tables import NOT_ENOUGH


def section_headlines(f: Findings) -> list[str]:
    """Five lines for the first slide, each taken from the findings of a section."""
    if f.focus is None:
        return [f"- {NO_RESULTS}"]
    focus, name = f.focus, label(f.focus)
    view = f.effect(focus, "spectacular").view
    town = f.effect(focus, "spectacular").town
    every = f.effect(focus, "everyday").town
    everyday_words = change_words(every, "everyday violence (harassment, domestic)", " town-wide")
    n_view = f.effect(focus, "spectacular").twin_in_view
    robbery = (
        change_words(view, "robbery in camera view")
        if n_view >= MIN_INCIDENTS
        else f"{NOT_ENOUGH} in camera view to tell how robbery changed there ({n_view} in the "
        "twin worlds)"
    )
    thefts = f.effect(focus, "property")
    theft_words = (
        change_words(thefts.view, "vehicle theft in camera view")
        if thefts.twin_in_view >= MIN_INCIDENTS
        else f"{NOT_ENOUGH} in camera view to tell how vehicle theft changed there "
        f"({thefts.twin_in_view} in the twin worlds)"
    )
    lines = [
        f"- **{name}:** {robbery}; {change_words(town, 'across the town it')}. "
        f"{capital(everyday_words)}. {capital(theft_words)}."
    ]
    if reason := cap_reason(f):
        lines.append(
            f"- **Precision:** the interval of that change in camera view is "
            f"+-{num(float(f.meta['headline_halfwidth_points']), digits=1)} points, wider than "
            f"the target.{reason}"
        )
    if (best := f.most_everyday_prevented) is not None:
        lines.append(
            f"- **Most everyday violence prevented:** {label(best[0])}, {pct(best[1])} town-wide."
        )
    if (field := field_headline(f)) is not None:
        lines.append(field)
    lines.append(
        f"- **Field evaluation, whole programme:** the displacement quotient (WDQ) could be "
        f"computed in "
        f"{f.wdq.n_reportable} of {f.wdq.n_evaluations} policy-replicate-category evaluations; "
        "recorded counts were too small in the rest."
    )
    recorded = f.effect(focus, "spectacular").recorded_before_after
    if recorded.n and view.n:
        lines.append(
            f"- **Official figures:** under {name}, recorded robbery in view changed by "
            f"{pct(recorded.mean)} from before to after, while the true change was "
            f"{pct(view.mean)}."
        )
    if f.harms is not None:
        lines.append(
            unequal_stops_line(f.harms.stops).replace(
                "- **Wrongful stops** fall", "- **Harms:** wrongful stops fall"
            )
        )
    cost = f.costs.of(focus)
    if cost is not None:
        per = "; ".join(
            f"Rs {cost.rs_per[k]:,.0f} per {k} prevented"
            if np.isfinite(cost.rs_per.get(k, np.nan))
            else f"none of {k} prevented"
            for k in ("robbery", "harassment")
            if k in cost.rs_per
        )
        lines.append(
            f"- **Money:** {name} cost Rs {cost.cost_rs / 1e6:,.1f} m after the switch-on: "
            f"{per} (each counted on its own, town-wide)."
        )
    verdicts = ", ".join(f"{c.pattern.split(':')[0]} {c.verdict.lower()}" for c in f.checks)
    lines.append(f"- **Against the literature:** {verdicts}.")
    return lines
