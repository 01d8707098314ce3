"""The report's text on the per-site field evaluation, on precision and on paired differences,
formatted from the :class:`~experiments.findings.Findings` (no computation)."""

from __future__ import annotations

from experiments.calibration_field import GUERETTE_BOWERS
from experiments.findings import Findings
from experiments.report.sections import label, table
from experiments.summaries import num, pct


def _ci(low: float, high: float) -> str:
    return f"{pct(low)} to {pct(high)}"


def section_sites(f: Findings) -> list[str]:
    """The pooled per-site field estimate per camera policy and category, with the truth."""
    if not f.field:
        return ["No per-site evaluation (no camera policy run, or results without `sites.csv`)."]
    rows = [
        [
            label(e.policy),
            e.category,
            f"{pct(e.relative_effect)} ({_ci(e.ci_low, e.ci_high)})",
            f"{e.n_pooled} ({e.n_corrected} corrected; {e.n_excluded} left out)",
            pct(e.relative_effect_mh),
            pct(e.all_recorded),
            pct(e.twin_change),
            pct(e.control_twin_change),
        ]
        for e in f.field.values()
    ]
    header = [
        "policy",
        "category",
        "field estimate (95% interval)",
        "sites pooled",
        "Mantel-Haenszel",
        "if every incident recorded",
        "truth in the sites' views",
        "truth in their controls",
    ]
    lines = [
        "**Per-site field evaluation.** Each camera site of each replicate is one evaluation. "
        "*Field estimate*: recorded incidents in the sites' views against their controls, after "
        "against before, as `1/RES - 1` with RES the odds ratio `(C_a R_b)/(C_b R_a)`, pooled "
        "over sites with inverse-variance weights on log RES (Welsh & Farrington 2009); sites "
        "with no recorded incident in view, or none in control, in both periods are left out, "
        "and sites with one zero count get 0.5 added to each count. *Truth*: true incidents "
        "after the switch-on against the twin world, in the same cells; in the controls it "
        "shows how far the policy reached them (jailed offenders, moved offending).",
        "",
        *table(header, rows),
        "",
    ]
    shares = [
        [
            label(e.policy),
            e.category,
            f"{e.n_buffer_readable} of {e.n_evaluations}",
            pct(e.share_displacement, False),
            pct(e.share_diffusion, False),
            str(e.n_wdq_reportable),
            pct(e.twin_share_displacement, False),
            pct(e.twin_share_diffusion, False),
        ]
        for e in f.field.values()
    ]
    lines += [
        "Sites whose buffer shows displacement or diffusion: the buffer's recorded change "
        "against the control's, read by direction as Guerette & Bowers (2009) code their "
        f"observations (they found displacement in {GUERETTE_BOWERS['displacement']:.0%} and "
        f"diffusion in {GUERETTE_BOWERS['diffusion']:.0%} of 574); readable where the buffer "
        "had a recorded incident and the control some in both periods. The per-site WDQ needs "
        "all six counts above zero and the treatment to have worked. In truth: the buffer "
        "after the switch-on against the twin.",
        "",
        *table(
            [
                "policy",
                "category",
                "sites readable",
                "displacement",
                "diffusion",
                "WDQ reportable",
                "truth: displacement",
                "truth: diffusion",
            ],
            shares,
        ),
        "",
        "**The whole programme as one treatment area** (the cells in view of any camera, a "
        "buffer ring around them and a control area beyond):",
        "",
    ]
    return lines


def section_differences(f: Findings) -> list[str]:
    """Differences between policies, paired by replicate."""
    if not f.differences:
        return []
    rows = [
        [
            d.meaning,
            f"`{d.a}` - `{d.b}`",
            d.category,
            f"{num(100 * d.difference.mean, True)}",
            f"{num(100 * d.difference.ci_lo, True)} to {num(100 * d.difference.ci_hi, True)}"
            if d.difference.n > 1
            else "n/a",
            str(d.difference.n),
        ]
        for d in f.differences
    ]
    return [
        "",
        "Differences between policies in the true change in view against the twin, paired by "
        "replicate (the same seeds under both; percentage points, negative: the first policy "
        "cut more):",
        "",
        *table(
            ["difference", "policies", "category", "mean (points)", "95% interval", "replicates"],
            rows,
        ),
    ]


def field_headline(f: Findings) -> str | None:
    """The headline line on the field estimate beside the truth (None without one)."""
    if f.focus is None or (e := f.field.get((f.focus, "spectacular"))) is None:
        return None
    view = f.effect(f.focus, "spectacular").view
    if e.n_pooled == 0:
        return (
            f"- **Field evaluation:** no camera site of {label(f.focus)} had recorded robberies "
            f"in view and in its control to pool ({e.n_excluded} sites)."
        )
    return (
        f"- **Field evaluation:** pooled over {e.n_pooled} camera-site evaluations as the "
        f"reviews pool them, recorded robbery in view changed by {pct(e.relative_effect)} "
        f"against matched controls ({_ci(e.ci_low, e.ci_high)}); the truth the field cannot see "
        f"was {pct(view.mean)} ({_ci(view.ci_lo, view.ci_hi)}). Sites whose buffer showed "
        f"displacement: {pct(e.share_displacement, False)}, diffusion: "
        f"{pct(e.share_diffusion, False)} (Guerette & Bowers: 26% and 27%)."
    )
