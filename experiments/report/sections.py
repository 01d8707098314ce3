"""The report's sections as text, formatted from the :class:`~experiments.findings.Findings`.

Each ``section_*`` returns the lines of one section's body (its heading and fixed prose are in
``template.md``); it formats numbers the findings hold and computes none.
"""

from __future__ import annotations

from collections.abc import Sequence

from experiments.calibration import MIN_INCIDENTS, TYPE_DISPLACEMENT
from experiments.findings import Findings
from experiments.findings.effects import CategoryEffect
from experiments.report.precision_words import precision_line
from experiments.summaries import (
    OffenceSwitch,
    Spread,
    change_words,
    num,
    pct,
    wdq_reading,
)
from experiments.tables import (
    CATEGORIES,
    CATEGORY_NOUNS,
    NOT_ENOUGH,
    STATUS_LABELS,
    policy_label,
)

CITY_DESCRIPTIONS = {
    "town": "a stylised teaching town, not a map of a real city: 4,000 people on 36 km2 with "
    "Lahore's cameras per km2, and so about 66 times Lahore's cameras per head",
    "lahore_slice": "16 km2 of a stylised Lahore at its mean density, with Lahore's cameras, "
    "police and street robbery per head (the table below), not a map of a real district",
    "lahore": "a stylised Lahore built from public figures (area, population, cameras, police, "
    "street lighting), not a map of the real city",
}
OTHER_CITY = "a city of the run's parameters"
NO_RESULTS = f"No results: {NOT_ENOUGH}."


def spread_cell(s: Spread) -> str:
    """Compact table cell: mean of a relative change over replicates and the 95 % t-interval of
    that mean."""
    if s.n == 0:
        return NOT_ENOUGH
    if s.n == 1:
        return pct(s.mean)
    return f"{pct(s.mean)} ({100 * s.ci_lo:+.1f} to {100 * s.ci_hi:+.1f})"


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """A Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return lines


def capital(text: str) -> str:
    """``text`` with its first letter upper case."""
    return text[:1].upper() + text[1:]


def label(policy: str) -> str:
    """A policy's label on one line."""
    return policy_label(policy, True)


def section_run(f: Findings) -> list[str]:
    """What was run: city, design, policies, replicates."""
    run = f.run
    people = f" with {int(run.residents):,} simulated residents" if run.residents else ""
    description = CITY_DESCRIPTIONS.get(run.city, OTHER_CITY)
    lines = [f"- **City:** `{run.city}`{people}: {description}."]
    if run.before_days is not None and run.after_days is not None:
        lines.append(
            f"- **Design:** {run.before_days} days without any policy, then the policy switched "
            f"on for {run.after_days} days."
        )
    lines.append(
        "- **Twin world:** every replicate seed was also run with no policy at all: the same "
        "city, people and random draws (a policy that changes offenders' behaviour, as "
        "crime-type displacement does, has a twin with that change). The difference between a "
        "policy run and its twin is "
        "the policy's true effect, which no field evaluation can see."
    )
    reps = run.replicate_counts or (0,)
    rep_text = " to ".join(str(r) for r in (reps[0], reps[-1])) if len(reps) > 1 else reps[0]
    seed = f" (root seed {run.root_seed})" if run.root_seed is not None else ""
    lines.append(f"- **Replicates:** {rep_text} per policy{seed}; {run.n_policies} policies.")
    if (precision := precision_line(f)) is not None:
        lines.append(precision)
    if run.identical_to_twin is not None:
        same, n_runs = run.identical_to_twin
        note = (
            ""
            if not run.not_identical
            else " **Warning: before the switch-on these runs differ from their twin, so their "
            "comparison with it is not clean: "
            + ", ".join(f"`{p}` ({n} of {of})" for p, n, of in run.not_identical)
            + ".**"
        )
        lines.append(
            f"- **Twin check:** before the switch-on, policy run and twin were identical in "
            f"{same} of {n_runs} runs.{note}"
        )
    if run.twin_incidents is not None:
        days = (
            f" over its {run.before_days + run.after_days} days"
            if {"before_days", "after_days"} <= set(f.meta)
            else ""
        )
        lines.append(
            f"- A twin world had {num(run.twin_incidents, digits=0)} incidents{days} on average."
        )
    if run.elapsed_s is not None:
        lines.append(f"- The whole experiment took {num(run.elapsed_s, digits=0)} s.")
    if run.policies:
        lines += ["", "Policies (cameras and the cells they watch, or act on, mean per run):", ""]
        lines += table(
            ["policy", "config", "cameras", "cells in view / acted on"],
            [
                [
                    label(p.policy),
                    f"`{p.policy}`",
                    num(p.n_cameras, digits=0),
                    num(p.treatment_cells, digits=0),
                ]
                for p in run.policies
            ],
        )
    return lines


