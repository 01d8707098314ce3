"""Figures of incidents prevented and of recorded crime, each against the twin-world truth."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from experiments.figures.style import (
    CATEGORY_TITLES,
    CHANGE_LIMIT_PCT,
    clip,
    empty,
    figure,
    marker_handle,
    panel_title,
    policy_colour,
    style,
)
from experiments.tables import CATEGORIES, category_rows, policies_in, policy_label
from sim.params.policies import OKABE_ITO


def tne_vs_truth(effects: pd.DataFrame) -> Figure:
    """The field Total Net Effect (incidents prevented in view and buffer, net, by the control
    trend) against the true number prevented there (twin world), one dot per policy and
    replicate; the diagonal is perfect agreement.

    Args:
        effects: the effects table (``tne, true_tne, true_prevented_treatment,
            true_prevented_buffer``).
    """
    rows = category_rows(effects)
    policies = policies_in(rows)
    with style():
        fig = figure(6 * len(CATEGORIES) + 6, 7.5)
        fig.suptitle(
            "Incidents prevented: the field estimate (TNE) against the truth\n"
            "On the diagonal the evaluator would be right. Filled: recorded crime; "
            "hollow: if every incident were recorded."
        )
        for j, category in enumerate(CATEGORIES):
            ax = fig.add_subplot(1, len(CATEGORIES), j + 1)
            ax.set_title(panel_title(category))
            cat = rows[rows["category"] == category] if len(rows) else rows
            if cat.empty:
                empty(ax)
                continue
            truth = (cat["true_prevented_treatment"] + cat["true_prevented_buffer"]).astype(float)
            estimates = cat[["tne", "true_tne"] if "true_tne" in cat else ["tne"]].astype(float)
            has_estimate = np.isfinite(estimates).any(axis=1)
            values = pd.concat([truth[has_estimate], *(estimates[c] for c in estimates)])
            values = values[np.isfinite(values)]
            if values.empty:
                empty(ax)
                continue
            lo, hi = float(values.min()), float(values.max())
            pad = max(1.0, 0.05 * (hi - lo))
            ax.plot([lo - pad, hi + pad], [lo - pad, hi + pad], color="#333333", lw=1, ls="--")
            ax.axhline(0, color="#999999", lw=1)
            ax.axvline(0, color="#999999", lw=1)
            for policy in policies:
                p = cat[cat["policy"] == policy]
                t = (p["true_prevented_treatment"] + p["true_prevented_buffer"]).to_numpy(float)
                colour = policy_colour(policy)
                ax.scatter(t, p["tne"].to_numpy(float), s=110, color=colour, zorder=3)
                if "true_tne" in p:
                    ax.scatter(
                        t,
                        p["true_tne"].to_numpy(float),
                        s=90,
                        facecolor="none",
                        edgecolor=colour,
                        lw=2,
                        zorder=3,
                    )
            ax.set_xlabel("truly prevented in view + buffer\n(incidents, twin world)")
            ax.set_ylabel("TNE estimate (incidents)")
        fig.legend(
            handles=[
                marker_handle("o", policy_colour(p), True, policy_label(p, one_line=True))
                for p in policies
            ],
            loc="outside right center",
            frameon=False,
        )
    return fig


RECORDED_SERIES = (
    ("true_relative_change_treatment", "true change in view vs twin", "o", OKABE_ITO["black"]),
    (
        "recorded_relative_change_treatment",
        "recorded change in view, before → after",
        "D",
        OKABE_ITO["vermillion"],
    ),
    (
        "recorded_relative_change_vs_twin",
        "recorded change town-wide vs twin",
        "s",
        OKABE_ITO["sky_blue"],
    ),
)
"""What the recorded-against-true figure compares: column, legend, marker, colour."""


def recorded_vs_true(effects: pd.DataFrame) -> Figure:
    """The change recorded crime shows next to the true change, per policy and category:
    large markers are means over replicates, small ones single replicates.

    Args:
        effects: the effects table (the columns of :data:`RECORDED_SERIES`).
    """
    rows = category_rows(effects)
    policies = policies_in(rows)
    lo, hi = CHANGE_LIMIT_PCT
    with style():
        fig = figure(17, 8.5)
        fig.suptitle(
            "Recorded crime against the truth: do the official figures show what happened?\n"
            "Black: true change; red and blue: what recorded crime would show. "
            "Big markers: means; small: replicates."
        )
        for j, category in enumerate(CATEGORIES):
            ax = fig.add_subplot(1, len(CATEGORIES), j + 1)
            ax.set_title(CATEGORY_TITLES[category])
            cat = rows[rows["category"] == category] if len(rows) else rows
            columns = [c for c, *_ in RECORDED_SERIES if c in cat]
            if cat.empty or not np.isfinite(cat[columns].to_numpy(float)).any():
                empty(ax)
                continue
            ax.axvline(0, color="#333333", lw=1.2)
            n_drawn = 0
            for i, policy in enumerate(policies):
                p = cat[cat["policy"] == policy]
                for k, (column, _, marker, colour) in enumerate(RECORDED_SERIES):
                    if column not in p:
                        continue
                    y = i + (k - 1) * 0.25
                    values = 100 * p[column].to_numpy(float)
                    values = values[np.isfinite(values)]
                    if not len(values):
                        ax.text(0, y, " n/a", va="center", fontsize=10, color=colour)
                        continue
                    n_drawn += 1
                    shown, _ = clip(values, lo, hi)
                    ax.scatter(shown, np.full(len(shown), y), s=25, marker=marker, color=colour)
                    mean = float(np.clip(values.mean(), lo, hi))
                    ax.scatter(mean, y, s=170, marker=marker, color=colour, edgecolor="white")
                    if values.mean() > hi or values.mean() < lo:
                        ax.annotate(
                            f"{values.mean():+.0f}%",
                            (mean, y),
                            xytext=(0, 8),
                            textcoords="offset points",
                            ha="center",
                            fontsize=10,
                        )
            if n_drawn == 0:
                empty(ax)
                continue
            ax.set_yticks(range(len(policies)))
            ax.set_yticklabels([policy_label(p, one_line=True) for p in policies] if j == 0 else [])
            ax.set_ylim(len(policies) - 0.5, -0.5)
            ax.set_xlabel("change in incidents (%)")
            ax.grid(axis="x", color="#dddddd")
        fig.legend(
            handles=[marker_handle(m, c, True, label) for _, label, m, c in RECORDED_SERIES],
            loc="outside lower center",
            ncols=3,
            frameon=False,
        )
    return fig
