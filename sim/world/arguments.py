"""The model's constructor arguments, Mesa style, turned into one run's parameters.

``SafeCityModel`` takes its parameters either as a ready ``SimParams`` or the way Mesa's
``batch_run`` passes them, as keywords::

    SafeCityModel(city="town", policy="safe_city", **{"surveillance.sites_per_km2": 0.5})

:func:`model_arguments` does the translation, so the model itself only stores the result.

Seeds follow Mesa's convention. ``seed`` (or Mesa's ``rng``) given as a whole number is the
run's root seed. Given explicitly as ``None`` — as ``mesa.batch_run`` does for every iteration —
the run draws fresh entropy (``numpy.random.SeedSequence().entropy``), keeps it, and uses its
low 63 bits as the seed, which is then ``params.run.seed`` (in the summary and provenance): so
the run can be repeated with that seed. A ``numpy`` Generator, BitGenerator or SeedSequence
given as ``rng`` yields the seed by one draw. Not given at all, the seed is ``params.run.seed``
(0 by default), so ``SafeCityModel(params)`` stays reproducible.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

import numpy as np

from sim.params import SimParams
from sim.params.declare import ParamError
from sim.params.paths import nest
from sim.params.policies import load_policy
from sim.world.city import City
from sim.world.presets import make_params

UNSET: Any = type("Unset", (), {"__repr__": lambda self: "UNSET"})()
"""Default of ``seed`` and ``rng``: not given (different from an explicit ``None``)."""

SEED_BITS = 63  # run.seed is a non-negative 63-bit integer


@dataclasses.dataclass(frozen=True)
class ModelArguments:
    """What the model is built from.

    Attributes:
        params: every parameter, the seed included.
        city: a ready-made city to copy, or ``None`` to build one from ``params.city``.
        entropy: the fresh entropy the seed was drawn from, or ``None`` if a seed was given.
    """

    params: SimParams
    city: Any
    entropy: int | None


def _seed_from(value: Any, name: str = "rng") -> int:
    """A run seed from the ``seed`` or Mesa's ``rng`` value (``name``): a whole number,
    Generator, BitGenerator or SeedSequence."""
    if isinstance(value, int | np.integer) and not isinstance(value, bool):
        return int(value)
    try:
        generator = np.random.default_rng(value)
    except (TypeError, ValueError) as e:
        raise ParamError(
            f"{name} = {value!r} is not allowed (it sets run.seed): expected a whole number, a "
            "numpy Generator, BitGenerator or SeedSequence, or None for fresh entropy"
        ) from e
    return int(generator.integers(2**SEED_BITS))


def model_arguments(
    params: SimParams | None = None,
    *,
    seed: Any = UNSET,
    rng: Any = UNSET,
    city: Any = None,
    policy: str | None = None,
    parameters: Mapping[str, Any] | None = None,
) -> ModelArguments:
    """The parameters, city and entropy of a model from its constructor arguments.

    Args:
        params: all parameters; by default the city preset's (``town``).
        seed: the root seed; ``None`` draws fresh entropy; not given: ``params.run.seed``.
        rng: Mesa's name for the seed (one of ``seed`` and ``rng``, not both).
        city: a city preset name (``"town"``, ``"lahore"``), or a built ``City`` to copy (for
            hand-built test worlds; the parameters are then the defaults' or ``params``).
        policy: a registered policy, applied on the city (or on ``params``).
        parameters: values by dotted path (``{"surveillance.sites_per_km2": 0.5}``) or by
            group, applied last.

    Raises:
        ParamError: both ``seed`` and ``rng``; ``params`` with a preset name; an unknown
            policy or parameter path; an invalid value.
    """
    if not isinstance(params, SimParams | None) or not isinstance(city, City | str | None):
        raise ParamError(
            f"SafeCityModel(params={type(params).__name__}, city={type(city).__name__}): "
            "expected params a SimParams (sim.presets.make_params) and city a preset name or a "
            "sim.world.city.City (sim.world.city.load_city), or None"
        )
    if seed is not UNSET and rng is not UNSET:
        raise ParamError("give either seed or rng, not both (rng is Mesa's name for the seed)")
    if isinstance(city, str):
        if params is not None:
            raise ParamError(
                f"city = {city!r} with params: give either a city preset name or params"
            )
        params = make_params(city, policy=policy)
        city = None
    else:
        params = params or SimParams()
        if policy is not None:
            params = params.with_overrides(load_policy(policy))
    if parameters:
        params = params.with_overrides(nest(parameters))
    given = seed if seed is not UNSET else rng
    entropy = None
    if given is None:
        entropy = int(np.random.SeedSequence().entropy)
        given = entropy & (2**SEED_BITS - 1)
    if given is not UNSET:
        name = "seed" if seed is not UNSET else "rng"
        params = params.with_overrides({"run": {"seed": _seed_from(given, name)}})
    return ModelArguments(params, city, entropy)
