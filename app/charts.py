"""The live charts as a matplotlib figure kept between frames: incidents by category in and out
of camera view; detected, reported and recorded against true; women's trips made and forgone;
wrongful stops by group. Both the app (:mod:`app.panels`) and ``safecity-animate`` draw with
:class:`ChartsView`.
"""

from __future__ import annotations

import math
import threading
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from app.colours import BLACK, BLUE, BLUISH_GREEN, ORANGE, REDDISH_PURPLE, SKY_BLUE, VERMILLION
from app.frames import encode, model_lock
from app.state import EVERYDAY_CODES, PROPERTY_CODES, SPECTACULAR_CODES
from sim.params.policies import GROUP_COLOURS, GROUP_LABELS
from sim.world.clock import HOURS_PER_DAY

if TYPE_CHECKING:
    from sim.model import SafeCityModel

CHARTS_SIZE_IN = (6.8, 7.6)
"""Charts figure, two by two, as high as the map."""

LINE_PANELS: dict[str, tuple[str, tuple[tuple[str, str, str, str, float], ...]]] = {
    "view": (
        "Incidents in and out\nof camera view",
        (
            ("spec_in", "spectacular, in view", VERMILLION, "-", 2.5),
            ("spec_out", "spectacular, out", VERMILLION, "--", 2.5),
            ("every_in", "everyday, in view", BLUE, "-", 2.5),
            ("every_out", "everyday, out", BLUE, "--", 2.5),
            ("prop_in", "property, in view", SKY_BLUE, "-", 2.5),
            ("prop_out", "property, out", SKY_BLUE, "--", 2.5),
            ("twin_spec", "spectacular, twin (all)", VERMILLION, ":", 1.8),
            ("twin_every", "everyday, twin (all)", BLUE, ":", 1.8),
        ),
    ),
    "truth": (
        "True incidents vs\ndetected and recorded",
        (
            ("incidents", "true", BLACK, "-", 2.5),
            ("detected", "camera detected", BLUISH_GREEN, "-", 2.5),
            ("reported", "reported", SKY_BLUE, "-", 2.5),
            ("recorded", "police recorded", ORANGE, "-", 2.5),
            ("twin_recorded", "recorded, twin", ORANGE, ":", 1.8),
        ),
    ),
    "trips": (
        "Women's trips\nmade and forgone",
        (
            ("women_trips", "trips made", REDDISH_PURPLE, "-", 2.5),
            ("women_trips_forgone", "trips forgone", REDDISH_PURPLE, "--", 2.5),
            ("twin_trips", "made, twin", REDDISH_PURPLE, ":", 1.8),
        ),
    ),
}
"""Line charts by key: title and lines (key, label, colour, line style, width); ``twin_`` lines
are drawn only while the twin runs."""
STOPS_TITLE = "Wrongful stops after\nfalse face matches"
PANELS = ("view", "truth", "trips", "stops")
"""Every chart, in the order of the two-by-two grid."""

STOP_GROUP_KEYS = ("man/majority", "woman/majority", "man/minority", "woman/minority")
"""Resident groups in the order of ``gender + 2 * group`` (see :func:`_stops_by_group`)."""
STOP_GROUPS = tuple(GROUP_LABELS[g] for g in STOP_GROUP_KEYS)


