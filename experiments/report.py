"""The displacement experiment's report: figures, tidy summaries and ``report.md``, from results.

:func:`write_report` is called by ``safecity-experiment`` with the experiment's tables; every
number in ``report.md`` is computed from those tables (:mod:`experiments.summaries`), nothing is
typed in, and the results are checked against the literature patterns of VALIDATION.md
(:mod:`experiments.calibration`), saying plainly whether the model agrees. To rebuild a report
from a finished results folder:

    python -m experiments.report results/displacement/<timestamp>
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from experiments import figures, io
from experiments.calibration import (
    ACTIVE,
    MIN_INCIDENTS,
    TYPE_DISPLACEMENT,
    Check,
    calibration_checks,
    twin_in_view,
)
from experiments.figures import CATEGORIES, NOT_ENOUGH, policies_in, policy_label
from experiments.summaries import (
    SUMMARY_MEASURES,
    Spread,
    change_words,
    num,
    offence_rows,
    pct,
    plural,
    summarise_effects,
    summarise_harms,
    wdq_reading,
    where_crime_went,
    women_forgone,
)
from sim.analysis.costs import break_even_rs, cost_per_prevented
from sim.analysis.field import Zone
from sim.params.experiment import ExperimentParams
from sim.params.policies import the_one_with_role, with_role
from sim.world.clock import DAYS_PER_YEAR

log = logging.getLogger("safecity")

TABLES = ("effects", "harms", "moved", "runs", "costs", "meta")
MAP_POLICIES = tuple(with_role("map"))
BREAK_EVEN_REFERENCE = the_one_with_role("headline")
"""The camera policy whose cost per incident prevented sets the break-even budget of policies
without cameras."""
DPI = 110
MIN_STOPS = 10
"""Fewest wrongful stops (mean per replicate, two groups together) to compare their rates."""
VERDICT_VERBS = {
    "AGREES": "agree",
    "PARTLY AGREES": "partly agree",
    "DISAGREES": "disagree",
    "NOT CHECKED": "not checked",
}


# --- report.md -------------------------------------------------------------------------------


def _spread_cell(s: Spread) -> str:
    """Compact table cell: mean and replicate range of a relative change."""
    if s.n == 0:
        return NOT_ENOUGH
    if s.n == 1:
        return pct(s.mean)
    return f"{pct(s.mean)} ({100 * s.lo:+.1f} to {100 * s.hi:+.1f})"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return lines


def _meta(tables: dict[str, pd.DataFrame]) -> dict:
    meta = tables.get("meta")
    return meta.iloc[0].to_dict() if meta is not None and not meta.empty else {}


def section_headlines(tables: dict[str, pd.DataFrame], checks: Sequence[Check]) -> list[str]:
    """Five lines for the first slide, each computed from the tables."""
    rows = figures.category_rows(tables["effects"])
    lines = ["## In short", ""]
    if rows.empty:
        return [*lines, f"- No results: {NOT_ENOUGH}.", ""]

    def spread(policy: str, category: str, column: str) -> Spread:
        g = rows[(rows["policy"] == policy) & (rows["category"] == category)]
        return Spread.of(g[column])

    focus = ACTIVE if ACTIVE in set(rows["policy"]) else policies_in(rows)[0]
    name = policy_label(focus, True)
    view = spread(focus, "spectacular", "true_relative_change_treatment")
    town = spread(focus, "spectacular", "true_relative_change_total")
    every = spread(focus, "everyday", "true_relative_change_total")
    everyday_words = change_words(every, "everyday violence (harassment, domestic)", " town-wide")
    n_view = twin_in_view(rows, focus)
    robbery = (
        change_words(view, "robbery in camera view")
        if n_view >= MIN_INCIDENTS
        else f"{NOT_ENOUGH} in camera view to tell how robbery changed there ({n_view} in the "
        "twin worlds)"
    )
    lines.append(
        f"- **{name}:** {robbery}; {change_words(town, 'across the town it')}. "
        f"{_capital(everyday_words)}."
    )
    everyday = rows[rows["category"] == "everyday"].groupby("policy", sort=False)
    best = everyday["true_relative_change_total"].mean().dropna()
    if len(best):
        p = best.idxmin()
        lines.append(
            f"- **Most everyday violence prevented:** {policy_label(p, True)}, "
            f"{pct(best[p])} town-wide."
        )
    ok = int((rows["wdq_status"] == "ok").sum())
    lines.append(
        f"- **Field evaluation:** the displacement quotient (WDQ) could be computed in {ok} of "
        f"{len(rows)} policy-replicate-category evaluations; recorded counts were too small in "
        "the rest."
    )
    recorded = Spread.of(
        rows.loc[
            (rows["policy"] == focus) & (rows["category"] == "spectacular"),
            "recorded_relative_change_treatment",
        ]
    )
    if recorded.n and view.n:
        lines.append(
            f"- **Official figures:** under {name}, recorded robbery in view changed by "
            f"{pct(recorded.mean)} from before to after, while the true change was "
            f"{pct(view.mean)}."
        )
    if not tables["harms"].empty:
        lines += [
            line.replace("- **Wrongful stops** fall", "- **Harms:** wrongful stops fall")
            for line in _unequal_stops(summarise_harms(tables["harms"]))
        ]
    costs = tables["costs"]
    if not costs.empty and focus in set(costs["policy"]):
        row = _costs_per_policy(costs).loc[focus]
        per = f"Rs {row['rs_per']:,.0f}" if np.isfinite(row["rs_per"]) else "n/a (none prevented)"
        lines.append(
            f"- **Money:** {name} cost Rs {row['cost'] / 1e6:,.1f} m after the switch-on, {per} "
            "per incident prevented town-wide."
        )
    verdicts = ", ".join(f"{c.pattern.split(':')[0]} {c.verdict.lower()}" for c in checks)
    lines.append(f"- **Against the literature:** {verdicts}.")
    return [*lines, ""]


CITY_DESCRIPTIONS = {
    "town": "a stylised teaching town, not a map of a real city",
    "lahore": "a stylised Lahore built from public figures (area, population, cameras, police, "
    "street lighting), not a map of the real city",
}
OTHER_CITY = "a city of the run's parameters"


def section_run(tables: dict[str, pd.DataFrame]) -> list[str]:
    """What was run: city, design, policies, replicates, from ``meta`` and ``runs``."""
    meta, runs, harms = _meta(tables), tables["runs"], tables["harms"]
    effects = tables["effects"]
    policies = policies_in(runs) or policies_in(effects)
    n_rep = (runs if not runs.empty else effects).groupby("policy")["replicate"].nunique()
    lines = ["## What was run", ""]
    city = meta.get("city", "unknown")
    twin = harms[harms["world"] == "twin"] if not harms.empty else harms
    residents = (
        twin.groupby(["policy", "replicate"])["residents"].sum().iloc[0] if len(twin) else None
    )
    people = f" with {int(residents):,} simulated residents" if residents else ""
    lines.append(f"- **City:** `{city}`{people}: {CITY_DESCRIPTIONS.get(city, OTHER_CITY)}.")
    before, after = meta.get("before_days"), meta.get("after_days")
    if before is not None and after is not None:
        lines.append(
            f"- **Design:** {int(before)} days without any policy, then the policy switched on "
            f"for {int(after)} days."
        )
    lines.append(
        "- **Twin world:** every replicate seed was also run with no policy at all: the same "
        "city, people and random draws (a policy that changes offenders' behaviour, as "
        "crime-type displacement does, has a twin with that change). The difference between a "
        "policy run and its twin is "
        "the policy's true effect, which no field evaluation can see."
    )
    reps = sorted(set(n_rep.tolist())) if len(n_rep) else [0]
    rep_text = " to ".join(str(r) for r in (reps[0], reps[-1])) if len(reps) > 1 else reps[0]
    seed = f" (root seed {int(meta['root_seed'])})" if "root_seed" in meta else ""
    lines.append(f"- **Replicates:** {rep_text} per policy{seed}; {len(policies)} policies.")
    if not runs.empty and "before_identical_to_twin" in runs:
        same = runs["before_identical_to_twin"].astype(bool)
        broken = runs.loc[~same, "policy"].value_counts()
        note = (
            ""
            if same.all()
            else " **Warning: before the switch-on these runs differ from their twin, so their "
            "comparison with it is not clean: "
            + ", ".join(f"`{p}` ({n} of {n_rep.get(p, n)})" for p, n in broken.items())
            + ".**"
        )
        lines.append(
            f"- **Twin check:** before the switch-on, policy run and twin were identical in "
            f"{int(same.sum())} of {len(same)} runs.{note}"
        )
    if not runs.empty:
        per_twin = runs.drop_duplicates("replicate")["twin_incidents"].mean()
        days = (
            f" over its {int(meta['before_days']) + int(meta['after_days'])} days"
            if {"before_days", "after_days"} <= set(meta)
            else ""
        )
        lines.append(f"- A twin world had {num(per_twin, digits=0)} incidents{days} on average.")
    if "elapsed_s" in meta:
        lines.append(f"- The whole experiment took {num(float(meta['elapsed_s']), digits=0)} s.")
    if not runs.empty:
        lines += ["", "Policies (cameras and the cells they watch, or act on, mean per run):", ""]
        per = runs.groupby("policy", sort=False)[["n_cameras", "treatment_cells"]].mean()
        lines += _table(
            ["policy", "config", "cameras", "cells in view / acted on"],
            [
                [
                    policy_label(p, True),
                    f"`{p}`",
                    num(r.n_cameras, digits=0),
                    num(r.treatment_cells, digits=0),
                ]
                for p, r in per.iterrows()
            ],
        )
    return [*lines, ""]


def section_effects(effects: pd.DataFrame) -> list[str]:
    """The true effect of each policy from its twin, with replicate spread."""
    rows = figures.category_rows(effects)
    lines = [
        "## 1. Did violence fall? The true effect, from the twin world",
        "",
        "Change in incidents after the switch-on against the twin world, mean over replicates "
        "(lowest to highest replicate, %). *In view*: cells a camera sees (or, for lighting and "
        "transit, cells the policy changed); *town*: the whole town. Spectacular violence is "
        "robbery; everyday violence is harassment and domestic violence.",
        "",
    ]
    policies = policies_in(rows)
    if not policies:
        return [*lines, f"No results: {NOT_ENOUGH}.", ""]
    table, bullets = [], []
    for policy in policies:
        cells, words = [], []
        for category in CATEGORIES:
            g = rows[(rows["policy"] == policy) & (rows["category"] == category)]
            view = Spread.of(g["true_relative_change_treatment"])
            town = Spread.of(g["true_relative_change_total"])
            prevented = Spread.of(g["true_prevented_treatment"])
            cells += [_spread_cell(view), _spread_cell(town)]
            words.append(
                change_words(view, f"{category} violence in view")
                + (
                    f", {num(prevented.mean)} incidents prevented there per replicate"
                    if prevented.n and view.n
                    else ""
                )
                + f"; {change_words(town, 'it', ' town-wide')}"
            )
        few = [c for c in CATEGORIES if twin_in_view(rows, policy, c) < MIN_INCIDENTS]
        if few:
            words.append(
                f"too few to judge a percentage: fewer than {MIN_INCIDENTS} "
                f"{' or '.join(few)} incidents in view in the twin worlds"
            )
        table.append([policy_label(policy, True), *cells])
        bullets.append(
            f"- **{policy_label(policy, True)}:** " + ". ".join(map(_capital, words)) + "."
        )
    lines += _table(
        [
            "policy",
            "spectacular, in view",
            "spectacular, town",
            "everyday, in view",
            "everyday, town",
        ],
        table,
    )
    return [*lines, "", *bullets, ""]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def section_field(effects: pd.DataFrame) -> list[str]:
    """What the field measures (WDQ, TNE on recorded crime) would have said, against the
    twin-world truth."""
    rows = figures.category_rows(effects)
    lines = [
        "## 2. What would a field evaluation have concluded?",
        "",
        "An evaluator sees only *recorded* crime, in the area the cameras watch, a buffer ring "
        "around it and a matched control area, before and after. The Weighted Displacement "
        "Quotient (WDQ) compares the buffer's change with the watched area's: above 0, the "
        "benefit spread to the buffer (diffusion); below 0, crime moved into it (displacement); "
        "beyond 1 or -1, that spillover is larger than the effect itself. It exists only where "
        "recorded crime in the watched area fell and no count is zero.",
        "",
    ]
    if rows.empty:
        return [*lines, f"No results: {NOT_ENOUGH}.", ""]
    status = rows["wdq_status"].astype(str)
    ok = rows[status == "ok"]
    missing = status[status != "ok"].value_counts()
    reasons = ", ".join(
        f"{n} because {figures.STATUS_LABELS.get(r, r)}" for r, n in missing.items()
    )
    lines.append(
        f"Of {len(rows)} evaluations (policy x replicate x category), a WDQ could be reported "
        f"in **{len(ok)}**"
        + (f"; not in {int(missing.sum())}: {reasons}." if len(missing) else ".")
    )
    lines.append("")
    quotient = figures.twin_quotient(rows)
    none = []
    for (policy, category), g in rows.groupby(["policy", "category"], sort=False):
        g_ok = g[g["wdq_status"] == "ok"]
        if g_ok.empty:
            none.append(f"{policy_label(policy, True)} ({category})")
            continue
        median = float(g_ok["wdq"].median())
        truth = quotient.loc[g_ok.index]
        both = truth.notna()
        agree = int((np.sign(g_ok["wdq"][both]) == np.sign(truth[both])).sum())
        lines.append(
            f"- **{policy_label(policy, True)}, {category}:** WDQ in {len(g_ok)} of {len(g)} "
            f"replicates, median {num(median, digits=2)} ({wdq_reading(median)}). The twin "
            f"world agrees on the direction (diffusion or displacement) in {agree} of "
            f"{int(both.sum())} of them"
            + (
                f"; in {len(g_ok) - int(both.sum())} nothing was truly prevented in view."
                if both.sum() < len(g_ok)
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
    table = []
    for (policy, category), g in rows.groupby(["policy", "category"], sort=False):
        truth = Spread.of(g["true_prevented_treatment"] + g["true_prevented_buffer"])
        table.append(
            [
                policy_label(policy, True),
                category,
                num(Spread.of(g["tne"]).mean),
                num(Spread.of(g.get("true_tne", pd.Series(dtype=float))).mean),
                num(truth.mean),
            ]
        )
    lines += _table(
        [
            "policy",
            "category",
            "field TNE (recorded)",
            "TNE if every incident recorded",
            "truly prevented (twin)",
        ],
        table,
    )
    return [*lines, ""]


def section_where(effects: pd.DataFrame, meta: dict) -> list[str]:
    """Where deterred crime went: buffer, elsewhere, other hours, other offences."""
    moved = where_crime_went(effects)
    lines = ["## 3. Where did the crime go?", ""]
    if moved.empty:
        return [*lines, f"No results: {NOT_ENOUGH}.", ""]
    buffer = meta.get("buffer_cells")
    ring = f" ({int(buffer)} cells, {100 * int(buffer)} m, around it)" if buffer else ""
    lines += [
        f"Change in incidents against the twin world, mean per replicate (negative: fewer "
        f"incidents). *In view*: the watched area; *buffer*: the ring{ring}; *elsewhere*: "
        "the rest of the town; *after dark*: change in the share of incidents after dark, in "
        "percentage points.",
        "",
    ]
    means = moved.groupby(["policy", "category"], sort=False).mean(numeric_only=True)
    lines += _table(
        ["policy", "category", "in view", "buffer", "elsewhere", "whole town", "after dark"],
        [
            [
                policy_label(p, True),
                c,
                num(r.in_view, True),
                num(r.buffer, True),
                num(r.elsewhere, True),
                num(r.total, True),
                f"{num(r.night_share_change_pp, True, 2)} pp",
            ]
            for (p, c), r in means.iterrows()
        ],
    )
    lines.append("")
    up = means[means["buffer"] > 0]
    lines.append(
        "- **Buffer:** "
        + (
            "more incidents than in the twin under "
            + ", ".join(
                f"{policy_label(p, True)} ({c}, {num(r.buffer, True)})"
                for (p, c), r in up.iterrows()
            )
            + "; fewer or the same everywhere else."
            if len(up)
            else "no policy raised incidents in the buffer on average."
        )
    )
    night = means["night_share_change_pp"].abs()
    if night.notna().any():
        (p, c) = night.idxmax()
        lines.append(
            f"- **Other hours:** the share of incidents after dark moved by at most "
            f"{num(night.max(), digits=2)} percentage points ({policy_label(p, True)}, {c})."
        )
    lines.append("- **Other offences:** " + _offence_switch(effects))
    return [*lines, ""]


def _offence_switch(effects: pd.DataFrame) -> str:
    """Home robberies added under crime-type displacement, against street robberies prevented."""
    home = offence_rows(effects, "home_robbery")
    home = home[home["policy"] == TYPE_DISPLACEMENT]
    street = offence_rows(effects, "street_robbery")
    street = street[street["policy"] == TYPE_DISPLACEMENT]
    if home.empty:
        return f"crime-type displacement was not run (`{TYPE_DISPLACEMENT}` missing)."
    added = Spread.of(-home["true_prevented_total"])
    prevented = Spread.of(street["true_prevented_total"])
    text = (
        f"with offence switching on (`{TYPE_DISPLACEMENT}`), home robberies changed by "
        f"{num(added.mean, True)} per replicate against the twin (which had "
        f"{num(home['twin_all_after'].mean())}), while street robberies changed by "
        f"{num(-prevented.mean, True)} town-wide."
    )
    if prevented.mean > 0 and added.mean > 0:
        text += (
            f" About {num(10 * added.mean / prevented.mean)} home robberies for every 10 street "
            "robberies prevented: deterred robbers partly moved indoors, out of camera view."
        )
    return text


def section_harms(harms: pd.DataFrame) -> list[str]:
    """Women's mobility and the harms of watching, by group."""
    lines = ["## 4. Women's mobility and the harms of watching", ""]
    if harms.empty:
        return [*lines, "No harms table.", ""]
    summary = summarise_harms(harms)
    women = women_forgone(harms)
    groups = [g for g in figures.GROUP_LABELS if g in set(summary["group"])]
    table = []
    for policy in policies_in(summary):
        s = summary[summary["policy"] == policy].set_index("group")
        w = Spread.of(women.loc[women["policy"] == policy, "change"])
        captures = (s["face_captures_per_1000"] * s["residents"]).sum() / s["residents"].sum()
        table.append(
            [policy_label(policy, True), _spread_cell(w)]
            + [num(s.loc[g, "wrongful_stops_per_1000"]) for g in groups]
            + [num(captures / 1000)]
        )
    lines += [
        "Trips women gave up for fear of harassment, against the twin (mean, lowest to highest "
        "replicate); wrongful stops after a false face match per 1,000 residents of each group; "
        "face captures per resident over the run.",
        "",
    ]
    lines += _table(
        ["policy", "women's trips forgone"]
        + [f"stops/1,000 {figures.GROUP_LABELS[g]}" for g in groups]
        + ["face captures per resident"],
        table,
    )
    lines.append("")
    best = women.groupby("policy", sort=False)["change"].mean().dropna()
    if len(best):
        p = best.idxmin()
        lines.append(
            f"- **Mobility:** women gave up the fewest trips under {policy_label(p, True)} "
            f"({pct(best[p])} against the twin); under the others: "
            + ", ".join(f"{policy_label(q, True)} {pct(v)}" for q, v in best.items() if q != p)
            + "."
        )
    lines += _unequal_stops(summary)
    fear = summary[summary["group"].astype(str).str.startswith("woman")]
    fear = fear.groupby("policy", sort=False)[["fear", "twin_fear"]].mean().dropna()
    if len(fear):
        lines.append(
            "- **Fear:** women's mean fear (0 to 1) against the twin: "
            + ", ".join(
                f"{policy_label(p, True)} {num(r.fear, digits=3)} vs {num(r.twin_fear, digits=3)}"
                for p, r in fear.iterrows()
            )
            + "."
        )
    return [*lines, ""]


