"""The experiment's results checked against the literature patterns of VALIDATION.md.

Each check computes a pattern's measure from the effects table and states, with the numbers,
whether the model AGREES, PARTLY AGREES or DISAGREES (or could NOT CHECK it, for want of
incidents or of the policies it needs). A disagreement is reported as found, never forced.
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from experiments.calibration_field import (
    LITERATURE_REDUCTION,
    check_a1_field,
    check_a5_sites,
)
from experiments.field import field_estimates
from experiments.summaries import (
    CONFIDENCE,
    OffenceSwitch,
    Spread,
    num,
    offence_switch,
    pct,
    plural,
    where_crime_went,
)
from experiments.tables import NOT_ENOUGH, category_rows, offence_rows, policies_in
from sim.params.policies import the_one_with_role

A6_TOLERANCE = 0.05
"""VALIDATION A6 check: domestic violence counts as untouched by a camera policy if its mean
town-wide change against the twin is within this fraction."""
MIN_INCIDENTS = 20
"""A check needs at least this many incidents in the twin worlds where it looks (pooled over
replicates); with fewer, a percentage change is too coarse to judge and the check is NOT
CHECKED. Assumption: with 20 incidents one incident more or less moves the change by 5%."""
ACTIVE = the_one_with_role("headline")
PASSIVE = the_one_with_role("passive")
TYPE_DISPLACEMENT = the_one_with_role("type_displacement")
DEDICATED = the_one_with_role("dedicated_response")


@dataclasses.dataclass(frozen=True)
class Check:
    """One literature pattern checked against the results."""

    pattern: str
    verdict: str  # AGREES, PARTLY AGREES, DISAGREES, NOT CHECKED
    text: str
    cell: str = ""
    """The model's measure in a few words, with its interval, for the report's table."""


def replicate_values(
    effects: pd.DataFrame, policy: str, column: str, category: str = "spectacular"
) -> pd.Series:
    """``column`` of ``policy``'s rows of ``category`` in ``effects``, indexed by replicate."""
    rows = category_rows(effects)
    sel = rows[(rows["policy"] == policy) & (rows["category"] == category)]
    return sel.set_index("replicate")[column].astype(float)


def twin_in_view(effects: pd.DataFrame, policy: str, category: str = "spectacular") -> int:
    """Incidents in the watched area in the twin worlds after the switch-on, all replicates."""
    return int(replicate_values(effects, policy, "twin_treatment_after", category).sum())


def _too_few(effects: pd.DataFrame, policies: list[str]) -> str | None:
    """Why spectacular incidents in view are too few to check the policies, or None."""
    for policy in policies:
        n = twin_in_view(effects, policy)
        if n < MIN_INCIDENTS:
            return (
                f"Not enough incidents: {plural(n, 'spectacular incident')} in view in the twin "
                f"worlds of "
                f"`{policy}` (at least {MIN_INCIDENTS} needed)."
            )
    return None


def _interval(s: Spread) -> str:
    if s.n < 2:
        return "no interval with one replicate"
    return f"{CONFIDENCE:.0%} interval across replicates {pct(s.ci_lo)} to {pct(s.ci_hi)}"


def check_a1(effects: pd.DataFrame, field: pd.DataFrame | None = None) -> Check:
    """A1 like for like: the pooled field estimate of the headline policy on spectacular violence
    (``field``, :func:`experiments.findings.field.field_table`) against the reviews' 13-16 %
    (:func:`experiments.calibration_field.check_a1_field`), with the twin truth in view beside it
    as what the field cannot see. Without a field table (results from before the per-site
    evaluation) the truth is checked as :func:`check_a1_truth` does."""
    estimate = None
    if field is not None and not field.empty:
        estimate = field_estimates(field).get((ACTIVE, "spectacular"))
    if estimate is None:
        return check_a1_truth(effects)
    s = Spread.of(replicate_values(effects, ACTIVE, "true_relative_change_treatment"))
    truth = (
        f"in truth, spectacular incidents in camera view changed by {pct(s.mean)} against the "
        f"twin world (mean of {plural(s.n, 'replicate')}; {_interval(s)}); in the evaluated "
        f"sites' views by {pct(estimate.twin_change)}, and in their controls by "
        f"{pct(estimate.control_twin_change)} (the policy's reach into the controls)."
    )
    return Check(*check_a1_field(estimate, ACTIVE, truth))