def _effect_words(e: CategoryEffect) -> str:
    prevented = (
        f", {num(e.prevented_in_view.mean)} incidents prevented there per replicate"
        if e.prevented_in_view.n and e.view.n
        else ""
    )
    return (
        change_words(e.view, f"{CATEGORY_NOUNS[e.category]} in view")
        + prevented
        + f"; {change_words(e.town, 'it', ' town-wide')}"
    )


def section_effects(f: Findings) -> list[str]:
    """The true effect of each policy from its twin, with replicate spread."""
    if not f.policies:
        return [NO_RESULTS]
    rows, bullets = [], []
    for policy in f.policies:
        effects = [f.effect(policy, c) for c in CATEGORIES]
        cells = [cell for e in effects for cell in (spread_cell(e.view), spread_cell(e.town))]
        words = [_effect_words(e) for e in effects]
        few = [e.category for e in effects if e.twin_in_view < MIN_INCIDENTS]
        if few:
            words.append(
                f"too few to judge a percentage: fewer than {MIN_INCIDENTS} "
                f"{' or '.join(few)} incidents in view in the twin worlds"
            )
        rows.append([label(policy), *cells])
        bullets.append(f"- **{label(policy)}:** " + ". ".join(map(capital, words)) + ".")
    header = ["policy", *(f"{c}, {where}" for c in CATEGORIES for where in ("in view", "town"))]
    return [*table(header, rows), "", *bullets]


def section_field(f: Findings) -> list[str]:
    """What the field measures (WDQ, TNE on recorded crime) would have said, against the
    twin-world truth."""
    if not f.effects:
        return [NO_RESULTS]
    w = f.wdq
    reasons = ", ".join(f"{n} because {STATUS_LABELS.get(r, r)}" for r, n in w.missing)
    n_missing = sum(n for _, n in w.missing)
    lines = [
        f"Of {w.n_evaluations} evaluations (policy x replicate x category), a WDQ could be "
        f"reported in **{w.n_reportable}**"
        + (f"; not in {n_missing}: {reasons}." if w.missing else "."),
        "",
    ]
    none = []
    for e in f.effects.values():
        if not e.wdq_reportable:
            none.append(f"{label(e.policy)} ({e.category})")
            continue
        lines.append(
            f"- **{label(e.policy)}, {e.category}:** WDQ in {e.wdq_reportable} of "
            f"{e.n_evaluations} replicates, median {num(e.wdq_median, digits=2)} "
            f"({wdq_reading(e.wdq_median)}). The twin world agrees on the direction (diffusion "
            f"or displacement) in {e.wdq_truth_agrees} of {e.wdq_with_truth} of them"
            + (
                f"; in {e.wdq_reportable - e.wdq_with_truth} nothing was truly prevented in view."
                if e.wdq_with_truth < e.wdq_reportable
                else "."
            )
        )
    if none:
        lines.append(f"- No reportable WDQ ({NOT_ENOUGH} recorded): " + ", ".join(none) + ".")
    lines += [
        "",
        "The Total Net Effect (TNE) estimates incidents prevented in the watched area and "
        "buffer, net, using the control area's trend. Mean per replicate:",
        "",
    ]
    rows = [
        [
            label(e.policy),
            e.category,
            num(e.tne),
            num(e.tne_all_recorded),
            num(e.prevented_view_and_buffer),
        ]
        for e in f.effects.values()
    ]
    header = [
        "policy",
        "category",
        "field TNE (recorded)",
        "TNE if every incident recorded",
        "truly prevented (twin)",
    ]
    return lines + table(header, rows)


