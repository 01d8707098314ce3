"""Findings on what was run: city, design, replicates, the twin check (report: What was run)."""

from __future__ import annotations

import dataclasses

import pandas as pd

from experiments.calibration import ACTIVE
from experiments.precision import headline_spread, replicates_for
from experiments.tables import policies_in


@dataclasses.dataclass(frozen=True)
class PolicyRun:
    """A policy's cameras and the cells it watched or acted on, mean per run."""

    policy: str
    n_cameras: float
    treatment_cells: float


@dataclasses.dataclass(frozen=True)
class RunFindings:
    """What was run, from ``meta`` and ``runs`` (``None`` where a table did not say)."""

    city: str
    residents: float | None
    """Simulated residents of a twin world (first policy and replicate)."""
    before_days: int | None
    after_days: int | None
    replicate_counts: tuple[int, ...]
    """The distinct numbers of replicates per policy, smallest first."""
    root_seed: int | None
    n_policies: int
    identical_to_twin: tuple[int, int] | None
    """Runs identical to their twin before the switch-on, of all runs."""
    not_identical: tuple[tuple[str, int, int], ...]
    """(policy, runs not identical, replicates) for each policy with any."""
    twin_incidents: float | None
    """Mean incidents of a twin world."""
    elapsed_s: float | None
    policies: tuple[PolicyRun, ...]
    headline_sd_points: float | None = None
    """The replicate sd of the headline (true change of spectacular violence in view under the
    headline policy), percentage points."""
    replicates_needed: int | None = None
    """Replicates the headline's interval would need to be within the target half-width, at
    that sd (None without a target or an sd)."""


def run_findings(tables: dict[str, pd.DataFrame], meta: dict) -> RunFindings:
    """The :class:`RunFindings` of complete tables and their ``meta``."""
    runs, harms, effects = tables["runs"], tables["harms"], tables["effects"]
    policies = policies_in(runs) or policies_in(effects)
    n_rep = (runs if not runs.empty else effects).groupby("policy")["replicate"].nunique()
    twin = harms[harms["world"] == "twin"] if not harms.empty else harms
    residents = (
        twin.groupby(["policy", "replicate"])["residents"].sum().iloc[0] if len(twin) else None
    )
    identical, broken = None, ()
    if not runs.empty and "before_identical_to_twin" in runs:
        same = runs["before_identical_to_twin"].astype(bool)
        identical = (int(same.sum()), len(same))
        counts = runs.loc[~same, "policy"].value_counts()
        broken = tuple((p, int(n), int(n_rep.get(p, n))) for p, n in counts.items())
    per = runs.groupby("policy", sort=False)[["n_cameras", "treatment_cells"]].mean()
    before, after = meta.get("before_days"), meta.get("after_days")
    headline = headline_spread(effects, ACTIVE)
    target = meta.get("target_halfwidth_points")
    return RunFindings(
        city=meta.get("city", "unknown"),
        residents=residents,
        before_days=None if before is None else int(before),
        after_days=None if after is None else int(after),
        replicate_counts=tuple(sorted(set(n_rep.tolist()))),
        root_seed=int(meta["root_seed"]) if "root_seed" in meta else None,
        n_policies=len(policies),
        identical_to_twin=identical,
        not_identical=broken,
        twin_incidents=(
            None if runs.empty else runs.drop_duplicates("replicate")["twin_incidents"].mean()
        ),
        elapsed_s=float(meta["elapsed_s"]) if "elapsed_s" in meta else None,
        policies=tuple(
            PolicyRun(p, float(r.n_cameras), float(r.treatment_cells)) for p, r in per.iterrows()
        ),
        headline_sd_points=100 * headline.sd if headline.n > 1 else None,
        replicates_needed=None if target is None else replicates_for(headline, float(target)),
    )
