"""Target choice by suitability and repeat and near-repeat victimisation (issue 13, part 4)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.model import SafeCityModel
from sim.presets import make_params
from sim.processes.targets import disc_offsets
from sim.processes.victims import pick, pick_weighted

BUSY = {"offender_share": 0.05, "p_attempt_tick": 0.05}


def test_weighted_pick_follows_the_weights_within_each_key():
    rng = np.random.default_rng(0)
    candidates = np.arange(4)
    keys = np.array([5, 5, 7, 7])
    weights = np.array([1.0, 3.0, 0.0, 1.0])
    chosen = pick_weighted(np.full(4000, 5), candidates, keys, weights, rng, 10)
    share = (chosen == 1).mean()
    assert 0.72 < share < 0.78, f"weight 3 against 1 should be chosen about 75%, got {share}"
    other = pick_weighted(np.array([7, 7, 7, 3]), candidates, keys, weights, rng, 10)
    assert list(other) == [3, 3, 3, -1], "zero weight never chosen; no candidate gives -1"


def test_equal_weights_pick_as_the_uniform_pick_does():
    keys = np.array([2, 2, 2, 4, 4])
    wanted = np.array([2, 4, 2])
    a = pick(wanted, np.arange(5), keys, np.random.default_rng(3), 6)
    b = pick_weighted(wanted, np.arange(5), keys, np.ones(5), np.random.default_rng(3), 6)
    assert (a == b).all(), "equal weights should choose as the uniform pick"


def victims_of(model: SafeCityModel) -> pd.DataFrame:
    events = model.events.to_frame()
    return events[events["offence"] == "street_robbery"]


def run(targets: dict, days: int = 21) -> SafeCityModel:
    overrides = {"run": {"seed": 4}, "offending": BUSY, "targets": targets}
    model = SafeCityModel(make_params("town", overrides))
    model.run_days(days)
    return model


def test_suitability_shifts_victims_toward_women_and_those_carrying_valuables():
    uniform = run({"suitability": False})
    suited = run({"suitability": True, "w_woman": 3.0, "w_valuables": 4.0})
    women = {
        k: (victims_of(m)["victim_gender"] == "woman").mean()
        for k, m in {"uniform": uniform, "suited": suited}.items()
    }
    assert women["suited"] > women["uniform"] + 0.05, f"more women victims expected: {women}"
    valuables = suited.street_offending.targets.base_weight >= 4.0
    hit = valuables[victims_of(suited)["victim"].to_numpy()].mean()
    assert hit > 0.3 + 0.15, f"valuables carriers (30% of people) should be over-chosen: {hit}"


def near_repeat_share(model: SafeCityModel, days: int = 14, radius_m: float = 300) -> float:
    """Share of street robberies within ``radius_m`` and ``days`` after an earlier one."""
    rows = victims_of(model)
    t, x, y = (rows[c].to_numpy().astype(float) for c in ("tick", "x", "y"))
    dt = t[:, None] - t[None, :]
    dist = np.hypot(x[:, None] - x[None, :], y[:, None] - y[None, :]) * model.city.cell_size_m
    near = (dt > 0) & (dt <= days * 24) & (dist <= radius_m)
    return float(near.any(axis=1).mean())


@pytest.fixture(scope="module")
def repeats() -> dict[bool, SafeCityModel]:
    return {
        on: run({"near_repeat": on, "w_near_repeat": 2.0, "w_repeat": 10.0}) for on in (False, True)
    }


def test_near_repeats_raise_robbery_near_a_recent_robbery(repeats):
    # the busy town robs the same busy cells often: compare within a day in the same cell
    shares = {on: near_repeat_share(m, days=1, radius_m=0) for on, m in repeats.items()}
    assert shares[True] > shares[False] + 0.08, f"near repeats should be more common: {shares}"


def test_repeat_victimisation_raises_the_share_of_victims_robbed_again(repeats):
    again = {}
    for on, model in repeats.items():
        victims = victims_of(model)["victim"]
        again[on] = victims.duplicated().mean()
    assert again[True] > again[False], f"more victims should be robbed again: {again}"


def test_disc_offsets_cover_the_radius():
    dx, dy = disc_offsets(1.5)
    assert len(dx) == 9 and (dx * dx + dy * dy <= 2.25).all(), "a 1.5-cell disc is 3 x 3"
