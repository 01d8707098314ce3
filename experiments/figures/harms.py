"""Who gains, who pays: women's trips forgone and wrongful stops, by resident group."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from experiments.figures.style import empty, figure, jitter, marker_handle, style
from experiments.summaries import trips_forgone_change
from experiments.tables import NOT_ENOUGH, policies_in, policy_label
from sim.params.policies import GROUP_COLOURS, GROUP_LABELS


def harms_by_group(harms: pd.DataFrame, forgone: pd.DataFrame | None = None) -> Figure:
    """Women's trips forgone (change vs twin world, %) and wrongful stops per 1,000 residents,
    by resident group and policy: bars are means over replicates, dots single replicates.

    Args:
        harms: the harms table (``policy, replicate, world, group, residents,
            trips_forgone, wrongful_stops``).
        forgone: :func:`~experiments.summaries.trips_forgone_change` of ``harms``, if the
            report's findings already hold it.
    """
    policies = policies_in(harms)
    with style():
        fig = figure(17, 8.5)
        fig.suptitle(
            "Who gains, who pays: women's trips forgone and wrongful stops, by group\n"
            "Bars: mean over replicates; dots: single replicates."
        )
        left = fig.add_subplot(1, 2, 1)
        right = fig.add_subplot(1, 2, 2)
        if not policies:
            empty(left, "no harms table")
            empty(right, "no harms table")
            return fig
        if forgone is None:
            forgone = trips_forgone_change(harms)
        women = [g for g in GROUP_COLOURS if g.startswith("woman")]
        _grouped_bars(left, forgone, policies, women, "forgone_change_pct")
        left.axhline(0, color="#333333", lw=1)
        left.set_ylabel("women's trips forgone vs twin world (%)")
        left.set_title("Below 0: women give up fewer trips")
        stops = harms[harms["world"] == "policy"].copy()
        stops["per_1000"] = (
            1000 * stops["wrongful_stops"] / stops["residents"].where(stops["residents"] > 0)
        )
        groups = [g for g in GROUP_COLOURS if g in set(stops["group"])]
        _grouped_bars(right, stops, policies, groups, "per_1000")
        if "face_captures" in stops:
            captures = stops.groupby("policy")["face_captures"].sum()
            for i, policy in enumerate(policies):
                if captures.get(policy, 0) == 0:
                    right.text(
                        i,
                        0,
                        "no face\ncaptures",
                        ha="center",
                        va="bottom",
                        transform=right.get_xaxis_transform(),
                        fontsize=12,
                        color="#555555",
                    )
        right.set_ylabel("wrongful stops per 1,000 residents")
        right.set_title("Wrongful stops after a false face match")
        for ax in (left, right):
            ax.set_xticks(range(len(policies)))
            ax.set_xticklabels([policy_label(p) for p in policies], rotation=35, ha="right")
        handles = [
            marker_handle("s", GROUP_COLOURS[g], True, GROUP_LABELS.get(g, g))
            for g in GROUP_COLOURS
        ]
        fig.legend(handles=handles, loc="outside lower center", ncols=4, frameon=False)
    return fig


def _grouped_bars(
    ax: Axes, df: pd.DataFrame, policies: Sequence[str], groups: Sequence[str], column: str
) -> None:
    width = 0.8 / max(1, len(groups))
    drawn = False
    for k, group in enumerate(groups):
        offset = (k - (len(groups) - 1) / 2) * width
        for i, policy in enumerate(policies):
            values = df.loc[(df["policy"] == policy) & (df["group"] == group), column].to_numpy(
                float
            )
            values = values[np.isfinite(values)]
            if not len(values):
                continue
            drawn = True
            ax.bar(i + offset, values.mean(), width * 0.9, color=GROUP_COLOURS.get(group))
            ax.scatter(
                i + offset + jitter(len(values), width * 0.25),
                values,
                s=18,
                color="black",
                zorder=3,
            )
    if not drawn:
        ax.text(0.5, 0.5, NOT_ENOUGH, ha="center", va="center", transform=ax.transAxes)
