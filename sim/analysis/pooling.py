"""The meta-analysts' pooled effect of camera sites, and how a site reads its buffer.

Welsh & Farrington (2009, *Justice Quarterly* 26(4)) and Piza, Welsh, Farrington & Thomas (2019,
*Criminology & Public Policy* 18(1)) summarise each evaluation by its *relative effect size*, the
odds ratio of crime counts in treatment (R) and control (C) areas before (b) and after (a)::

    RES = (C_a * R_b) / (C_b * R_a)

RES > 1 is a desirable effect; ``1 / RES - 1`` is the relative change in the treatment area
against the control trend (RES 1.19 is a 16 % fall). The variance of ``log RES`` is taken as
``1/R_a + 1/R_b + 1/C_a + 1/C_b`` (their Poisson approximation), and evaluations are pooled with
inverse-variance weights on ``log RES`` (a fixed-effect meta-analysis; Lipsey & Wilson 2001).

Zero counts, as chosen here (docs/experiment.md, section 8): an evaluation with no incident in
its treatment area in both periods, or none in its control area in both periods, says nothing
about the change and is left out of the pooling; an evaluation with a zero in one period gets
0.5 added to each of its four counts (the Haldane-Anscombe correction, as Cochrane reviews do
for odds ratios). The Mantel-Haenszel odds ratio, which needs no correction, is given beside
the pooled estimate as a check on sparse counts.
"""

from __future__ import annotations

import dataclasses
import enum

import numpy as np
from scipy import stats

CONTINUITY = 0.5
"""Added to each of a site's four counts when one of them is zero (Haldane-Anscombe)."""
CONFIDENCE = 0.95
"""Level of the pooled interval."""


def _counts(*values) -> tuple[np.ndarray, ...]:
    return tuple(np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in values)))


def relative_effect_size(r_before, r_after, c_before, c_after):
    """``RES = (C_a R_b) / (C_b R_a)`` elementwise, from raw counts (inf or NaN where a count in
    the denominator is zero; :func:`pool_relative_effect` handles zeros)."""
    rb, ra, cb, ca = _counts(r_before, r_after, c_before, c_after)
    with np.errstate(divide="ignore", invalid="ignore"):
        res = (ca * rb) / (cb * ra)
    return res.item() if res.ndim == 0 else res


def informative(r_before, r_after, c_before, c_after) -> np.ndarray:
    """Whether a site's counts say anything about the change: some incident in its treatment
    area and some in its control area (in either period)."""
    rb, ra, cb, ca = _counts(r_before, r_after, c_before, c_after)
    return (rb + ra > 0) & (cb + ca > 0)


def corrected(r_before, r_after, c_before, c_after) -> tuple[np.ndarray, ...]:
    """The four counts with :data:`CONTINUITY` added to all four of each site with a zero."""
    rb, ra, cb, ca = _counts(r_before, r_after, c_before, c_after)
    zero = (rb == 0) | (ra == 0) | (cb == 0) | (ca == 0)
    add = np.where(zero, CONTINUITY, 0.0)
    return rb + add, ra + add, cb + add, ca + add


@dataclasses.dataclass(frozen=True)
class PooledEffect:
    """A fixed-effect pooled RES with its interval, and what it pooled.

    ``relative_effect = 1 / res - 1`` is the change in treatment areas against control (negative:
    a fall); its interval is ``1 / res_ci_high - 1`` to ``1 / res_ci_low - 1``.
    """

    res: float
    res_ci_low: float
    res_ci_high: float
    n_pooled: int
    """Sites pooled (informative ones)."""
    n_corrected: int
    """Of those, sites whose counts had a zero (continuity-corrected)."""
    n_excluded: int
    """Sites left out: no incident in treatment, or none in control, in both periods."""
    res_mantel_haenszel: float
    """The Mantel-Haenszel odds ratio of the informative sites, uncorrected."""

    @property
    def relative_effect(self) -> float:
        """``1 / RES - 1``: the change in treatment areas relative to the control trend."""
        return 1.0 / self.res - 1.0

    @property
    def relative_ci(self) -> tuple[float, float]:
        """Interval of :attr:`relative_effect` (low, high)."""
        return 1.0 / self.res_ci_high - 1.0, 1.0 / self.res_ci_low - 1.0

    @property
    def relative_effect_mantel_haenszel(self) -> float:
        """``1 / RES_MH - 1``; NaN when ``RES_MH`` is 0 (no informative site's products in
        its numerator, so no finite effect)."""
        if not self.res_mantel_haenszel:
            return float("nan")
        return 1.0 / self.res_mantel_haenszel - 1.0