class ChartsView:
    """The live charts: incidents by category in and out of camera view; detected, reported and
    recorded against true; women's trips made and forgone; wrongful stops by group. With the
    twin running, its lines are drawn dotted beside this town's.

    Axis limits grow in steps (1, 2, 5 times a power of ten; days in powers of two), so that
    most frames only redraw the lines and bars over a copy of the axes, ticks and legends.

    Args:
        panels: which charts, from ``PANELS`` (four make a two-by-two grid).
        width_in: figure width in inches (100 pixels an inch).
        height_in: figure height in inches.
    """

    def __init__(
        self,
        panels: tuple[str, ...] = PANELS,
        width_in: float = CHARTS_SIZE_IN[0],
        height_in: float = CHARTS_SIZE_IN[1],
    ):
        unknown = set(panels) - set(PANELS)
        if unknown or not panels:
            raise ValueError(f"charts {sorted(unknown)}: expected some of {', '.join(PANELS)}")
        self.lock = threading.Lock()
        self.fig = Figure(figsize=(width_in, height_in), dpi=100, layout="constrained")
        FigureCanvasAgg(self.fig)
        cols = 1 if len(panels) == 1 else 2
        axes = np.atleast_1d(self.fig.subplots(math.ceil(len(panels) / cols), cols)).ravel()
        for ax in axes[len(panels) :]:
            ax.set_visible(False)
        self.lines: dict[object, dict[str, Line2D]] = {}
        self.ax_stops = None
        for ax, panel in zip(axes, panels, strict=False):
            ax.tick_params(labelsize=11)
            ax.grid(alpha=0.3)
            if panel == "stops":
                self._stops_panel(ax)
                continue
            title, specs = LINE_PANELS[panel]
            ax.set_title(title, fontsize=13)
            ax.set_xlabel("day", fontsize=11)
            self.lines[ax] = {
                key: ax.plot([], [], color=colour, ls=ls, lw=lw, label=label, animated=True)[0]
                for key, label, colour, ls, lw in specs
            }
        self._frame_key: tuple | None = None
        self._background = None

    def _stops_panel(self, ax) -> None:
        ax.set_title(STOPS_TITLE, fontsize=13)
        self.ax_stops = ax
        self.bars = ax.bar(
            range(4),
            np.zeros(4),
            color=[GROUP_COLOURS[g] for g in STOP_GROUP_KEYS],
            edgecolor=BLACK,
            animated=True,
        )
        self.bar_labels = [
            ax.text(i, 0, "0", ha="center", va="bottom", fontsize=12, animated=True)
            for i in range(4)
        ]
        ax.set_xticks(range(4), [g.replace(", ", "\n") for g in STOP_GROUPS])

    def draw(self, model: SafeCityModel, fmt: str = "jpeg") -> bytes:
        """Draw the charts for the model as it is now and return the image (``jpeg``, ``png``)."""
        with self.lock:
            with model_lock(model):
                self.update(model)
            self.render()
            return encode(self.fig.canvas, fmt)

    def update(self, model: SafeCityModel) -> None:
        """Set every line and bar from the model (without drawing)."""
        twin = getattr(model, "twin", None)
        data = _line_data(model)
        if twin is not None:
            t = _line_data(twin)
            days = t["days"]
            data["twin_spec"] = t["spec_in"] + t["spec_out"]
            data["twin_every"] = t["every_in"] + t["every_out"]
            data["twin_recorded"] = t["recorded"]
            data["twin_trips"] = t["women_trips"]
        for group in self.lines.values():
            for key, line in group.items():
                is_twin = key.startswith("twin_")
                line.set_visible(twin is not None or not is_twin)
                if line.get_visible():
                    line.set_data(days if is_twin else data["days"], data[key])

        stops_top = 0.0
        if self.ax_stops is not None:
            stops = _stops_by_group(model)
            for bar, label, value in zip(self.bars, self.bar_labels, stops, strict=True):
                bar.set_height(value)
                label.set_y(value)
                label.set_text(f"{int(value)}")
            stops_top = _step_up(stops.max() * 1.2)

        day_max = _step_up_days(data["days"][-1] if len(data["days"]) else 0.0)
        y_max = tuple(
            _step_up(max(ln.get_ydata().max(initial=0) for ln in g.values() if ln.get_visible()))
            for g in self.lines.values()
        )
        key = (twin is not None, day_max, y_max, stops_top)
        if key != self._frame_key:
            self._set_frame(*key)
            self._frame_key = key

    def _set_frame(self, twin: bool, day_max: float, y_max: tuple, stops_max: float) -> None:
        """New axis limits and legends: the static background is drawn again."""
        for (ax, group), top in zip(self.lines.items(), y_max, strict=True):
            ax.set_xlim(0, day_max)
            ax.set_ylim(0, top)
            handles = [ln for k, ln in group.items() if twin or not k.startswith("twin_")]
            ax.legend(handles=handles, fontsize=9.5, loc="upper left", framealpha=0.85)
        if self.ax_stops is not None:
            self.ax_stops.set_ylim(0, stops_max)
        self._background = None

    def render(self) -> None:
        """Draw the figure onto its canvas (lines and bars over a copy of the rest)."""
        canvas = self.fig.canvas
        if self._background is None:
            canvas.draw()
            self._background = canvas.copy_from_bbox(self.fig.bbox)
        canvas.restore_region(self._background)
        for group in self.lines.values():
            for line in group.values():
                if line.get_visible():
                    self.fig.draw_artist(line)
        if self.ax_stops is not None:
            for artist in (*self.bars, *self.bar_labels):
                self.fig.draw_artist(artist)


def _step_up(value: float, floor: float = 5.0) -> float:
    """The smallest of 1, 2, 5 times a power of ten that is at least ``value`` (and ``floor``)."""
    value = max(value, floor)
    power = 10.0 ** math.floor(math.log10(value))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= value)


def _step_up_days(days: float) -> float:
    """Days shown on the time axes: the next power of two (at least one day)."""
    return float(2 ** math.ceil(math.log2(max(days, 1.0))))


def _line_data(model: SafeCityModel) -> dict[str, np.ndarray]:
    """Running totals per tick of what the line charts draw, with ``days`` (the x values)."""
    mv = model.datacollector.model_vars
    n = len(mv["incidents"])
    out = {"days": (np.arange(n) + 1) / HOURS_PER_DAY}
    for key in (
        "incidents",
        "detected",
        "reported",
        "recorded",
        "women_trips",
        "women_trips_forgone",
    ):
        out[key] = np.cumsum(np.asarray(mv[key], dtype=float))
    log = model.events
    ticks = log.column("tick")
    offence = log.column("offence")
    spectacular, everyday = SPECTACULAR_CODES[offence], EVERYDAY_CODES[offence]
    stolen = PROPERTY_CODES[offence]
    in_view = log.column("in_view")
    for key, sel in (
        ("spec_in", spectacular & in_view),
        ("spec_out", spectacular & ~in_view),
        ("every_in", everyday & in_view),
        ("every_out", everyday & ~in_view),
        ("prop_in", stolen & in_view),
        ("prop_out", stolen & ~in_view),
    ):
        out[key] = np.cumsum(np.bincount(ticks[sel], minlength=n)[:n]).astype(float)
    return out


def _stops_by_group(model: SafeCityModel) -> np.ndarray:
    """Wrongful stops so far by group, in the order of ``STOP_GROUPS``."""
    r = model.residents
    index = r.gender.astype(np.int64) + 2 * r.group.astype(np.int64)
    return np.bincount(index, weights=model.face_recognition.wrongful_stops, minlength=4)[:4]