def _unequal_stops(summary: pd.DataFrame) -> list[str]:
    """How much more often minority residents are wrongly stopped than majority ones, under
    ``safe_city`` (or the first policy with any wrongful stop)."""
    stops = summary[summary["wrongful_stops_per_1000"] > 0]
    if stops.empty:
        return ["- **Wrongful stops:** none under any policy."]
    policy = ACTIVE if ACTIVE in set(stops["policy"]) else stops["policy"].iloc[0]
    this = summary[summary["policy"] == policy].set_index("group")
    rate, count = this["wrongful_stops_per_1000"], this["wrongful_stops"]
    ratios = []
    for gender, gender_plural in (("man", "men"), ("woman", "women")):
        major, minor = f"{gender}/majority", f"{gender}/minority"
        if major not in rate or minor not in rate or not rate[major] > 0:
            continue
        if count[major] + count[minor] < MIN_STOPS:
            continue
        ratios.append(
            f"minority {gender_plural} {num(rate[minor] / rate[major])} times as often as majority "
            f"{gender_plural}"
        )
    name = policy_label(policy, True)
    if not ratios:
        return [f"- **Wrongful stops:** too few under {name} to compare groups ({NOT_ENOUGH})."]
    return [
        f"- **Wrongful stops** fall unequally: under {name}, per resident, "
        + " and ".join(ratios)
        + "."
    ]


