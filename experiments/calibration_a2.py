"""The twin truth behind check A2: are the cameras' effects truly concentrated on property crime?

VALIDATION A2 (Piza et al. 2019): CCTV's effects are "narrowly targeted on vehicle crimes and
property crime", and violent crime responds little. The check's verdict compares the pooled field
estimates, as the reviews do (:mod:`experiments.calibration_patterns`); beside it this module
gives what the field cannot see: the headline policy's true effect in camera view on property
crime (vehicle theft) against spectacular violence, replicate by replicate (same seeds).
"""

from __future__ import annotations

import pandas as pd

from experiments.calibration import replicate_values, twin_in_view
from experiments.summaries import CONFIDENCE, Spread, num, pct, plural
from experiments.tables import CATEGORIES
from sim.params.policies import the_one_with_role

ACTIVE = the_one_with_role("headline")
PROPERTY, VIOLENT = "property", "spectacular"


def _spread_words(s: Spread) -> str:
    if s.n < 2:
        return pct(s.mean)
    return f"{pct(s.mean)} ({CONFIDENCE:.0%} interval {pct(s.ci_lo)} to {pct(s.ci_hi)})"


def enough_in_view(effects: pd.DataFrame, min_incidents: int) -> bool:
    """Whether the twin worlds of the headline policy hold at least ``min_incidents`` property
    and spectacular incidents in view after the switch-on (all replicates together): with
    fewer, neither the truth nor a field estimate can compare the categories."""
    n_twin = [twin_in_view(effects, ACTIVE, c) for c in (PROPERTY, VIOLENT)]
    return min(n_twin) >= min_incidents


def truth_words(effects: pd.DataFrame, min_incidents: int) -> str:
    """What the twin truth says of A2, for the check's text beside the field estimates
    (:func:`experiments.calibration_patterns.check_a2`, whose verdict is the field's, as the
    reviews measure): the headline policy's true change in view of each category, property minus
    spectacular paired by replicate, and whether property crime truly fell clearly more, more on
    average only, or no more than violence. Nothing is said with fewer than ``min_incidents``
    property or spectacular incidents in view in the twin worlds."""
    col = "true_relative_change_treatment"
    truth = {c: replicate_values(effects, ACTIVE, col, c) for c in CATEGORIES}
    n_twin = {c: twin_in_view(effects, ACTIVE, c) for c in CATEGORIES}
    if min(n_twin[PROPERTY], n_twin[VIOLENT]) < min_incidents:
        return (
            f"The twin truth cannot tell: {plural(n_twin[PROPERTY], 'property incident')} and "
            f"{plural(n_twin[VIOLENT], 'spectacular incident')} in view in the twin worlds of "
            f"`{ACTIVE}` (at least {min_incidents} of each needed)."
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
        f"What the field cannot see: in truth, incidents in camera view under `{ACTIVE}` "
        f"changed against the twin world by: {changes} (mean of {plural(prop.n, 'replicate')}). "
        f"Property minus spectacular, paired by replicate: {num(100 * diff.mean, True)} "
        f"percentage points{interval}; property fell more in "
        f"{int((pairs['p'] < pairs['v']).sum())} of {len(pairs)} replicates."
    )
    if not prop.mean < 0:
        return f"{facts} In truth property crime in view did not fall."
    if not diff.mean < 0:
        return f"{facts} In truth property crime fell no more than violence."
    if diff.n > 1 and diff.ci_hi < 0:
        return f"{facts} In truth property crime fell clearly more than violence."
    return f"{facts} In truth property crime fell more on average, but not clearly."
