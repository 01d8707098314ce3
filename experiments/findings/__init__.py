"""The report's data layer: every number of ``report.md``, computed once from the tables.

:func:`compute_findings` turns the experiment's tables into one :class:`Findings` (frozen
dataclasses, no text beyond the calibration verdicts); the report's sections
(:mod:`experiments.report.sections`) only format it and the figures (:mod:`experiments.figures`)
only draw it or the tables. Nothing here imports matplotlib.
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from experiments.calibration import (
    ACTIVE,
    MIN_INCIDENTS,
    TYPE_DISPLACEMENT,
    Check,
    calibration_checks,
)
from experiments.calibration_a2 import enough_in_view, truth_words
from experiments.calibration_patterns import check_a2, check_a7
from experiments.field import FieldEstimate, field_estimates, field_table
from experiments.findings.channels import channel_summary
from experiments.findings.costs import CostFindings, cost_findings
from experiments.findings.effects import (
    CategoryEffect,
    WdqOverview,
    category_effects,
    no_effect,
    wdq_overview,
)
from experiments.findings.harms import HarmsFindings, harms_findings
from experiments.findings.paired import PairedDifference, paired_differences
from experiments.findings.patterns import PatternRow, pattern_rows
from experiments.findings.run import RunFindings, run_findings
from experiments.findings.where import WhereFindings, where_findings
from experiments.findings.world import WorldFigure, world_findings
from experiments.patterns import load_ranking, screening_words
from experiments.summaries import (
    OffenceSwitch,
    offence_switch,
    summarise_effects,
    where_crime_went,
)
from experiments.tables import (
    category_rows,
    complete,
    meta_of,
    policies_in,
    replicates_per_policy,
)


@dataclasses.dataclass(frozen=True)
class Findings:
    """Every number of the report, computed once by :func:`compute_findings`."""

    tables: dict[str, pd.DataFrame]
    """The tables they come from, completed (an empty frame for a missing one): for figures."""
    meta: dict
    replicates: dict[str, int]
    """Replicates run per policy."""
    policies: tuple[str, ...]
    """Policies with category rows in the effects table, in the config's order."""
    focus: str | None
    """The policy the headlines lead with: the headline policy if run, else the first."""
    effects: dict[tuple[str, str], CategoryEffect]
    """Per (policy, category), in order of first appearance."""
    wdq: WdqOverview
    field: dict[tuple[str, str], FieldEstimate]
    """The per-site field evaluation pooled per (policy, category) (``field.csv``)."""
    differences: tuple[PairedDifference, ...]
    """Differences between policies, paired by replicate (active - passive, outage - full)."""
    run: RunFindings
    world: tuple[WorldFigure, ...]
    """The world's figures per head beside Lahore's (empty for older results)."""
    where: WhereFindings | None
    switch: OffenceSwitch | None
    """Crime-type displacement, None if its policy was not run."""
    harms: HarmsFindings | None
    costs: CostFindings
    checks: tuple[Check, ...]
    """Every calibration check, in the order of the pattern registry."""
    patterns: tuple[PatternRow, ...]
    """The checks joined with the pattern registry (:mod:`experiments.patterns`)."""
    screening: str
    """The design of the sensitivity screening the patterns' *depends on* come from."""
    verdict_counts: tuple[tuple[str, int], ...]
    """(verdict, number of checks), most frequent first."""
    summaries: dict[str, pd.DataFrame]
    """``effects_summary``, ``offences_summary``, ``harms_summary``, ``channels_summary``,
    ``field``: the CSVs written."""

    def effect(self, policy: str, category: str) -> CategoryEffect:
        """The effect of ``policy`` on ``category`` (an empty one if it has no rows)."""
        return self.effects.get((policy, category)) or no_effect(policy, category)

    @property
    def most_everyday_prevented(self) -> tuple[str, float] | None:
        """The policy with the largest mean fall of everyday violence town-wide, and that mean
        change."""
        best = [
            (e.policy, e.town.mean)
            for e in self.effects.values()
            if e.category == "everyday" and e.town.n
        ]
        return min(best, key=lambda pv: pv[1]) if best else None


def compute_findings(tables: dict[str, pd.DataFrame]) -> Findings:
    """Every number of the report from the experiment's tables (see
    :func:`experiments.report.write_report` for the tables); missing or empty tables give
    findings that say so."""
    tables = complete(tables)
    meta = meta_of(tables)
    effects = tables["effects"]
    rows = category_rows(effects)
    policies = policies_in(rows)
    moved = where_crime_went(effects)
    switch = offence_switch(effects, TYPE_DISPLACEMENT)
    harms = harms_findings(tables["harms"])
    field = field_table(tables["sites"])
    estimates = field_estimates(field)
    checks = [
        *calibration_checks(effects, tables["runs"], moved, switch, field),
        check_a2(
            estimates,
            truth=truth_words(effects, MIN_INCIDENTS),
            enough=enough_in_view(effects, MIN_INCIDENTS),
        ),
        check_a7(effects, tables["harms"]),
    ]
    ranking = load_ranking()
    patterns = pattern_rows(checks, effects, estimates, ranking)
    checks = tuple(row.check for row in patterns)
    counts = pd.Series([c.verdict for c in checks]).value_counts()
    focus = (ACTIVE if ACTIVE in policies else policies[0]) if policies else None
    return Findings(
        tables=tables,
        meta=meta,
        replicates=replicates_per_policy(tables),
        policies=tuple(policies),
        focus=focus,
        effects=category_effects(rows),
        wdq=wdq_overview(rows),
        field=estimates,
        differences=paired_differences(effects),
        run=run_findings(tables, meta),
        world=world_findings(tables["runs"], focus),
        where=where_findings(moved),
        switch=switch,
        harms=harms,
        costs=cost_findings(tables["costs"], meta),
        checks=checks,
        patterns=patterns,
        screening=screening_words(ranking),
        verdict_counts=tuple((str(v), int(n)) for v, n in counts.items()),
        summaries={
            "effects_summary": summarise_effects(effects),
            "offences_summary": summarise_effects(effects, level="offence"),
            "harms_summary": harms.summary
            if harms is not None
            else pd.DataFrame(columns=["policy", "group"]),
            "channels_summary": channel_summary(tables["channels"]),
            "field": field,
        },
    )


__all__ = ["Findings", "compute_findings"]