def section_recorded(effects: pd.DataFrame) -> list[str]:
    """The change recorded crime shows next to the true change."""
    rows = figures.category_rows(effects)
    lines = [
        "## 5. Recorded crime against the truth",
        "",
        "Official figures count *recorded* crime. Mean change over replicates (lowest to "
        "highest): the true change in view against the twin; the change recorded crime shows "
        "in view from before to after (per day), as a before/after evaluation would report; "
        "and recorded crime town-wide against the twin.",
        "",
    ]
    if rows.empty:
        return [*lines, f"No results: {NOT_ENOUGH}.", ""]
    table, opposite = [], []
    for (policy, category), g in rows.groupby(["policy", "category"], sort=False):
        true = Spread.of(g["true_relative_change_treatment"])
        before_after = Spread.of(g["recorded_relative_change_treatment"])
        vs_twin = Spread.of(g["recorded_relative_change_vs_twin"])
        table.append(
            [
                policy_label(policy, True),
                category,
                _spread_cell(true),
                _spread_cell(before_after),
                _spread_cell(vs_twin),
            ]
        )
        if true.n and before_after.n and true.mean * before_after.mean < 0:
            opposite.append(
                f"{policy_label(policy, True)} ({category}): recorded {pct(before_after.mean)}, "
                f"true {pct(true.mean)}"
            )
    lines += _table(
        [
            "policy",
            "category",
            "true, in view vs twin",
            "recorded, in view before/after",
            "recorded, town vs twin",
        ],
        table,
    )
    lines.append("")
    if opposite:
        lines.append(
            f"In {len(opposite)} of {len(table)} cases recorded crime in view moved the *other "
            "way* from the truth: " + "; ".join(opposite) + ". Cameras and the police they send "
            "bring more incidents into the record, so recorded crime can rise where real "
            "violence falls, and a falling figure can hide offences that were never reported."
        )
    else:
        lines.append("Recorded crime in view moved in the same direction as the truth throughout.")
    return [*lines, ""]


