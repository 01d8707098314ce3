"""Field measures of displacement and the zones they are computed on.

The Weighted Displacement Quotient and the Total Net Effect are those of Bowers & Johnson (2003,
*J. Quant. Criminol.* 19(3)), as written in VALIDATION.md, with R the treatment area, D the buffer
around it, C a control area, b before and a after. Both are descriptive ratios with no
significance test and are unstable for small counts: :func:`wdq_status` says why a WDQ is missing
instead of letting a near-zero denominator print a huge number.
"""

from __future__ import annotations

import enum

import numpy as np
from scipy import ndimage

from sim.world.city import City

WDQ_MIN_SUCCESS = 0.05
"""Smallest drop in the treatment area's rate relative to control (``R_b/C_b - R_a/C_a``, in
units of ``R_b/C_b``) for which a WDQ is reported; below it the quotient is unstable."""


def weighted_displacement_quotient(r_before, r_after, d_before, d_after, c_before, c_after):
    """``WDQ = (D_a/C_a - D_b/C_b) / (R_a/C_a - R_b/C_b)``, elementwise.

    NaN where a count is zero or the success measure (the denominator) is not negative, since
    the quotient is meaningful only when the treatment worked. WDQ > 1: diffusion larger than
    the direct effect; 0 to 1: diffusion; -1 to 0: displacement smaller than the direct effect;
    below -1: displacement exceeds it.
    """
    counts = np.broadcast_arrays(
        *(
            np.asarray(v, dtype=float)
            for v in (r_before, r_after, d_before, d_after, c_before, c_after)
        )
    )
    rb, ra, db, da, cb, ca = counts
    with np.errstate(divide="ignore", invalid="ignore"):
        success = ra / ca - rb / cb
        wdq = (da / ca - db / cb) / success
    bad = np.any(np.stack(counts) == 0, axis=0) | ~(success < 0)
    wdq = np.where(bad, np.nan, wdq)
    return wdq.item() if wdq.ndim == 0 else wdq


def total_net_effect(r_before, r_after, d_before, d_after, c_before, c_after):
    """``TNE = [R_b (C_a/C_b) - R_a] + [D_b (C_a/C_b) - D_a]``, elementwise: crimes prevented in
    treatment and buffer net of displacement (positive: fewer crimes than the control trend
    predicts). NaN where ``C_b`` is zero."""
    rb, ra, db, da, cb, ca = np.broadcast_arrays(
        *(
            np.asarray(v, dtype=float)
            for v in (r_before, r_after, d_before, d_after, c_before, c_after)
        )
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        trend = ca / cb
        tne = (rb * trend - ra) + (db * trend - da)
    tne = np.where(cb == 0, np.nan, tne)
    return tne.item() if tne.ndim == 0 else tne


class WdqStatus(enum.StrEnum):
    """Why a WDQ was or was not reported."""

    OK = "ok"
    ZERO_COUNT = "zero_count"
    NO_SUCCESS = "no_success"
    UNSTABLE = "unstable"


def wdq_status(r_before, r_after, d_before, d_after, c_before, c_after) -> np.ndarray:
    """Per element, whether the WDQ is reportable: ``zero_count`` (a count is zero),
    ``no_success`` (the treatment area did not improve relative to control), ``unstable`` (it
    improved by less than ``WDQ_MIN_SUCCESS`` of its baseline rate), or ``ok``."""
    rb, ra, db, da, cb, ca = np.broadcast_arrays(
        *(
            np.asarray(v, dtype=float)
            for v in (r_before, r_after, d_before, d_after, c_before, c_after)
        )
    )
    status = np.full(rb.shape, WdqStatus.OK.value, dtype=object)
    with np.errstate(divide="ignore", invalid="ignore"):
        relative_drop = (rb / cb - ra / ca) / (rb / cb)
    status[~(relative_drop > 0)] = WdqStatus.NO_SUCCESS.value
    status[(relative_drop > 0) & (relative_drop < WDQ_MIN_SUCCESS)] = WdqStatus.UNSTABLE.value
    status[np.any(np.stack([rb, ra, db, da, cb, ca]) == 0, axis=0)] = WdqStatus.ZERO_COUNT.value
    return status


MATCH_MIN_SHARE = 0.1
"""A land use must make up this share of the treatment area for control cells to match on it,
so that a use the cameras barely touch (the edge of a park or of an unlit lane beside a watched
road) does not bring all its cells into the control area. Assumption: a tenth separates the
uses a footprint is made of from those it only grazes (docs/experiment.md has the shares)."""


class Zone(enum.IntEnum):
    """Zone codes of a displacement evaluation."""

    TREATMENT = 0
    BUFFER = 1
    CONTROL = 2
    EXCLUDED = 3


def make_zones(
    city: City,
    treatment: np.ndarray,
    baseline_counts: np.ndarray,
    buffer_cells: int,
    control_min_distance_cells: int,
) -> np.ndarray:
    """Zone of every cell: treatment (the policy's footprint, e.g. cells in camera view), buffer
    (within ``buffer_cells`` of treatment, Chebyshev distance), control (farther than
    ``control_min_distance_cells``, of a land use that makes up at least ``MATCH_MIN_SHARE`` of
    the treatment area, and with baseline
    incidents at least the treatment cells' lower quartile: matched on land use and baseline
    crime), excluded (the rest: the gap between buffer and control, and unmatched cells).
    Without a treatment area every cell is excluded."""
    zones = np.full(city.n_cells, Zone.EXCLUDED, dtype=np.int8)
    treatment = np.asarray(treatment, dtype=bool)
    if not treatment.any():
        return zones
    grid = treatment.reshape(city.width, city.height)
    distance = ndimage.distance_transform_cdt(~grid, metric="chessboard").reshape(-1)
    zones[treatment] = Zone.TREATMENT
    zones[(distance > 0) & (distance <= buffer_cells)] = Zone.BUFFER
    uses, counts = np.unique(city.land_use[treatment], return_counts=True)
    matched_use = np.isin(city.land_use, uses[counts >= MATCH_MIN_SHARE * counts.sum()])
    crime_floor = np.quantile(baseline_counts[treatment], 0.25)
    control = (
        (distance > control_min_distance_cells) & matched_use & (baseline_counts >= crime_floor)
    )
    zones[control] = Zone.CONTROL
    return zones
