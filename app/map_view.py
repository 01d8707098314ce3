"""The town's map as a matplotlib figure kept between frames.

The view builds its figure once and on every frame only changes the data of its artists (cell
colours, marker positions), then encodes the figure. That is what lets the town play at ten or
more ticks a second with rendering on (docs/workshop.md has the measured figure). Both the app
(:mod:`app.panels`) and ``safecity-animate`` draw with this view; the cell colours are
:mod:`app.map_layers`', the marks' colours and the legend :mod:`app.colours`'.
"""

from __future__ import annotations

import math
import threading
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import Colormap, Normalize
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from app.colours import (
    BLACK,
    BLUE,
    BLUISH_GREEN,
    GREY,
    ORANGE,
    REDDISH_PURPLE,
    SKY_BLUE,
    VERMILLION,
    YELLOW,
    legend_handles,
    rgba,
)
from app.frames import clock_text, encode, model_lock
from app.map_layers import HEAT_LAYERS, cell_colours
from app.state import BLOCK_CELLS, PROPERTY_CODES, SPECTACULAR_CODES
from sim.world.clock import HOURS_PER_DAY
from sim.world.residents import WOMAN

if TYPE_CHECKING:
    from sim.model import SafeCityModel

MAP_SIZE_IN = (10.0, 7.6)
"""Map figure: a square map 6.8 inches high and its legend (100 pixels an inch)."""

FADE_TICKS = 12
"""Incidents stay on the map this many hours, fading."""
FADE_MIN_ALPHA = 0.3
"""Opacity of an incident's fill in its last hour on the map."""
EDGE_MIN_ALPHA = 0.7
"""Opacity of an incident's outline in its last hour on the map."""


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
        self.property = ax.scatter(*empty.T, s=10 * size, marker="h", linewidths=0.8)
        self.spectacular = ax.scatter(*empty.T, s=26 * size, marker="*", linewidths=0.8)
        self._shape = (w, h)
        self._background = None
        if not self._legend_added:
            self._add_legend()
            self._legend_added = True

    def _add_legend(self) -> None:
        self.fig.legend(
            handles=legend_handles(),
            loc="upper left",
            bbox_to_anchor=(self.legend_x, 0.97),
            frameon=False,
            fontsize=13,
            handlelength=1.4,
            labelspacing=0.45,
            borderaxespad=0.0,
        )

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
            self.property,
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
        colours, scale = cell_colours(model, heat, dark)
        if scale is None:
            self.cax.set_visible(False)
        else:
            self._show_colorbar(*scale, heat)
        cell_rgb = colours.reshape(city.width, city.height, 3).transpose(1, 0, 2)  # [y, x]
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

        cams = model.cameras
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
        offence = log.column("offence")[recent]
        spectacular, stolen = SPECTACULAR_CODES[offence], PROPERTY_CODES[offence]
        for artist, sel, face in (
            (self.spectacular, spectacular, VERMILLION),
            (self.everyday, ~spectacular & ~stolen, YELLOW),
            (self.property, stolen, SKY_BLUE),
        ):
            artist.set_offsets(np.column_stack([x[sel], y[sel]]).astype(float))
            faces = np.tile(rgba(face), (int(sel.sum()), 1))
            faces[:, 3] = alpha[sel]
            edges = np.tile(rgba(BLACK), (int(sel.sum()), 1))
            # outlines fade less than fills: a yellow circle on a pale street stays legible
            edges[:, 3] = np.maximum(alpha[sel], EDGE_MIN_ALPHA)
            artist.set_facecolors(faces)
            artist.set_edgecolors(edges)

    def _show_colorbar(self, norm: Normalize, cmap: Colormap, heat: str) -> None:
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
            title += f"\nper block of {BLOCK_CELLS} x {BLOCK_CELLS} cells"
        self.cax.set_title(title, fontsize=11, loc="left")
        self.cax.tick_params(labelsize=10)


def _jitter(n: int, scale: float = 0.8) -> tuple[np.ndarray, np.ndarray]:
    """Fixed offsets inside a cell for ``n`` agents (the R2 low-discrepancy sequence: agents in
    one cell spread out without any random draw)."""
    i = np.arange(1, n + 1)
    return ((i * 0.7548776662) % 1 - 0.5) * scale, ((i * 0.5698402910) % 1 - 0.5) * scale


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
