"""Choosing victims: one eligible person per incident, uniformly or by weight among those
eligible."""

from __future__ import annotations

import numpy as np

FEW_WANTED = 3
"""Up to this many keys wanted, comparing the candidates' keys with each is quicker than a table
look-up (for 68,000 candidates: 13 us for one key, 41 us for three, 60 us for the table)."""


def cell_mask(keys: np.ndarray, n_keys: int) -> np.ndarray:
    """A boolean table over ``0 .. n_keys - 1`` that is true at each of ``keys``."""
    mask = np.zeros(n_keys, dtype=bool)
    mask[keys] = True
    return mask


def matching(wanted: np.ndarray, candidate_keys: np.ndarray, n_keys: int | None) -> np.ndarray:
    """Positions of the candidates whose key is among ``wanted``: a comparison with each key
    when a few are wanted, else a table look-up when ``n_keys`` is given, else ``np.isin``."""
    if len(wanted) <= FEW_WANTED:
        mask = candidate_keys == wanted[0]
        for key in wanted[1:]:
            mask |= candidate_keys == key
    elif n_keys is None:
        mask = np.isin(candidate_keys, wanted)
    else:
        mask = cell_mask(wanted, n_keys)[candidate_keys]
    # Indices, not the mask: numpy's boolean indexing of a large array is several times slower.
    return np.flatnonzero(mask)


def pick(
    wanted: np.ndarray,
    candidates: np.ndarray,
    candidate_keys: np.ndarray,
    rng: np.random.Generator,
    n_keys: int | None = None,
) -> np.ndarray:
    """For each key in ``wanted`` (a cell, a district), one of the ``candidates`` whose key
    matches, uniformly at random; -1 where none does. Sorting only the candidates that match
    keeps this cheap when the population is large and incidents are few; the match is a
    comparison with each key when a few are wanted, else a table look-up when ``n_keys`` is
    given (keys are ``0 .. n_keys - 1``), else ``np.isin``."""
    if len(wanted) == 0:  # most ticks: no draws to make
        return np.zeros(0, dtype=np.int64)
    match = matching(wanted, candidate_keys, n_keys)
    cand, keys = candidates[match], candidate_keys[match]
    order = np.argsort(keys, kind="stable")
    cand, keys = cand[order], keys[order]
    start = np.searchsorted(keys, wanted, side="left")
    count = np.searchsorted(keys, wanted, side="right") - start
    u = rng.random(len(wanted))
    chosen = np.full(len(wanted), -1, dtype=np.int64)
    ok = count > 0
    chosen[ok] = cand[start[ok] + (u[ok] * count[ok]).astype(np.int64)]
    return chosen


def pick_weighted(
    wanted: np.ndarray,
    candidates: np.ndarray,
    candidate_keys: np.ndarray,
    weights: np.ndarray,
    rng: np.random.Generator,
    n_keys: int | None = None,
    matched: bool = False,
) -> np.ndarray:
    """Like :func:`pick`, but each matching candidate is chosen with probability proportional
    to its weight (``weights`` aligned with ``candidates``, non-negative); uniformly where all
    weights of a key are zero. One uniform per wanted key, as :func:`pick`. ``matched``: every
    candidate's key is among ``wanted`` already, so the match is skipped (it would keep all)."""
    if len(wanted) == 0:
        return np.zeros(0, dtype=np.int64)
    cand, keys, w = candidates, candidate_keys, weights
    if not matched:
        match = matching(wanted, candidate_keys, n_keys)
        cand, keys, w = candidates[match], candidate_keys[match], weights[match]
    order = np.argsort(keys, kind="stable")
    cand, keys, w = cand[order], keys[order], w[order]
    start = np.searchsorted(keys, wanted, side="left")
    end = np.searchsorted(keys, wanted, side="right")
    count = end - start
    u = rng.random(len(wanted))
    chosen = np.full(len(wanted), -1, dtype=np.int64)
    ok = np.flatnonzero(count > 0)
    if len(ok) == 0:
        return chosen
    cum = np.concatenate([[0.0], np.cumsum(w)])
    before, total = cum[start[ok]], cum[end[ok]] - cum[start[ok]]
    by_weight = np.searchsorted(cum, before + u[ok] * total, side="right") - 1
    uniform = start[ok] + (u[ok] * count[ok]).astype(np.int64)
    at = np.where(total > 0, by_weight, uniform)
    chosen[ok] = cand[np.clip(at, start[ok], end[ok] - 1)]
    return chosen
