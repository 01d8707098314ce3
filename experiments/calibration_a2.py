"""Calibration check A2: are the cameras' effects concentrated on property crime?

VALIDATION A2 (Piza et al. 2019): CCTV's effects are "narrowly targeted on vehicle crimes and
property crime", and violent crime responds little. The check compares, like for like, the
headline policy's effect in camera view on property crime (vehicle theft) with its effect on
spectacular and everyday violence: the twin-world truth replicate by replicate (same seeds), and
beside it the pooled field estimate from recorded crime that an evaluator would publish.
"""

from __future__ import annotations

import pandas as pd

from experiments.field import field_estimates
from experiments.summaries import CONFIDENCE, Spread, num, pct, plural
from experiments.tables import CATEGORIES, category_rows
from sim.params.policies import the_one_with_role

ACTIVE = the_one_with_role("headline")
PROPERTY, VIOLENT = "property", "spectacular"
NAME = "A2: camera effects are concentrated on property and vehicle crime; violence responds little"


def _by_replicate(effects: pd.DataFrame, category: str, column: str) -> pd.Series:
    rows = category_rows(effects)
    sel = rows[(rows["policy"] == ACTIVE) & (rows["category"] == category)]
    return sel.set_index("replicate")[column].astype(float)


def _spread_words(s: Spread) -> str:
    if s.n < 2:
        return pct(s.mean)
    return f"{pct(s.mean)} ({CONFIDENCE:.0%} interval {pct(s.ci_lo)} to {pct(s.ci_hi)})"


def _field_words(field: pd.DataFrame | None) -> str:
    """The pooled field estimate per category, or why there is none."""
    if field is None or field.empty:
        return " No per-site field estimate was made."
    estimates = field_estimates(field)
    parts = []
    for category in CATEGORIES:
        e = estimates.get((ACTIVE, category))
        if e is None or e.n_pooled == 0:
            parts.append(f"{category} not estimable (no recorded incidents to pool)")
            continue
        parts.append(
            f"{category} {pct(e.relative_effect)} ({CONFIDENCE:.0%} interval {pct(e.ci_low)} "
            f"to {pct(e.ci_high)}, {plural(e.n_pooled, 'site')})"
        )
    return (
        " What a field evaluation would publish (recorded crime in the camera sites' views "
        "against matched controls, pooled): " + "; ".join(parts) + "."
    )


def check_a2(
    effects: pd.DataFrame, field: pd.DataFrame | None, min_incidents: int
) -> tuple[str, str, str]:
    """(pattern, verdict, text) of A2 on the twin truth of the headline policy: property
    crime's change in view against spectacular violence's, paired by replicate. Agrees if
    property crime falls and by clearly more than spectacular violence (the paired difference's
    interval below 0); partly if by more on average only; disagrees if it does not fall, or
    falls no more than violence. Not checked with fewer than ``min_incidents`` property or
    spectacular incidents in view in the twin worlds."""
    col = "true_relative_change_treatment"
    truth = {c: _by_replicate(effects, c, col) for c in CATEGORIES}
    n_twin = {c: int(_by_replicate(effects, c, "twin_treatment_after").sum()) for c in CATEGORIES}
    if min(n_twin[PROPERTY], n_twin[VIOLENT]) < min_incidents:
        return (
            NAME,
            "NOT CHECKED",
            f"Not enough incidents in view in the twin worlds of `{ACTIVE}`: "
            f"{plural(n_twin[PROPERTY], 'property incident')} and "
            f"{plural(n_twin[VIOLENT], 'spectacular incident')} (at least {min_incidents} "
            "of each needed).",
        )
    pairs = pd.concat([truth[PROPERTY].rename("p"), truth[VIOLENT].rename("v")], axis=1)
    pairs = pairs.dropna()
    diff = Spread.of(pairs["p"] - pairs["v"])
    prop = Spread.of(truth[PROPERTY])
    changes = "; ".join(f"{c} {_spread_words(Spread.of(truth[c]))}" for c in CATEGORIES)
    interval = (
        f", {CONFIDENCE:.0%} interval {num(100 * diff.ci_lo, True)} to "
        f"{num(100 * diff.ci_hi, True)}"
        if diff.n > 1
        else ""
    )
    facts = (
        f"In truth, incidents in camera view under `{ACTIVE}` changed against the twin world "
        f"by: {changes} (mean of {plural(prop.n, 'replicate')}). Property minus spectacular, "
        f"paired by replicate: {num(100 * diff.mean, True)} percentage points{interval}; "
        f"property fell more in {int((pairs['p'] < pairs['v']).sum())} of {len(pairs)} "
        "replicates." + _field_words(field)
    )
    if not prop.mean < 0:
        return NAME, "DISAGREES", f"{facts} Property crime in view did not fall."
    if not diff.mean < 0:
        return NAME, "DISAGREES", f"{facts} Property crime fell no more than violence."
    if diff.n > 1 and diff.ci_hi < 0:
        return NAME, "AGREES", f"{facts} Property crime fell clearly more than violence."
    return (
        NAME,
        "PARTLY AGREES",
        f"{facts} Property crime fell more on average, but not clearly across replicates.",
    )