def check_a1_truth(effects: pd.DataFrame) -> Check:
    """A1 on the twin truth: safe_city gives a modest reduction of spectacular incidents in
    view against the twin (reviews: about 13-16%). Agrees if the interval of the mean
    reduction overlaps that range; partly if the reduction is clear but larger or smaller."""
    name = "A1: a modest reduction of spectacular violence in view (reviews: about 13-16%)"
    s = Spread.of(replicate_values(effects, ACTIVE, "true_relative_change_treatment"))
    lo_lit, hi_lit = LITERATURE_REDUCTION
    if s.n == 0:
        return Check(name, "NOT CHECKED", f"`{ACTIVE}` was not run or had {NOT_ENOUGH} in view.")
    if few := _too_few(effects, [ACTIVE]):
        return Check(name, "NOT CHECKED", few)
    reduction, r_lo, r_hi = -s.mean, -s.ci_hi, -s.ci_lo
    facts = (
        f"Spectacular incidents in camera view changed by {pct(s.mean)} against the twin world "
        f"under `{ACTIVE}` (mean of {plural(s.n, 'replicate')}; {_interval(s)})."
    )
    if reduction <= 0:
        return Check(name, "DISAGREES", f"{facts} That is no reduction.")
    if s.n < 2:
        inside = lo_lit <= reduction <= hi_lit
        verdict = "AGREES" if inside else "PARTLY AGREES"
        return Check(name, verdict, f"{facts} With one replicate only the mean is compared.")
    if r_lo <= 0:
        return Check(
            name,
            "PARTLY AGREES",
            f"{facts} A reduction on average, but replicates do not distinguish it from none.",
        )
    where = "above" if reduction > hi_lit else "below" if reduction < lo_lit else "within"
    if r_lo <= hi_lit and r_hi >= lo_lit:
        return Check(
            name,
            "AGREES",
            f"{facts} The interval of the reduction ({pct(r_lo, False)} to {pct(r_hi, False)}) "
            f"includes the reviews' {lo_lit:.0%}-{hi_lit:.0%}; the mean reduction, "
            f"{pct(reduction, False)}, is {where} that range.",
        )
    return Check(
        name,
        "PARTLY AGREES",
        f"{facts} The direction agrees, but the reduction ({pct(r_lo, False)} to "
        f"{pct(r_hi, False)}) is {where} the reviews' {lo_lit:.0%}-{hi_lit:.0%}.",
    )


def check_a3(effects: pd.DataFrame) -> Check:
    """A3: active monitoring (safe_city) does better than passive (passive_cameras) on
    spectacular incidents in view, compared replicate by replicate (same seeds), and passive
    recording alone shows no clear effect. Agrees if both hold; partly if only the ranking
    holds or it is not clear across replicates; disagrees if passive does as well or better."""
    name = "A3: active monitoring beats passive recording (reviews: passive not significant)"
    active = replicate_values(effects, ACTIVE, "true_relative_change_treatment")
    passive = replicate_values(effects, PASSIVE, "true_relative_change_treatment")
    pairs = pd.concat([active.rename("a"), passive.rename("p")], axis=1).dropna()
    if pairs.empty:
        return Check(
            name, "NOT CHECKED", f"`{ACTIVE}` and `{PASSIVE}` not both run with incidents in view."
        )
    if few := _too_few(effects, [ACTIVE, PASSIVE]):
        return Check(name, "NOT CHECKED", few)
    diff = Spread.of(pairs["a"] - pairs["p"])
    a, p = Spread.of(pairs["a"]), Spread.of(pairs["p"])
    better = int((pairs["a"] < pairs["p"]).sum())
    interval = (
        f"{CONFIDENCE:.0%} interval {num(100 * diff.ci_lo, True)} to "
        f"{num(100 * diff.ci_hi, True)} points"
        if diff.n > 1
        else "one replicate"
    )
    facts = (
        f"Spectacular incidents in view: {pct(a.mean)} under `{ACTIVE}` against {pct(p.mean)} "
        f"under `{PASSIVE}`; active did better in {better} of {len(pairs)} replicates "
        f"(paired difference {num(100 * diff.mean, True)} percentage points, {interval})."
    )
    passive_clear = p.n > 1 and not (p.ci_lo <= 0 <= p.ci_hi)
    passive_note = f" Passive recording alone: {_interval(p)}" + (
        ", a clear effect, where the reviews find none significant."
        if passive_clear
        else ", which includes no effect, as the reviews find."
        if p.n > 1
        else "."
    )
    if diff.mean >= 0:
        return Check(name, "DISAGREES", facts + passive_note)
    clear = diff.n > 1 and diff.ci_hi < 0
    caveats = [
        "" if clear else " Active is better on average, but not clearly across replicates.",
        " So the ranking agrees, the absence of a passive effect does not."
        if passive_clear
        else "",
    ]
    verdict = "AGREES" if clear and not passive_clear else "PARTLY AGREES"
    return Check(name, verdict, facts + passive_note + "".join(caveats))


