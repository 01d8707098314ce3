"""Tidy summaries of the displacement experiment's tables and how their numbers are written.

Pure functions of the result tables (see :mod:`sim.analysis.twin`): replicate spread of a measure,
per-policy summaries of effects and harms, where deterred crime went, and the formatting the
report uses, so that a number in ``report.md`` can be traced to, and tested against, a table.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
from scipy import stats

from experiments.tables import NOT_ENOUGH, SUMMARY_MEASURES, category_rows, offence_rows

CONFIDENCE = 0.95
"""Level of the intervals across replicates (Student t on the replicate values)."""


@dataclasses.dataclass(frozen=True)
class Spread:
    """Replicate spread of one measure: mean, sd, number of finite values, min, max and the
    confidence interval of the mean (NaN with fewer than two values)."""

    mean: float
    sd: float
    n: int
    lo: float
    hi: float
    ci_lo: float
    ci_hi: float

    @classmethod
    def of(cls, values) -> Spread:
        v = pd.to_numeric(pd.Series(values, dtype=float), errors="coerce").to_numpy(float)
        v = v[np.isfinite(v)]
        if not len(v):
            return cls(*(np.nan,) * 2, 0, *(np.nan,) * 4)
        sd = float(v.std(ddof=1)) if len(v) > 1 else np.nan
        half = (
            stats.t.ppf(0.5 + CONFIDENCE / 2, len(v) - 1) * sd / np.sqrt(len(v))
            if len(v) > 1
            else np.nan
        )
        mean = float(v.mean())
        return cls(mean, sd, len(v), float(v.min()), float(v.max()), mean - half, mean + half)


def pct(value: float, signed: bool = True) -> str:
    """A fraction as a percentage with one decimal (``-24.8%``); ``n/a`` if missing."""
    if value is None or not np.isfinite(value):
        return "n/a"
    return num(100 * value, signed) + "%"


def num(value: float, signed: bool = False, digits: int = 1) -> str:
    """A number with ``digits`` decimals; ``n/a`` if missing."""
    if value is None or not np.isfinite(value):
        return "n/a"
    value = float(value) + 0.0  # no "-0.0"
    if round(value, digits) == 0:
        value = 0.0
    return f"{value:+.{digits}f}" if signed else f"{value:.{digits}f}"


def plural(n: int, word: str, words: str | None = None) -> str:
    """``1 replicate``, ``5 replicates``."""
    return f"{n} {word if n == 1 else (words or word + 's')}"


def change_words(s: Spread, subject: str, suffix: str = "") -> str:
    """``subject fell by 24.8%suffix (95% interval ...)`` in words, from a relative change:
    the mean over replicates and the t-interval of that mean."""
    if s.n == 0:
        return f"{NOT_ENOUGH} to tell how {subject} changed{suffix}"
    if s.mean == 0:
        return f"{subject} did not change{suffix}"
    verb = "fell" if s.mean < 0 else "rose"
    spread = (
        f"{CONFIDENCE:.0%} interval {pct(s.ci_lo)} to {pct(s.ci_hi)}, {s.n} replicates"
        if s.n > 1
        else "1 replicate"
    )
    return f"{subject} {verb} by {pct(abs(s.mean), signed=False)}{suffix} ({spread})"


def wdq_reading(wdq: float) -> str:
    """What a WDQ value means (Bowers & Johnson 2003)."""
    if not np.isfinite(wdq):
        return "no reading"
    if wdq > 1:
        return "diffusion of benefits larger than the direct effect"
    if wdq > 0:
        return "diffusion of benefits to the buffer"
    if wdq == 0:
        return "no change in the buffer"
    if wdq >= -1:
        return "displacement smaller than the direct effect"
    return "displacement larger than the direct effect"


# --- tidy summaries --------------------------------------------------------------------------


def summarise_effects(effects: pd.DataFrame, level: str = "category") -> pd.DataFrame:
    """Per policy and category (or offence, ``level="offence"``): mean, 95 % t-interval of the
    mean (``_ci_low``, ``_ci_high``), sd and n over replicates of every
    :data:`SUMMARY_MEASURES` column, the number of replicates and of those with a reportable
    field WDQ (``wdq_status == "ok"``)."""
    key = "category" if level == "category" else "offence"
    rows = effects[effects["level"] == level] if "level" in effects else effects.iloc[0:0]
    out = []
    for (policy, value), g in rows.groupby(["policy", key], sort=False):
        row = {"policy": policy, key: value, "n_replicates": g["replicate"].nunique()}
        row["n_wdq_reportable"] = int((g["wdq_status"] == "ok").sum())
        for m in SUMMARY_MEASURES:
            if m not in g:
                continue
            s = Spread.of(g[m].where(g["wdq_status"] == "ok") if m == "wdq" else g[m])
            row.update(
                {
                    f"{m}_mean": s.mean,
                    f"{m}_ci_low": s.ci_lo,
                    f"{m}_ci_high": s.ci_hi,
                    f"{m}_sd": s.sd,
                    f"{m}_n": s.n,
                }
            )
        out.append(row)
    columns = ["policy", key, "n_replicates", "n_wdq_reportable"]
    return pd.DataFrame(out, columns=columns if not out else None)


def where_crime_went(effects: pd.DataFrame) -> pd.DataFrame:
    """Per policy, category and replicate: the change in incidents against the twin in view,
    in the buffer, elsewhere in town and in total (negative: fewer incidents), and the change
    in the share of incidents after dark (percentage points)."""
    rows = category_rows(effects)
    out = rows[["policy", "category", "replicate"]].copy()
    out["in_view"] = -rows["true_prevented_treatment"]
    out["buffer"] = -rows["true_prevented_buffer"]
    out["total"] = -rows["true_prevented_total"]
    out["elsewhere"] = out["total"] - out["in_view"] - out["buffer"]
    out["night_share_change_pp"] = 100 * (
        rows["night_share_after"] - rows["twin_night_share_after"]
    )
    return out


def trips_forgone_change(harms: pd.DataFrame) -> pd.DataFrame:
    """Per policy, replicate and group: trips forgone in the policy world (``forgone``) and in
    the twin (``twin_forgone``), and the change (count and % of the twin's).

    Args:
        harms: the harms table (``policy, replicate, world, group, trips_forgone``).
    """
    key = ["policy", "replicate", "group"]
    worlds = {"policy": "forgone", "twin": "twin_forgone"}
    wide = (
        harms.assign(world=harms["world"].map(worlds))
        .pivot_table(index=key, columns="world", values="trips_forgone", aggfunc="sum")
        .reset_index()
        .rename_axis(columns=None)
    )
    for column in worlds.values():
        if column not in wide:
            wide[column] = np.nan
    wide["forgone_change"] = wide["forgone"] - wide["twin_forgone"]
    twin = wide["twin_forgone"].where(wide["twin_forgone"] > 0)
    wide["forgone_change_pct"] = 100 * wide["forgone_change"] / twin
    return wide


def summarise_harms(harms: pd.DataFrame, forgone: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per policy and resident group, means over replicates: residents, trips forgone in the
    policy and twin worlds and the change, face captures, false matches and wrongful stops per
    1,000 residents, and women's mean fear in both worlds. ``forgone`` is
    :func:`trips_forgone_change` of ``harms`` if already computed."""
    if harms.empty:
        return pd.DataFrame(columns=["policy", "group"])
    if forgone is None:
        forgone = trips_forgone_change(harms)
    policy = harms[harms["world"] == "policy"].copy()
    twin = harms[harms["world"] == "twin"][["policy", "replicate", "group", "fear"]]
    policy = policy.merge(
        twin.rename(columns={"fear": "twin_fear"}), on=["policy", "replicate", "group"], how="left"
    ).merge(forgone, on=["policy", "replicate", "group"], how="left")
    per = 1000 / policy["residents"].where(policy["residents"] > 0)
    for column in ("face_captures", "false_matches", "wrongful_stops"):
        policy[f"{column}_per_1000"] = policy[column] * per
    columns = [
        "residents",
        "forgone",
        "twin_forgone",
        "forgone_change",
        "forgone_change_pct",
        "face_captures_per_1000",
        "false_matches_per_1000",
        "wrongful_stops",
        "wrongful_stops_per_1000",
        "fear",
        "twin_fear",
    ]
    return policy.groupby(["policy", "group"], sort=False)[columns].mean().reset_index()


def women_forgone(forgone: pd.DataFrame) -> pd.DataFrame:
    """Per policy and replicate: trips women gave up in the policy and twin worlds (all groups
    of women together) and the relative change, from :func:`trips_forgone_change`."""
    women = forgone[forgone["group"].astype(str).str.startswith("woman")]
    out = women.groupby(["policy", "replicate"], sort=False)[["forgone", "twin_forgone"]].sum()
    out["change"] = out["forgone"] / out["twin_forgone"].where(out["twin_forgone"] > 0) - 1
    return out.reset_index()


@dataclasses.dataclass(frozen=True)
class OffenceSwitch:
    """Crime-type displacement (Reppetto 1976) under the policy that switches it on, against
    the twin world, per replicate. Two questions, two measures of the street robberies
    prevented:

    - *how much of the fall in street robbery reappeared indoors?* home robberies added
      against street robberies prevented town-wide (``street_prevented_town``): the report's
      substitution ratio;
    - *is the displacement smaller than the direct effect?* home robberies added against
      street robberies prevented in camera view (``street_prevented_in_view``), the direct
      effect, as VALIDATION A5 compares every displacement with it (calibration check A5).
    """

    policy: str
    home_added: Spread
    """Home robberies added town-wide (``-true_prevented_total`` of ``home_robbery``)."""
    twin_home: float
    """Mean home robberies of the twin worlds after the switch-on."""
    street_prevented_town: Spread
    """Street robberies prevented town-wide (``true_prevented_total``)."""
    street_prevented_in_view: Spread
    """Street robberies prevented in camera view (``true_prevented_treatment``)."""


def offence_switch(effects: pd.DataFrame, policy: str) -> OffenceSwitch | None:
    """The :class:`OffenceSwitch` of ``policy``, or None if it was not run (no home robbery
    rows)."""
    home = offence_rows(effects, "home_robbery")
    home = home[home["policy"] == policy]
    street = offence_rows(effects, "street_robbery")
    street = street[street["policy"] == policy]
    if home.empty:
        return None
    return OffenceSwitch(
        policy=policy,
        home_added=Spread.of(-home["true_prevented_total"]),
        twin_home=float(home["twin_all_after"].mean()),
        street_prevented_town=Spread.of(street["true_prevented_total"]),
        street_prevented_in_view=Spread.of(street["true_prevented_treatment"]),
    )
