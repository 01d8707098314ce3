"""Victim choice: the same victims whichever way keys are matched."""

from __future__ import annotations

import numpy as np
import pytest

from sim.processes import victims


@pytest.mark.parametrize("n_wanted", [1, 3, 4, 12])
def test_victim_pick_is_the_same_whichever_way_keys_are_matched(n_wanted, monkeypatch):
    """A victim is one of the candidates whose key is wanted (-1 if none); comparing keys one by
    one, a table look-up and np.isin pick the same ones from the same draws."""
    rng = np.random.default_rng(n_wanted)
    keys = rng.integers(0, 50, 2000)
    candidates = np.sort(rng.choice(10_000, 2000, replace=False))
    wanted = rng.integers(0, 60, n_wanted)  # keys 50-59 have no candidate
    picks = {}
    for few in (0, victims.FEW_WANTED, 100):  # table or np.isin, as configured, always compare
        monkeypatch.setattr(victims, "FEW_WANTED", few)
        picks[few, "table"] = victims.pick(wanted, candidates, keys, np.random.default_rng(7), 60)
        picks[few, "isin"] = victims.pick(wanted, candidates, keys, np.random.default_rng(7))
    first = next(iter(picks.values()))
    for how, chosen in picks.items():
        assert (chosen == first).all(), f"{how}: picked {chosen}, expected {first}"
    for key, victim in zip(wanted, first, strict=True):
        eligible = candidates[keys == key]
        if len(eligible):
            assert victim in eligible, f"victim {victim} does not have key {key}"
        else:
            assert victim == -1, f"key {key} has no candidate, yet {victim} was picked"