def check_a4(effects: pd.DataFrame) -> Check:
    """A4: cameras with a dedicated response (safe_city_dedicated_response: an operator and
    officers kept for the cameras' alerts) reduce street violence in view against the twin,
    and by more than safe_city, replicate by replicate. Agrees if the reduction is clear across
    replicates and larger than safe_city's on average; partly if only the reduction is clear;
    disagrees if it is not."""
    name = "A4: cameras with a dedicated response reduce street violence"
    dedicated = replicate_values(effects, DEDICATED, "true_relative_change_treatment")
    active = replicate_values(effects, ACTIVE, "true_relative_change_treatment")
    pairs = pd.concat([dedicated.rename("d"), active.rename("a")], axis=1).dropna()
    if pairs.empty:
        missing = f"`{DEDICATED}` and `{ACTIVE}` not both run with incidents in view."
        return Check(name, "NOT CHECKED", missing)
    if few := _too_few(effects, [DEDICATED, ACTIVE]):
        return Check(name, "NOT CHECKED", few)
    d, diff = Spread.of(pairs["d"]), Spread.of(pairs["d"] - pairs["a"])
    better = int((pairs["d"] < pairs["a"]).sum())
    facts = (
        f"Spectacular incidents in view: {pct(d.mean)} under `{DEDICATED}` ({_interval(d)}) "
        f"against {pct(Spread.of(pairs['a']).mean)} under `{ACTIVE}`; the dedicated response "
        f"did better in {better} of {len(pairs)} replicates (paired difference "
        f"{num(100 * diff.mean, True)} percentage points)."
    )
    if not (d.n > 1 and d.ci_hi < 0):
        return Check(name, "DISAGREES", f"{facts} The reduction is not clear across replicates.")
    if diff.mean < 0:
        return Check(name, "AGREES", facts)
    return Check(
        name,
        "PARTLY AGREES",
        f"{facts} Street violence falls, but no more than with alerts answered by patrol.",
    )


def check_a5(
    effects: pd.DataFrame,
    moved: pd.DataFrame | None = None,
    switch: OffenceSwitch | None = None,
) -> Check:
    """A5: where displacement appears, it is smaller than the direct effect. From the twin, per
    policy and category that prevented incidents in view (the direct effect), the net change
    outside view (buffer and rest of town; a rise is displacement) per replicate; with offence
    switching, home robberies added against street robberies prevented in view. Disagrees if
    any mean displacement reaches the mean direct effect. ``moved``
    (:func:`~experiments.summaries.where_crime_went`) and ``switch``
    (:func:`~experiments.summaries.offence_switch`) are computed from ``effects`` unless
    given."""
    name = "A5: displacement, where it appears, is smaller than the direct effect"
    if moved is None:
        moved = where_crime_went(effects)
    if switch is None:
        switch = offence_switch(effects, TYPE_DISPLACEMENT)
    moved = moved.assign(outside=moved["buffer"] + moved["elsewhere"])
    kinds: dict[str, list[str]] = {"displacement": [], "diffusion": [], "neither": []}
    larger, worst = [], None
    for (policy, category), g in moved.groupby(["policy", "category"], sort=False):
        direct, outside = Spread.of(-g["in_view"]), Spread.of(g["outside"])
        if direct.n == 0 or not direct.mean > 0 or outside.n == 0:
            continue
        if twin_in_view(effects, policy, category) < MIN_INCIDENTS:
            continue
        clear_up = outside.n > 1 and outside.ci_lo > 0
        clear_down = outside.n > 1 and outside.ci_hi < 0
        kind = "displacement" if clear_up else "diffusion" if clear_down else "neither"
        kinds[kind].append(f"`{policy}` {category}")
        if outside.mean > 0 and (worst is None or outside.mean / direct.mean > worst[0]):
            worst = (outside.mean / direct.mean, policy, category, outside.mean, direct.mean)
        if outside.mean >= direct.mean:
            larger.append(f"`{policy}` {category}")
    n_pairs = sum(len(v) for v in kinds.values())
    if n_pairs == 0:
        return Check(
            name,
            "NOT CHECKED",
            f"No policy prevented incidents in view with at least {MIN_INCIDENTS} incidents "
            "there in the twin worlds: not enough incidents.",
        )
    text = (
        "Twin-world truth, net change outside camera view (buffer and the rest of the town) "
        f"for the {plural(n_pairs, 'policy-category pair')} that prevented incidents in view: "
        f"clear displacement (a rise whose {CONFIDENCE:.0%} interval across replicates lies "
        f"above 0) in {len(kinds['displacement'])}"
        + (" (" + ", ".join(kinds["displacement"]) + ")" if kinds["displacement"] else "")
        + f", clear diffusion of benefits in {len(kinds['diffusion'])}"
        + (" (" + ", ".join(kinds["diffusion"]) + ")" if kinds["diffusion"] else "")
        + f", neither clearly in {len(kinds['neither'])}."
    )
    if worst:
        _, policy, category, up, direct = worst
        text += (
            f" The largest mean rise outside view relative to the direct effect: `{policy}` "
            f"{category}, {num(up, True)} incidents against {num(direct)} prevented in view."
        )
    # the direct effect of the cameras on street robbery is what they prevented in view
    if switch is not None and switch.street_prevented_in_view.mean > 0:
        added, prevented = switch.home_added.mean, switch.street_prevented_in_view.mean
        text += (
            f" Offence switching (`{TYPE_DISPLACEMENT}`): {num(added, True)} home robberies "
            f"against {num(prevented)} street robberies prevented in view."
        )
        if added > 0 and added >= prevented:
            larger.append(f"`{TYPE_DISPLACEMENT}` home robbery")
    rows = category_rows(effects)
    ok = rows[rows["wdq_status"] == "ok"]["wdq"]
    text += (
        f" Field WDQs: {len(ok)} reportable, {int((ok < -1).sum())} below -1 (displacement "
        "larger than the direct effect)."
    )
    cell = f"clear displacement in {len(kinds['displacement'])} of {n_pairs} pairs"
    if worst:
        cell += f"; largest rise outside {num(worst[3], True)} vs {num(worst[4])} prevented"
    if larger:
        return Check(
            name,
            "DISAGREES",
            f"{text} Displacement reached the direct effect in: " + ", ".join(larger) + ".",
            cell,
        )
    return Check(name, "AGREES", text, cell)


