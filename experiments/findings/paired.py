"""Differences between policies, paired by replicate (common random numbers): the same seeds
run under both policies, so the replicate-to-replicate noise they share cancels
(report section 1 and calibration checks A3, A4)."""

from __future__ import annotations

import dataclasses

import pandas as pd

from experiments.summaries import Spread
from experiments.tables import CATEGORIES, category_rows
from sim.params.policies import the_one_with_role

PAIRS = (
    (the_one_with_role("headline"), the_one_with_role("passive"), "active - passive"),
    (the_one_with_role("outage"), the_one_with_role("headline"), "outage - full"),
    (
        the_one_with_role("dedicated_response"),
        the_one_with_role("headline"),
        "dedicated response - alerts answered by patrol",
    ),
)
"""(policy a, policy b, what a - b means) of the differences the report gives."""


@dataclasses.dataclass(frozen=True)
class PairedDifference:
    """``a - b`` of one measure and category, per replicate run under both, with its spread
    (mean and 95 % t-interval of the per-replicate differences)."""

    a: str
    b: str
    meaning: str
    category: str
    measure: str
    difference: Spread


def paired_values(
    effects: pd.DataFrame, a: str, b: str, measure: str, category: str
) -> pd.DataFrame:
    """Per replicate run under both ``a`` and ``b`` with a finite value of both: columns ``a``,
    ``b`` and ``diff = a - b``, indexed by replicate."""
    rows = category_rows(effects)
    rows = rows[rows["category"] == category]

    def of(policy: str) -> pd.Series:
        sel = rows[rows["policy"] == policy]
        return sel.set_index("replicate")[measure].astype(float)

    pairs = pd.concat([of(a).rename("a"), of(b).rename("b")], axis=1).dropna()
    return pairs.assign(diff=pairs["a"] - pairs["b"])


def paired_difference(
    effects: pd.DataFrame,
    a: str,
    b: str,
    meaning: str = "",
    measure: str = "true_relative_change_treatment",
    category: str = "spectacular",
) -> PairedDifference:
    """The :class:`PairedDifference` ``a - b`` of ``measure`` (default: the true change in view
    against the twin) for ``category``."""
    pairs = paired_values(effects, a, b, measure, category)
    return PairedDifference(a, b, meaning, category, measure, Spread.of(pairs["diff"]))


def paired_differences(effects: pd.DataFrame) -> tuple[PairedDifference, ...]:
    """Every pair of :data:`PAIRS` run, for every category."""
    out = []
    for a, b, meaning in PAIRS:
        for category in CATEGORIES:
            d = paired_difference(effects, a, b, meaning, category=category)
            if d.difference.n:
                out.append(d)
    return tuple(out)
