"""Figures of a sensitivity analysis, drawn from its ``indices.csv`` table.

Both take the indices table (``sim.analysis.design.indices``: ``parameter``, ``outcome`` and the
method's columns) and an outcome name, and return a Figure built without pyplot.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

LABELLED = 8
"""Parameters named on the mu*-sigma plot: the most influential ones."""


def _rows(indices: pd.DataFrame, outcome: str) -> pd.DataFrame:
    return indices[indices["outcome"] == outcome].reset_index(drop=True)


def _empty(fig: Figure, title: str) -> Figure:
    ax = fig.add_subplot()
    ax.text(0.5, 0.5, "no indices (outcome missing or constant)", ha="center", va="center")
    ax.set_axis_off()
    ax.set_title(title)
    return fig


def mu_star_sigma(indices: pd.DataFrame, outcome: str) -> Figure:
    """Morris screening: each parameter's mu* (mean absolute elementary effect) against sigma
    (their spread), with mu*'s confidence interval; the most influential are named."""
    rows = _rows(indices, outcome)
    fig = Figure(figsize=(10, 7), layout="constrained")
    if rows.empty:
        return _empty(fig, outcome)
    ax = fig.add_subplot()
    ax.errorbar(
        rows["mu_star"],
        rows["sigma"],
        xerr=rows["mu_star_conf"],
        fmt="o",
        color="#0072B2",
        ecolor="#9ecae1",
        markersize=5,
    )
    top = rows.nlargest(LABELLED, "mu_star")
    for _, r in top.iterrows():
        ax.annotate(
            r["parameter"],
            (r["mu_star"], r["sigma"]),
            fontsize=9,
            xytext=(4, 3),
            textcoords="offset points",
        )
    hi = float(np.nanmax([rows["mu_star"].max(), rows["sigma"].max(), 1e-12]))
    ax.plot([0, hi], [0, hi], color="#777777", lw=0.8, ls="--", label="sigma = mu*")
    ax.set_xlabel("mu* (mean |elementary effect|, outcome units per range)")
    ax.set_ylabel("sigma (spread of elementary effects)")
    ax.set_title(f"Morris screening of {outcome}")
    ax.legend(loc="upper left")
    return fig


def index_bars(indices: pd.DataFrame, outcome: str, top: int = 20) -> Figure:
    """Variance-based indices: first-order S1 and total ST per parameter (the ``top`` largest
    by ST, or S1 when there is no ST), with their confidence intervals where SALib gives them."""
    rows = _rows(indices, outcome)
    fig = Figure(figsize=(10, 7), layout="constrained")
    cols = [c for c in ("S1", "ST") if c in rows and rows[c].notna().any()]
    if rows.empty or not cols:
        return _empty(fig, outcome)
    key = "ST" if "ST" in rows and rows["ST"].notna().any() else "S1"
    rows = rows.nlargest(top, key).iloc[::-1]
    ax = fig.add_subplot()
    y = np.arange(len(rows))
    height = 0.8 / len(cols)
    for k, (col, colour) in enumerate(zip(cols, ("#0072B2", "#E69F00"), strict=False)):
        err = rows.get(f"{col}_conf", None)
        ax.barh(
            y + k * height, rows[col], height=height, xerr=err, color=colour, label=col, capsize=2
        )
    ax.set_yticks(y + height * (len(cols) - 1) / 2, rows["parameter"], fontsize=9)
    ax.axvline(0, color="#777777", lw=0.8)
    ax.set_xlabel("share of the outcome's variance")
    ax.set_title(f"Sensitivity indices of {outcome} (95 % intervals)")
    ax.legend(loc="lower right")
    return fig
