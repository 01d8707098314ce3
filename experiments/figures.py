"""Figures of the displacement experiment, drawn from its result tables.

Every function takes the experiment's DataFrames (``effects``, ``harms``, ``moved``; see
:func:`sim.experiment.effects`, :func:`~sim.experiment.harms`, :func:`~sim.experiment.moved`)
and returns a :class:`matplotlib.figure.Figure`; none touches a live model. Figures are built
without pyplot (no global figure registry, no interactive backend) and saved by the caller.
They are meant for a projector: large type, labelled axes with units, titles that say what to
look at, and the colour-blind-safe Okabe-Ito palette (Okabe & Ito 2008, *Color Universal
Design*). Every function draws a "not enough incidents" panel instead of failing when its data
are empty or all missing.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import TwoSlopeNorm
from matplotlib.figure import Figure

from sim.params.policies import OKABE_ITO, POLICIES

POLICY_COLOURS = {name: p.colour for name, p in POLICIES.items()}
POLICY_LABELS = {name: p.label for name, p in POLICIES.items()}
GROUP_LABELS = {
    "man/majority": "men, majority",
    "man/minority": "men, minority",
    "woman/majority": "women, majority",
    "woman/minority": "women, minority",
}
GROUP_COLOURS = {
    "man/majority": OKABE_ITO["sky_blue"],
    "man/minority": OKABE_ITO["blue"],
    "woman/majority": OKABE_ITO["orange"],
    "woman/minority": OKABE_ITO["vermillion"],
}
STATUS_LABELS = {
    "zero_count": "a count was 0",
    "no_success": "no drop in view",
    "unstable": "drop < 5%",
}
"""Why a WDQ is missing (:class:`sim.metrics.WdqStatus`), in words."""
CATEGORIES = ("spectacular", "everyday")
CATEGORY_TITLES = {
    "spectacular": "Spectacular violence (robbery)",
    "everyday": "Everyday violence (harassment, domestic)",
}
WDQ_LIMIT = 3.0
"""WDQs beyond +-this are drawn on the edge of the axis, with their value written beside."""
CHANGE_LIMIT_PCT = (-100.0, 400.0)
"""Relative changes beyond this range (in %) are drawn on the edge of the axis."""
NOT_ENOUGH = "not enough incidents"

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
    """The policy's colour, the same in every figure (grey for a policy not listed)."""
    return POLICY_COLOURS.get(policy, "#777777")


def policy_label(policy: str, one_line: bool = False) -> str:
    """A short plain-language name of a policy file."""
    label = POLICY_LABELS.get(policy, policy.replace("_", " "))
    return label.replace("\n", " ") if one_line else label


def policies_in(df: pd.DataFrame, column: str = "policy") -> list[str]:
    """Policies in order of first appearance (the order of the experiment's config)."""
    if df is None or df.empty or column not in df:
        return []
    return list(dict.fromkeys(df[column].dropna()))


def category_rows(effects: pd.DataFrame) -> pd.DataFrame:
    """The per-category rows of the effects table (drops the per-offence rows)."""
    if effects is None or "level" not in effects:
        known = [] if effects is None else list(effects.columns)
        columns = dict.fromkeys(["policy", "category", "replicate", *known])
        return pd.DataFrame(columns=list(columns))
    return effects[effects["level"] == "category"]


def twin_quotient(effects: pd.DataFrame) -> pd.Series:
    """The twin world's counterpart of the WDQ: incidents prevented in the buffer over those
    prevented in view (``true_prevented_buffer / true_prevented_treatment``). Positive:
    diffusion of benefits; negative: displacement into the buffer. NaN where nothing was
    prevented in view, as the WDQ is undefined where the treatment did not work."""
    direct = effects["true_prevented_treatment"].astype(float)
    return (effects["true_prevented_buffer"].astype(float) / direct).where(direct > 0)


def _figure(width: float, height: float) -> Figure:
    return Figure(figsize=(width, height), layout="constrained")


def _empty(ax: Axes, text: str = NOT_ENOUGH) -> None:
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes, color="#555555")
    ax.set_axis_off()


def _jitter(n: int, width: float = 0.12) -> np.ndarray:
    """Deterministic, evenly spread horizontal offsets for n points (no random state)."""
    return np.linspace(-width, width, n) if n > 1 else np.zeros(n)


def _clip(values: np.ndarray, lo: float, hi: float) -> tuple[np.ndarray, np.ndarray]:
    clipped = np.clip(values, lo, hi)
    return clipped, clipped != values


