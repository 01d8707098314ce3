"""Cameras: where the sites go, which cameras work, and the cells they see.

A site is a cell with one or more cameras; every camera at a site sees the same square of cells
within ``view_radius_cells`` (Chebyshev distance). Cameras fail and are repaired one by one, and a
scheduled outage can switch off a share of the sites, every camera at each (VALIDATION outage).
Coverage layers are recomputed only when a camera changes state.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from sim.params import ParamError, SurveillanceParams
from sim.world.city import PUBLIC_STREET, City, LandUse
from sim.world.residents import BACK, OUT, WOMAN, Residents

HOTSPOT_PRIORITY = 1e6
"""How much more a cell with recorded incidents weighs than the busiest street without: enough
that Gumbel top-k sampling takes every hotspot before any other cell."""


@dataclasses.dataclass
class Cameras:
    """One row per camera, plus the per-site view footprint.

    Attributes:
        site_cell: cell of each site.
        site_view: ``(n_sites, n_offsets)`` cells each site sees (repeats at the grid edge).
        site: the site of each camera.
        failed: camera is broken and awaiting repair.
        outage: camera is switched off by a scheduled outage.
        visible: cameras installed in view of each cell (what an offender can see), per cell.
        coverage: working cameras in view of each cell, per cell.
        covered: whether any working camera sees each cell (``coverage > 0``; a compact table
            for the per-tick look-ups of face recognition).
    """

    site_cell: np.ndarray
    site_view: np.ndarray
    site: np.ndarray
    failed: np.ndarray
    outage: np.ndarray
    visible: np.ndarray
    coverage: np.ndarray
    covered: np.ndarray = dataclasses.field(init=False)

    def __post_init__(self) -> None:
        self.covered = self.coverage > 0

    @property
    def n(self) -> int:
        """Number of cameras."""
        return len(self.site)

    @property
    def working(self) -> np.ndarray:
        """Cameras neither failed nor switched off."""
        return ~(self.failed | self.outage)

    def update_coverage(self) -> None:
        """Recount the working cameras in view of every cell."""
        self.coverage[:] = _cell_counts(
            self.site_view,
            np.bincount(self.site[self.working], minlength=len(self.site_cell)),
            len(self.coverage),
        )
        self.covered = self.coverage > 0


def no_cameras(n_cells: int) -> Cameras:
    """A city without cameras."""
    empty = np.zeros(0, dtype=np.int32)
    return Cameras(
        site_cell=empty,
        site_view=np.zeros((0, 1), dtype=np.int32),
        site=empty,
        failed=np.zeros(0, dtype=bool),
        outage=np.zeros(0, dtype=bool),
        visible=np.zeros(n_cells, dtype=np.int32),
        coverage=np.zeros(n_cells, dtype=np.int32),
    )


def view_cells(city: City, cells: np.ndarray, radius: int) -> np.ndarray:
    """``(len(cells), (2r+1)^2)`` cells within Chebyshev ``radius`` of each cell, clipped at the
    edge (a clipped cell repeats; callers count a repeat once)."""
    d = np.arange(-radius, radius + 1)
    dx, dy = (a.ravel() for a in np.meshgrid(d, d, indexing="ij"))
    return city.cell_of(city.x[cells, None] + dx, city.y[cells, None] + dy)


def _cell_counts(site_view: np.ndarray, per_site: np.ndarray, n_cells: int) -> np.ndarray:
    """Sum ``per_site`` over the distinct cells each site sees."""
    if len(site_view) == 0:
        return np.zeros(n_cells, dtype=np.int32)
    # A clipped footprint repeats edge cells; count each (site, cell) pair once.
    first = np.ones(site_view.shape, dtype=bool)
    sorted_view = np.sort(site_view, axis=1)
    first[:, 1:] = sorted_view[:, 1:] != sorted_view[:, :-1]
    weights = np.broadcast_to(per_site[:, None], site_view.shape)[first]
    return np.bincount(sorted_view[first], weights=weights, minlength=n_cells).astype(np.int32)


def placement_weights(
    strategy: str,
    city: City,
    heat: np.ndarray,
    visits: np.ndarray,
    homes: np.ndarray,
    women_routes: np.ndarray,
) -> np.ndarray:
    """Weight of each cell as a camera site under a placement strategy (DESIGN section 5).

    Args:
        strategy: one of ``sim.params.PLACEMENTS`` other than ``none``.
        city: the city.
        heat: recorded incidents per cell so far (for ``hotspot``).
        visits: residents whose daily routine passes each cell (for ``arterial_commercial``).
        homes: resident agents per home cell (for ``population``).
        women_routes: women commuters' transit-stop passes per cell (for ``transit_routes``).
    """
    lu = city.land_use
    street = np.isin(lu, PUBLIC_STREET)
    if strategy == "random":
        return np.ones(city.n_cells)
    if strategy == "arterial_commercial":
        # Safe City programmes mount cameras at the busy junctions, main roads and markets.
        return street * (1.0 + visits)
    if strategy == "hotspot":
        # Cells with recorded incidents first (most first, in weighted random order), then the
        # busiest streets, so that the same number of sites can always be placed.
        busy = street * (1.0 + visits)
        return busy / busy.max() + HOTSPOT_PRIORITY * heat / max(heat.max(), 1)
    if strategy == "population":
        return homes.astype(float)
    if strategy == "transit_routes":
        return (
            women_routes.astype(float) if women_routes.sum() > 0 else (lu == LandUse.TRANSIT) * 1.0
        )
    raise ParamError(f"surveillance.placement = {strategy!r} has no placement rule")


def choose_sites(
    city: City, p: SurveillanceParams, weights: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Cells for camera sites: a weighted random order of the cells with positive weight
    (Gumbel top-k, sampling without replacement), cut at ``sites_per_km2`` sites or at the first
    prefix that reaches ``target_coverage``.

    Raises:
        ParamError: if the strategy cannot reach the requested count or coverage.
    """
    candidates = np.flatnonzero(weights > 0)
    keys = np.log(weights[candidates]) + rng.gumbel(size=len(candidates))
    order = candidates[np.argsort(-keys, kind="stable")]
    if p.target_coverage > 0:
        view = view_cells(city, order, p.view_radius_cells)
        first_rank = np.full(city.n_cells, len(order), dtype=np.int64)
        np.minimum.at(first_rank, view.ravel(), np.repeat(np.arange(len(order)), view.shape[1]))
        covered_by = np.cumsum(np.bincount(first_rank, minlength=len(order) + 1))[:-1]
        n_needed = int(np.searchsorted(covered_by, p.target_coverage * city.n_cells)) + 1
        if n_needed > len(order):
            reach = covered_by[-1] / city.n_cells if len(order) else 0.0
            raise ParamError(
                f"surveillance.target_coverage = {p.target_coverage:g} cannot be reached with "
                f"placement {p.placement!r}: at most {reach:.3f} of cells"
            )
        return order[:n_needed]
    n_sites = round(p.sites_per_km2 * city.area_km2)
    if n_sites > len(order):
        raise ParamError(
            f"surveillance.sites_per_km2 = {p.sites_per_km2:g} asks for {n_sites} sites but "
            f"placement {p.placement!r} has only {len(order)} eligible cells"
        )
    return order[:n_sites]


