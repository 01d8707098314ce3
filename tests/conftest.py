"""Shared helpers for the test suite: small worlds and short runs.

Every helper is a fixture that returns a function, so that tests stay independent of import
paths. Worlds are kept small (the teaching town for a few days, or a hand-built 7 x 7 grid) so
that the tests not marked slow (``make test-fast``) run in under a minute.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd
import pytest

from sim.model import SafeCityModel
from sim.params import SimParams
from sim.presets import make_params
from sim.world.city import City, LandUse, _layers

Overrides = Mapping[str, Mapping[str, Any]]

TINY_SIZE = 7
"""Side of the hand-built test world, in cells."""

TINY_ROAD_X = 3
"""Column of the hand-built world's one arterial road (it holds the only transit stop)."""


def merge(*overrides: Overrides | None) -> dict[str, dict[str, Any]]:
    """Merge nested ``{group: {field: value}}`` overrides, later ones winning."""
    out: dict[str, dict[str, Any]] = {}
    for o in overrides:
        for group, fields in (o or {}).items():
            out.setdefault(group, {}).update(fields)
    return out


def build_tiny_city(lighting: float = 1.0, districts: int = 1) -> City:
    """A 7 x 7 world: one arterial column (x = 3) with a transit stop in the middle and a market
    on each side of the stop; every other cell residential with equal density."""
    n = TINY_SIZE
    land_use = np.full((n, n), LandUse.RESIDENTIAL, dtype=np.int8)
    land_use[TINY_ROAD_X, :] = LandUse.ARTERIAL
    land_use[TINY_ROAD_X, n // 2] = LandUse.TRANSIT
    land_use[TINY_ROAD_X - 1, n // 2] = LandUse.MARKET
    land_use[TINY_ROAD_X + 1, n // 2] = LandUse.MARKET
    density = (land_use == LandUse.RESIDENTIAL).astype(float)
    density /= density.sum()
    light = np.full((n, n), float(lighting))
    x = np.arange(n)[:, None] * np.ones((1, n), dtype=int)
    district = (x * districts // n).astype(np.int16)
    return City(cell_size_m=100.0, layers=_layers(land_use, density, light, district))


TINY_WORLD = {
    # Enough people and offenders for incidents every active hour, no police unless asked.
    "population": {"n_people": 300.0},
    "offending": {"offender_share": 0.05, "p_attempt_tick": 1.0, "risk_aversion": 0.0},
    "policing": {"people_per_officer": 1e6},
}
"""Overrides that make the hand-built world busy: every roaming offender with a person at hand
offends (``p_attempt_tick`` 1, no perceived risk)."""


@pytest.fixture
def town_params() -> Callable[..., SimParams]:
    """``town_params(overrides, seed=..., days=...)``: the teaching town with overrides."""

    def make(overrides: Overrides | None = None, *, seed: int = 1, days: int = 7) -> SimParams:
        return make_params("town", merge({"run": {"seed": seed, "days": days}}, overrides))

    return make


@pytest.fixture
def run_town() -> Callable[..., SafeCityModel]:
    """``run_town(overrides, seed=..., days=...)``: a finished run of the teaching town."""

    def run(overrides: Overrides | None = None, *, seed: int = 1, days: int = 7) -> SafeCityModel:
        params = make_params("town", merge({"run": {"seed": seed, "days": days}}, overrides))
        model = SafeCityModel(params)
        model.run_days()
        return model

    return run


@pytest.fixture
def tiny_city() -> Callable[..., City]:
    """``tiny_city(lighting=1.0, districts=1)``: a fresh hand-built 7 x 7 city."""
    return build_tiny_city


@pytest.fixture
def tiny_model() -> Callable[..., SafeCityModel]:
    """``tiny_model(overrides, seed=..., lighting=...)``: an unrun model of the hand-built world,
    busy with offenders (see ``TINY_WORLD``)."""

    def make(
        overrides: Overrides | None = None,
        *,
        seed: int = 1,
        lighting: float = 1.0,
        districts: int = 1,
    ) -> SafeCityModel:
        params = make_params("town", merge(TINY_WORLD, {"run": {"seed": seed}}, overrides))
        return SafeCityModel(params, city=build_tiny_city(lighting, districts))

    return make


@pytest.fixture
def totals() -> Callable[[list[SafeCityModel]], pd.Series]:
    """``totals(models)``: event-log flag counts summed over runs, plus ``incidents``."""

    def total(models: list[SafeCityModel]) -> pd.Series:
        frames = [m.events.to_frame() for m in models]
        flags = ["in_view", "detected", "alerted", "reported", "recorded", "arrested"]
        out = sum(f[flags].sum() for f in frames)
        out["incidents"] = sum(len(f) for f in frames)
        return out.astype(int)

    return total
