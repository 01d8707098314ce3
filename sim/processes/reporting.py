"""Victims' reporting and residents' trust in the police.

A victim reports with a probability set by the offence and shifted by her trust in the police on
the log-odds scale; trust rises when a report brings an officer and falls when it does not, or
when an innocent person is stopped after a false face match (assumption, see docs/odd.md).
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit, logit

from sim.params import TrustParams


def initial_trust(p: TrustParams, n: int, rng: np.random.Generator) -> np.ndarray:
    """Initial trust per resident: normal with ``initial_mean`` and ``initial_sd``, clipped."""
    return np.clip(rng.normal(p.initial_mean, p.initial_sd, n), 0.0, 1.0)


def report_probability(p: TrustParams, base: np.ndarray, trust: np.ndarray) -> np.ndarray:
    """``expit(logit(base) + w_trust_reporting * (trust - initial_mean))``: the offence's base
    rate for a victim of average trust, more for trusting victims and less for distrustful."""
    base = np.clip(base, 1e-9, 1.0 - 1e-9)
    return expit(logit(base) + p.w_trust_reporting * (trust - p.initial_mean))


ONCE = np.ones(1, dtype=np.int64)
"""The count of a single resident moved once (:func:`move_trust`)."""


def move_trust(trust: np.ndarray, who: np.ndarray, target: float, step: float) -> None:
    """Move the trust of residents ``who`` a share ``step`` of the way toward ``target``, once
    per time a resident appears in ``who``: ``k`` moves leave ``(1 - step) ** k`` of the gap."""
    if len(who) == 0:  # most calls: nobody to move
        return
    moved = np.asarray(who, dtype=np.int64)
    if len(moved) == 1:  # most of the rest: one resident, once
        counts = ONCE
    else:  # np.unique sorts only the few residents moved, not a count over every resident
        moved, counts = np.unique(moved, return_counts=True)
    trust[moved] = target + (trust[moved] - target) * (1.0 - step) ** counts
