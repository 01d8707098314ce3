"""The report's section on the literature patterns A1-A7: the registry's table (pattern,
literature, model with its interval, verdict, power to fail, what it depends on), plain sentences
where the model differs from the literature, and the numbers behind each verdict; formatted from
:attr:`experiments.findings.Findings.patterns` (no computation)."""

from __future__ import annotations

from experiments.findings import Findings
from experiments.patterns import CANNOT_FAIL, SENSITIVITY_DOC
from experiments.report.sections import table

VERDICT_CELLS = {
    "AGREES": "agrees",
    "PARTLY AGREES": "partly",
    "DISAGREES": "**disagrees**",
    "NOT CHECKED": "cannot check",
}
DIFFERS = {"DISAGREES": "disagrees with", "PARTLY AGREES": "only partly agrees with"}


def section_patterns(f: Findings) -> list[str]:
    """The pattern table, the disagreements in words, each check's power to fail and the
    numbers behind each verdict."""
    rows = [
        [
            f"**{r.label}** {r.pattern.claim}",
            f"{r.pattern.literature} ({r.pattern.source})",
            r.model,
            VERDICT_CELLS.get(r.check.verdict, r.check.verdict)
            + (" (by construction)" if r.pattern.power == CANNOT_FAIL else ""),
            r.pattern.power,
            r.depends_on,
        ]
        for r in f.patterns
    ]
    lines = table(
        ["pattern", "literature", "model (95% interval)", "agrees?", "power to fail", "depends on"],
        rows,
    )
    differ = [r for r in f.patterns if r.check.verdict in DIFFERS]
    lines += ["", "**Where the model and the literature differ.**", ""]
    if differ:
        lines += [
            f"- {r.label}: the model {DIFFERS[r.check.verdict]} the literature "
            f"({r.pattern.claim[:1].lower() + r.pattern.claim[1:]}). {r.check.text}"
            for r in differ
        ]
    else:
        lines.append("- Nowhere among the patterns that could be checked.")
    lines += [
        "",
        "**Power to fail** (what decides each check in the model), and what was chosen with the "
        "pattern in view:",
        "",
    ]
    seen: set[str] = set()
    for r in f.patterns:
        if r.pattern.id in seen:
            continue
        seen.add(r.pattern.id)
        note = (
            " Its agreement is no evidence that the model is right: no other result is possible."
            if r.pattern.power == CANNOT_FAIL
            else ""
        )
        chosen = f" Set with it in view: {r.pattern.set_with}." if r.pattern.set_with else ""
        lines.append(
            f"- {r.pattern.id}, {r.pattern.power}: {r.pattern.power_reason}.{note}{chosen}"
        )
    lines += [
        "",
        f"*Depends on*: the parameters with the largest Morris mu* for the outcomes the pattern "
        f"rests on, from the worked screening of `{SENSITIVITY_DOC}`"
        + (f" ({f.screening})" if f.screening else " (no screening found)")
        + ": with few trajectories a sort into what matters, not a precise ranking.",
        "",
        "**The numbers behind each verdict:**",
        "",
    ]
    lines += [f"- **{c.pattern}: {c.verdict}.** {c.text}" for c in f.checks]
    return lines