def section_where(f: Findings) -> list[str]:
    """Where deterred crime went: buffer, elsewhere, other hours, other offences."""
    if f.where is None:
        return [NO_RESULTS]
    buffer = f.meta.get("buffer_cells")
    ring = f" ({int(buffer)} cells, {100 * int(buffer)} m, around it)" if buffer else ""
    lines = [
        f"Change in incidents against the twin world, mean per replicate (negative: fewer "
        f"incidents). *In view*: the watched area; *buffer*: the ring{ring}; *elsewhere*: "
        "the rest of the town; *after dark*: change in the share of incidents after dark, in "
        "percentage points.",
        "",
    ]
    lines += table(
        ["policy", "category", "in view", "buffer", "elsewhere", "whole town", "after dark"],
        [
            [
                label(r.policy),
                r.category,
                num(r.in_view, True),
                num(r.buffer, True),
                num(r.elsewhere, True),
                num(r.total, True),
                f"{num(r.night_share_change_pp, True, 2)} pp",
            ]
            for r in f.where.rows
        ],
    )
    up = [r for r in f.where.rows if r.buffer > 0]
    lines += [
        "",
        "- **Buffer:** "
        + (
            "more incidents than in the twin under "
            + ", ".join(f"{label(r.policy)} ({r.category}, {num(r.buffer, True)})" for r in up)
            + "; fewer or the same everywhere else."
            if up
            else "no policy raised incidents in the buffer on average."
        ),
    ]
    if f.where.night_max is not None:
        p, c, pp = f.where.night_max
        lines.append(
            f"- **Other hours:** the share of incidents after dark moved by at most "
            f"{num(pp, digits=2)} percentage points ({label(p)}, {c})."
        )
    lines.append("- **Other offences:** " + offence_switch_words(f.switch, f.meta))
    return lines


def offence_switch_words(switch: OffenceSwitch | None, meta: dict) -> str:
    """Home robberies added under crime-type displacement, against street robberies prevented
    town-wide (the substitution ratio; see :class:`~experiments.summaries.OffenceSwitch`)."""
    if switch is None:
        return f"crime-type displacement was not run (`{TYPE_DISPLACEMENT}` missing)."
    added, prevented = switch.home_added, switch.street_prevented_town
    text = (
        f"with offence switching on (`{switch.policy}`), home robberies changed by "
        f"{num(added.mean, True)} per replicate against the twin (which had "
        f"{num(switch.twin_home)}), while street robberies changed by "
        f"{num(-prevented.mean, True)} town-wide."
    )
    if prevented.mean > 0 and added.mean > 0:
        text += (
            f" About {num(10 * added.mean / prevented.mean)} home robberies for every 10 street "
            "robberies prevented: deterred robbers partly moved indoors, out of camera view."
        )
    return text


def section_recorded(f: Findings) -> list[str]:
    """The change recorded crime shows next to the true change."""
    if not f.effects:
        return [NO_RESULTS]
    rows = [
        [
            label(e.policy),
            e.category,
            spread_cell(e.view),
            spread_cell(e.recorded_before_after),
            spread_cell(e.recorded_vs_twin),
        ]
        for e in f.effects.values()
    ]
    opposite = [
        f"{label(e.policy)} ({e.category}): recorded {pct(e.recorded_before_after.mean)}, "
        f"true {pct(e.view.mean)}"
        for e in f.effects.values()
        if e.recorded_opposite
    ]
    header = [
        "policy",
        "category",
        "true, in view vs twin",
        "recorded, in view before/after",
        "recorded, town vs twin",
    ]
    lines = [*table(header, rows), ""]
    if opposite:
        lines.append(
            f"In {len(opposite)} of {len(rows)} cases recorded crime in view moved the *other "
            "way* from the truth: " + "; ".join(opposite) + ". Cameras and the police they send "
            "bring more incidents into the record, so recorded crime can rise where real "
            "violence falls, and a falling figure can hide offences that were never reported."
        )
    else:
        lines.append("Recorded crime in view moved in the same direction as the truth throughout.")
    return lines


def section_channels(f: Findings) -> list[str]:
    """The effect in view split into deterrence, incapacitation and other points."""
    summary = f.summaries.get("channels_summary")
    if summary is None or summary.empty:
        return ["No channel split was run (`channels.csv` is missing or empty)."]

    def points(x: float) -> str:
        return f"{x:+.1f}"

    rows = [
        [
            label(r.policy),
            r.category,
            points(r.total_points),
            points(r.deterrence_points),
            points(r.incapacitation_points),
            points(r.other_points),
            str(int(r.replicates)),
        ]
        for r in summary.itertuples()
    ]
    header = ["policy", "category", "total", "deterrence", "incapacitation", "other", "replicates"]
    lines = [*table(header, rows), ""]
    for r in summary.itertuples():
        if r.category != "spectacular" or r.total_points >= 0:
            continue
        share = {
            name: getattr(r, f"{name}_points") / r.total_points
            for name in ("deterrence", "incapacitation", "other")
        }
        lines.append(
            f"- {label(r.policy)}: of the {-r.total_points:.1f}-point fall of robbery in view, "
            f"{pct(share['deterrence'], False)} came through deterrence, "
            f"{pct(share['incapacitation'], False)} through incapacitation and "
            f"{pct(share['other'], False)} through the rest."
        )
    return lines
