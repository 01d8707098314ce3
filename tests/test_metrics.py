"""Field measures of displacement (WDQ, TNE, their status), the evaluation zones, and replicate
seeds (issue 4, item 8).

The hand-computed cases write out the arithmetic of VALIDATION.md's formulas, with R the
treatment area, D the buffer, C the control area, b before and a after:
``WDQ = (D_a/C_a - D_b/C_b) / (R_a/C_a - R_b/C_b)`` and
``TNE = [R_b (C_a/C_b) - R_a] + [D_b (C_a/C_b) - D_a]``.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from sim.analysis.field import (
    WDQ_MIN_SUCCESS,
    Zone,
    make_zones,
    total_net_effect,
    wdq_status,
    weighted_displacement_quotient,
)
from sim.presets import make_params
from sim.world.city import build_city
from sim.world.streams import make_streams, replicate_seed

# Each case: (R_b, R_a, D_b, D_a, C_b, C_a), the WDQ and the TNE by hand.
HAND_CASES = {
    # Crime halves in treatment, falls a little in the buffer, control flat: diffusion.
    # WDQ = (70/200 - 80/200) / (50/200 - 100/200) = -0.05 / -0.25 = 0.2
    # TNE = (100 * 1 - 50) + (80 * 1 - 70) = 50 + 10 = 60
    "diffusion": ((100, 50, 80, 70, 200, 200), 0.2, 60.0),
    # Treatment falls by 60, the buffer rises by 30, control flat: displacement.
    # WDQ = (80/100 - 50/100) / (40/100 - 100/100) = 0.3 / -0.6 = -0.5
    # TNE = (100 - 40) + (50 - 80) = 60 - 30 = 30
    "displacement": ((100, 40, 50, 80, 100, 100), -0.5, 30.0),
    # Control falls by a third, so the expected counts fall too.
    # WDQ = (45/200 - 60/300) / (60/200 - 120/300) = (0.225 - 0.2) / (0.3 - 0.4) = -0.25
    # TNE = (120 * 200/300 - 60) + (60 * 200/300 - 45) = (80 - 60) + (40 - 45) = 15
    "falling_control": ((120, 60, 60, 45, 300, 200), -0.25, 15.0),
    # Displacement larger than the direct effect.
    # WDQ = (130/100 - 100/100) / (90/100 - 100/100) = 0.3 / -0.1 = -3
    # TNE = (100 - 90) + (100 - 130) = 10 - 30 = -20
    "displacement_exceeds_effect": ((100, 90, 100, 130, 100, 100), -3.0, -20.0),
}


@pytest.mark.parametrize("name", HAND_CASES)
def test_wdq_matches_the_hand_computed_value(name):
    counts, expected, _ = HAND_CASES[name]
    wdq = weighted_displacement_quotient(*counts)
    assert wdq == pytest.approx(expected, rel=1e-12), (
        f"{name}: counts {counts} should give WDQ {expected}, got {wdq}"
    )


@pytest.mark.parametrize("name", HAND_CASES)
def test_tne_matches_the_hand_computed_value(name):
    counts, _, expected = HAND_CASES[name]
    tne = total_net_effect(*counts)
    assert tne == pytest.approx(expected, rel=1e-12), (
        f"{name}: counts {counts} should give TNE {expected}, got {tne}"
    )


def test_scalar_inputs_give_python_floats():
    counts = HAND_CASES["diffusion"][0]
    for f in (weighted_displacement_quotient, total_net_effect):
        out = f(*counts)
        assert isinstance(out, float), f"{f.__name__} of scalars should be a float, got {out!r}"


def test_measures_are_computed_elementwise_on_arrays():
    names = list(HAND_CASES)
    columns = np.array([HAND_CASES[n][0] for n in names], dtype=float).T  # six arrays
    wdq = weighted_displacement_quotient(*columns)
    tne = total_net_effect(*columns)
    np.testing.assert_allclose(
        wdq,
        [HAND_CASES[n][1] for n in names],
        rtol=1e-12,
        err_msg=f"array WDQ should equal the hand values of cases {names}",
    )
    np.testing.assert_allclose(
        tne,
        [HAND_CASES[n][2] for n in names],
        rtol=1e-12,
        err_msg=f"array TNE should equal the hand values of cases {names}",
    )


def test_measures_broadcast_a_scalar_control_over_array_areas():
    # R 100->50 and 100->80, D 80->70 in both, C 200->200 given once:
    # WDQ = -0.05 / -0.25 = 0.2 and -0.05 / -0.1 = 0.5; TNE = 60 and 30.
    wdq = weighted_displacement_quotient([100, 100], [50, 80], 80, 70, 200, 200)
    tne = total_net_effect([100, 100], [50, 80], 80, 70, 200, 200)
    np.testing.assert_allclose(wdq, [0.2, 0.5], err_msg="a scalar control should broadcast")
    np.testing.assert_allclose(tne, [60.0, 30.0], err_msg="a scalar control should broadcast")


@pytest.mark.parametrize(
    ("what", "counts"),
    [
        # R rises relative to control: (110/100 - 100/100) = +0.1, not a success.
        ("treatment rose", (100, 110, 50, 40, 100, 100)),
        # R unchanged relative to control: the success measure is exactly 0.
        ("treatment flat", (100, 100, 50, 40, 100, 100)),
        # R fell 100->60 but control halved 200->100: 60/100 - 100/200 = +0.1, not a success.
        ("control fell faster", (100, 60, 50, 60, 200, 100)),
    ],
)
def test_wdq_is_nan_when_the_success_measure_is_not_negative(what, counts):
    wdq = weighted_displacement_quotient(*counts)
    assert math.isnan(wdq), f"{what} {counts}: the treatment did not work, WDQ should be NaN"


@pytest.mark.parametrize("position", range(6))
def test_wdq_is_nan_when_any_count_is_zero(position):
    counts = list(HAND_CASES["diffusion"][0])
    counts[position] = 0
    wdq = weighted_displacement_quotient(*counts)
    assert math.isnan(wdq), f"counts {counts} with a zero should give WDQ NaN, got {wdq}"


def test_tne_is_nan_only_without_a_control_baseline():
    # R 10->0, D 5->5, C 100->100: TNE = (10 - 0) + (5 - 5) = 10, though the WDQ is undefined.
    assert total_net_effect(10, 0, 5, 5, 100, 100) == pytest.approx(10.0), (
        "a zero count outside the control baseline should still give a TNE"
    )
    assert math.isnan(total_net_effect(10, 5, 5, 5, 0, 100)), "C_b = 0 should give TNE NaN"


def test_nan_elements_of_an_array_leave_the_others_untouched():
    wdq = weighted_displacement_quotient([100, 100, 100], [50, 0, 120], 80, 70, 200, 200)
    assert wdq[0] == pytest.approx(0.2), "the valid element should keep its WDQ of 0.2"
    assert np.isnan(wdq[1:]).all(), "a zero count and a rise should each give NaN"


@pytest.mark.parametrize(
    ("counts", "status"),
    [
        (HAND_CASES["diffusion"][0], "ok"),
        # Relative drop (1 - 0.98) = 0.02 < WDQ_MIN_SUCCESS (0.05): too small to divide by.
        ((100, 98, 50, 60, 100, 100), "unstable"),
        ((100, 110, 50, 40, 100, 100), "no_success"),
        ((100, 100, 50, 40, 100, 100), "no_success"),
        ((100, 50, 0, 70, 200, 200), "zero_count"),
        # A zero count wins over no success.
        ((100, 120, 50, 40, 0, 100), "zero_count"),
    ],
)
def test_wdq_status_says_why_a_wdq_is_or_is_not_reportable(counts, status):
    got = wdq_status(*counts)
    assert got == status, f"counts {counts} should have status {status!r}, got {got!r}"


def test_wdq_status_threshold_is_the_declared_minimum_success():
    # Relative drops one point above and one point below WDQ_MIN_SUCCESS (control flat at 100).
    above = (100, 100 * (1 - WDQ_MIN_SUCCESS) - 1, 50, 40, 100, 100)
    below = (100, 100 * (1 - WDQ_MIN_SUCCESS) + 1, 50, 40, 100, 100)
    assert wdq_status(*above) == "ok", f"a drop above {WDQ_MIN_SUCCESS} should be ok"
    assert wdq_status(*below) == "unstable", f"a drop below {WDQ_MIN_SUCCESS} should be unstable"


def test_wdq_status_is_elementwise_and_agrees_with_nan_wdq():
    rb = np.array([100, 100, 100, 100])
    ra = np.array([50, 98, 110, 0])
    statuses = wdq_status(rb, ra, 80, 70, 200, 200)
    assert list(statuses) == ["ok", "unstable", "no_success", "zero_count"], (
        f"expected one status per element, got {list(statuses)}"
    )
    wdq = weighted_displacement_quotient(rb, ra, 80, 70, 200, 200)
    nan_statuses = {"no_success", "zero_count"}
    for s, w in zip(statuses, wdq, strict=True):
        assert np.isnan(w) == (s in nan_statuses), (
            f"status {s!r} should go with a {'NaN' if s in nan_statuses else 'finite'} WDQ, got {w}"
        )


# --- zones ---------------------------------------------------------------------------------------

BUFFER_CELLS = 2
CONTROL_MIN_CELLS = 5


@pytest.fixture(scope="module")
def city():
    """A generated, deliberately non-square city (40 x 25), so that a swapped axis shows."""
    params = make_params("town", {"city": {"width_cells": 40, "height_cells": 25}})
    return build_city(params.city, make_streams(3)["city"])


@pytest.fixture(scope="module")
def treatment(city):
    """Two camera-like squares of cells, one touching the grid edge."""
    t = np.zeros(city.n_cells, dtype=bool)
    near = (np.abs(city.x - 10) <= 1) & (np.abs(city.y - 8) <= 1)
    edge = (city.x >= 37) & (np.abs(city.y - 20) <= 2)
    t[near | edge] = True
    return t


@pytest.fixture(scope="module")
def baseline(city):
    """Baseline incident counts per cell (a fixed draw)."""
    return np.random.default_rng(7).poisson(2.0, city.n_cells)


@pytest.fixture(scope="module")
def zones(city, treatment, baseline):
    return make_zones(city, treatment, baseline, BUFFER_CELLS, CONTROL_MIN_CELLS)


def chebyshev_to(city, cells: np.ndarray) -> np.ndarray:
    """Chebyshev distance of every cell to the nearest of ``cells``, by brute force."""
    dx = np.abs(city.x[:, None] - city.x[cells][None, :])
    dy = np.abs(city.y[:, None] - city.y[cells][None, :])
    return np.maximum(dx, dy).min(axis=1)


def test_every_cell_gets_exactly_one_valid_zone_code(city, zones):
    assert zones.shape == (city.n_cells,), f"expected one zone per cell, got shape {zones.shape}"
    assert np.isin(zones, [z.value for z in Zone]).all(), "every zone code should be a Zone"
    counts = {z.name: int((zones == z).sum()) for z in Zone}
    assert sum(counts.values()) == city.n_cells, f"zones should partition the grid: {counts}"
    assert all(counts.values()), f"the test city should have cells in every zone: {counts}"


def test_treatment_zone_is_exactly_the_footprint(zones, treatment):
    np.testing.assert_array_equal(
        zones == Zone.TREATMENT, treatment, err_msg="treatment cells should be the footprint"
    )


def test_buffer_is_every_other_cell_within_buffer_cells_of_treatment(city, zones, treatment):
    distance = chebyshev_to(city, np.flatnonzero(treatment))
    expected = (distance >= 1) & (distance <= BUFFER_CELLS)
    np.testing.assert_array_equal(
        zones == Zone.BUFFER,
        expected,
        err_msg=f"buffer should be the non-treatment cells within {BUFFER_CELLS} (Chebyshev)",
    )


def test_control_is_far_matched_on_land_use_and_baseline_crime(city, zones, treatment, baseline):
    distance = chebyshev_to(city, np.flatnonzero(treatment))
    uses = np.unique(city.land_use[treatment])
    floor = np.quantile(baseline[treatment], 0.25)
    control = zones == Zone.CONTROL
    assert (distance[control] > CONTROL_MIN_CELLS).all(), (
        f"control cells should lie farther than {CONTROL_MIN_CELLS} cells from treatment"
    )
    assert np.isin(city.land_use[control], uses).all(), (
        f"control cells should have a land use found in treatment ({uses.tolist()})"
    )
    assert (baseline[control] >= floor).all(), (
        f"control cells should have baseline counts >= the treatment lower quartile {floor}"
    )
    eligible = (distance > CONTROL_MIN_CELLS) & np.isin(city.land_use, uses) & (baseline >= floor)
    np.testing.assert_array_equal(
        control, eligible, err_msg="every far, matched cell should be control"
    )


def test_cells_between_buffer_and_control_distance_are_excluded(city, zones, treatment):
    distance = chebyshev_to(city, np.flatnonzero(treatment))
    gap = (distance > BUFFER_CELLS) & (distance <= CONTROL_MIN_CELLS)
    assert gap.any(), "the test city should have cells in the gap"
    assert (zones[gap] == Zone.EXCLUDED).all(), "cells in the gap should be excluded"


def test_no_treatment_area_excludes_every_cell(city, baseline):
    zones = make_zones(
        city, np.zeros(city.n_cells, dtype=bool), baseline, BUFFER_CELLS, CONTROL_MIN_CELLS
    )
    assert (zones == Zone.EXCLUDED).all(), "without a treatment area every cell is excluded"


# --- replicate seeds -----------------------------------------------------------------------------


def test_replicate_seeds_differ_across_replicates_and_roots():
    seeds = [replicate_seed(0, r) for r in range(200)]
    assert len(set(seeds)) == len(seeds), "200 replicates of one root should get distinct seeds"
    other_root = {replicate_seed(1, r) for r in range(200)}
    assert not other_root & set(seeds), "another root seed should give other replicate seeds"


def test_replicate_seed_is_reproducible_and_a_non_negative_63_bit_integer():
    for root, rep in [(0, 0), (0, 7), (12345, 3), (2**63 - 1, 10_000)]:
        seed = replicate_seed(root, rep)
        assert seed == replicate_seed(root, rep), f"({root}, {rep}) should give the same seed"
        assert isinstance(seed, int), f"the seed should be a Python int, got {type(seed)}"
        assert 0 <= seed < 2**63, f"({root}, {rep}) gave {seed}: expected 0 <= seed < 2**63"
