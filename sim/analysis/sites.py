"""Per-site field evaluation: each camera site its own treatment area, buffer and matched control.

Evaluators of city cameras study one site (or scheme) at a time, and the meta-analyses pool
those evaluations (Welsh & Farrington 2009; Piza et al. 2019; :mod:`sim.analysis.pooling`). Here
each installed site is such an evaluation (docs/experiment.md, section 8):

- **treatment**: the cells the site's cameras see, each cell given to its nearest site where
  views overlap (ties to the lower site number), so no cell is evaluated twice;
- **buffer**: as many cells as the treatment area has, the nearest to the site outside every
  site's view (an equal-area ring; ties are broken across the four quadrants in turn, so the
  ring stays round);
- **control**: ``controls_per_cell`` cells for each treatment cell, of the same land use and
  the nearest in baseline recorded crime, farther from the site than the offenders' awareness
  radius plus the view (so the offenders who know the site seldom know its control) and within
  twice that reach, never in any site's view or buffer; among equally matched cells the nearest
  are taken.

Everything here is a pure function of a city, the sites and event counts.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from sim.analysis.field import wdq_status, weighted_displacement_quotient
from sim.analysis.pooling import buffer_reading, twin_buffer_reading
from sim.analysis.twin import World
from sim.outputs.eventlog import CATEGORIES
from sim.world.city import City
from sim.world.residents import HOURS_PER_DAY

ZONES = ("treatment", "buffer", "control")
CONTROL_REACH = 2.0
"""Control cells lie within this many times the minimum control distance of the site: a
comparable area of the same city, not its far side. Assumption."""


@dataclasses.dataclass(frozen=True)
class SiteZones:
    """Per-site zones as (site, cell) pairs: ``site[zone][k]`` owns cell ``cell[zone][k]``."""

    site_cell: np.ndarray
    site: dict[str, np.ndarray]
    cell: dict[str, np.ndarray]
    min_control_distance_cells: float

    @property
    def n_sites(self) -> int:
        """Number of sites evaluated."""
        return len(self.site_cell)

    def n_cells(self, zone: str) -> np.ndarray:
        """Cells of ``zone`` per site."""
        return np.bincount(self.site[zone], minlength=self.n_sites)

    def totals(self, zone: str, per_cell: np.ndarray) -> np.ndarray:
        """``per_cell`` summed over each site's ``zone`` cells."""
        weights = np.asarray(per_cell, dtype=float)[self.cell[zone]]
        return np.bincount(self.site[zone], weights=weights, minlength=self.n_sites)


def _treatment(city: City, site_cell: np.ndarray, site_view: np.ndarray):
    sites = np.repeat(np.arange(len(site_cell)), site_view.shape[1])
    cells = site_view.reshape(-1).astype(np.int64)
    d2 = (city.x[cells] - city.x[site_cell[sites]]) ** 2 + (
        city.y[cells] - city.y[site_cell[sites]]
    ) ** 2
    order = np.lexsort((sites, d2, cells))  # by cell, then nearest site, then site number
    cells, sites = cells[order], sites[order]
    first = np.r_[True, cells[1:] != cells[:-1]]
    return sites[first], cells[first]


def _window(city: City, centre: int, half: int) -> np.ndarray:
    """Cells within Chebyshev distance ``half`` of ``centre`` (clipped to the grid)."""
    cx, cy = int(city.x[centre]), int(city.y[centre])
    xs = np.arange(max(cx - half, 0), min(cx + half, city.width - 1) + 1)
    ys = np.arange(max(cy - half, 0), min(cy + half, city.height - 1) + 1)
    return (xs[:, None] * city.height + ys[None, :]).reshape(-1)


