"""The map's cell colours, layer on layer: land use shaded by street lighting, then either the
camera view areas (working or down) or a heat layer (footfall, incidents, or the difference
from the twin) with its colour scale."""

from __future__ import annotations

from typing import TYPE_CHECKING

import matplotlib
import numpy as np
from matplotlib.colors import Colormap, Normalize, TwoSlopeNorm

from app.colours import LAND_USE_COLOURS, VIEW_ALPHA, VIEW_DOWN, VIEW_WORKING, rgb
from app.state import block_of, block_sums, incident_cells
from sim.world.city import LandUse
from sim.world.offences import CATEGORIES

if TYPE_CHECKING:
    from sim.model import SafeCityModel

LIGHT_DAY = 0.25
"""How much an unlit cell darkens by day (share of its colour lost at lighting 0)."""
LIGHT_NIGHT = 0.7
"""The same after dark: unlit streets show as dark patches."""

HEAT_LAYERS = {
    "none": "none",
    "footfall": "footfall (people-hours out)",
    "spectacular": "spectacular incidents so far",
    "everyday": "everyday incidents so far",
    "property": "property incidents so far",
    "twin_spectacular": "spectacular: here minus twin",
    "twin_everyday": "everyday: here minus twin",
    "twin_property": "property: here minus twin",
}
"""Heat layers the map can show: key and label; the ``twin_`` ones need the twin running.
Incident layers count by block (:data:`app.state.BLOCK_CELLS`), footfall by cell."""

HEAT_PERCENTILE = 95.0
"""A heat layer's colour scale tops out at this percentile of the cells with a value."""


def cell_colours(
    model: SafeCityModel, heat: str, dark: bool
) -> tuple[np.ndarray, tuple[Normalize, Colormap] | None]:
    """Each cell's colour, ``(n_cells, 3)`` in [0, 1], and the heat layer's colour scale and
    colour map (None without a heat layer: the camera view areas are shown instead).

    Args:
        model: a running model (a :class:`~app.state.WorkshopModel` for footfall and twin
            layers).
        heat: a key of ``HEAT_LAYERS``.
        dark: whether it is dark (unlit streets darken more).
    """
    colours = land_use_colours(model, dark)
    layer = heat_values(model, heat)
    if layer is None:
        cams = model.cameras
        up = cams.coverage > 0
        down = (cams.visible > 0) & ~up
        for mask, colour in ((up, VIEW_WORKING), (down, VIEW_DOWN)):
            colours[mask] = colours[mask] * (1 - VIEW_ALPHA) + np.array(colour) * VIEW_ALPHA
        return colours, None
    values, norm, cmap_name = layer
    cmap = matplotlib.colormaps[cmap_name]
    grey = colours.mean(axis=1, keepdims=True) * np.ones((1, 3))
    heat_colours = cmap(norm(values))[:, :3]
    shown = values != 0
    return np.where(shown[:, None], heat_colours, 0.35 + 0.65 * grey), (norm, cmap)


def land_use_colours(model: SafeCityModel, dark: bool) -> np.ndarray:
    """Land use shaded by street lighting, ``(n_cells, 3)`` in [0, 1]."""
    lut = np.array([rgb(LAND_USE_COLOURS[LandUse(k)][1]) for k in range(len(LandUse))], dtype=float)
    colours = lut[model.city.land_use]
    loss = LIGHT_NIGHT if dark else LIGHT_DAY
    # squared, so that half-lit homes stay readable and only unlit streets turn dark
    colours *= (1.0 - loss * (1.0 - model.city.lighting) ** 2)[:, None]
    return colours


def heat_values(model: SafeCityModel, layer: str) -> tuple[np.ndarray, Normalize, str] | None:
    """Values per cell, their colour scale and colour map for a heat layer (None: none).

    Scales stop at a high percentile of the cells that have any value, not at the maximum,
    so that one extreme cell does not wash the rest of the town out on a projector.
    """

    def by_block(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Block totals, and each cell coloured with its block's total."""
        totals = block_sums(model.city, values)
        return totals, totals[block_of(model.city)]

    if layer == "footfall":
        values = np.asarray(getattr(model, "footfall_total", model.people), dtype=float)
        return values, Normalize(0, robust_top(values)), "magma_r"
    if layer in CATEGORIES:
        totals, values = by_block(incident_cells(model, layer).astype(float))
        return values, Normalize(0, robust_top(totals)), "magma_r"
    twin = getattr(model, "twin", None)
    if layer.startswith("twin_") and twin is not None:
        category = layer.removeprefix("twin_")
        diff = (incident_cells(model, category) - incident_cells(twin, category)).astype(float)
        totals, values = by_block(diff)
        span = robust_top(np.abs(totals))
        return values, TwoSlopeNorm(0, -span, span), "PuOr_r"
    return None


def robust_top(values: np.ndarray) -> float:
    """The top of a heat layer's colour scale (at least 1)."""
    nonzero = values[values > 0]
    return max(float(np.percentile(nonzero, HEAT_PERCENTILE)) if len(nonzero) else 0.0, 1.0)
