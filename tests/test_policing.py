"""Policing: dispatch of the nearest free officer, patrol by beat."""

from __future__ import annotations

import numpy as np
import pytest

from sim.model import SafeCityModel
from sim.presets import make_params
from sim.processes.policing import Patrol, Police, dispatch


def police_at(cells, busy_until=None, beat=None) -> Police:
    """Officers at ``cells`` (free unless ``busy_until``), all on beat 0 unless ``beat``."""
    cells = np.asarray(cells, dtype=np.int32)
    n = len(cells)
    busy = np.zeros(n, np.int64) if busy_until is None else np.asarray(busy_until, np.int64)
    beat = np.zeros(n, np.int64) if beat is None else np.asarray(beat, np.int64)
    return Police(beat=beat, cell=cells.copy(), busy_until=busy)


def test_dispatch_sends_the_nearest_free_officer_and_marks_him_busy(tiny_city):
    city = tiny_city()
    pol = make_params("town").policing
    incident = 3 * 7 + 6  # (3, 6)
    police = police_at([0 * 7 + 0, 3 * 7 + 4, 6 * 7 + 6])  # (0,0), (3,4) two away, (6,6)
    officer, minutes = dispatch(city, pol, police, 10, np.array([incident]), np.array([0.0]))
    assert officer.tolist() == [1], f"officer {officer} sent, expected the nearest (1)"
    expected = pol.dispatch_delay_min + 0.2 / pol.speed_kmh * 60.0
    assert minutes[0] == pytest.approx(expected), "response = dispatch delay + travel time"
    assert police.busy_until[1] > 10 and (police.busy_until[[0, 2]] == 0).all(), (
        "only the officer sent should be busy"
    )
    assert police.cell[1] == incident, "the officer sent should end at the scene"


def test_dispatch_skips_busy_officers_and_reports_none_when_all_are_busy(tiny_city):
    city = tiny_city()
    pol = make_params("town").policing
    police = police_at([3 * 7 + 4, 6 * 7 + 6], busy_until=[50, 0])
    officer, _ = dispatch(city, pol, police, 10, np.array([3 * 7 + 6, 3 * 7 + 5]), np.zeros(2))
    assert officer[0] == 1, "the busy nearer officer should be skipped for the free one"
    assert officer[1] == -1, "with every officer busy nobody should be sent"
    officer, minutes = dispatch(city, pol, police, 10, np.array([0]), np.zeros(1))
    assert officer[0] == -1 and np.isnan(minutes[0]), "no officer free: -1 and no response time"


def test_busy_officers_stay_put_and_free_ones_patrol_their_district(tiny_city):
    city = tiny_city(districts=2)  # district 0: x < 4, district 1: x >= 4
    pol = make_params("town").policing
    police = police_at([0, 6 * 7 + 6, 1], busy_until=[0, 0, 99], beat=[0, 1, 0])
    patrol = Patrol(city, pol, police.n)
    rng = np.random.default_rng(0)
    for tick in range(50):
        patrol.move(police, tick, rng)
        assert police.cell[2] == 1, "a busy officer should not move"
        got = city.district[police.cell[:2]].tolist()
        assert got == [0, 1], f"officers in districts {got}, expected to stay in 0 and 1"


def test_too_few_officers_for_every_district_patrol_the_whole_city(town_params):
    policing = {"people_per_officer": 1000.0, "share_on_patrol": 1.0}  # 4 officers, 9 districts
    model = SafeCityModel(town_params({"policing": policing}))
    police = model.police
    assert 0 < police.n < model.city.n_districts, "test needs fewer officers than districts"
    rng = np.random.default_rng(0)
    seen = set()
    for tick in range(200):
        model.policing.patrol.move(police, tick, rng)
        seen.update(model.city.district[police.cell].tolist())
    assert seen == set(range(model.city.n_districts)), (
        f"officers patrolled districts {sorted(seen)}: expected every district to be patrolled"
    )
