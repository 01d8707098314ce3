"""Calibration checks A2 (property crime responds best) and A7 (fear need not fall when crime
falls), in the form of :mod:`experiments.calibration`: each returns a
:class:`~experiments.calibration.Check` with its verdict, the numbers behind it and a short
``cell`` for the report's table. The rules are in :data:`experiments.patterns.PATTERNS`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from experiments.calibration import ACTIVE, MIN_INCIDENTS, Check
from experiments.field import FieldEstimate
from experiments.summaries import CONFIDENCE, Spread, num, pct, plural
from experiments.tables import offence_rows
from sim.world.offences import CATEGORIES

PROPERTY = "property"
VIOLENT = ("spectacular", "everyday")
A2_NAME = "A2: property crime responds more than violence (Piza et al. 2019)"
A7_NAME = "A7: fear need not fall when crime falls (Prieto Curiel & Bishop 2017)"
A7_OFFENCE = "harassment"
"""Women's public victimisation that moves their fear (ODD 7.7); its victims are all women."""


def _estimate_words(e: FieldEstimate) -> str:
    return f"{pct(e.relative_effect)} ({pct(e.ci_low)} to {pct(e.ci_high)})"


def check_a2(
    field: dict[tuple[str, str], FieldEstimate],
    categories: Sequence[str] = CATEGORIES,
    policy: str = ACTIVE,
    truth: str = "",
    enough: bool = True,
) -> Check:
    """A2 like for like: the pooled field estimate of ``policy`` on property crime against its
    estimates on the violent categories. Not checked while ``categories`` (the model's offence
    categories) has no ``property``; agrees if property's reduction is larger than every violent
    category's and its interval excludes no effect, partly if larger than some or not clear,
    disagrees if larger than none. ``truth``, the twin truth's words
    (:func:`experiments.calibration_a2.truth_words`), follows the field's; not checked unless
    ``enough`` (:func:`experiments.calibration_a2.enough_in_view`): with a handful of incidents
    in view a pooled estimate is noise."""
    if PROPERTY not in categories:
        return Check(
            A2_NAME,
            "NOT CHECKED",
            "The model has no property offence (its offence categories are "
            + ", ".join(categories)
            + "), so property crime's response cannot be compared with violence's.",
            cell="cannot be checked: no property offence",
        )
    if not enough:
        return Check(
            A2_NAME,
            "NOT CHECKED",
            f"Too few incidents in camera view to compare the categories. {truth}".rstrip(),
            cell="too few incidents in view",
        )
    prop = field.get((policy, PROPERTY))
    if prop is None or prop.n_pooled == 0 or not np.isfinite(prop.relative_effect):
        return Check(
            A2_NAME,
            "NOT CHECKED",
            f"No camera site of `{policy}` had recorded property crime to pool.",
            cell=f"no property estimate for `{policy}`",
        )
    violent = {
        c: e
        for c in VIOLENT
        if (e := field.get((policy, c))) is not None and np.isfinite(e.relative_effect)
    }
    if not violent:
        return Check(
            A2_NAME,
            "NOT CHECKED",
            f"No field estimate of `{policy}` on violence to compare with.",
            cell="no violent estimate to compare",
        )
    beaten = [c for c, e in violent.items() if prop.relative_effect < e.relative_effect]
    clear = prop.ci_high < 0
    cell = f"property {_estimate_words(prop)}; " + "; ".join(
        f"{c} {_estimate_words(e)}" for c, e in violent.items()
    )
    facts = (
        f"Field estimates of `{policy}` (recorded crime in the camera sites' views against "
        f"matched controls, pooled): {cell}."
    )
    if not beaten:
        return Check(
            A2_NAME,
            "DISAGREES",
            f"{facts} Property crime fell no more than violence: the model does not concentrate "
            f"the cameras' effect on property crime, as the reviews find. {truth}".rstrip(),
            cell=cell,
        )
    if len(beaten) == len(violent) and clear:
        return Check(
            A2_NAME,
            "AGREES",
            f"{facts} Property crime fell most, clearly. {truth}".rstrip(),
            cell=cell,
        )
    why = (
        f"more than {' and '.join(beaten)} only"
        if len(beaten) < len(violent)
        else "most, but its interval includes no effect"
    )
    return Check(
        A2_NAME, "PARTLY AGREES", f"{facts} Property crime fell {why}. {truth}".rstrip(), cell=cell
    )