def _costs_per_policy(costs: pd.DataFrame) -> pd.DataFrame:
    """Per policy: mean cameras, cost and incidents prevented over replicates, and the cost per
    incident prevented as the ratio of the means (steadier than a mean of ratios)."""
    per_policy = costs.groupby("policy", sort=False).agg(
        cameras=("n_cameras", "mean"), cost=("cost_rs", "mean"), prevented=("prevented", "mean")
    )
    per_policy["rs_per"] = [
        cost_per_prevented(c, p)
        for c, p in zip(per_policy["cost"], per_policy["prevented"], strict=True)
    ]
    return per_policy


def section_costs(costs: pd.DataFrame, meta: dict) -> list[str]:
    """What the camera policies cost per incident they truly prevented, and the budget at which
    a policy without cameras would have done as well (``sim.costs``)."""
    lines = [
        "## 6. What did it cost?",
        "",
        "Cameras are priced from public figures for Lahore (`docs/parameters.md`, group "
        "`costs`): installation spread over the camera's life, plus running costs, for the "
        "period after the switch-on. *Prevented* counts every incident the twin world had and "
        "the policy world did not, town-wide, in real incidents (one agent stands for "
        f"{plural(round(float(meta.get('agent_scale', 1))), 'person', 'people')}). Police "
        "time, wrongful "
        "stops and privacy are not priced.",
        "",
    ]
    if costs.empty:
        return [*lines, f"No results: {NOT_ENOUGH}.", ""]
    per_policy = _costs_per_policy(costs)
    reference = per_policy["rs_per"].get(BREAK_EVEN_REFERENCE, np.nan)
    table, free = [], []
    for policy, row in per_policy.iterrows():
        spread = Spread.of(costs.loc[costs["policy"] == policy, "prevented"])
        table.append(
            [
                policy_label(policy, True),
                f"{row['cameras']:,.0f}",
                f"Rs {row['cost'] / 1e6:,.1f} m",
                f"{spread.mean:,.0f} ({spread.lo:,.0f} to {spread.hi:,.0f})" if spread.n else "n/a",
                f"Rs {row['rs_per']:,.0f}" if np.isfinite(row["rs_per"]) else "n/a",
            ]
        )
        if row["cameras"] == 0:
            free.append((policy, row["prevented"]))
    lines += _table(
        ["policy", "cameras", "cost after switch-on", "prevented (replicates)", "per prevented"],
        table,
    )
    lines.append("")
    lines.append(
        "*Per prevented* is n/a where a policy has no priced cost (no cameras) or prevented "
        "none on average (its cost bought no reduction at all)."
    )
    for policy, prevented in free:
        budget = break_even_rs(prevented, reference)
        if not np.isfinite(budget):
            continue
        days = float(meta.get("after_days", np.nan))
        per_year = budget * DAYS_PER_YEAR / days if np.isfinite(days) and days else np.nan
        lines.append(
            f"- **{policy_label(policy, True)}** has no unit cost in the model. It would "
            f"prevent incidents as cheaply as {policy_label(BREAK_EVEN_REFERENCE, True)} if it "
            f"cost no more than Rs {budget / 1e6:,.1f} m over the same period (Rs "
            f"{per_year / 1e6:,.1f} m a year)."
        )
    return [*lines, ""]


