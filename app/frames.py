"""A frame of the running town: drawn under the model's lock, captioned with the clock, and
encoded as JPEG (live frames) or PNG (exact images)."""

from __future__ import annotations

import contextlib
import io
from typing import TYPE_CHECKING

from matplotlib.backends.backend_agg import FigureCanvasAgg
from PIL import Image

from sim.world.clock import HOURS_PER_DAY

if TYPE_CHECKING:
    from sim.model import SafeCityModel

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


def clock_text(model: SafeCityModel) -> str:
    """``day 3, 21:00, dark`` for the hour just simulated."""
    tick = max(model.tick, 0)
    day, hour = divmod(tick, HOURS_PER_DAY)
    light = "dark" if model.is_dark(hour) else "daylight"
    return f"day {day + 1}, {hour:02d}:00, {light}"
