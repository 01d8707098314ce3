"""Officers dedicated to camera alerts (surveillance.response_units, VALIDATION A4)."""

from __future__ import annotations

import numpy as np
import pytest

from sim.model import SafeCityModel
from sim.params import ParamError
from sim.presets import make_params
from sim.processes.policing import make_response_units, officer_agents
from sim.world.clock import HOURS_PER_DAY

SAFE_CITY = {
    "placement": "arterial_commercial",
    "sites_per_km2": 0.96,
    "cameras_per_site": 4.7,
    "monitoring": "active",
}
INSTALL_DAY = 3


def run(units: int, days: int, seed: int = 0) -> SafeCityModel:
    params = make_params(
        "town",
        {
            "surveillance": {**SAFE_CITY, "install_day": INSTALL_DAY, "response_units": units},
            "run": {"seed": seed, "days": days},
        },
    )
    model = SafeCityModel(params)
    model.run_days()
    return model


def test_units_are_counted_in_agents_and_spread_over_the_camera_sites():
    sites = np.array([10, 20, 30, 40, 50], dtype=np.int32)
    units = make_response_units(sites, n_people=300, agent_scale=100)
    assert units.n == 3, "300 officers at 100 people per agent are 3 agents"
    assert units.base.tolist() == [10, 30, 50], "bases at even steps through the sites"
    assert (units.cell == units.base).all(), "units start at their bases"
    assert make_response_units(sites, n_people=0, agent_scale=100).n == 0, "no officers: none"
    assert make_response_units(sites[:0], n_people=4, agent_scale=1).n == 0, "no sites: none"


def test_a_small_unit_is_kept_as_one_agent_at_a_coarse_scale():
    """Four officers at 30 or 100 people per agent round to no agent; one is kept instead."""
    sites = np.array([10, 20, 30, 40, 50], dtype=np.int32)
    for scale in (30.0, 100.0):
        assert round(4 / scale) == 0, "the case the rule is for: rounding alone loses the unit"
        assert make_response_units(sites, n_people=4, agent_scale=scale).n == 1, scale
    assert officer_agents(0.0, 30.0) == 0, "no officers, no agent"
    assert officer_agents(1.9 * 30.0, 30.0) == 2, "above one agent, the nearest whole number"


def test_a_small_patrol_force_is_kept_as_one_agent():
    """A world so small that its patrol officers (about one) round to no agent still gets one;
    less than half an officer is none."""
    params = make_params("town", {"population": {"n_people": 2000.0, "agent_scale": 50.0}})
    p = params.policing
    officers = params.population.n_people / p.people_per_officer * p.share_on_patrol
    assert round(officers / params.population.agent_scale) == 0, "rounding alone gives none"
    assert SafeCityModel(params).policing.police.n == 1
    tiny = make_params("town", {"population": {"n_people": 1000.0, "agent_scale": 50.0}})
    assert SafeCityModel(tiny).policing.police.n == 0, "0.48 officers on patrol are none"


def test_units_change_nothing_before_the_cameras_are_installed():
    with_units, without = run(4, INSTALL_DAY + 2), run(0, INSTALL_DAY + 2)
    a, b = with_units.events.to_frame(), without.events.to_frame()
    before = INSTALL_DAY * HOURS_PER_DAY
    assert a[a["tick"] < before].equals(b[b["tick"] < before]), (
        "before installation the units do not exist: the twin of a policy with units is clean"
    )


def test_units_answer_alerts_and_wait_at_their_bases_in_between():
    model = run(4, 40)
    units = model.response_units
    assert units.n == 4
    assert (units.busy_until > INSTALL_DAY * HOURS_PER_DAY).any(), (
        "in 40 days of alerts some unit should have been sent to one"
    )
    free = units.free(model.tick)
    assert (units.cell[free] == units.base[free]).all(), "a free unit waits at its base"
    assert np.isin(units.base, model.cameras.site_cell).all(), "bases are camera sites"


def test_units_without_live_monitoring_are_refused_naming_the_fields():
    with pytest.raises(ParamError, match=r"response_units.*monitoring"):
        make_params(
            "town", {"surveillance": {**SAFE_CITY, "monitoring": "passive", "response_units": 2}}
        )
