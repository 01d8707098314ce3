"""The projector style of the report's figures and the helpers every figure shares.

Colours come from the policy registry (:mod:`sim.params.policies`): a policy's colour and
label, the resident groups' colours and the Okabe-Ito palette (Okabe & Ito 2008, *Color
Universal Design*), the same in the app.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from experiments.tables import NOT_ENOUGH
from sim.params.policies import colour

CATEGORY_TITLES = {
    "spectacular": "Spectacular violence (robbery)",
    "everyday": "Everyday violence (harassment, domestic)",
    "property": "Property crime (vehicle theft)",
}


def panel_title(category: str) -> str:
    """The category's title on two lines, its examples on the second, for panels side by
    side."""
    return CATEGORY_TITLES[category].replace(" (", "\n(", 1)


WDQ_LIMIT = 3.0
"""WDQs beyond +-this are drawn on the edge of the axis, with their value written beside."""
CHANGE_LIMIT_PCT = (-100.0, 400.0)
"""Relative changes beyond this range (in %) are drawn on the edge of the axis."""
GREY = "#777777"
"""A policy the registry does not know."""

STYLE = {
    "font.size": 15,
    "axes.titlesize": 17,
    "axes.labelsize": 15,
    "xtick.labelsize": 13,
    "ytick.labelsize": 13,
    "legend.fontsize": 13,
    "figure.titlesize": 20,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def policy_colour(policy: str) -> str:
    """The policy's colour, the same in every figure and the app (grey for one not listed)."""
    return colour(policy, GREY)


def figure(width: float, height: float) -> Figure:
    return Figure(figsize=(width, height), layout="constrained")


def empty(ax: Axes, text: str = NOT_ENOUGH) -> None:
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes, color="#555555")
    ax.set_axis_off()


def jitter(n: int, width: float = 0.12) -> np.ndarray:
    """Deterministic, evenly spread horizontal offsets for n points (no random state)."""
    return np.linspace(-width, width, n) if n > 1 else np.zeros(n)


def clip(values: np.ndarray, lo: float, hi: float) -> tuple[np.ndarray, np.ndarray]:
    clipped = np.clip(values, lo, hi)
    return clipped, clipped != values


def marker_handle(marker: str, colour: str, filled: bool, label: str):
    from matplotlib.lines import Line2D

    return Line2D(
        [],
        [],
        marker=marker,
        ls="none",
        markersize=11,
        markerfacecolor=colour if filled else "none",
        markeredgecolor=colour,
        markeredgewidth=2,
        label=label,
    )


def style():
    """The projector style, applied while a figure is built."""
    import matplotlib as mpl

    return mpl.rc_context(STYLE)
