"""The model as an EMA Workbench model: uncertainties, levers and outcomes declared apart.

    >>> from ema_workbench import SequentialEvaluator
    >>> from sim.analysis.ema import ema_model
    >>> model = ema_model(before_days=7, after_days=28)
    >>> with SequentialEvaluator(model) as evaluator:  # doctest: +SKIP
    ...     experiments, outcomes = evaluator.perform_experiments(scenarios=8, policies=2)

Needs the optional extra ``ema`` (``pip install -e '.[ema]'``; EMA Workbench 3.0, which brings
scikit-learn, statsmodels and seaborn). It is imported only when :func:`ema_model` is called.

- **Uncertainties** (the world and its behaviour) are the parameters with a plausible range
  (:func:`sim.params.paths.plausible_ranges`, by default of
  :data:`sim.analysis.design.BEHAVIOUR_GROUPS`); whole-number fields become
  ``IntegerParameter``.
- **Levers** (what a city decides) are the policy (``policy_name``, a
  ``CategoricalParameter`` over the registered policies of the displacement experiment) and
  camera settings (:data:`LEVERS`).
- **Outcomes** are registered effect outcomes (:mod:`sim.analysis.outcomes`), each a
  ``ScalarOutcome``: the policy against its twin (:func:`sim.analysis.evaluate.evaluate`).

EMA Workbench 3 requires names that are Python identifiers, so a dotted path is named with
``__`` for the dot (``offending__k_camera``); :func:`ema_name` and :func:`dotted` translate.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sim.analysis.design import BEHAVIOUR_GROUPS, DEFAULT_OUTCOMES, problem
from sim.analysis.evaluate import evaluate
from sim.analysis.outcomes import lookup
from sim.params.paths import is_whole_number
from sim.params.policies import with_role

POLICY_LEVER = "policy_name"
"""The categorical lever of the registered policy (EMA keeps ``policy`` for its own column: the
name of the sampled lever combination)."""

LEVERS: dict[str, tuple[float, float]] = {
    "surveillance.sites_per_km2": (0.25, 2.0),
    "surveillance.cameras_per_site": (1.0, 8.0),
}
"""Camera settings a city chooses, with the range explored: from a quarter of Lahore's density
(0.96 sites per km2) to about twice it, and from one camera per site to about twice Lahore's
4.7 (assumption: the span a procurement decision could plausibly take)."""


def ema_name(path: str) -> str:
    """The EMA name of a dotted path (``offending.k_camera`` -> ``offending__k_camera``)."""
    return path.replace(".", "__")


def dotted(name: str) -> str:
    """The dotted path of an EMA name (the inverse of :func:`ema_name`)."""
    return name.replace("__", ".")


def ema_model(
    name: str = "safecity",
    *,
    uncertainties: Iterable[str] | None = None,
    groups: Iterable[str] = BEHAVIOUR_GROUPS,
    policies: Sequence[str] | None = None,
    levers: Mapping[str, tuple[float, float]] | None = None,
    outcomes: Sequence[str] = DEFAULT_OUTCOMES,
    city: str = "town",
    before_days: int = 7,
    after_days: int = 28,
    replicates: int = 1,
    root_seed: int = 0,
    base: Mapping[str, Any] | None = None,
) -> Any:
    """An ``ema_workbench.Model`` of a policy against its twin.

    Args:
        name: the model's name (an identifier).
        uncertainties: dotted paths to treat as uncertain; by default every parameter of
            ``groups`` with a plausible range, over that range.
        groups: the groups searched when ``uncertainties`` is ``None``.
        policies: the policies of the categorical ``policy_name`` lever; by default those of the
            displacement experiment (role ``experiment``).
        levers: camera settings as ``{dotted path: (lo, hi)}``; :data:`LEVERS` by default.
        outcomes: registered effect outcomes to report.
        city: a city preset.
        before_days: days before the switch-on.
        after_days: days after it.
        replicates: replicate seeds per experiment (outcomes are their means).
        root_seed: root of the replicate seeds; every experiment uses the same seeds, so
            scenarios differ by their parameters only (common random numbers).
        base: fixed parameter values by dotted path for every experiment.

    Raises:
        ImportError: ema_workbench is not installed (with the command that installs it).
        ValueError: an uncertainty without a plausible range or an unregistered outcome.
    """
    try:
        from ema_workbench import (
            CategoricalParameter,
            IntegerParameter,
            Model,
            RealParameter,
            ScalarOutcome,
        )
    except ImportError as err:
        raise ImportError("sim.analysis.ema needs EMA Workbench: pip install -e '.[ema]'") from err
    unknown = [o for o in outcomes if lookup(o, "effect") is None]
    if unknown:
        raise ValueError(f"not registered effect outcomes: {', '.join(unknown)} (docs/outcomes.md)")
    prob = problem(uncertainties, groups)
    fixed = dict(base or {})

    def run(**values: Any) -> dict[str, float]:
        point = {dotted(k): v for k, v in values.items()}
        policy = point.pop(POLICY_LEVER)
        out = evaluate(
            {**fixed, **point},
            city=city,
            policy=policy,
            before_days=before_days,
            after_days=after_days,
            replicates=replicates,
            root_seed=root_seed,
        )
        return {ema_name(o): float(out[o]) for o in outcomes}

    model = Model(name, function=run)
    model.uncertainties = [
        IntegerParameter(ema_name(p), int(lo), int(hi))
        if is_whole_number(p)
        else RealParameter(ema_name(p), float(lo), float(hi))
        for p, (lo, hi) in zip(prob["names"], prob["bounds"], strict=True)
    ]
    choices = list(policies) if policies is not None else with_role("experiment")
    model.levers = [
        CategoricalParameter(POLICY_LEVER, choices),
        *(RealParameter(ema_name(p), lo, hi) for p, (lo, hi) in (levers or LEVERS).items()),
    ]
    model.outcomes = [ScalarOutcome(ema_name(o)) for o in outcomes]
    return model