def install_cameras(city: City, p: SurveillanceParams, site_cells: np.ndarray) -> Cameras:
    """Mount ``cameras_per_site`` cameras on average at each site (the fractional part spread
    over the first sites) and compute the view footprints and coverage."""
    n_sites = len(site_cells)
    if n_sites == 0:
        return no_cameras(city.n_cells)
    n_cameras = max(n_sites, round(p.cameras_per_site * n_sites))
    per_site = np.full(n_sites, n_cameras // n_sites)
    per_site[: n_cameras % n_sites] += 1
    site = np.repeat(np.arange(n_sites), per_site).astype(np.int32)
    site_view = view_cells(city, site_cells, p.view_radius_cells)
    cams = Cameras(
        site_cell=site_cells.astype(np.int32),
        site_view=site_view,
        site=site,
        failed=np.zeros(n_cameras, dtype=bool),
        outage=np.zeros(n_cameras, dtype=bool),
        visible=_cell_counts(site_view, per_site, city.n_cells),
        coverage=np.zeros(city.n_cells, dtype=np.int32),
    )
    cams.update_coverage()
    return cams


def fail_and_repair(cams: Cameras, p: SurveillanceParams, rng: np.random.Generator) -> bool:
    """Daily: each working camera fails with ``p_fail_day``; each failed one is repaired with
    probability ``1 / dur_repair_days`` (geometric repair time; assumption). Returns whether any
    camera changed state."""
    u = rng.random(cams.n)
    fails = ~cams.failed & (u < p.p_fail_day)
    repairs = cams.failed & (u < 1.0 / p.dur_repair_days)
    changed = bool(fails.any() or repairs.any())
    cams.failed ^= fails | repairs
    return changed


def start_outage(cams: Cameras, share: float, rng: np.random.Generator) -> None:
    """Switch off every camera at a random ``share`` of the sites (a vendor outage cuts a site's
    power or link, not one camera of it; VALIDATION outage: about half of Lahore's cameras)."""
    n_sites = len(cams.site_cell)
    dark = rng.choice(n_sites, size=round(share * n_sites), replace=False)
    cams.outage[:] = np.isin(cams.site, dark)
    cams.update_coverage()


def end_outage(cams: Cameras) -> None:
    """Switch every camera of the outage back on."""
    cams.outage[:] = False
    cams.update_coverage()


class Surveillance:
    """The camera process: it owns the camera network (sites, views, failures, outages) and
    installs it, fails and repairs cameras daily, and switches outages on and off.

    Args:
        city: the city.
        p: the surveillance parameters.
        streams: the run's named random streams.
    """

    def __init__(self, city: City, p: SurveillanceParams, streams: dict[str, np.random.Generator]):
        self.city, self.p = city, p
        self.cameras = no_cameras(city.n_cells)
        self._rng = streams["cameras"]

    def install(self, residents: Residents, heat: np.ndarray) -> Cameras:
        """Place the camera sites by the configured strategy and switch them on; ``heat`` is
        recorded incidents per cell so far (for hotspot placement)."""
        r, n_cells = residents, self.city.n_cells
        commuters = (r.gender == WOMAN) & r.transit
        routes = np.concatenate([r.places[commuters, OUT], r.places[commuters, BACK]])
        weights = placement_weights(
            self.p.placement,
            self.city,
            heat=heat,
            visits=np.bincount(r.places[:, OUT : BACK + 1].ravel(), minlength=n_cells),
            homes=np.bincount(r.home, minlength=n_cells),
            women_routes=np.bincount(routes, minlength=n_cells),
        )
        sites = choose_sites(self.city, self.p, weights, self._rng)
        self.cameras = install_cameras(self.city, self.p, sites)
        return self.cameras

    def start_day(self) -> None:
        """Day start: cameras fail or are repaired."""
        if self.cameras.n and fail_and_repair(self.cameras, self.p, self._rng):
            self.cameras.update_coverage()

    def start_outage(self) -> None:
        """A vendor outage switches off every camera at ``outage_share`` of the camera sites
        (whole sites go down, as when a site loses power or its link)."""
        start_outage(self.cameras, self.p.outage_share, self._rng)

    def end_outage(self) -> None:
        """The outage ends; every camera it switched off is on again."""
        end_outage(self.cameras)