def wdq_by_policy(effects: pd.DataFrame) -> Figure:
    """The field WDQ per policy and category: one dot per replicate, a bar at the median, and
    below each panel how many replicates had no reportable WDQ, by reason (``wdq_status``).

    Args:
        effects: the experiment's effects table (columns ``policy, level, category,
            replicate, wdq, wdq_status`` and optionally ``true_wdq, true_wdq_status``).
    """
    rows = category_rows(effects)
    policies = policies_in(rows)
    with _style():
        fig = _figure(16, 9)
        fig.suptitle(
            "Field WDQ: did crime move to the buffer (below 0) or did the benefit spread "
            "(above 0)?\nOne dot per replicate; bar = median. The strip below counts "
            "replicates where no WDQ could be computed."
        )
        grid = fig.add_gridspec(2, len(CATEGORIES), height_ratios=[5, 1.4])
        for j, category in enumerate(CATEGORIES):
            ax = fig.add_subplot(grid[0, j])
            strip = fig.add_subplot(grid[1, j], sharex=ax)
            ax.set_title(CATEGORY_TITLES[category])
            cat = rows[rows["category"] == category] if len(rows) else rows
            if not policies or cat.empty:
                _empty(ax, "no results")
                _empty(strip, "")
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
                    f"no reportable field WDQ: {NOT_ENOUGH} recorded",
                    ha="center",
                    va="top",
                    transform=ax.transAxes,
                    bbox={"facecolor": "white", "edgecolor": "#999999"},
                )
            strip.set_xticks(range(len(policies)))
            strip.set_xticklabels([policy_label(p) for p in policies], rotation=35, ha="right")
        handles = [
            _marker_handle("o", "#555555", filled=True, label="WDQ on recorded crime (field)"),
            _marker_handle("o", "#555555", filled=False, label="WDQ if every incident were seen"),
        ]
        fig.legend(handles=handles, loc="outside lower center", ncols=2, frameon=False)
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
        y, out = _clip(ok, -WDQ_LIMIT, WDQ_LIMIT)
        ax.scatter(i - 0.15 + _jitter(len(y), 0.08), y, s=110, color=colour, zorder=3)
        ax.hlines(np.median(ok), i - 0.32, i + 0.02, color="black", lw=3, zorder=4)
        for k in np.flatnonzero(out):
            ax.annotate(f"{ok[k]:.1f}", (i - 0.15, y[k]), xytext=(6, 0), textcoords="offset points")
    if "true_wdq" in p and "true_wdq_status" in p:
        true_ok = p[p["true_wdq_status"] == "ok"]["true_wdq"].dropna().to_numpy(dtype=float)
        if len(true_ok):
            y, _ = _clip(true_ok, -WDQ_LIMIT, WDQ_LIMIT)
            ax.scatter(
                i + 0.15 + _jitter(len(y), 0.08),
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


def _marker_handle(marker: str, colour: str, filled: bool, label: str):
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
    with _style():
        fig = _figure(16, 8.5)
        fig.suptitle(
            "What the field WDQ says against what truly happened in camera view\n"
            "Left of 0: the policy truly cut incidents in view (twin world). "
            "Up/down: diffusion/displacement by the WDQ."
        )
        grid = fig.add_gridspec(2, len(CATEGORIES), height_ratios=[5, 1])
        for j, category in enumerate(CATEGORIES):
            ax = fig.add_subplot(grid[0, j])
            strip = fig.add_subplot(grid[1, j], sharex=ax)
            ax.set_title(CATEGORY_TITLES[category])
            cat = rows[rows["category"] == category] if len(rows) else rows
            x_all = 100 * cat["true_relative_change_treatment"].astype(float) if len(cat) else []
            if len(cat) == 0 or np.all(np.isnan(np.asarray(x_all, dtype=float))):
                _empty(ax)
                _empty(strip, "")
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
                y, out = _clip(wdq, -WDQ_LIMIT, WDQ_LIMIT)
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
                    y_seen, _ = _clip(
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
            strip.set_xlabel("true change in view vs twin world (%)")
        fig.legend(
            handles=[
                _marker_handle("o", policy_colour(p), True, policy_label(p, one_line=True))
                for p in policies
            ]
            + [
                _marker_handle("o", "#555555", True, "field WDQ (recorded crime)"),
                _marker_handle("o", "#555555", False, "WDQ if every incident were seen"),
                _marker_handle("x", "#555555", True, "no field WDQ (too few recorded)"),
            ],
            loc="outside right center",
            frameon=False,
        )
    return fig


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
    with _style():
        fig = _figure(16, 7.5)
        fig.suptitle(
            "Incidents prevented: the field estimate (TNE) against the truth\n"
            "On the diagonal the evaluator would be right. Filled: recorded crime; "
            "hollow: if every incident were recorded."
        )
        for j, category in enumerate(CATEGORIES):
            ax = fig.add_subplot(1, len(CATEGORIES), j + 1)
            ax.set_title(CATEGORY_TITLES[category])
            cat = rows[rows["category"] == category] if len(rows) else rows
            if cat.empty:
                _empty(ax)
                continue
            truth = (cat["true_prevented_treatment"] + cat["true_prevented_buffer"]).astype(float)
            estimates = cat[["tne", "true_tne"] if "true_tne" in cat else ["tne"]].astype(float)
            has_estimate = np.isfinite(estimates).any(axis=1)
            values = pd.concat([truth[has_estimate], *(estimates[c] for c in estimates)])
            values = values[np.isfinite(values)]
            if values.empty:
                _empty(ax)
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
            ax.set_xlabel("truly prevented in view + buffer (incidents, twin world)")
            ax.set_ylabel("TNE estimate (incidents)")
        fig.legend(
            handles=[
                _marker_handle("o", policy_colour(p), True, policy_label(p, one_line=True))
                for p in policies
            ],
            loc="outside right center",
            frameon=False,
        )
    return fig


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
    with _style():
        n_rows = max(1, len(present))
        fig = _figure(15, 6.5 * n_rows + 1.2)
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
            _empty(fig.add_subplot(1, 1, 1), f"no moved incidents to map: {NOT_ENOUGH}")
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


def harms_by_group(harms: pd.DataFrame) -> Figure:
    """Women's trips forgone (change vs twin world, %) and wrongful stops per 1,000 residents,
    by resident group and policy: bars are means over replicates, dots single replicates.

    Args:
        harms: the harms table (``policy, replicate, world, group, residents,
            trips_forgone, wrongful_stops``).
    """
    policies = policies_in(harms)
    with _style():
        fig = _figure(17, 8.5)
        fig.suptitle(
            "Who gains, who pays: women's trips forgone and wrongful stops, by group\n"
            "Bars: mean over replicates; dots: single replicates."
        )
        left = fig.add_subplot(1, 2, 1)
        right = fig.add_subplot(1, 2, 2)
        if not policies:
            _empty(left, "no harms table")
            _empty(right, "no harms table")
            return fig
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
            _marker_handle("s", GROUP_COLOURS[g], True, GROUP_LABELS.get(g, g))
            for g in GROUP_COLOURS
        ]
        fig.legend(handles=handles, loc="outside lower center", ncols=4, frameon=False)
    return fig


def trips_forgone_change(harms: pd.DataFrame) -> pd.DataFrame:
    """Per policy, replicate and group: trips forgone in the policy world (``forgone``) and in
    the twin (``twin_forgone``), and the change (count and % of the twin's).

    Args:
        harms: the harms table (``policy, replicate, world, group, trips_forgone``).
    """
    key = ["policy", "replicate", "group"]
    worlds = {"policy": "forgone", "twin": "twin_forgone"}
    wide = (
        harms.assign(world=harms["world"].map(worlds))
        .pivot_table(index=key, columns="world", values="trips_forgone", aggfunc="sum")
        .reset_index()
        .rename_axis(columns=None)
    )
    for column in worlds.values():
        if column not in wide:
            wide[column] = np.nan
    wide["forgone_change"] = wide["forgone"] - wide["twin_forgone"]
    twin = wide["twin_forgone"].where(wide["twin_forgone"] > 0)
    wide["forgone_change_pct"] = 100 * wide["forgone_change"] / twin
    return wide


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
                i + offset + _jitter(len(values), width * 0.25),
                values,
                s=18,
                color="black",
                zorder=3,
            )
    if not drawn:
        ax.text(0.5, 0.5, NOT_ENOUGH, ha="center", va="center", transform=ax.transAxes)


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
    with _style():
        fig = _figure(17, 8.5)
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
                _empty(ax)
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
                    shown, _ = _clip(values, lo, hi)
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
                _empty(ax)
                continue
            ax.set_yticks(range(len(policies)))
            ax.set_yticklabels([policy_label(p, one_line=True) for p in policies] if j == 0 else [])
            ax.set_ylim(len(policies) - 0.5, -0.5)
            ax.set_xlabel("change in incidents (%)")
            ax.grid(axis="x", color="#dddddd")
        fig.legend(
            handles=[_marker_handle(m, c, True, label) for _, label, m, c in RECORDED_SERIES],
            loc="outside lower center",
            ncols=3,
            frameon=False,
        )
    return fig


def _style():
    """The projector style, applied while a figure is built."""
    import matplotlib as mpl

    return mpl.rc_context(STYLE)