def women_fear(harms: pd.DataFrame) -> pd.DataFrame:
    """Per policy and replicate: women's mean fear (weighted by residents over the women's
    groups) in the policy run (``fear``) and its twin (``twin_fear``), and the relative change
    ``fear_change`` (NaN where the twin's fear is 0)."""
    columns = ["policy", "replicate", "fear", "twin_fear", "fear_change"]
    if harms.empty or "fear" not in harms:
        return pd.DataFrame(columns=columns)
    women = harms[harms["group"].astype(str).str.startswith("woman")].dropna(subset=["fear"])
    women = women.assign(
        weighted=women["fear"] * women["residents"],
        world=women["world"].map({"policy": "fear", "twin": "twin_fear"}),
    )
    g = women.groupby(["policy", "replicate", "world"], sort=False)[["weighted", "residents"]]
    sums = g.sum()
    mean = (sums["weighted"] / sums["residents"]).rename("mean")
    wide = mean.unstack("world").reindex(columns=["fear", "twin_fear"]).reset_index()
    wide.columns.name = None
    twin = wide["twin_fear"].where(wide["twin_fear"] > 0)
    wide["fear_change"] = wide["fear"] / twin - 1.0
    return wide.reset_index(drop=True)[columns]


def check_a7(effects: pd.DataFrame, harms: pd.DataFrame) -> Check:
    """A7's second half like for like: under the policy that cut harassment town-wide the most,
    among those whose cut is clear across replicates (95 % interval below 0, at least
    :data:`MIN_INCIDENTS` in the twins), women's mean fear against the twin beside harassment's
    change, both relative, paired by replicate. Agrees if fear fell clearly less than harassment
    (the paired difference fear minus harassment has its interval above 0); partly if less on
    average only; disagrees if fear fell as much or more. The first half (fear exceeds
    victimisation) has no like-for-like measure: fear is a 0-1 score."""
    crime = offence_rows(effects, A7_OFFENCE)
    fear = women_fear(harms)
    if crime.empty or fear.empty:
        return Check(
            A7_NAME,
            "NOT CHECKED",
            "No harassment rows or no women's fear in the results.",
            cell="no fear or harassment results",
        )
    pairs = crime[["policy", "replicate", "true_relative_change_total", "twin_all_after"]].merge(
        fear, on=["policy", "replicate"]
    )
    cut = []
    for policy, g in pairs.groupby("policy", sort=False):
        s = Spread.of(g["true_relative_change_total"])
        if s.n > 1 and s.ci_hi < 0 and g["twin_all_after"].sum() >= MIN_INCIDENTS:
            cut.append((s.mean, policy))
    if not cut:
        return Check(
            A7_NAME,
            "NOT CHECKED",
            "No policy cut harassment town-wide clearly across replicates (its 95% interval "
            "below 0, with at least "
            f"{MIN_INCIDENTS} incidents in the twins), so whether fear follows a fall in crime "
            "cannot be seen. Fear exceeding victimisation is not compared: fear in the model is "
            "a 0-1 score, not a share of women afraid.",
            cell="no policy clearly cut harassment",
        )
    _, policy = min(cut)
    g = pairs[pairs["policy"] == policy]
    h, f = Spread.of(g["true_relative_change_total"]), Spread.of(g["fear_change"])
    d = Spread.of(g["fear_change"] - g["true_relative_change_total"])
    interval = (
        f"{num(100 * d.ci_lo, True)} to {num(100 * d.ci_hi, True)}" if d.n > 1 else "no interval"
    )
    cell = (
        f"`{policy}`: harassment {pct(h.mean)} ({pct(h.ci_lo)} to {pct(h.ci_hi)}), women's fear "
        f"{pct(f.mean, True)} ({pct(f.ci_lo)} to {pct(f.ci_hi)}); fear minus harassment "
        f"{num(100 * d.mean, True)} points ({interval})"
    )
    facts = (
        f"Under `{policy}`, the policy that cut harassment town-wide the most, harassment "
        f"changed by {pct(h.mean)} against the twin and women's mean fear by {pct(f.mean)} "
        f"({CONFIDENCE:.0%} intervals {pct(h.ci_lo)} to {pct(h.ci_hi)} and {pct(f.ci_lo)} to "
        f"{pct(f.ci_hi)}; {plural(d.n, 'replicate')}, paired difference fear minus harassment "
        f"{num(100 * d.mean, True)} percentage points, {interval}). Fear exceeding "
        "victimisation is not compared: fear in the model is a 0-1 score, not a share of women "
        "afraid or a chance of victimisation."
    )
    if not d.mean > 0:
        return Check(
            A7_NAME,
            "DISAGREES",
            f"{facts} Fear fell as much as harassment or more: in the model fear follows crime.",
            cell=cell,
        )
    if d.n > 1 and d.ci_lo > 0:
        return Check(A7_NAME, "AGREES", f"{facts} Fear fell clearly less than crime.", cell=cell)
    return Check(
        A7_NAME,
        "PARTLY AGREES",
        f"{facts} Fear fell less than crime on average, but not clearly across replicates.",
        cell=cell,
    )
