"""The map of where incidents moved, policy minus twin, per 100 m cell."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import TwoSlopeNorm
from matplotlib.figure import Figure

from experiments.figures.style import empty, figure, style
from experiments.tables import CATEGORIES, NOT_ENOUGH, policy_label


def mean_moved(
    moved: pd.DataFrame,
    policy: str,
    category: str,
    shape: tuple[int, int],
    n_replicates: int | None = None,
) -> np.ndarray:
    """Mean over replicates of after-period incidents per cell, policy minus twin, as an array
    indexed ``[y, x]``. Cells absent from ``moved`` (no change) count as 0.

    Args:
        moved: the moved table (``policy, category, replicate, x, y, change``).
        policy: policy to map.
        category: ``spectacular`` or ``everyday``.
        shape: grid size ``(width, height)`` in cells.
        n_replicates: replicates run (default: those present in ``moved`` for the policy).
    """
    width, height = shape
    grid = np.zeros((height, width))
    sel = moved[(moved["policy"] == policy) & (moved["category"] == category)]
    if n_replicates is None:
        n_replicates = moved.loc[moved["policy"] == policy, "replicate"].nunique()
    if sel.empty or not n_replicates:
        return grid
    np.add.at(grid, (sel["y"].to_numpy(int), sel["x"].to_numpy(int)), sel["change"].to_numpy())
    return grid / n_replicates


def moved_map(
    moved: pd.DataFrame,
    policies: Sequence[str] = ("safe_city", "safe_city_type_displacement"),
    shape: tuple[int, int] | None = None,
    n_replicates: dict[str, int] | None = None,
    footprint: pd.DataFrame | None = None,
) -> Figure:
    """Where incidents moved: mean over replicates of after-period incidents per 100 m cell,
    policy minus twin, for each of ``policies`` (rows) and category (columns), on a diverging
    scale centred at 0. With ``footprint`` (``policy, replicate, x, y`` of the cells in camera
    view), the area in view in at least half the replicates is outlined.

    Args:
        moved: the moved table.
        policies: policies to map; those absent from ``moved`` are skipped.
        shape: grid ``(width, height)`` in cells (default: the extent of ``moved``).
        n_replicates: replicates run per policy (default: those present in ``moved``).
        footprint: optional treatment cells per policy and replicate.
    """
    has_cells = moved is not None and not moved.empty and {"x", "y", "policy"} <= set(moved)
    run = set(n_replicates or {}) | (set(moved["policy"]) if has_cells else set())
    present = [p for p in policies if p in run] if has_cells else []
    if shape is None and present:
        shape = (int(moved["x"].max()) + 1, int(moved["y"].max()) + 1)
    with style():
        n_rows = max(1, len(present))
        fig = figure(15, 6.5 * n_rows + 1.2)
        grey = (
            "; grey: in camera view (darker: more replicates)"
            if footprint is not None and not footprint.empty
            else ""
        )
        fig.suptitle(
            "Where incidents went: after-period incidents per 100 m cell, policy minus twin\n"
            f"Purple: fewer than without the policy; orange: more{grey}."
        )
        if not present:
            empty(fig.add_subplot(1, 1, 1), f"no moved incidents to map: {NOT_ENOUGH}")
            return fig
        for i, policy in enumerate(present):
            reps = (n_replicates or {}).get(policy)
            outline = _footprint_share(footprint, policy, shape)
            for j, category in enumerate(CATEGORIES):
                ax = fig.add_subplot(n_rows, len(CATEGORIES), i * len(CATEGORIES) + j + 1)
                grid = mean_moved(moved, policy, category, shape, reps)
                n = reps or moved.loc[moved["policy"] == policy, "replicate"].nunique()
                _draw_map(fig, ax, grid, outline)
                ax.set_title(
                    f"{policy_label(policy, one_line=True)}\n{category} (mean of {n} replicates)"
                )
    return fig


def _footprint_share(
    footprint: pd.DataFrame | None, policy: str, shape: tuple[int, int]
) -> np.ndarray | None:
    """Share of replicates in which each cell was in camera view, indexed ``[y, x]``."""
    if footprint is None or footprint.empty or "policy" not in footprint:
        return None
    sel = footprint[footprint["policy"] == policy]
    if sel.empty:
        return None
    share = np.zeros((shape[1], shape[0]))
    keep = (sel["x"] < shape[0]) & (sel["y"] < shape[1])
    np.add.at(share, (sel["y"][keep].to_numpy(int), sel["x"][keep].to_numpy(int)), 1.0)
    return share / max(1, sel["replicate"].nunique())


def _draw_map(fig: Figure, ax: Axes, grid: np.ndarray, outline: np.ndarray | None) -> None:
    # The colour scale ends at the 98th percentile of the changed cells, so that a handful of
    # extreme cells do not wash out the rest; cells beyond it take the end colours.
    changed = np.abs(grid[grid != 0])
    limit = float(np.percentile(changed, 98)) if changed.size else 1.0
    limit = limit or 1.0
    if outline is not None:
        # Where the policy acted: grey, darker the more replicates had the cell in view.
        ax.imshow(
            np.ma.masked_equal(outline, 0),
            origin="lower",
            cmap="Greys",
            vmin=0,
            vmax=1.6,
            interpolation="nearest",
        )
    image = ax.imshow(
        np.ma.masked_equal(grid, 0),
        origin="lower",
        cmap="PuOr_r",
        norm=TwoSlopeNorm(vcenter=0.0, vmin=-limit, vmax=limit),
        interpolation="nearest",
    )
    ax.set_facecolor("white")
    extend = "both" if changed.size and changed.max() > limit else "neither"
    bar = fig.colorbar(image, ax=ax, shrink=0.85, extend=extend)
    bar.set_label("incidents per cell vs twin")
    ax.set_xlabel("x (100 m cells)")
    ax.set_ylabel("y (100 m cells)")
    if not grid.any():
        ax.text(
            0.5,
            0.5,
            f"no change: {NOT_ENOUGH}",
            ha="center",
            va="center",
            transform=ax.transAxes,
            bbox={"facecolor": "white"},
        )