def section_calibration(checks: Sequence[Check]) -> list[str]:
    """Each pattern, its verdict and the numbers behind it."""
    counts = pd.Series([c.verdict for c in checks]).value_counts()
    lines = [
        "## Calibration against the literature",
        "",
        "Patterns from the research literature (VALIDATION.md) that the default experiment "
        "should reproduce, checked from the numbers above. Verdicts are stated as found, "
        "whichever way they go: "
        + ", ".join(f"{n} {VERDICT_VERBS.get(v, v)}" for v, n in counts.items())
        + ".",
        "",
    ]
    for check in checks:
        lines.append(f"- **{check.pattern}: {check.verdict}.** {check.text}")
    lines += [
        "",
        "The reviews measure recorded crime of all kinds against control areas in real "
        "cities; the model's check uses true incidents against the twin world. Section 5 "
        "shows how different the recorded figures can look.",
        "",
    ]
    return lines


READING = """## How to read the figures

- `figures/wdq.png`: one dot per replicate, the field WDQ computed from recorded crime, with
  a black bar at the median; hollow rings are the WDQ had every incident been recorded. Dashed
  lines at -1 and 1, a solid line at 0: above 0 the benefit spread to the buffer (diffusion),
  below 0 crime moved into it (displacement); beyond 1 or -1 the spillover is larger than the
  effect itself. The strip beneath counts replicates with no WDQ, by reason.
- `figures/wdq_vs_truth.png`: each point is one policy in one replicate. Across, the true change
  in incidents in view against the twin (left of 0: the policy prevented crime); up, the field
  WDQ. Crosses in the lower strip are replicates where recorded counts were too small for a WDQ.
- `figures/tne_vs_truth.png`: the field estimate of incidents prevented (TNE) against the true
  number; on the dashed diagonal the evaluator would be exactly right.
- `figures/moved_map.png`: the town seen from above, one square per 100 m cell: after the
  switch-on, purple cells had fewer incidents than in the twin world, orange cells more (mean
  over replicates). Grey marks camera view, where that was saved with the results.
- `figures/harms_by_group.png`: left, trips women gave up against the twin (below 0: more
  trips made); right, wrongful stops per 1,000 residents of each group.
- `figures/recorded_vs_true.png`: per policy, the true change (black) beside what recorded crime
  would show (red: in view, before against after; blue: town-wide against the twin).

## Caveats

- The WDQ and TNE are ratios of small counts with no significance test: a handful of recorded
  incidents can swing them, so they are shown per replicate and left out (with the reason)
  where a count is zero or the watched area did not improve, instead of printing a huge number.
- The town is a stylised teaching town, not Lahore; counts are of simulated residents and
  incidents over a few months and do not scale to a city without care.
- Replicate spread is the variation between random seeds of the same town and policy; with few
  replicates the intervals are wide, and small differences between policies are within noise.
- Percentages are means of per-replicate percentages; replicates where the twin had no
  incidents in the area have no percentage and are left out.
"""