def check_a6(effects: pd.DataFrame, runs: pd.DataFrame) -> Check:
    """A6: cameras do not touch domestic violence: for every camera policy (one with cameras in
    ``runs``) its town-wide change against the twin, pooled over replicates, is within
    :data:`A6_TOLERANCE`."""
    name = "A6: domestic violence is untouched by street cameras"
    rows = offence_rows(effects, "domestic_violence")
    camera_policies = _camera_policies(runs, rows)
    rows = rows[rows["policy"].isin(camera_policies)]
    twin_total = int(rows["twin_all_after"].sum()) if len(rows) else 0
    if twin_total < MIN_INCIDENTS:
        return Check(
            name,
            "NOT CHECKED",
            f"Not enough incidents: {twin_total} domestic violence incidents in the camera "
            f"policies' twin worlds (at least {MIN_INCIDENTS} needed).",
        )
    parts, off = [], []
    for policy, g in rows.groupby("policy", sort=False):
        change = float((-g["true_prevented_total"]).sum() / g["twin_all_after"].sum())
        parts.append(f"`{policy}` {pct(change)}")
        if abs(change) > A6_TOLERANCE:
            off.append(policy)
    facts = (
        f"Town-wide domestic violence against the twin world ({num(rows['twin_all_after'].mean())} "
        f"incidents per twin run after the intervention): " + ", ".join(parts) + ". In the model "
        "domestic violence has its own random stream and happens out of camera view; it changes "
        "only through a linking mechanism."
    )
    cell = "domestic violence town-wide: " + ", ".join(parts)
    if off:
        text = f"{facts} Beyond {A6_TOLERANCE:.0%} for: " + ", ".join(off) + "."
        return Check(name, "DISAGREES", text, cell)
    return Check(name, "AGREES", f"{facts} Every change is within {A6_TOLERANCE:.0%}.", cell)


def _camera_policies(runs: pd.DataFrame, rows: pd.DataFrame) -> list[str]:
    if not runs.empty and {"policy", "n_cameras"} <= set(runs):
        return list(runs.loc[runs["n_cameras"] > 0, "policy"].unique())
    return policies_in(rows)


def calibration_checks(
    effects: pd.DataFrame,
    runs: pd.DataFrame,
    moved: pd.DataFrame | None = None,
    switch: OffenceSwitch | None = None,
    field: pd.DataFrame | None = None,
) -> list[Check]:
    """The literature patterns of VALIDATION.md this experiment can check; ``moved`` and
    ``switch`` as for :func:`check_a5`; ``field`` as for :func:`check_a1` (with it, A5's site
    shares are checked too). A2 and A7 are :mod:`experiments.calibration_patterns`."""
    checks = [
        check_a1(effects, field),
        check_a3(effects),
        check_a4(effects),
        check_a5(effects, moved, switch),
    ]
    if field is not None and not field.empty:
        checks.append(Check(*check_a5_sites(list(field_estimates(field).values()))))
    return [*checks, check_a6(effects, runs)]
