"""What the exercises share: a policy preset's parameters, and a short twin-world experiment.

The exercises (``teaching/exercises/``) call the model's own API; these two helpers only spare a
student the policy registry (``sim/params/policies.py``) and the replicate loop of
``safecity-experiment``, so that a notebook reads as the question it asks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from sim.params import SimParams
from sim.params.experiment import ExperimentParams
from sim.params.policies import load_policy
from sim.presets import make_params

Overrides = Mapping[str, Mapping[str, Any]]


def merge(*overrides: Overrides | None) -> dict[str, dict[str, Any]]:
    """Nested ``{group: {field: value}}`` overrides merged, later ones winning."""
    out: dict[str, dict[str, Any]] = {}
    for o in overrides:
        for group, fields in (o or {}).items():
            out.setdefault(group, {}).update(fields)
    return out


def policy_overrides(policy: str) -> dict[str, dict[str, Any]]:
    """The ``{group: {field: value}}`` a registered policy sets (``sim.params.policies``), as
    ``safecity-run policy=<policy>`` and the app run it.

    Raises:
        ParamError: for a policy that is not registered.
    """
    return load_policy(policy)


def policy_params(
    policy: str = "no_cameras",
    overrides: Overrides | None = None,
    *,
    seed: int = 1,
    days: int = 28,
    city: str = "town",
) -> SimParams:
    """Validated parameters of a policy preset on a city preset, with overrides on top.

    Args:
        policy: a registered policy (``no_cameras``, ``safe_city``, ...).
        overrides: ``{group: {field: value}}`` applied after the policy.
        seed: the run's root seed.
        days: the run's length in days.
        city: a city preset (``town``; ``lahore`` is too large for a lecture).
    """
    return make_params(
        city, merge(policy_overrides(policy), overrides, {"run": {"seed": seed, "days": days}})
    )


def twin_experiment(
    policies: Iterable[str] | Mapping[str, Overrides],
    *,
    before_days: int = 28,
    after_days: int = 42,
    replicates: int = 3,
    root_seed: int = 0,
    overrides: Overrides | None = None,
    city: str = "town",
) -> dict[str, pd.DataFrame]:
    """``safecity-experiment`` in miniature, in this process: every policy against its
    no-policy twin for each replicate seed, with the tables of ``docs/experiment.md``
    (``effects``, ``harms``, ``runs``, ``moved``, ``zones``), one row per policy and replicate.

    Policies that differ only in their cameras and alternatives share one twin per replicate.

    Args:
        policies: registered policy names, or a mapping of names of your choice to
            designs (``{group: {field: value}}`` on top of the city's defaults).
        before_days: days before the policy starts.
        after_days: days after.
        replicates: seeds, derived from ``root_seed`` as the experiment derives them.
        root_seed: root of the replicate seeds.
        overrides: ``{group: {field: value}}`` for every run and twin (after the policy).
        city: a city preset.
    """
    from experiments.displacement import run_replicate

    exp = ExperimentParams(
        before_days=before_days,
        after_days=after_days,
        replicates=replicates,
        root_seed=root_seed,
    )
    designs = (
        dict(policies)
        if isinstance(policies, Mapping)
        else {name: policy_overrides(name) for name in policies}
    )
    params = {name: make_params(city, merge(d, overrides)) for name, d in designs.items()}
    tables = [run_replicate(r, exp, params) for r in range(replicates)]
    return {k: pd.concat([t[k] for t in tables], ignore_index=True) for k in tables[0]}
