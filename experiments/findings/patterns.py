"""The report's table of literature patterns: each calibration check joined with its pattern's
registry entry (:data:`experiments.patterns.PATTERNS`): the literature's figure, the model's
like-for-like measure with its 95 % interval, the verdict, the power to fail and the parameters
the pattern depends on in the sensitivity analysis."""

from __future__ import annotations

import dataclasses

import pandas as pd

from experiments.calibration import ACTIVE, DEDICATED, PASSIVE, Check
from experiments.field import FieldEstimate
from experiments.findings.paired import paired_values
from experiments.patterns import PATTERNS, Pattern, depends_on, load_ranking, pattern_id
from experiments.summaries import Spread, num, pct
from experiments.tables import NOT_ENOUGH, category_rows

MEASURE = "true_relative_change_treatment"


@dataclasses.dataclass(frozen=True)
class PatternRow:
    """One row of the report's pattern table."""

    label: str
    """The check's id as the report shows it (``A5 sites``)."""
    pattern: Pattern
    check: Check
    model: str
    """The model's measure with its 95 % interval."""
    depends_on: str


def _spread_words(s: Spread) -> str:
    if s.n == 0:
        return NOT_ENOUGH
    if s.n == 1:
        return f"{pct(s.mean)} (one replicate)"
    return f"{pct(s.mean)} ({pct(s.ci_lo)} to {pct(s.ci_hi)})"


def _points(s: Spread) -> str:
    if s.n == 0:
        return NOT_ENOUGH
    if s.n == 1:
        return f"{num(100 * s.mean, True)} points (one replicate)"
    return (
        f"{num(100 * s.mean, True)} points ({num(100 * s.ci_lo, True)} to "
        f"{num(100 * s.ci_hi, True)})"
    )


def _a1(effects: pd.DataFrame, field: dict[tuple[str, str], FieldEstimate]) -> str:
    e = field.get((ACTIVE, "spectacular"))
    if e is not None and e.n_pooled:
        return (
            f"field estimate {pct(e.relative_effect)} ({pct(e.ci_low)} to {pct(e.ci_high)}), "
            f"{e.n_pooled} sites pooled"
        )
    rows = category_rows(effects)
    rows = rows[(rows["policy"] == ACTIVE) & (rows["category"] == "spectacular")]
    return f"no field estimate; truth in view {_spread_words(Spread.of(rows[MEASURE]))}"


def _paired(effects: pd.DataFrame, a: str, b: str, what: str) -> str:
    pairs = paired_values(effects, a, b, MEASURE, "spectacular")
    if pairs.empty:
        return f"`{a}` and `{b}` not both run"
    return (
        f"{what}: {_points(Spread.of(pairs['diff']))}; `{a}` {_spread_words(Spread.of(pairs['a']))}"
        f", `{b}` {_spread_words(Spread.of(pairs['b']))}"
    )


def model_cell(
    check: Check, effects: pd.DataFrame, field: dict[tuple[str, str], FieldEstimate]
) -> str:
    """The model's measure for ``check``'s table row: the check's own cell where it gives one,
    else computed here for A1 (the field estimate), A3 and A4 (paired differences)."""
    if check.cell:
        return check.cell
    pid = pattern_id(check.pattern)
    if pid == "A1":
        return _a1(effects, field)
    if pid == "A3":
        return _paired(effects, ACTIVE, PASSIVE, "active minus passive")
    if pid == "A4":
        return _paired(effects, DEDICATED, ACTIVE, "dedicated minus safe_city")
    return check.verdict.lower()


def _order(check: Check) -> tuple[int, str]:
    ids = list(PATTERNS)
    pid = pattern_id(check.pattern)
    return (ids.index(pid) if pid in ids else len(ids), check.pattern.split(":")[0])


def pattern_rows(
    checks: list[Check],
    effects: pd.DataFrame,
    field: dict[tuple[str, str], FieldEstimate],
    ranking: pd.DataFrame | None = None,
) -> tuple[PatternRow, ...]:
    """Every check as a row of the pattern table, in the order of the registry; ``ranking`` is
    the Morris ranking (default: :func:`experiments.patterns.load_ranking`)."""
    ranking = load_ranking() if ranking is None else ranking
    rows = []
    for check in sorted(checks, key=_order):
        pattern = PATTERNS[pattern_id(check.pattern)]
        rows.append(
            PatternRow(
                label=check.pattern.split(":")[0],
                pattern=pattern,
                check=check,
                model=model_cell(check, effects, field),
                depends_on=depends_on(pattern, ranking),
            )
        )
    return tuple(rows)