# --- writing ---------------------------------------------------------------------------------

FIGURES: dict[str, Callable[[dict[str, pd.DataFrame]], object]] = {
    "wdq": lambda t: figures.wdq_by_policy(t["effects"]),
    "wdq_vs_truth": lambda t: figures.wdq_vs_truth(t["effects"]),
    "tne_vs_truth": lambda t: figures.tne_vs_truth(t["effects"]),
    "moved_map": lambda t: figures.moved_map(
        t["moved"],
        MAP_POLICIES,
        n_replicates=_replicates(t),
        footprint=t.get("footprint"),
    ),
    "harms_by_group": lambda t: figures.harms_by_group(t["harms"]),
    "recorded_vs_true": lambda t: figures.recorded_vs_true(t["effects"]),
}
"""Figure file stem -> how to draw it from the tables."""


def _replicates(tables: dict[str, pd.DataFrame]) -> dict[str, int]:
    source = tables["runs"] if not tables["runs"].empty else tables["effects"]
    if source.empty:
        return {}
    return source.groupby("policy")["replicate"].nunique().to_dict()


EMPTY_COLUMNS = {
    "effects": (
        "level",
        "category",
        "offence",
        "policy",
        "replicate",
        "wdq_status",
        "true_wdq",
        "true_wdq_status",
        "true_tne",
        "twin_treatment_after",
        "twin_all_after",
        *SUMMARY_MEASURES,
    ),
    "harms": (
        "group",
        "residents",
        "trips",
        "trips_forgone",
        "fear",
        "face_captures",
        "false_matches",
        "wrongful_stops",
        "world",
        "policy",
        "replicate",
    ),
    "runs": (
        "policy",
        "replicate",
        "n_cameras",
        "treatment_cells",
        "twin_incidents",
        "before_identical_to_twin",
    ),
    "moved": ("x", "y", "change", "category", "policy", "replicate"),
    "costs": ("policy", "replicate", "n_cameras", "prevented", "cost_rs"),
}
"""Columns of an empty stand-in for a missing or empty table."""


