"""Drawing a running town: the map and the live charts, as matplotlib figures kept between frames.

A view builds its figure once and on every frame only changes the data of its artists (image
pixels, marker positions, line data), then encodes the figure as PNG. That is what lets the town
play at ten or more ticks a second with rendering on (docs/workshop.md has the measured figure).
Both the app (``app.components``) and ``safecity-animate`` draw with these views.

Colours are Okabe & Ito's (2008) colour-blind-safe palette; every kind of mark also has its own
shape, so the map still reads in greyscale.
"""

from __future__ import annotations

import contextlib
import io
import math
import threading
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import Normalize, TwoSlopeNorm
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator
from PIL import Image

from sim.params.policies import GROUP_COLOURS, GROUP_LABELS, OKABE_ITO
from sim.world.city import LandUse
from sim.world.clock import HOURS_PER_DAY
from sim.world.offences import CATEGORY_OF, OFFENCES
from sim.world.residents import WOMAN

if TYPE_CHECKING:
    from sim.model import SafeCityModel

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

LIGHT_DAY = 0.25
"""How much an unlit cell darkens by day (share of its colour lost at lighting 0)."""
LIGHT_NIGHT = 0.7
"""The same after dark: unlit streets show as dark patches."""

MAP_SIZE_IN = (10.0, 7.6)
"""Map figure: a square map 6.8 inches high and its legend (100 pixels an inch)."""
CHARTS_SIZE_IN = (6.8, 7.6)
"""Charts figure, two by two, as high as the map."""

FADE_TICKS = 12
"""Incidents stay on the map this many hours, fading."""
FADE_MIN_ALPHA = 0.3
"""Opacity of an incident's fill in its last hour on the map."""
EDGE_MIN_ALPHA = 0.7
"""Opacity of an incident's outline in its last hour on the map."""

HEAT_LAYERS = {
    "none": "none",
    "footfall": "footfall (people-hours out)",
    "spectacular": "spectacular incidents so far",
    "everyday": "everyday incidents so far",
    "twin_spectacular": "spectacular: here minus twin",
    "twin_everyday": "everyday: here minus twin",
}
"""Heat layers the map can show: key and label; the ``twin_`` ones need the twin running.
Incident layers count by block (:data:`app.state.BLOCK_CELLS`), footfall by cell."""

SPECTACULAR_CODES = np.array([CATEGORY_OF[o] == "spectacular" for o in OFFENCES])
STOP_GROUP_KEYS = ("man/majority", "woman/majority", "man/minority", "woman/minority")
"""Resident groups in the order of ``gender + 2 * group`` (see :func:`_stops_by_group`)."""
STOP_GROUPS = tuple(GROUP_LABELS[g] for g in STOP_GROUP_KEYS)


IMAGE_FORMATS = ("jpeg", "png")
JPEG_QUALITY = 90
"""JPEG quality of live frames: encodes in about a millisecond (PNG takes ten), with no
artefact visible on a projector."""


