"""Findings on the true effect and on what a field evaluation would have seen, per policy and
category (report sections 1, 2 and 5, and the headlines)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from experiments.summaries import Spread
from experiments.tables import twin_quotient


@dataclasses.dataclass(frozen=True)
class CategoryEffect:
    """One policy on one category of violence, over replicates: the twin-world truth, the field
    measures and what recorded crime shows."""

    policy: str
    category: str
    n_evaluations: int
    """Rows (replicates) of this policy and category."""
    view: Spread
    """True relative change in view against the twin (``true_relative_change_treatment``)."""
    town: Spread
    """True relative change town-wide against the twin (``true_relative_change_total``)."""
    prevented_in_view: Spread
    """Incidents truly prevented in view (``true_prevented_treatment``)."""
    twin_in_view: int
    """Incidents in view in the twin worlds after the switch-on, all replicates together."""
    recorded_before_after: Spread
    """Recorded relative change in view, before against after."""
    recorded_vs_twin: Spread
    """Recorded relative change town-wide against the twin."""
    wdq_reportable: int
    """Replicates with a reportable field WDQ."""
    wdq_median: float
    """Median of the reportable field WDQs (NaN if none)."""
    wdq_with_truth: int
    """Reportable WDQs whose twin world prevented something in view."""
    wdq_truth_agrees: int
    """Of those, how many the twin world agrees with on the direction."""
    tne: float
    """Mean field TNE (recorded crime)."""
    tne_all_recorded: float
    """Mean TNE had every incident been recorded."""
    prevented_view_and_buffer: float
    """Mean incidents truly prevented in view and buffer."""

    @property
    def recorded_opposite(self) -> bool:
        """Whether recorded crime in view moved the other way from the truth."""
        view, recorded = self.view, self.recorded_before_after
        return bool(view.n and recorded.n and view.mean * recorded.mean < 0)


def _category_effect(policy: str, category: str, g: pd.DataFrame, quotient: pd.Series):
    ok = g[g["wdq_status"] == "ok"]
    truth = quotient.loc[ok.index]
    both = truth.notna()
    agree = int((np.sign(ok["wdq"][both]) == np.sign(truth[both])).sum())
    return CategoryEffect(
        policy=policy,
        category=category,
        n_evaluations=len(g),
        view=Spread.of(g["true_relative_change_treatment"]),
        town=Spread.of(g["true_relative_change_total"]),
        prevented_in_view=Spread.of(g["true_prevented_treatment"]),
        twin_in_view=int(g["twin_treatment_after"].astype(float).sum()),
        recorded_before_after=Spread.of(g["recorded_relative_change_treatment"]),
        recorded_vs_twin=Spread.of(g["recorded_relative_change_vs_twin"]),
        wdq_reportable=len(ok),
        wdq_median=float(ok["wdq"].median()) if len(ok) else np.nan,
        wdq_with_truth=int(both.sum()),
        wdq_truth_agrees=agree,
        tne=Spread.of(g["tne"]).mean,
        tne_all_recorded=Spread.of(g.get("true_tne", pd.Series(dtype=float))).mean,
        prevented_view_and_buffer=Spread.of(
            g["true_prevented_treatment"] + g["true_prevented_buffer"]
        ).mean,
    )


def category_effects(rows: pd.DataFrame) -> dict[tuple[str, str], CategoryEffect]:
    """Per (policy, category) of the category rows of the effects table, in order of first
    appearance."""
    if rows.empty:
        return {}
    quotient = twin_quotient(rows)
    return {
        (policy, category): _category_effect(policy, category, g, quotient)
        for (policy, category), g in rows.groupby(["policy", "category"], sort=False)
    }


def no_effect(policy: str, category: str) -> CategoryEffect:
    """The effect of a policy and category with no rows: nothing to tell (an empty spread,
    not computed: rendering a missing category computes nothing)."""
    empty = Spread(*(np.nan,) * 2, 0, *(np.nan,) * 4)
    return CategoryEffect(
        policy, category, 0, empty, empty, empty, 0, empty, empty, 0, np.nan, 0, 0, *[np.nan] * 3
    )


@dataclasses.dataclass(frozen=True)
class WdqOverview:
    """How many field evaluations had a reportable WDQ, and why the others had none."""

    n_evaluations: int
    n_reportable: int
    missing: tuple[tuple[str, int], ...]
    """(status, count) of the evaluations without a WDQ, most frequent first."""


def wdq_overview(rows: pd.DataFrame) -> WdqOverview:
    """The :class:`WdqOverview` of the category rows."""
    status = rows["wdq_status"].astype(str)
    missing = status[status != "ok"].value_counts()
    return WdqOverview(
        len(rows), int((status == "ok").sum()), tuple((r, int(n)) for r, n in missing.items())
    )
