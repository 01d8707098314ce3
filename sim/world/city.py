"""The city: a grid of cells with land use, residential density, street lighting and districts.

Layers are Mesa ``PropertyLayer``s indexed ``[x, y]``; rules work on their flat views, where cell
``c`` is ``x * height + y``. The Mesa cell graph (``OrthogonalMooreGrid``) is not built here: for a
metropolis it costs seconds and hundreds of megabytes, and no rule needs it (see
``docs/design-decisions.md``).
"""

from __future__ import annotations

import dataclasses
import enum
import zipfile
import zlib
from pathlib import Path

import numpy as np
from mesa.discrete_space import PropertyLayer
from scipy import ndimage

from sim.params import CityParams, ParamError


class LandUse(enum.IntEnum):
    """Land-use codes of the ``land_use`` layer (also the codes of the city file format)."""

    OPEN = 0
    RESIDENTIAL = 1
    MARKET = 2
    ARTERIAL = 3
    TRANSIT = 4
    INDUSTRIAL = 5


PUBLIC_STREET = (LandUse.MARKET, LandUse.ARTERIAL, LandUse.TRANSIT)
"""Land uses where people are in public and the Safe City programme mounts cameras."""

LAYER_NAMES = ("land_use", "density", "lighting", "district")
_CLUSTER_SMOOTHING_CELLS = 3.0  # scale of the clumps of markets, industry and parks


