"""Findings on women's mobility and the harms of watching, by group (report section 4)."""

from __future__ import annotations

import dataclasses

import pandas as pd

from experiments.calibration import ACTIVE
from experiments.summaries import Spread, summarise_harms, trips_forgone_change, women_forgone
from experiments.tables import policies_in
from sim.params.policies import GROUP_LABELS

MIN_STOPS = 10
"""Fewest wrongful stops (mean per replicate, two groups together) to compare their rates."""


@dataclasses.dataclass(frozen=True)
class PolicyHarms:
    """One policy's harms: women's trips forgone against the twin, wrongful stops per 1,000
    residents of each group (in the order of :attr:`HarmsFindings.groups`), face captures per
    resident."""

    policy: str
    women_forgone: Spread
    stops_per_1000: tuple[float, ...]
    captures_per_resident: float


@dataclasses.dataclass(frozen=True)
class UnequalStops:
    """How much more often minority residents are wrongly stopped than majority ones, under
    the headline policy (or the first policy with any wrongful stop)."""

    policy: str | None
    """None if no policy stopped anyone wrongly."""
    ratios: tuple[tuple[str, float], ...]
    """(gender in the plural, minority rate over majority rate), where there were enough stops."""


@dataclasses.dataclass(frozen=True)
class HarmsFindings:
    """The harms of every policy, with the per-replicate tables they come from."""

    forgone: pd.DataFrame
    """Trips forgone per policy, replicate and group (:func:`trips_forgone_change`)."""
    summary: pd.DataFrame
    """``harms_summary.csv`` (:func:`summarise_harms`)."""
    groups: tuple[str, ...]
    policies: tuple[PolicyHarms, ...]
    mobility: tuple[tuple[str, float], ...]
    """(policy, mean change of women's trips forgone) where there is one."""
    stops: UnequalStops
    fear: tuple[tuple[str, float, float], ...]
    """(policy, women's mean fear, in the twin) where both are known."""

    @property
    def fewest_forgone(self) -> str | None:
        """The policy under which women gave up the fewest trips against the twin."""
        if not self.mobility:
            return None
        return min(self.mobility, key=lambda pv: pv[1])[0]


def unequal_stops(summary: pd.DataFrame) -> UnequalStops:
    """The :class:`UnequalStops` of a harms summary."""
    stops = summary[summary["wrongful_stops_per_1000"] > 0]
    if stops.empty:
        return UnequalStops(None, ())
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
        ratios.append((gender_plural, float(rate[minor] / rate[major])))
    return UnequalStops(policy, tuple(ratios))


def harms_findings(harms: pd.DataFrame) -> HarmsFindings | None:
    """The :class:`HarmsFindings` of the harms table, None if it is empty."""
    if harms.empty:
        return None
    forgone = trips_forgone_change(harms)
    summary = summarise_harms(harms, forgone)
    women = women_forgone(forgone)
    by_policy = {
        p: Spread.of(change) for p, change in women.groupby("policy", sort=False)["change"]
    }
    groups = tuple(g for g in GROUP_LABELS if g in set(summary["group"]))
    rows = []
    for policy in policies_in(summary):
        s = summary[summary["policy"] == policy].set_index("group")
        captures = (s["face_captures_per_1000"] * s["residents"]).sum() / s["residents"].sum()
        rows.append(
            PolicyHarms(
                policy,
                by_policy.get(policy, Spread.of([])),
                tuple(float(s.loc[g, "wrongful_stops_per_1000"]) for g in groups),
                float(captures / 1000),
            )
        )
    fear = summary[summary["group"].astype(str).str.startswith("woman")]
    fear = fear.groupby("policy", sort=False)[["fear", "twin_fear"]].mean().dropna()
    return HarmsFindings(
        forgone=forgone,
        summary=summary,
        groups=groups,
        policies=tuple(rows),
        mobility=tuple((p, s.mean) for p, s in by_policy.items() if s.n),
        stops=unequal_stops(summary),
        fear=tuple((p, float(r.fear), float(r.twin_fear)) for p, r in fear.iterrows()),
    )
