"""Tables by cell: which entries of a fixed ``(n, k)`` array of cells fall in a given cell,
so that a look-up for a few cells reads only their entries instead of scanning every row."""

from __future__ import annotations

import numpy as np


def index_by_cell(cells: np.ndarray, n_cells: int) -> tuple[np.ndarray, np.ndarray]:
    """The cells ``(n, k)`` as a table by cell: ``entries[start[c]:start[c + 1]]`` are the flat
    positions ``i * k + j`` (row ``i``, column ``j``) of the entries in cell ``c``, ascending."""
    flat = cells.ravel().astype(np.int64)
    entries = np.argsort(flat, kind="stable")
    if len(flat) < np.iinfo(np.int32).max:
        entries = entries.astype(np.int32)  # half the memory; positions fit
    start = np.zeros(n_cells + 1, dtype=np.int64)
    np.cumsum(np.bincount(flat, minlength=n_cells), out=start[1:])
    return entries, start


def entries_in(
    entries: np.ndarray, start: np.ndarray, cells: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The entries of :func:`index_by_cell` in any of ``cells`` (distinct), cell by cell, and
    for each the position in ``cells`` of its cell."""
    lo, n = start[cells], start[cells + 1] - start[cells]
    # position of each wanted entry: its cell's first, plus its rank within the cell
    offset = np.repeat(lo - (np.cumsum(n) - n), n)
    return entries[offset + np.arange(len(offset))], np.repeat(np.arange(len(cells)), n)


def run_starts(ordered: np.ndarray) -> np.ndarray:
    """Positions in an ascending array where a new value starts (the first of each run)."""
    new = np.empty(len(ordered), dtype=bool)
    new[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    return np.flatnonzero(new)


def run_lengths(start: np.ndarray, n: int) -> np.ndarray:
    """Lengths of the runs that begin at ``start`` (ascending) in an array of length ``n``."""
    lengths = np.empty_like(start)
    np.subtract(start[1:], start[:-1], out=lengths[:-1])
    lengths[-1:] = n - start[-1:]
    return lengths


def distinct_counts(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct ``values`` ascending and how often each occurs:
    ``np.unique(values, return_counts=True)`` in fewer passes."""
    ordered = np.sort(values)
    first = run_starts(ordered)
    return ordered[first], run_lengths(first, len(ordered))