@dataclasses.dataclass
class City:
    """A grid city. Build one with :func:`generate_city` or :func:`load_city`.

    Attributes:
        cell_size_m: side of a cell in metres.
        layers: the ``PropertyLayer`` of each name in ``LAYER_NAMES``.
    """

    cell_size_m: float
    layers: dict[str, PropertyLayer]

    def __post_init__(self) -> None:
        shape = self.layers["land_use"].data.shape
        self.width, self.height = int(shape[0]), int(shape[1])
        self.n_cells = self.width * self.height
        cells = np.arange(self.n_cells)
        self.x = (cells // self.height).astype(np.int32)
        self.y = (cells % self.height).astype(np.int32)
        self.n_districts = int(self.district.max()) + 1
        self._nearest: dict[bytes, np.ndarray] = {}

    def flat(self, name: str) -> np.ndarray:
        """Flat (one value per cell) view of a layer."""
        return self.layers[name].data.reshape(-1)

    @property
    def land_use(self) -> np.ndarray:
        """Land-use code per cell (:class:`LandUse`)."""
        return self.flat("land_use")

    @property
    def density(self) -> np.ndarray:
        """Relative residential density per cell (sums to 1)."""
        return self.flat("density")

    @property
    def lighting(self) -> np.ndarray:
        """Street-lighting level per cell, 0 (unlit) to 1."""
        return self.flat("lighting")

    @property
    def district(self) -> np.ndarray:
        """District number per cell."""
        return self.flat("district")

    @property
    def area_km2(self) -> float:
        """Area of the city in square kilometres."""
        return self.n_cells * (self.cell_size_m / 1000.0) ** 2

    def cell_of(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Flat cell index of grid coordinates (clipped to the grid)."""
        # int32 before multiplying: event coordinates are int16, and x * height overflows
        # int16 on any grid over 181 cells a side (the lahore preset has 421)
        x = np.clip(np.asarray(x, dtype=np.int32), 0, self.width - 1)
        y = np.clip(np.asarray(y, dtype=np.int32), 0, self.height - 1)
        return x * self.height + y

    def nearest_in(self, mask: np.ndarray) -> np.ndarray:
        """For every cell, the nearest cell (Euclidean) where ``mask`` is true (read-only).
        Kept by the mask's bytes: recruits ask for the same land uses every day, and one
        distance transform costs about a quarter of a simulated day of Lahore at 1:100.

        Raises:
            ValueError: if ``mask`` selects no cell.
        """
        grid = np.asarray(mask, dtype=bool).reshape(self.width, self.height)
        key = np.packbits(grid).tobytes()
        if key not in self._nearest:
            if not grid.any():
                raise ValueError("nearest_in: the mask selects no cell")
            _, (ix, iy) = ndimage.distance_transform_edt(~grid, return_indices=True)
            nearest = (ix * self.height + iy).reshape(-1).astype(np.int32)
            nearest.flags.writeable = False
            self._nearest[key] = nearest
        return self._nearest[key]

    def chebyshev_km(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Grid distance (king moves) between cells ``a`` and ``b``, in km."""
        d = np.maximum(np.abs(self.x[a] - self.x[b]), np.abs(self.y[a] - self.y[b]))
        return d * (self.cell_size_m / 1000.0)


def _layers(land_use, density, lighting, district) -> dict[str, PropertyLayer]:
    arrays = {"land_use": land_use, "density": density, "lighting": lighting, "district": district}
    return {
        name: PropertyLayer.from_data(name, np.ascontiguousarray(a)) for name, a in arrays.items()
    }


def _clumped_noise(rng: np.random.Generator, shape: tuple[int, int]) -> np.ndarray:
    """Smoothed white noise: a field whose high values form clumps a few cells wide."""
    return ndimage.gaussian_filter(rng.standard_normal(shape), _CLUSTER_SMOOTHING_CELLS)


def _take_top(score: np.ndarray, free: np.ndarray, n: int) -> np.ndarray:
    """Mask of the ``n`` free cells with the highest score."""
    n = min(n, int(free.sum()))
    out = np.zeros(score.shape, dtype=bool)
    if n > 0:
        idx = np.flatnonzero(free)
        out.flat[idx[np.argpartition(-score.flat[idx], n - 1)[:n]]] = True
    return out


def generate_city(p: CityParams, rng: np.random.Generator) -> City:
    """Generate a stylised city from its parameters.

    Rules (assumption, see docs/odd.md): arterial roads form a lattice; transit stops sit on
    arterials at a fixed spacing and at every crossing; markets clump near the centre and beside
    arterials; industry and open land clump toward the edge; residential density falls
    exponentially from the centre (Clark 1951); the unlit share of non-main cells is the one
    farthest from the centre, with noise, so that unlit areas are peripheral settlements.
    """
    w, h = p.width_cells, p.height_cells
    x, y = np.meshgrid(np.arange(w), np.arange(h), indexing="ij")
    km = p.cell_size_m / 1000.0
    r_km = np.hypot(x - (w - 1) / 2, y - (h - 1) / 2) * km
    r_norm = r_km / max(r_km.max(), 1e-9)

    offset = p.arterial_spacing_cells // 2
    on_x_road = x % p.arterial_spacing_cells == offset
    on_y_road = y % p.arterial_spacing_cells == offset
    arterial = on_x_road | on_y_road
    stop = (on_x_road & on_y_road) | (on_x_road & (y % p.transit_stop_spacing_cells == 0))
    stop |= on_y_road & (x % p.transit_stop_spacing_cells == 0)

    land_use = np.full((w, h), LandUse.RESIDENTIAL, dtype=np.int8)
    land_use[arterial] = LandUse.ARTERIAL
    land_use[stop] = LandUse.TRANSIT
    free = ~arterial
    road_dist = ndimage.distance_transform_cdt(~arterial, metric="chessboard")
    n_cells = w * h

    market_score = _clumped_noise(rng, (w, h)) - 2.0 * r_norm - 0.5 * (road_dist > 1)
    market = _take_top(market_score, free, round(p.market_share * n_cells))
    land_use[market] = LandUse.MARKET
    free &= ~market
    industrial = _take_top(
        _clumped_noise(rng, (w, h)) + r_norm, free, round(p.industrial_share * n_cells)
    )
    land_use[industrial] = LandUse.INDUSTRIAL
    free &= ~industrial
    open_land = _take_top(_clumped_noise(rng, (w, h)) + r_norm, free, round(p.open_share * n_cells))
    land_use[open_land] = LandUse.OPEN

    if not (land_use == LandUse.RESIDENTIAL).any():
        raise ParamError(
            "the city has no residential cell left after roads, markets, industry and open land: "
            "lower city.market_share, city.industrial_share or city.open_share, or raise "
            "city.arterial_spacing_cells"
        )
    density = np.where(
        land_use == LandUse.RESIDENTIAL, np.exp(-p.density_gradient_per_km * r_km), 0.0
    )
    density /= density.sum()

    main = np.isin(land_use, PUBLIC_STREET)
    lighting = np.where(main, p.lighting_main, p.lighting_residential)
    lighting[land_use == LandUse.OPEN] = 0.0
    side = ~main & (land_use != LandUse.OPEN)
    remoteness = r_norm + 0.1 * _clumped_noise(rng, (w, h))
    unlit = _take_top(remoteness, side, round(p.unlit_share * int(side.sum())))
    lighting[unlit] = 0.0

    district = (x * p.districts_x // w) + p.districts_x * (y * p.districts_y // h)
    return City(p.cell_size_m, _layers(land_use, density, lighting, district.astype(np.int16)))


# --- the city file format (docs/city-file.md) -------------------------------------------------

FILE_FORMAT_VERSION = 1
MAX_DISTRICTS = 10_000
MAX_SIDE_CELLS = int(np.iinfo(np.int16).max)
"""Largest grid side a city file may have: incidents' x and y are stored as int16."""
MAX_CELLS = 16_000_000
"""Largest number of cells a city file may have (4,000 x 4,000): the model holds several arrays
per cell, and the generator's largest city is 2,000 x 2,000."""
NPY_MAGIC = b"\x93NUMPY"
ZIP_MAGIC = b"PK"


def save_city(city: City, path: str | Path) -> None:
    """Write a city to a ``.npz`` file in the documented format."""
    arrays = {name: city.layers[name].data for name in LAYER_NAMES}
    np.savez_compressed(
        path, format_version=FILE_FORMAT_VERSION, cell_size_m=city.cell_size_m, **arrays
    )


def load_city(path: str | Path) -> City:
    """Read and validate a city file (``.npz``; see docs/city-file.md).

    Raises:
        ParamError: naming the file and what is wrong with it.
    """
    if not isinstance(path, str | Path) or not str(path):
        raise ParamError(f"city file path {path!r}: expected a path to a .npz file (text)")
    path = Path(path)
    where = f"city file {str(path)!r}"
    # The kind first: opening a FIFO or a device would block or read without end.
    if not path.exists():
        raise ParamError(f"{where} does not exist")
    if not path.is_file():
        raise ParamError(f"{where} is not a regular file: expected a .npz archive")
    try:
        with path.open("rb") as f:
            magic = f.read(len(NPY_MAGIC))
    except OSError as e:
        raise ParamError(f"{where} cannot be read: {e}") from e
    if magic.startswith(NPY_MAGIC):
        raise ParamError(f"{where} holds a single array: expected a .npz archive of layers")
    if not magic.startswith(ZIP_MAGIC):
        raise ParamError(
            f"{where} is not a readable .npz archive: it does not begin as a zip archive does "
            "(save the city with sim.world.city.save_city or numpy.savez)"
        )
    try:
        loaded = np.load(path, allow_pickle=False)
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as e:
        raise ParamError(f"{where} is not a readable .npz archive: {e}") from e
    if not isinstance(loaded, np.lib.npyio.NpzFile):
        raise ParamError(f"{where} holds a single array: expected a .npz archive of layers")
    try:
        with loaded as f:
            data = {k: f[k] for k in f.files}
    except (OSError, ValueError, EOFError, zipfile.BadZipFile, zlib.error) as e:
        raise ParamError(f"{where} has an array that cannot be read as numbers: {e}") from e

    missing = [k for k in ("format_version", "cell_size_m", *LAYER_NAMES) if k not in data]
    if missing:
        raise ParamError(
            f"{where} lacks the arrays {missing}: expected "
            f"{['format_version', 'cell_size_m', *LAYER_NAMES]}"
        )
    for name in ("format_version", "cell_size_m"):
        a = data[name]
        if a.shape != () or a.dtype == bool or not np.issubdtype(a.dtype, np.number):
            raise ParamError(
                f"{where}: {name} has shape {a.shape} and dtype {a.dtype}: expected a single "
                "number (a 0-d array)"
            )
    if data["format_version"] != FILE_FORMAT_VERSION:
        raise ParamError(
            f"{where} has format_version {data['format_version']}: expected {FILE_FORMAT_VERSION}"
        )
    cell_size_m = float(data["cell_size_m"])
    if not 10.0 <= cell_size_m <= 1000.0:
        raise ParamError(
            f"{where}: cell_size_m = {cell_size_m:g} is out of range: expected 10 to 1000"
        )
    shape = data["land_use"].shape
    for name in LAYER_NAMES:
        a = data[name]
        if a.ndim != 2 or a.shape != shape:
            raise ParamError(
                f"{where}: layer {name!r} has shape {a.shape}: expected 2-D {shape} like land_use"
            )
        if a.dtype == bool or not np.issubdtype(a.dtype, np.number):
            raise ParamError(f"{where}: layer {name!r} has dtype {a.dtype}: expected numbers")
        if not np.isfinite(a).all():
            raise ParamError(f"{where}: layer {name!r} must hold finite numbers")
    if min(shape) < 2:
        raise ParamError(f"{where}: grid {shape} is too small: expected at least 2 x 2 cells")
    if max(shape) > MAX_SIDE_CELLS or shape[0] * shape[1] > MAX_CELLS:
        raise ParamError(
            f"{where}: grid {shape} is too large: expected at most {MAX_SIDE_CELLS} cells a side "
            f"(the event log stores x and y as int16) and {MAX_CELLS:,} cells in all"
        )
    land_use, density, lighting, district = (data[n] for n in LAYER_NAMES)
    bad = ~np.isin(land_use, [int(u) for u in LandUse])
    if bad.any():
        raise ParamError(
            f"{where}: land_use has code {int(land_use[bad].flat[0])}: expected "
            + ", ".join(f"{int(u)} ({u.name.lower()})" for u in LandUse)
        )
    if (density < 0).any() or density.sum() <= 0:
        raise ParamError(f"{where}: density must be >= 0 everywhere with a positive total")
    if (lighting < 0).any() or (lighting > 1).any():
        raise ParamError(f"{where}: lighting must lie between 0 and 1")
    if (district < 0).any() or not np.array_equal(district, np.round(district)):
        raise ParamError(f"{where}: district must hold whole numbers >= 0")
    numbers = np.unique(district)
    if numbers[-1] > MAX_DISTRICTS - 1 or len(numbers) != numbers[-1] + 1:
        raise ParamError(
            f"{where}: district numbers must run 0, 1, ... without gaps and below "
            f"{MAX_DISTRICTS}; found {len(numbers)} districts numbered up to {int(numbers[-1])}"
        )
    if not (land_use == LandUse.TRANSIT).any():
        raise ParamError(
            f"{where}: the city has no transit stop (land_use code {int(LandUse.TRANSIT)})"
        )
    return City(
        cell_size_m,
        _layers(
            land_use.astype(np.int8),
            density.astype(float) / density.sum(),
            lighting.astype(float),
            district.astype(np.int16),
        ),
    )


def build_city(p: CityParams, rng: np.random.Generator) -> City:
    """The city a run uses: loaded from ``p.file`` if set, otherwise generated."""
    return load_city(p.file) if p.file else generate_city(p, rng)
