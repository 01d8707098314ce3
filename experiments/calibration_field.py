"""Calibration checks A1 and A5 measured as the field measures them, from the per-site
evaluation (``field.csv``; :mod:`experiments.findings.field`).

A1 sets the pooled field estimate (recorded crime, each camera site against its matched control,
before and after, pooled as the meta-analyses pool) against the reviews' 13-16 %, with the
twin-world truth beside it as what no field evaluation can see. A5 sets the sites' shares of
displacement and diffusion against Guerette & Bowers' 26 % and 27 %.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

from experiments.field import FieldEstimate
from experiments.summaries import CONFIDENCE, num, pct, plural

LITERATURE_REDUCTION = (0.13, 0.16)
"""VALIDATION A1: mean reduction of crime with public-area CCTV in the reviews (Piza et al.
2019: about 13%; Welsh & Farrington 2009: about 16%)."""
GUERETTE_BOWERS = {"displacement": 0.26, "diffusion": 0.27}
"""VALIDATION A5: shares of 574 observations showing displacement and diffusion of benefits
(Guerette & Bowers 2009)."""


def check_a1_field(e: FieldEstimate | None, policy: str, truth: str) -> tuple[str, str, str]:
    """(pattern, verdict, text) of A1 from the pooled field estimate of ``policy`` on spectacular
    violence. Agrees if its interval overlaps the reviews' 13-16 % reduction and excludes no
    effect; partly if it overlaps but includes no effect, or shows a clear reduction of another
    size; disagrees if it shows no reduction at all. ``truth`` is the twin-world sentence."""
    name = (
        "A1: a modest reduction of recorded crime in treated areas against controls "
        "(reviews: about 13-16%)"
    )
    if e is None or e.n_pooled == 0 or not np.isfinite(e.relative_effect):
        return name, "NOT CHECKED", f"No camera site of `{policy}` had recorded incidents to pool."
    lo_lit, hi_lit = LITERATURE_REDUCTION
    r_lo, r_hi = -e.ci_high, -e.ci_low
    facts = (
        f"Field estimate, as the reviews compute it: recorded spectacular violence in the "
        f"camera sites' views changed by {pct(e.relative_effect)} against their matched "
        f"controls ({CONFIDENCE:.0%} interval {pct(e.ci_low)} to {pct(e.ci_high)}; relative "
        f"effect sizes of {plural(e.n_pooled, 'site evaluation')} pooled with inverse-variance "
        f"weights, {e.n_corrected} of them with a zero count corrected by 0.5, "
        f"{e.n_excluded} left out with no recorded incident in view or in control; "
        f"Mantel-Haenszel {pct(e.relative_effect_mh)}). What the field cannot see: {truth}"
    )
    if r_hi <= 0:
        return name, "DISAGREES", f"{facts} The field estimate shows no reduction."
    overlaps = r_lo <= hi_lit and r_hi >= lo_lit
    if overlaps and r_lo > 0:
        return name, "AGREES", f"{facts} The interval includes the reviews' 13-16%."
    if overlaps:
        return (
            name,
            "PARTLY AGREES",
            f"{facts} The interval includes the reviews' 13-16% but also no effect: too few "
            "recorded incidents per site to tell.",
        )
    where = "larger than" if r_lo > hi_lit else "smaller than"
    return (
        name,
        "PARTLY AGREES",
        f"{facts} A reduction, but clearly {where} the reviews' 13-16%.",
    )


def wilson_interval(k: int, n: int) -> tuple[float, float]:
    """The Wilson score interval of a share ``k / n`` (Wilson 1927); NaN for ``n = 0``."""
    if n == 0:
        return np.nan, np.nan
    z = stats.norm.ppf(0.5 + CONFIDENCE / 2)
    p = k / n
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
    return float(centre - half), float(centre + half)


def _share_words(n: int, k: int, reference: float) -> tuple[str, bool]:
    lo, hi = wilson_interval(k, n)
    inside = bool(n) and lo <= reference <= hi
    return f"{pct(k / n if n else np.nan, False)} ({pct(lo, False)} to {pct(hi, False)})", inside


def check_a5_sites(estimates: list[FieldEstimate]) -> tuple[str, str, str, str]:
    """(pattern, verdict, text, table cell) of A5's shares: per camera site, the buffer's
    recorded change against its control read as displacement, diffusion or neither (Guerette &
    Bowers' coding), pooled over the camera policies and categories given. Agrees if the Wilson
    intervals of both shares include 26 % and 27 %, partly if one does, disagrees if neither
    does."""
    name = (
        "A5 sites: share of camera sites showing displacement and diffusion (Guerette & "
        "Bowers: 26%, 27%)"
    )
    n = sum(e.n_buffer_readable for e in estimates)
    if n == 0:
        none = "No site had a recorded incident in its buffer and control."
        return name, "NOT CHECKED", none, "no site readable"
    disp = round(
        sum(e.share_displacement * e.n_buffer_readable for e in estimates if e.n_buffer_readable)
    )
    diff = round(
        sum(e.share_diffusion * e.n_buffer_readable for e in estimates if e.n_buffer_readable)
    )
    total = sum(e.n_evaluations for e in estimates)
    d_words, d_in = _share_words(n, disp, GUERETTE_BOWERS["displacement"])
    f_words, f_in = _share_words(n, diff, GUERETTE_BOWERS["diffusion"])
    t_n = sum(e.n_twin_readable for e in estimates)
    t_disp = sum(
        e.twin_share_displacement * e.n_twin_readable for e in estimates if e.n_twin_readable
    )
    t_diff = sum(e.twin_share_diffusion * e.n_twin_readable for e in estimates if e.n_twin_readable)
    text = (
        f"Per-site field evaluations of the camera policies (both categories): "
        f"{n} of {total} site evaluations had a recorded incident in the buffer and control "
        f"counts to compare; the buffer rose against control (displacement) in {d_words} and "
        f"fell (diffusion) in {f_words} of them ({CONFIDENCE:.0%} Wilson intervals, which treat "
        "sites as independent and so are too narrow). In truth (the buffer after the switch-on "
        f"against the twin, {t_n} sites with incidents in either): displacement "
        f"{pct(t_disp / t_n if t_n else np.nan, False)}, diffusion "
        f"{pct(t_diff / t_n if t_n else np.nan, False)}."
    )
    verdict = "AGREES" if d_in and f_in else "PARTLY AGREES" if d_in or f_in else "DISAGREES"
    if verdict != "AGREES":
        text += (
            " The model's shares differ from the reviews'; with a handful of recorded incidents "
            "per buffer, most readings are noise around none."
        )
    cell = f"displacement {d_words}, diffusion {f_words} of {n} readable sites"
    return name, verdict, text + f" ({num(100 * n / total, digits=1)}% of sites readable.)", cell
