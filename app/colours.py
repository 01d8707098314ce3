"""What each mark on the map looks like: the palette, the land-use colours, and the legend.

Colours are Okabe & Ito's (2008) colour-blind-safe palette; every kind of mark also has its own
shape, so the map still reads in greyscale.
"""

from __future__ import annotations

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from sim.params.policies import OKABE_ITO
from sim.world.city import LandUse

# Okabe-Ito palette
BLACK = OKABE_ITO["black"]
ORANGE = OKABE_ITO["orange"]
SKY_BLUE = OKABE_ITO["sky_blue"]
BLUISH_GREEN = OKABE_ITO["green"]
YELLOW = OKABE_ITO["yellow"]
BLUE = OKABE_ITO["blue"]
VERMILLION = OKABE_ITO["vermillion"]
REDDISH_PURPLE = OKABE_ITO["purple"]
GREY = "#7F7F7F"

LAND_USE_COLOURS = {
    LandUse.OPEN: ("open land", "#D9E6CF"),
    LandUse.RESIDENTIAL: ("homes", "#F2ECE1"),
    LandUse.MARKET: ("markets", "#F3D3A7"),
    LandUse.ARTERIAL: ("main roads", "#B9B9B9"),
    LandUse.TRANSIT: ("transit stops", "#8C8C8C"),
    LandUse.INDUSTRIAL: ("industry", "#D5D0E3"),
}
"""Muted land-use colours, so that the marks on top stand out."""

VIEW_WORKING = (0.0, 0.62, 0.45)  # bluish green
VIEW_DOWN = (0.35, 0.35, 0.35)
VIEW_ALPHA = 0.38


def legend_handles() -> list:
    """The map's legend: one entry per kind of mark and per land use, drawn as on the map."""

    def mark(label, marker, colour, edge=BLACK, size=10):
        return Line2D(
            [],
            [],
            ls="",
            marker=marker,
            markersize=size,
            markerfacecolor=colour,
            markeredgecolor=edge,
            label=label,
        )

    return [
        mark("resident out", "o", GREY, edge=GREY, size=5),
        mark("woman commuter out", "^", REDDISH_PURPLE),
        mark("street offender", "D", ORANGE),
        mark("police officer", "P", BLUE, edge="white", size=13),
        mark("camera site working", "s", BLUISH_GREEN),
        mark("camera site down", "X", GREY),
        Patch(facecolor=(*VIEW_WORKING, VIEW_ALPHA + 0.2), label="camera view"),
        Patch(facecolor=(*VIEW_DOWN, VIEW_ALPHA + 0.2), label="view lost (down)"),
        mark("spectacular incident", "*", VERMILLION, size=16),
        mark("everyday incident", "o", YELLOW),
        mark("property incident (vehicle theft)", "h", SKY_BLUE),
        *[Patch(facecolor=c, edgecolor=GREY, label=n) for n, c in LAND_USE_COLOURS.values()],
        Patch(facecolor="#3A3A3A", label="unlit (dark at night)"),
    ]


def rgb(hex_colour: str) -> tuple[float, float, float]:
    """``#RRGGBB`` as red, green and blue in [0, 1]."""
    h = hex_colour.lstrip("#")
    return tuple(int(h[i : i + 2], 16) / 255 for i in (0, 2, 4))


def rgba(hex_colour: str) -> np.ndarray:
    """``#RRGGBB`` as an opaque RGBA array in [0, 1]."""
    return np.array([*rgb(hex_colour), 1.0])
