"""Cameras: placement strategies, installation, coverage and outages."""

from __future__ import annotations

import numpy as np
import pytest

from sim.model import SafeCityModel
from sim.params import ParamError
from sim.processes.cameras import end_outage, start_outage
from sim.world.city import PUBLIC_STREET
from sim.world.clock import HOURS_PER_DAY
from sim.world.residents import (
    BACK,
    OUT,
    WOMAN,
)


def placed(town_params, placement, **s):
    """A town model whose cameras were just installed by ``placement``."""
    params = town_params({"surveillance": {"placement": placement, **s}})
    model = SafeCityModel(params)
    model.install_cameras()
    return model


def eligible_cells(model: SafeCityModel, placement: str) -> np.ndarray:
    """Cells a strategy may choose (positive weight), from what the strategy is meant to do."""
    lu, r = model.city.land_use, model.residents
    if placement == "random":
        return np.ones(model.city.n_cells, bool)
    if placement in ("arterial_commercial", "hotspot"):  # hotspot with no record yet
        return np.isin(lu, PUBLIC_STREET)
    if placement == "population":
        return np.bincount(r.home, minlength=model.city.n_cells) > 0
    if placement == "transit_routes":
        women = (r.gender == WOMAN) & r.transit
        cells = np.zeros(model.city.n_cells, bool)
        cells[r.places[women, OUT]] = cells[r.places[women, BACK]] = True
        return cells
    raise AssertionError(placement)


STRATEGIES = ["random", "arterial_commercial", "hotspot", "population", "transit_routes"]


@pytest.mark.parametrize("placement", STRATEGIES)
def test_placement_puts_the_requested_number_of_sites_on_eligible_cells(town_params, placement):
    model = placed(town_params, placement, sites_per_km2=1.5)
    sites = model.cameras.site_cell
    expected = round(1.5 * model.city.area_km2)
    assert len(sites) == expected, f"{placement}: {len(sites)} sites, expected {expected}"
    assert len(np.unique(sites)) == len(sites), f"{placement}: two sites share a cell"
    ok = eligible_cells(model, placement)[sites]
    assert ok.all(), f"{placement}: sites {sites[~ok]} are on cells the strategy excludes"


def test_hotspot_placement_follows_recorded_incidents(town_params):
    s = {"placement": "hotspot", "sites_per_km2": 1.0}
    model = SafeCityModel(town_params({"surveillance": s}))
    hot = np.random.default_rng(0).choice(model.city.n_cells, size=60, replace=False)
    model.policing.recorded_per_cell[hot] = 3
    model.install_cameras()
    sites = model.cameras.site_cell
    assert len(sites) == round(model.city.area_km2), "one site per km2 was asked for"
    assert np.isin(sites, hot).all(), "hotspot sites should be only where incidents were recorded"


def test_camera_count_follows_cameras_per_site(town_params):
    model = placed(town_params, "random", sites_per_km2=1.0, cameras_per_site=4.5)
    n_sites = len(model.cameras.site_cell)
    assert model.cameras.n == round(4.5 * n_sites), "cameras should be 4.5 per site on average"
    per_site = np.bincount(model.cameras.site, minlength=n_sites)
    assert set(per_site.tolist()) <= {4, 5}, f"cameras per site {set(per_site)}, expected 4 or 5"


@pytest.mark.parametrize("target", [0.1, 0.4])
def test_target_coverage_is_reached_with_no_site_to_spare(town_params, target):
    model = placed(town_params, "random", target_coverage=target, view_radius_cells=1)
    cams = model.cameras
    share = (cams.coverage > 0).mean()
    assert share >= target, f"coverage {share:.3f} should reach the target {target}"
    one_fewer = len(np.unique(cams.site_view[:-1])) / model.city.n_cells
    assert one_fewer < target, f"coverage without the last site is {one_fewer:.3f}: one too many"


def test_unreachable_target_coverage_is_refused(town_params):
    with pytest.raises(ParamError, match=r"target_coverage = 0\.9 cannot be reached"):
        placed(town_params, "transit_routes", target_coverage=0.9, view_radius_cells=0)


def test_more_sites_than_eligible_cells_is_refused(town_params):
    with pytest.raises(ParamError, match=r"sites_per_km2 = 100 asks for 3600 sites"):
        placed(town_params, "arterial_commercial", sites_per_km2=100.0)


def test_cameras_switch_on_at_the_first_hour_of_the_install_day(run_town):
    model = run_town({"surveillance": {"placement": "random", "install_day": 1}}, days=2)
    working = model.series()["cameras_working"].to_numpy()
    assert (working[:HOURS_PER_DAY] == 0).all(), "no camera should work before install_day"
    assert (working[HOURS_PER_DAY:] > 0).all(), "cameras should work from install_day's hour 0"


def test_scheduled_outage_starts_after_install_and_its_end_restores_the_cameras(run_town):
    s = {
        "placement": "arterial_commercial",
        "p_fail_day": 0.0,
        "install_day": 1,
        "outage_share": 0.5,
        "outage_after_install_days": 1,
        "outage_days": 1,
    }
    model = run_town({"surveillance": s}, days=4)
    n = model.cameras.n
    working = model.series()["cameras_working"].to_numpy().reshape(4, HOURS_PER_DAY)
    assert (working[0] == 0).all(), "no camera before install_day"
    assert (working[1] == n).all(), "all cameras should work between install and outage"
    dark_sites = round(0.5 * len(model.cameras.site_cell))
    per_site = np.bincount(model.cameras.site)
    lo, hi = n - dark_sites * per_site.max(), n - dark_sites * per_site.min()
    assert ((working[2] >= lo) & (working[2] <= hi)).all(), (
        f"half the sites dark should leave {lo} to {hi} of {n} cameras working, got {working[2]}"
    )
    assert (working[3] == n).all(), "all cameras should work again after the outage"


def test_outage_removes_coverage_and_its_end_restores_it_exactly(town_params):
    model = placed(town_params, "arterial_commercial", sites_per_km2=2.0)
    cams = model.cameras
    before = cams.coverage.copy()
    start_outage(cams, 0.3, np.random.default_rng(0))
    dark_sites = np.unique(cams.site[cams.outage])
    assert len(dark_sites) == round(0.3 * len(cams.site_cell)), (
        "an outage should switch off round(share * sites) whole sites"
    )
    assert cams.outage[np.isin(cams.site, dark_sites)].all(), "every camera of a dark site is off"
    assert cams.coverage.sum() < before.sum(), "coverage should fall during the outage"
    assert (cams.coverage <= before).all(), "an outage never adds coverage"
    end_outage(cams)
    np.testing.assert_array_equal(cams.coverage, before, err_msg="coverage should be restored")
    assert not cams.outage.any(), "no camera should stay switched off"
