"""Figures of the field WDQ: per policy, and against the twin-world truth."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from experiments.figures.style import (
    WDQ_LIMIT,
    clip,
    empty,
    figure,
    jitter,
    marker_handle,
    panel_title,
    policy_colour,
    style,
)
from experiments.tables import (
    CATEGORIES,
    NOT_ENOUGH,
    STATUS_LABELS,
    category_rows,
    policies_in,
    policy_label,
)
from sim.params.policies import OKABE_ITO


def wdq_by_policy(effects: pd.DataFrame) -> Figure:
    """The field WDQ per policy and category: one dot per replicate, a bar at the median, and
    below each panel how many replicates had no reportable WDQ, by reason (``wdq_status``).

    Args:
        effects: the experiment's effects table (columns ``policy, level, category,
            replicate, wdq, wdq_status`` and optionally ``true_wdq, true_wdq_status``).
    """
    rows = category_rows(effects)
    policies = policies_in(rows)
    with style():
        fig = figure(6 * len(CATEGORIES) + 6, 9)
        fig.suptitle(
            "Field WDQ: did crime move to the buffer (below 0) or did the benefit spread "
            "(above 0)?\nOne dot per replicate; bar = median. The strip below counts "
            "replicates where no WDQ could be computed."
        )
        grid = fig.add_gridspec(2, len(CATEGORIES), height_ratios=[5, 1.4])
        for j, category in enumerate(CATEGORIES):
            ax = fig.add_subplot(grid[0, j])
            strip = fig.add_subplot(grid[1, j], sharex=ax)
            ax.set_title(panel_title(category))
            cat = rows[rows["category"] == category] if len(rows) else rows
            if not policies or cat.empty:
                empty(ax, "no results")
                empty(strip, "")
                continue
            _wdq_regions(ax)
            n_ok = 0
            for i, policy in enumerate(policies):
                p = cat[cat["policy"] == policy]
                n_ok += _wdq_points(ax, i, p, policy)
            _missing_strip(strip, cat, policies)
            ax.set_xlim(-0.6, len(policies) - 0.4)
            ax.set_ylim(-WDQ_LIMIT * 1.1, WDQ_LIMIT * 1.1)
            ax.set_ylabel("WDQ (recorded crime)")
            ax.tick_params(axis="x", labelbottom=False)
            if n_ok == 0:
                ax.text(
                    0.5,
                    0.93,
                    f"no reportable field WDQ:\n{NOT_ENOUGH} recorded",
                    ha="center",
                    va="top",
                    transform=ax.transAxes,
                    bbox={"facecolor": "white", "edgecolor": "#999999"},
                )
            strip.set_xticks(range(len(policies)))
            strip.set_xticklabels([str(i + 1) for i in range(len(policies))])
            strip.set_xlabel("policy (numbered as in the legend)")
        handles = [
            marker_handle("o", policy_colour(p), True, f"{i + 1}  {policy_label(p, one_line=True)}")
            for i, p in enumerate(policies)
        ] + [
            marker_handle("o", "#555555", filled=True, label="WDQ on recorded crime (field)"),
            marker_handle("o", "#555555", filled=False, label="WDQ if every incident were seen"),
        ]
        fig.legend(handles=handles, loc="outside right center", frameon=False)
    return fig


def _wdq_regions(ax: Axes) -> None:
    """Reference lines at -1, 0, 1 and the name of each region."""
    ax.axhspan(0, WDQ_LIMIT * 1.1, color=OKABE_ITO["green"], alpha=0.07, lw=0)
    ax.axhspan(-WDQ_LIMIT * 1.1, 0, color=OKABE_ITO["vermillion"], alpha=0.07, lw=0)
    for y in (-1, 0, 1):
        ax.axhline(y, color="#333333", lw=1.5 if y == 0 else 1, ls="-" if y == 0 else "--")
    for y, text in (
        (2.0, "diffusion > direct effect"),
        (0.5, "diffusion of benefits"),
        (-0.5, "displacement < direct effect"),
        (-2.0, "displacement > direct effect"),
    ):
        ax.text(
            1.0,
            y,
            text + " ",
            transform=ax.get_yaxis_transform(),
            ha="right",
            va="center",
            fontsize=12,
            color="#444444",
            style="italic",
        )


def _wdq_points(ax: Axes, i: int, p: pd.DataFrame, policy: str) -> int:
    """Dots of one policy's reportable WDQs (field filled, all-incident hollow); returns how
    many field WDQs were reportable."""
    colour = policy_colour(policy)
    ok = p[p["wdq_status"] == "ok"]["wdq"].dropna().to_numpy(dtype=float)
    if len(ok):
        y, out = clip(ok, -WDQ_LIMIT, WDQ_LIMIT)
        ax.scatter(i - 0.15 + jitter(len(y), 0.08), y, s=110, color=colour, zorder=3)
        ax.hlines(np.median(ok), i - 0.32, i + 0.02, color="black", lw=3, zorder=4)
        for k in np.flatnonzero(out):
            ax.annotate(f"{ok[k]:.1f}", (i - 0.15, y[k]), xytext=(6, 0), textcoords="offset points")
    if "true_wdq" in p and "true_wdq_status" in p:
        true_ok = p[p["true_wdq_status"] == "ok"]["true_wdq"].dropna().to_numpy(dtype=float)
        if len(true_ok):
            y, _ = clip(true_ok, -WDQ_LIMIT, WDQ_LIMIT)
            ax.scatter(
                i + 0.15 + jitter(len(y), 0.08),
                y,
                s=90,
                facecolor="none",
                edgecolor=colour,
                lw=2,
                zorder=3,
            )
    return len(ok)


def _missing_strip(ax: Axes, cat: pd.DataFrame, policies: Sequence[str]) -> None:
    """Per policy, the number of replicates without a field WDQ, one row per reason."""
    reasons = list(STATUS_LABELS)
    for i, policy in enumerate(policies):
        status = cat.loc[cat["policy"] == policy, "wdq_status"].astype(str)
        for r, reason in enumerate(reasons):
            n = int((status == reason).sum())
            if n:
                ax.text(i, r, f"{n}", ha="center", va="center", fontsize=13, weight="bold")
    ax.set_ylim(len(reasons) - 0.5, -0.5)
    ax.set_yticks(range(len(reasons)))
    ax.set_yticklabels([STATUS_LABELS[r] for r in reasons], fontsize=11)
    ax.set_ylabel("no WDQ", fontsize=12)
    ax.grid(axis="y", color="#dddddd")
    ax.tick_params(axis="y", length=0)


def wdq_vs_truth(effects: pd.DataFrame) -> Figure:
    """The field WDQ against the true change in view from the twin world, one dot per policy
    and replicate, coloured by policy; replicates without a WDQ sit in a strip below, at their
    true change.

    Args:
        effects: the effects table (``policy, level, category, wdq, wdq_status,
            true_relative_change_treatment``).
    """
    rows = category_rows(effects)
    policies = policies_in(rows)
    with style():
        fig = figure(6 * len(CATEGORIES) + 6, 8.5)
        fig.suptitle(
            "What the field WDQ says against what truly happened in camera view\n"
            "Left of 0: the policy truly cut incidents in view (twin world). "
            "Up/down: diffusion/displacement by the WDQ."
        )
        grid = fig.add_gridspec(2, len(CATEGORIES), height_ratios=[5, 1])
        for j, category in enumerate(CATEGORIES):
            ax = fig.add_subplot(grid[0, j])
            strip = fig.add_subplot(grid[1, j], sharex=ax)
            ax.set_title(panel_title(category))
            cat = rows[rows["category"] == category] if len(rows) else rows
            x_all = 100 * cat["true_relative_change_treatment"].astype(float) if len(cat) else []
            if len(cat) == 0 or np.all(np.isnan(np.asarray(x_all, dtype=float))):
                empty(ax)
                empty(strip, "")
                continue
            for y in (-1, 0, 1):
                ax.axhline(y, color="#333333", lw=1.5 if y == 0 else 1, ls="-" if y == 0 else "--")
            ax.axvline(0, color="#333333", lw=1)
            strip.axvline(0, color="#333333", lw=1)
            n_ok = 0
            for policy in policies:
                p = cat[cat["policy"] == policy]
                x = 100 * p["true_relative_change_treatment"].to_numpy(dtype=float)
                ok = (p["wdq_status"] == "ok").to_numpy() & np.isfinite(
                    p["wdq"].to_numpy(dtype=float)
                )
                wdq = p["wdq"].to_numpy(dtype=float)[ok]
                y, out = clip(wdq, -WDQ_LIMIT, WDQ_LIMIT)
                n_ok += int(ok.sum())
                colour = policy_colour(policy)
                ax.scatter(x[ok], y, s=130, color=colour, edgecolor="white", zorder=4)
                for k in np.flatnonzero(out):
                    ax.annotate(
                        f"{wdq[k]:.1f}",
                        (x[ok][k], y[k]),
                        xytext=(8, -4),
                        textcoords="offset points",
                        fontsize=12,
                    )
                if "true_wdq" in p and "true_wdq_status" in p:
                    seen = (p["true_wdq_status"] == "ok").to_numpy() & np.isfinite(
                        p["true_wdq"].to_numpy(dtype=float)
                    )
                    y_seen, _ = clip(
                        p["true_wdq"].to_numpy(dtype=float)[seen], -WDQ_LIMIT, WDQ_LIMIT
                    )
                    ax.scatter(
                        x[seen], y_seen, s=90, facecolor="none", edgecolor=colour, lw=2, zorder=3
                    )
                strip.scatter(
                    x[~ok],
                    np.zeros((~ok).sum()),
                    s=70,
                    marker="x",
                    color=colour,
                    lw=2,
                    zorder=3,
                )
            if n_ok == 0:
                ax.text(
                    0.5,
                    0.93,
                    f"no reportable field WDQ:\n{NOT_ENOUGH} recorded",
                    ha="center",
                    va="top",
                    transform=ax.transAxes,
                    bbox={"facecolor": "white", "edgecolor": "#999999"},
                )
            ax.set_ylim(-WDQ_LIMIT * 1.1, WDQ_LIMIT * 1.1)
            ax.set_ylabel("field WDQ (recorded crime)")
            ax.text(0.02, 0.97, "diffusion ↑", transform=ax.transAxes, va="top", style="italic")
            ax.text(0.02, 0.03, "displacement ↓", transform=ax.transAxes, style="italic")
            ax.tick_params(axis="x", labelbottom=False)
            strip.set_yticks([0])
            strip.set_yticklabels(["no WDQ"])
            strip.set_ylim(-1, 1)
            strip.set_xlabel("true change in view\nvs twin world (%)")
        fig.legend(
            handles=[
                marker_handle("o", policy_colour(p), True, policy_label(p, one_line=True))
                for p in policies
            ]
            + [
                marker_handle("o", "#555555", True, "field WDQ (recorded crime)"),
                marker_handle("o", "#555555", False, "WDQ if every incident were seen"),
                marker_handle("x", "#555555", True, "no field WDQ (too few recorded)"),
            ],
            loc="outside right center",
            frameon=False,
        )
    return fig