def _offsets(city: City, centre: int, cells: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return (city.x[cells] - city.x[centre]).astype(float), (city.y[cells] - city.y[centre]).astype(
        float
    )


def make_site_zones(
    city: City,
    site_cell: np.ndarray,
    site_view: np.ndarray,
    baseline: np.ndarray,
    min_control_distance_cells: float,
    controls_per_cell: int,
) -> SiteZones:
    """The zones of every site (module docstring).

    Args:
        city: the city.
        site_cell: cell of each camera site.
        site_view: ``(n_sites, n_offsets)`` cells each site sees (``Cameras.site_view``).
        baseline: recorded incidents per cell before the switch-on (matching on crime).
        min_control_distance_cells: control cells lie farther than this (Euclidean, cells) from
            the site; the offenders' awareness radius plus the view radius.
        controls_per_cell: control cells matched to each treatment cell.
    """
    site_cell = np.asarray(site_cell, dtype=np.int64)
    empty = np.zeros(0, dtype=np.int64)
    if not len(site_cell):
        return SiteZones(site_cell, dict.fromkeys(ZONES, empty), dict.fromkeys(ZONES, empty), 0.0)
    t_site, t_cell = _treatment(city, site_cell, np.asarray(site_view))
    viewed = np.zeros(city.n_cells, dtype=bool)
    viewed[t_cell] = True
    n_treat = np.bincount(t_site, minlength=len(site_cell))
    reach = int(np.ceil(np.sqrt(n_treat.max()))) + 2
    b_site, b_cell = [], []
    for s, centre in enumerate(site_cell):
        cand = _window(city, centre, reach)
        cand = cand[~viewed[cand]]
        dx, dy = _offsets(city, centre, cand)
        angle = np.mod(np.arctan2(dy, dx), 2 * np.pi)
        order = np.lexsort((angle, np.round(np.mod(angle, np.pi / 2), 9), dx**2 + dy**2))
        chosen = cand[order[: n_treat[s]]]
        b_site.append(np.full(len(chosen), s))
        b_cell.append(chosen)
    b_site, b_cell = np.concatenate(b_site), np.concatenate(b_cell)
    taken = viewed.copy()
    taken[b_cell] = True
    baseline = np.asarray(baseline, dtype=float)
    land_use = city.land_use
    far = int(np.ceil(CONTROL_REACH * min_control_distance_cells))
    c_site, c_cell = [], []
    for s, centre in enumerate(site_cell):
        cand = _window(city, centre, far)
        dx, dy = _offsets(city, centre, cand)
        d2 = dx**2 + dy**2
        ok = ~taken[cand] & (d2 > min_control_distance_cells**2) & (d2 <= far**2)
        cand, d2 = cand[ok], d2[ok]
        free = np.ones(len(cand), dtype=bool)
        mine = t_cell[t_site == s]
        for t in mine[np.argsort(-baseline[mine], kind="stable")]:
            pool = np.flatnonzero(free & (land_use[cand] == land_use[t]))
            if not len(pool):
                continue
            order = np.lexsort((d2[pool], np.abs(baseline[cand[pool]] - baseline[t])))
            pick = pool[order[:controls_per_cell]]
            free[pick] = False
            c_site.append(np.full(len(pick), s))
            c_cell.append(cand[pick])
    c_site = np.concatenate(c_site) if c_site else empty
    c_cell = np.concatenate(c_cell) if c_cell else empty
    return SiteZones(
        site_cell,
        {"treatment": t_site, "buffer": b_site, "control": c_site.astype(np.int64)},
        {"treatment": t_cell, "buffer": b_cell, "control": c_cell.astype(np.int64)},
        float(min_control_distance_cells),
    )


def _per_cell(world: World, select: np.ndarray, n_cells: int) -> np.ndarray:
    return np.bincount(world.cell[select], minlength=n_cells)


def site_zones_for(policy: World, twin: World, before_days: int, controls_per_cell: int):
    """The :class:`SiteZones` of a policy run's camera sites, matched on the recorded baseline
    of the twin (identical to the policy run's before the switch-on), with the control distance
    from the policy's own ``offending.awareness_radius_km``."""
    model = policy.model
    city = model.city
    params = model.params
    before = twin.events["tick"].to_numpy() < before_days * HOURS_PER_DAY
    recorded = twin.events["recorded"].to_numpy().astype(bool)
    baseline = _per_cell(twin, before & recorded, city.n_cells)
    view = model.cameras.site_view
    view_radius = (
        float(
            np.max(
                np.maximum(
                    np.abs(city.x[view] - city.x[model.cameras.site_cell][:, None]),
                    np.abs(city.y[view] - city.y[model.cameras.site_cell][:, None]),
                )
            )
        )
        if view.size
        else 0.0
    )
    radius_cells = params.offending.awareness_radius_km * 1000.0 / city.cell_size_m
    return make_site_zones(
        city,
        model.cameras.site_cell,
        view,
        baseline,
        radius_cells + view_radius,
        controls_per_cell,
    )


def site_table(policy: World, twin: World, zones: SiteZones, before_days: int) -> pd.DataFrame:
    """One row per site and category: recorded and true counts of the policy run per zone and
    period, the twin's true counts after the switch-on, the per-site WDQ and its status on
    recorded counts, and the buffer's reading on recorded counts and in truth
    (:func:`~sim.analysis.pooling.buffer_reading`,
    :func:`~sim.analysis.pooling.twin_buffer_reading`)."""
    city = policy.model.city
    n = city.n_cells
    if zones.n_sites == 0:
        return pd.DataFrame(columns=["site", "category"])
    tick = before_days * HOURS_PER_DAY
    p_after = policy.events["tick"].to_numpy() >= tick
    t_after = twin.events["tick"].to_numpy() >= tick
    recorded = policy.events["recorded"].to_numpy().astype(bool)
    t_before_rec = (twin.events["tick"].to_numpy() < tick) & twin.events["recorded"].to_numpy()
    baseline = _per_cell(twin, t_before_rec.astype(bool), n)
    frames = []
    for category in CATEGORIES:
        p_sel = (policy.events["category"] == category).to_numpy()
        t_sel = (twin.events["category"] == category).to_numpy()
        df = pd.DataFrame(
            {
                "site": np.arange(zones.n_sites),
                "category": category,
                "site_x": city.x[zones.site_cell],
                "site_y": city.y[zones.site_cell],
            }
        )
        for zone in ZONES:
            df[f"{zone}_cells"] = zones.n_cells(zone)
        df["baseline_treatment"] = zones.totals("treatment", baseline)
        df["baseline_control"] = zones.totals("control", baseline)
        counts = {
            "recorded": (policy, p_sel & recorded, p_after),
            "true": (policy, p_sel, p_after),
            "twin": (twin, t_sel, t_after),
        }
        for kind, (world, sel, after) in counts.items():
            periods = {"after": after} if kind == "twin" else {"before": ~after, "after": after}
            for period, mask in periods.items():
                per_cell = _per_cell(world, sel & mask, n)
                for zone in ZONES:
                    df[f"{kind}_{zone}_{period}"] = zones.totals(zone, per_cell).astype(int)
        args = [df[f"recorded_{z}_{p}"].to_numpy() for z in ZONES for p in ("before", "after")]
        df["wdq"] = weighted_displacement_quotient(*args)
        df["wdq_status"] = wdq_status(*args)
        df["buffer_reading"] = buffer_reading(*args[2:])
        df["twin_buffer_reading"] = twin_buffer_reading(
            df["true_buffer_after"], df["twin_buffer_after"]
        )
        frames.append(df)
    return pd.concat(frames, ignore_index=True)
