"""Replicates by precision: common-random-number batches until the headline is precise enough.

The headline is the headline policy's true change of spectacular violence in camera view against
its twin (``true_relative_change_treatment``; ``sim.params.policies`` role ``headline``). The
experiment runs ``experiment.replicates`` replicates, then adds batches, replicate numbers
continuing (so every policy meets the same seeds, and a run with more replicates extends one
with fewer), until the 95 % t-interval of the headline's mean is within
``experiment.target_halfwidth_points`` or ``experiment.max_replicates`` is reached.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Sequence

import pandas as pd
from scipy import stats

from experiments.summaries import CONFIDENCE, Spread
from sim.params.experiment import ExperimentParams

HEADLINE_MEASURE = "true_relative_change_treatment"
HEADLINE_CATEGORY = "spectacular"


@dataclasses.dataclass(frozen=True)
class Precision:
    """How the precision loop ended."""

    replicates: int
    halfwidth_points: float
    """Half-width of the headline's 95 % interval, percentage points (NaN if not computable)."""
    target_points: float
    max_replicates: int
    stop: str
    """``target`` (reached), ``cap`` (max_replicates reached first), ``no_headline`` (the
    headline policy was not run or had no value, so one batch was run)."""

    def to_dict(self) -> dict:
        """Columns for ``meta.csv``."""
        return {
            "replicates_run": self.replicates,
            "headline_halfwidth_points": self.halfwidth_points,
            "precision_stop": self.stop,
        }


def headline_spread(effects: pd.DataFrame, policy: str) -> Spread:
    """The headline's replicate spread in the effects table (empty if the policy is absent)."""
    if effects.empty or "level" not in effects:
        return Spread.of([])
    rows = effects[
        (effects["level"] == "category")
        & (effects["category"] == HEADLINE_CATEGORY)
        & (effects["policy"] == policy)
    ]
    return Spread.of(rows[HEADLINE_MEASURE])


def halfwidth_points(s: Spread) -> float:
    """Half-width of the interval of ``s``'s mean, in percentage points."""
    return 100.0 * (s.ci_hi - s.mean)


def replicates_for(s: Spread, target_points: float, limit: int = 100_000) -> int | None:
    """The fewest replicates whose 95 % t-interval half-width, with the replicate sd of ``s``,
    is within ``target_points`` percentage points (None without an sd, or beyond ``limit``)."""
    if s.n < 2 or not s.sd > 0 or not target_points > 0:
        return None
    ratio = 100.0 * s.sd / target_points
    n = max(2, math.ceil((stats.norm.ppf(0.5 + CONFIDENCE / 2) * ratio) ** 2))
    while n <= limit:
        if stats.t.ppf(0.5 + CONFIDENCE / 2, n - 1) * ratio / math.sqrt(n) <= 1.0:
            return n
        n += 1
    return None


def next_batch(s: Spread, done: int, exp: ExperimentParams) -> int:
    """Replicates to add: as many as the spread so far says the target needs (at least a first
    batch's worth), never past the cap. The projection uses the t quantile of the projected
    number of replicates (one fixed-point step from the normal quantile), not of the few run so
    far, whose t quantile would ask for far too many."""
    needed = exp.replicates
    if s.n > 1 and s.sd > 0:
        ratio = 100.0 * s.sd / exp.target_halfwidth_points
        n = max(2, math.ceil((stats.norm.ppf(0.5 + CONFIDENCE / 2) * ratio) ** 2))
        t = stats.t.ppf(0.5 + CONFIDENCE / 2, n - 1)
        needed = math.ceil((t * ratio) ** 2) - done
    return max(0, min(exp.max_replicates - done, max(needed, exp.replicates)))


def run_until_precise(
    run_batch: Callable[[Sequence[int]], list[dict[str, pd.DataFrame]]],
    exp: ExperimentParams,
    headline: str,
) -> tuple[list[dict[str, pd.DataFrame]], Precision]:
    """Run batches of replicates until the headline is precise enough or the cap is reached.

    Args:
        run_batch: runs the given replicate numbers, returning one dict of tables per
            replicate (each with an ``effects`` table).
        exp: the design (``replicates``, ``target_halfwidth_points``, ``max_replicates``).
        headline: the headline policy's name.

    Returns:
        Every replicate's tables, in replicate order, and the :class:`Precision`.
    """
    parts = list(run_batch(range(exp.replicates)))
    while True:
        effects = pd.concat([p["effects"] for p in parts], ignore_index=True)
        s = headline_spread(effects, headline)
        half = halfwidth_points(s)
        done = len(parts)
        if s.n < 2:
            # one value has no interval; with none the headline policy was not run
            stop = "no_headline" if s.n == 0 else None
        else:
            stop = "target" if half <= exp.target_halfwidth_points else None
        if stop is None and done >= exp.max_replicates:
            stop = "cap"
        if stop is not None or (add := next_batch(s, done, exp)) == 0:
            return parts, Precision(
                done, half, exp.target_halfwidth_points, exp.max_replicates, stop or "cap"
            )
        parts += run_batch(range(done, done + add))