def encode(canvas: FigureCanvasAgg, fmt: str = "jpeg") -> bytes:
    """What the canvas holds now, as JPEG (fast, for live frames) or PNG (exact)."""
    buf = io.BytesIO()
    # straight from the canvas's buffer, without a copy in numpy: half the time of fromarray
    size = canvas.get_width_height(physical=True)
    image = Image.frombuffer("RGBA", size, canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    image = image.convert("RGB")
    if fmt == "jpeg":
        image.save(buf, format="jpeg", quality=JPEG_QUALITY)
    elif fmt == "png":
        image.save(buf, format="png", compress_level=1)
    else:
        raise ValueError(f"image format {fmt!r}: expected one of {', '.join(IMAGE_FORMATS)}")
    return buf.getvalue()


def model_lock(model: SafeCityModel):
    """The model's lock if it has one (the app's model is stepped from another thread), else a
    no-op."""
    return getattr(model, "lock", contextlib.nullcontext())


def _jitter(n: int, scale: float = 0.8) -> tuple[np.ndarray, np.ndarray]:
    """Fixed offsets inside a cell for ``n`` agents (the R2 low-discrepancy sequence: agents in
    one cell spread out without any random draw)."""
    i = np.arange(1, n + 1)
    return ((i * 0.7548776662) % 1 - 0.5) * scale, ((i * 0.5698402910) % 1 - 0.5) * scale


def clock_text(model: SafeCityModel) -> str:
    """``day 3, 21:00, dark`` for the hour just simulated."""
    tick = max(model.tick, 0)
    day, hour = divmod(tick, HOURS_PER_DAY)
    light = "dark" if model.is_dark(hour) else "daylight"
    return f"day {day + 1}, {hour:02d}:00, {light}"


class MapView:
    """The town's map: land use and lighting underneath, camera view areas working or down, a
    heat layer if chosen, residents, women commuters, offenders, police and this half-day's
    incidents on top, with a legend.

    Args:
        width_in: figure width in inches (100 pixels an inch).
        height_in: figure height in inches.
    """

    def __init__(self, width_in: float = MAP_SIZE_IN[0], height_in: float = MAP_SIZE_IN[1]):
        self.lock = threading.Lock()
        self.fig = Figure(figsize=(width_in, height_in), dpi=100)
        FigureCanvasAgg(self.fig)
        side = 0.9 * height_in / width_in  # the map is square, the legend takes the rest
        self.ax = self.fig.add_axes((0.01, 0.01, side, 0.9))
        self.ax.set_xticks([])
        self.ax.set_yticks([])
        self.title = self.fig.text(0.01 + side / 2, 0.945, "", ha="center", fontsize=18)
        self.legend_x = 0.03 + side
        self._shape: tuple[int, int] | None = None
        self.image = None
        self.cax = self.fig.add_axes((self.legend_x + 0.01, 0.07, 0.96 - self.legend_x, 0.025))
        self.cax.set_visible(False)
        self._colorbar_key: tuple | None = None
        self._legend_added = False
        self._background = None
        self._pixels: tuple | None = None
        self._cell_rgb: np.ndarray | None = None

    def _setup(self, model: SafeCityModel) -> None:
        """Artists for a city of this size (rebuilt only when the grid size changes)."""
        w, h = model.city.width, model.city.height
        ax = self.ax
        ax.clear()
        ax.set_xticks([])
        ax.set_yticks([])
        self.image = ax.imshow(
            np.zeros((h, w, 3)),
            origin="lower",
            extent=(-0.5, w - 0.5, -0.5, h - 0.5),
            interpolation="nearest",
        )
        ax.set_xlim(-0.5, w - 0.5)
        ax.set_ylim(-0.5, h - 0.5)
        size = 600.0 / max(w, h)  # marker sizes scale with the cell size on screen
        empty = np.zeros((0, 2))
        self.residents = ax.scatter(
            *empty.T, s=1.6 * size, c=GREY, marker="o", linewidths=0, alpha=0.8
        )
        self.women = ax.scatter(
            *empty.T, s=5 * size, c=REDDISH_PURPLE, marker="^", linewidths=0.4, edgecolors=BLACK
        )
        self.sites_up = ax.scatter(
            *empty.T, s=4 * size, c=BLUISH_GREEN, marker="s", linewidths=0.8, edgecolors=BLACK
        )
        self.sites_down = ax.scatter(
            *empty.T, s=6 * size, c=GREY, marker="X", linewidths=0.6, edgecolors=BLACK
        )
        self.offenders = ax.scatter(
            *empty.T, s=7 * size, c=ORANGE, marker="D", linewidths=0.8, edgecolors=BLACK
        )
        self.police = ax.scatter(
            *empty.T, s=14 * size, c=BLUE, marker="P", linewidths=0.8, edgecolors="white"
        )
        self.everyday = ax.scatter(*empty.T, s=9 * size, marker="o", linewidths=0.8)
        self.spectacular = ax.scatter(*empty.T, s=26 * size, marker="*", linewidths=0.8)
        self._shape = (w, h)
        self._background = None
        if not self._legend_added:
            self._add_legend()
            self._legend_added = True

    def _add_legend(self) -> None:
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

        handles = [
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
            *[Patch(facecolor=c, edgecolor=GREY, label=n) for n, c in LAND_USE_COLOURS.values()],
            Patch(facecolor="#3A3A3A", label="unlit (dark at night)"),
        ]
        self.fig.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(self.legend_x, 0.97),
            frameon=False,
            fontsize=13,
            handlelength=1.4,
            labelspacing=0.45,
            borderaxespad=0.0,
        )

    def _base(self, model: SafeCityModel, dark: bool) -> np.ndarray:
        """Land use shaded by street lighting, ``(w, h, 3)`` in [0, 1]."""
        lut = np.array(
            [_rgb(LAND_USE_COLOURS[LandUse(k)][1]) for k in range(len(LandUse))], dtype=float
        )
        rgb = lut[model.city.land_use]
        loss = LIGHT_NIGHT if dark else LIGHT_DAY
        # squared, so that half-lit homes stay readable and only unlit streets turn dark
        rgb *= (1.0 - loss * (1.0 - model.city.lighting) ** 2)[:, None]
        return rgb

    def _heat(self, model: SafeCityModel, layer: str) -> tuple[np.ndarray, Normalize, str] | None:
        """Values per cell, their colour scale and colour map for a heat layer (None: none).

        Scales stop at a high percentile of the cells that have any value, not at the maximum,
        so that one extreme cell does not wash the rest of the town out on a projector.
        """
        from app.state import block_of, block_sums, incident_cells

        def by_block(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            """Block totals, and each cell coloured with its block's total."""
            totals = block_sums(model.city, values)
            return totals, totals[block_of(model.city)]

        if layer == "footfall":
            values = np.asarray(getattr(model, "footfall_total", model.people), dtype=float)
            return values, Normalize(0, _robust_top(values)), "magma_r"
        if layer in ("spectacular", "everyday"):
            totals, values = by_block(incident_cells(model, layer).astype(float))
            return values, Normalize(0, _robust_top(totals)), "magma_r"
        twin = getattr(model, "twin", None)
        if layer.startswith("twin_") and twin is not None:
            category = layer.removeprefix("twin_")
            diff = (incident_cells(model, category) - incident_cells(twin, category)).astype(float)
            totals, values = by_block(diff)
            span = _robust_top(np.abs(totals))
            return values, TwoSlopeNorm(0, -span, span), "PuOr_r"
        return None

    def draw(self, model: SafeCityModel, heat: str = "none", fmt: str = "jpeg") -> bytes:
        """Draw the model as it is now and return the image.

        Args:
            model: a running model (a :class:`~app.state.WorkshopModel` for footfall and twin
                layers).
            heat: a key of ``HEAT_LAYERS``.
            fmt: ``jpeg`` or ``png``.
        """
        with self.lock:
            with model_lock(model):
                self.update(model, heat)
            self.render()
            return encode(self.fig.canvas, fmt)

    def render(self) -> None:
        """Draw the figure onto its canvas: the static parts (legend, frame) are drawn once and
        copied; only the artists that change are drawn each frame.

        The cells' colours are copied straight into the canvas's pixels (each screen pixel takes
        the colour of the cell under its centre), which is what matplotlib's nearest-neighbour
        image drawing does, in a tenth of the time: it was most of a frame's cost."""
        canvas = self.fig.canvas
        if self._background is None:
            for artist in self._dynamic():
                artist.set_animated(True)
            canvas.draw()
            self._background = canvas.copy_from_bbox(self.fig.bbox)
            self._pixels = _pixel_cells(self.ax, self.fig.bbox.height, *self._shape)
        canvas.restore_region(self._background)
        rows, cols, y_cell, x_cell = self._pixels
        buffer = np.asarray(canvas.buffer_rgba())
        buffer[rows, cols, :3] = self._cell_rgb[np.ix_(y_cell, x_cell)]
        for spine in self.ax.spines.values():
            self.fig.draw_artist(spine)
        for artist in self._dynamic():
            if artist is not self.image and artist.get_visible():
                self.fig.draw_artist(artist)

    def _dynamic(self) -> list:
        dynamic = [
            self.image,
            self.residents,
            self.women,
            self.sites_up,
            self.sites_down,
            self.offenders,
            self.police,
            self.everyday,
            self.spectacular,
            self.cax,
        ]
        return [*dynamic, self.title]

    def update(self, model: SafeCityModel, heat: str = "none") -> None:
        """Set every artist's data from the model (without encoding)."""
        city = model.city
        if self._shape != (city.width, city.height):
            self._setup(model)
        tick = max(model.tick, 0)
        dark = model.is_dark(tick % HOURS_PER_DAY)
        rgb = self._base(model, dark)
        cams = model.cameras
        heat_layer = self._heat(model, heat)
        if heat_layer is None:
            up = cams.coverage > 0
            down = (cams.visible > 0) & ~up
            for mask, colour in ((up, VIEW_WORKING), (down, VIEW_DOWN)):
                rgb[mask] = rgb[mask] * (1 - VIEW_ALPHA) + np.array(colour) * VIEW_ALPHA
            self.cax.set_visible(False)
        else:
            values, norm, cmap_name = heat_layer
            import matplotlib

            cmap = matplotlib.colormaps[cmap_name]
            grey = rgb.mean(axis=1, keepdims=True) * np.ones((1, 3))
            colours = cmap(norm(values))[:, :3]
            shown = values != 0
            rgb = np.where(shown[:, None], colours, 0.35 + 0.65 * grey)
            self._show_colorbar(norm, cmap, heat)
        cell_rgb = rgb.reshape(city.width, city.height, 3).transpose(1, 0, 2)  # [y, x]
        self.image.set_data(cell_rgb)  # what a full redraw (savefig) shows
        self._cell_rgb = np.round(np.clip(cell_rgb, 0.0, 1.0) * 255).astype(np.uint8)

        r = model.residents
        out = r.in_public
        jx, jy = _jitter(r.n)
        women = out & (r.gender == WOMAN) & r.transit
        others = out & ~women
        cell = r.cell
        self.residents.set_offsets(_xy(city, cell[others], jx[others], jy[others]))
        self.women.set_offsets(_xy(city, cell[women], jx[women], jy[women]))

        o = model.offenders
        free = o.free(tick)
        ox, oy = _jitter(o.n, 0.5)
        self.offenders.set_offsets(_xy(city, o.cell[free], ox[free], oy[free]))
        px, py = _jitter(model.police.n, 0.3)
        self.police.set_offsets(_xy(city, model.police.cell, px, py))

        if cams.n:
            working = np.bincount(cams.site[cams.working], minlength=len(cams.site_cell)) > 0
        else:
            working = np.zeros(0, dtype=bool)
        sites = cams.site_cell
        self.sites_up.set_offsets(_xy(city, sites[working]))
        self.sites_down.set_offsets(_xy(city, sites[~working]))

        self._draw_incidents(model, tick)
        self.title.set_text(clock_text(model))

    def _draw_incidents(self, model: SafeCityModel, tick: int) -> None:
        log = model.events
        ticks = log.column("tick")
        recent = ticks > tick - FADE_TICKS
        age = (tick - ticks[recent]).astype(float)
        alpha = np.clip(1.0 - age / FADE_TICKS, FADE_MIN_ALPHA, 1.0)
        x, y = log.column("x")[recent], log.column("y")[recent]
        spectacular = SPECTACULAR_CODES[log.column("offence")[recent]]
        for artist, sel, face in (
            (self.spectacular, spectacular, VERMILLION),
            (self.everyday, ~spectacular, YELLOW),
        ):
            artist.set_offsets(np.column_stack([x[sel], y[sel]]).astype(float))
            faces = np.tile(_rgba(face), (int(sel.sum()), 1))
            faces[:, 3] = alpha[sel]
            edges = np.tile(_rgba(BLACK), (int(sel.sum()), 1))
            # outlines fade less than fills: a yellow circle on a pale street stays legible
            edges[:, 3] = np.maximum(alpha[sel], EDGE_MIN_ALPHA)
            artist.set_facecolors(faces)
            artist.set_edgecolors(edges)

    def _show_colorbar(self, norm: Normalize, cmap, heat: str) -> None:
        from matplotlib.cm import ScalarMappable

        self.cax.set_visible(True)
        key = (heat, norm.vmin, norm.vmax)
        if key == self._colorbar_key:
            return
        self._colorbar_key = key
        self.cax.clear()
        mappable = ScalarMappable(norm=norm, cmap=cmap)
        self.fig.colorbar(mappable, cax=self.cax, orientation="horizontal")
        self.cax.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
        title = HEAT_LAYERS[heat]
        if heat != "footfall":
            from app.state import BLOCK_CELLS

            title += f"\nper block of {BLOCK_CELLS} x {BLOCK_CELLS} cells"
        self.cax.set_title(title, fontsize=11, loc="left")
        self.cax.tick_params(labelsize=10)


LINE_PANELS: dict[str, tuple[str, tuple[tuple[str, str, str, str, float], ...]]] = {
    "view": (
        "Incidents in and out\nof camera view",
        (
            ("spec_in", "spectacular, in view", VERMILLION, "-", 2.5),
            ("spec_out", "spectacular, out", VERMILLION, "--", 2.5),
            ("every_in", "everyday, in view", BLUE, "-", 2.5),
            ("every_out", "everyday, out", BLUE, "--", 2.5),
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
    spectacular = SPECTACULAR_CODES[log.column("offence")]
    in_view = log.column("in_view")
    for key, sel in (
        ("spec_in", spectacular & in_view),
        ("spec_out", spectacular & ~in_view),
        ("every_in", ~spectacular & in_view),
        ("every_out", ~spectacular & ~in_view),
    ):
        out[key] = np.cumsum(np.bincount(ticks[sel], minlength=n)[:n]).astype(float)
    return out


def _stops_by_group(model: SafeCityModel) -> np.ndarray:
    """Wrongful stops so far by group, in the order of ``STOP_GROUPS``."""
    r = model.residents
    index = r.gender.astype(np.int64) + 2 * r.group.astype(np.int64)
    return np.bincount(index, weights=model.face_recognition.wrongful_stops, minlength=4)[:4]


HEAT_PERCENTILE = 95.0
"""A heat layer's colour scale tops out at this percentile of the cells with a value."""


def _robust_top(values: np.ndarray) -> float:
    """The top of a heat layer's colour scale (at least 1)."""
    nonzero = values[values > 0]
    return max(float(np.percentile(nonzero, HEAT_PERCENTILE)) if len(nonzero) else 0.0, 1.0)


def _pixel_cells(ax, fig_height_px: float, width: int, height: int) -> tuple:
    """Where the map's cells land on the canvas: the block of canvas rows and columns inside the
    axes (rows counted from the top, as the pixel buffer stores them) and, for each, the cell
    row (``y``, from the bottom) and column (``x``) under the pixel's centre."""
    box = ax.get_window_extent()
    cols = np.arange(math.floor(box.x0), math.ceil(box.x1))
    cols = cols[(cols + 0.5 >= box.x0) & (cols + 0.5 < box.x1)]
    rows = np.arange(math.floor(fig_height_px - box.y1), math.ceil(fig_height_px - box.y0))
    y_display = fig_height_px - rows - 0.5
    rows = rows[(y_display >= box.y0) & (y_display < box.y1)]
    y_display = fig_height_px - rows - 0.5
    x_cell = ((cols + 0.5 - box.x0) / box.width * width).astype(np.int64).clip(0, width - 1)
    y_cell = ((y_display - box.y0) / box.height * height).astype(np.int64).clip(0, height - 1)
    return slice(rows[0], rows[-1] + 1), slice(cols[0], cols[-1] + 1), y_cell, x_cell


def _xy(city, cells: np.ndarray, dx=None, dy=None) -> np.ndarray:
    x = city.x[cells].astype(float)
    y = city.y[cells].astype(float)
    if dx is not None:
        x += dx
        y += dy
    return np.column_stack([x, y])


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    h = hex_colour.lstrip("#")
    return tuple(int(h[i : i + 2], 16) / 255 for i in (0, 2, 4))


def _rgba(hex_colour: str) -> np.ndarray:
    return np.array([*_rgb(hex_colour), 1.0])