def pool_relative_effect(r_before, r_after, c_before, c_after) -> PooledEffect:
    """Pool per-site RES with inverse-variance weights on ``log RES``.

    Args:
        r_before, r_after: recorded incidents in each site's treatment area before and after.
        c_before, c_after: recorded incidents in each site's control area before and after.

    Returns:
        The :class:`PooledEffect`; every estimate NaN when no site is informative.
    """
    rb, ra, cb, ca = (np.ravel(v) for v in _counts(r_before, r_after, c_before, c_after))
    keep = informative(rb, ra, cb, ca)
    rb, ra, cb, ca = rb[keep], ra[keep], cb[keep], ca[keep]
    n_excluded = int((~keep).sum())
    if not len(rb):
        return PooledEffect(*(np.nan,) * 3, 0, 0, n_excluded, np.nan)
    n_corrected = int(((rb == 0) | (ra == 0) | (cb == 0) | (ca == 0)).sum())
    crb, cra, ccb, cca = corrected(rb, ra, cb, ca)
    log_res = np.log(cca * crb) - np.log(ccb * cra)
    weight = 1.0 / (1 / cra + 1 / crb + 1 / cca + 1 / ccb)
    pooled = float((weight * log_res).sum() / weight.sum())
    half = stats.norm.ppf(0.5 + CONFIDENCE / 2) / np.sqrt(weight.sum())
    total = rb + ra + cb + ca
    with np.errstate(divide="ignore", invalid="ignore"):
        mh = float((rb * ca / total).sum() / (ra * cb / total).sum())
    return PooledEffect(
        float(np.exp(pooled)),
        float(np.exp(pooled - half)),
        float(np.exp(pooled + half)),
        len(rb),
        n_corrected,
        n_excluded,
        mh,
    )


class BufferReading(enum.StrEnum):
    """What a site's buffer did against its control, as Guerette & Bowers (2009) code an
    observation."""

    DISPLACEMENT = "displacement"
    DIFFUSION = "diffusion"
    NEITHER = "neither"
    NO_DATA = "no_data"


def buffer_reading(d_before, d_after, c_before, c_after) -> np.ndarray:
    """Per site, the direction of the buffer's change relative to the control trend:
    ``displacement`` where ``D_a / D_b > C_a / C_b`` (crime rose in the buffer against control),
    ``diffusion`` where it fell, ``neither`` where it kept pace, ``no_data`` where the buffer
    had no incident in either period or the control none in one of them.

    Guerette & Bowers (2009, *Criminology* 47(4)) code each of 574 observations as showing
    displacement, diffusion of benefits or neither by the change in the displacement (buffer)
    area against control; they report displacement in 26 % and diffusion in 27 %. Like them,
    this reads the direction only, with no test (compared as cross products
    ``D_a C_b`` against ``D_b C_a``, so a buffer that had none before and some after reads as
    displacement).
    """
    db, da, cb, ca = _counts(d_before, d_after, c_before, c_after)
    up, down = da * cb, db * ca
    out = np.full(db.shape, BufferReading.NEITHER.value, dtype=object)
    out[up > down] = BufferReading.DISPLACEMENT.value
    out[up < down] = BufferReading.DIFFUSION.value
    out[(db + da == 0) | (cb == 0) | (ca == 0)] = BufferReading.NO_DATA.value
    return out


def twin_buffer_reading(buffer_after, twin_buffer_after) -> np.ndarray:
    """Per site, what truly happened in the buffer after the switch-on against the twin world:
    ``displacement`` (more incidents than the twin), ``diffusion`` (fewer), ``neither`` (as
    many, some), ``no_data`` (none in both)."""
    pa, ta = _counts(buffer_after, twin_buffer_after)
    out = np.full(pa.shape, BufferReading.NEITHER.value, dtype=object)
    out[pa > ta] = BufferReading.DISPLACEMENT.value
    out[pa < ta] = BufferReading.DIFFUSION.value
    out[(pa == 0) & (ta == 0)] = BufferReading.NO_DATA.value
    return out