def _complete(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The tables, with an empty frame of the expected columns for any missing or empty."""
    out = {name: pd.DataFrame() for name in TABLES}
    out.update({k: v for k, v in tables.items() if v is not None})
    for name, columns in EMPTY_COLUMNS.items():
        if out[name].empty:
            out[name] = pd.DataFrame({c: pd.Series(dtype=float) for c in columns})
    return out


def render(tables: dict[str, pd.DataFrame], figure_errors: dict[str, str] | None = None) -> str:
    """The text of report.md from the experiment's tables."""
    tables = _complete(tables)
    meta = _meta(tables)
    effects, harms = tables["effects"], tables["harms"]
    checks = calibration_checks(effects, tables["runs"])
    lines = [
        "# Do city cameras reduce violence, or move it, and for whom?",
        "",
        "Results of the displacement experiment (`safecity-experiment`). Every number below is "
        "computed from the tables in this folder (`effects.csv`, `harms.csv`, `runs.csv`, "
        "`moved.parquet`; summaries in `effects_summary.csv`, `offences_summary.csv`, "
        "`harms_summary.csv`).",
        "",
        *section_headlines(tables, checks),
        *section_run(tables),
        *section_effects(effects),
        *section_field(effects),
        *section_where(effects, meta),
        *section_harms(harms),
        *section_recorded(effects),
        *section_costs(tables["costs"], meta),
        *section_calibration(checks),
        READING,
    ]
    if figure_errors:
        lines += ["## Figures that could not be drawn", ""]
        lines += [f"- `{name}`: {err}" for name, err in figure_errors.items()]
    return "\n".join(lines).rstrip() + "\n"


def write_report(out: Path, tables: dict[str, pd.DataFrame]) -> dict[str, Path]:
    """Write the report of a displacement experiment into ``out``: figures as PNG in
    ``out/figures/``, tidy summaries (``effects_summary.csv``, ``offences_summary.csv``,
    ``harms_summary.csv``, ``meta.csv``) and ``report.md``. Every file is written atomically.

    Args:
        out: the experiment's results folder.
        tables: ``effects``, ``harms``, ``moved``, ``runs`` and ``meta`` as made by
            :func:`experiments.displacement.run_experiment`; optionally ``footprint``
            (``policy, replicate, x, y`` of the cells in camera view) for the map. Missing or
            empty tables give a report that says so instead of failing.

    Returns:
        The paths written, by name.
    """
    out = Path(out)
    tables = _complete(tables)
    written: dict[str, Path] = {}
    summaries = {
        "effects_summary": summarise_effects(tables["effects"]),
        "offences_summary": summarise_effects(tables["effects"], level="offence"),
        "harms_summary": summarise_harms(tables["harms"]),
        "meta": tables["meta"],
    }
    for name, df in summaries.items():
        path = out / f"{name}.csv"
        io.write_atomic(path, lambda tmp, df=df: df.to_csv(tmp, index=False))
        written[name] = path
    errors: dict[str, str] = {}
    for name, draw in FIGURES.items():
        path = out / "figures" / f"{name}.png"
        try:
            fig = draw(tables)
            io.write_atomic(path, lambda tmp, fig=fig: fig.savefig(tmp, format="png", dpi=DPI))
            written[name] = path
        except Exception as e:  # a broken figure must not cost the report; it is listed in it
            log.exception("figure %s could not be drawn", name)
            errors[name] = f"{type(e).__name__}: {e}"
    written["report"] = out / "report.md"
    io.write_text(written["report"], render(tables, errors))
    return written


def load_tables(folder: Path) -> dict[str, pd.DataFrame]:
    """The tables of a finished results folder, as :func:`write_report` takes them. The
    footprint is the treatment zone of ``zones.parquet``; ``meta`` comes from ``meta.csv`` if a
    report was written before, else from ``experiment.yaml`` (fields left unset there take the
    defaults of :class:`ExperimentParams`, and a tiny run's settings are applied)."""
    folder = Path(folder)
    tables = {
        name: pd.read_csv(folder / f"{name}.csv")
        for name in ("effects", "harms", "runs", "costs")
        if (folder / f"{name}.csv").exists()
    }
    if (folder / "moved.parquet").exists():
        tables["moved"] = pd.read_parquet(folder / "moved.parquet")
    if (folder / "zones.parquet").exists():
        zones = pd.read_parquet(folder / "zones.parquet")
        tables["footprint"] = zones.loc[
            zones["zone"] == Zone.TREATMENT, ["policy", "replicate", "x", "y"]
        ]
    if (folder / "meta.csv").exists():
        tables["meta"] = pd.read_csv(folder / "meta.csv")
    elif (folder / "experiment.yaml").exists():
        import yaml

        from experiments.displacement import TINY

        cfg = yaml.safe_load((folder / "experiment.yaml").read_text(encoding="utf-8"))
        exp = {k: v for k, v in (cfg.get("experiment") or {}).items() if v is not None}
        if cfg.get("tiny"):
            exp.update(TINY["experiment"])
        tables["meta"] = pd.DataFrame(
            [
                {
                    **ExperimentParams.from_dict(exp).to_dict(),
                    "city": cfg.get("preset", cfg.get("city")),
                }
            ]
        )
    return tables


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m experiments.report FOLDER``: rebuild the report of a results folder."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1 or not Path(args[0]).is_dir():
        print("usage: python -m experiments.report RESULTS_FOLDER", file=sys.stderr)
        return 2
    written = write_report(Path(args[0]), load_tables(Path(args[0])))
    print(written["report"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
