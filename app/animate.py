"""``safecity-animate``: an animated GIF (or MP4) of a run, the map beside one chart, for slides.

    safecity-animate                                   # results/animation.gif: safe_city, 3 days
    safecity-animate --policy safe_city_outage --days 7 --hours-per-frame 3 --chart truth
    safecity-animate --twin --heat twin_everyday --days 14 --hours-per-frame 6 -o twin.gif
    safecity-animate -o run.mp4                        # needs ffmpeg on the PATH

Frames are drawn with the app's own views (:mod:`app.map_view`, :mod:`app.charts`), so a slide
shows exactly what the workshop page shows. GIFs are written with Pillow; MP4 with matplotlib's
ffmpeg writer.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import numpy as np
from PIL import Image
from tqdm import tqdm

from app import state
from app.charts import PANELS, ChartsView
from app.frames import model_lock
from app.map_layers import HEAT_LAYERS
from app.map_view import MapView
from sim.params.declare import ParamError
from sim.world.clock import HOURS_PER_DAY

CHART_SIZE_IN = (6.0, 7.6)
"""One chart beside the map, as high as the map."""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="safecity-animate",
        description="Write an animated GIF or MP4 of a run: the map and one chart.",
    )
    parser.add_argument(
        "--policy",
        default=state.DEFAULT_POLICY,
        help=f"policy from the registry (sim/params/policies.py) (default {state.DEFAULT_POLICY})",
    )
    parser.add_argument("--seed", type=int, default=None, help="root seed (default: declared)")
    parser.add_argument("--days", type=int, default=3, help="days to simulate (default 3)")
    parser.add_argument(
        "--hours-per-frame", type=int, default=2, help="hours simulated per frame (default 2)"
    )
    parser.add_argument("--fps", type=float, default=8.0, help="frames per second (default 8)")
    parser.add_argument(
        "--chart", choices=PANELS, default="view", help="the chart beside the map (default view)"
    )
    parser.add_argument(
        "--heat", choices=list(HEAT_LAYERS), default="none", help="heat layer on the map"
    )
    parser.add_argument(
        "--twin",
        action="store_true",
        help="run the twin (no cameras, no alternatives) alongside (dotted lines)",
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="GROUP.FIELD=VALUE",
        help="change a lever, e.g. --set surveillance.monitoring=passive (repeatable)",
    )
    parser.add_argument(
        "-o", "--output", type=Path, default=Path("results/animation.gif"), help=".gif or .mp4"
    )
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    return parser.parse_args(argv)


def parse_change(text: str) -> tuple[tuple[str, str], object]:
    """``surveillance.monitoring=passive`` as ``(("surveillance", "monitoring"), "passive")``,
    the value read as YAML would (numbers, true/false).

    Raises:
        ParamError: if the text is not ``group.field=value``.
    """
    import yaml

    key, sep, value = text.partition("=")
    group, dot, name = key.strip().partition(".")
    if not (sep and dot and group and name):
        raise ParamError(f"--set {text!r}: expected GROUP.FIELD=VALUE, e.g. run.seed=3")
    return (group, name), yaml.safe_load(value)


def compose(map_rgba: np.ndarray, chart_rgba: np.ndarray) -> Image.Image:
    """The map and the chart side by side (the shorter padded with white)."""
    h = max(map_rgba.shape[0], chart_rgba.shape[0])
    out = np.full((h, map_rgba.shape[1] + chart_rgba.shape[1], 3), 255, dtype=np.uint8)
    out[: map_rgba.shape[0], : map_rgba.shape[1]] = map_rgba[..., :3]
    out[: chart_rgba.shape[0], map_rgba.shape[1] :] = chart_rgba[..., :3]
    return Image.fromarray(out)


def frames(
    model: state.WorkshopModel,
    n_frames: int,
    hours_per_frame: int,
    chart: str,
    heat: str,
    progress: bool = True,
):
    """Yield ``n_frames`` images of the run (the first before any further step)."""
    map_view = MapView()
    chart_view = ChartsView(panels=(chart,), width_in=CHART_SIZE_IN[0], height_in=CHART_SIZE_IN[1])
    with tqdm(total=n_frames, unit="frame", desc="animating", disable=not progress) as bar:
        for i in range(n_frames):
            if i:
                for _ in range(hours_per_frame):
                    model.step()
            with model_lock(model):
                map_view.update(model, heat)
                chart_view.update(model)
            map_view.render()
            chart_view.render()
            yield compose(
                np.asarray(map_view.fig.canvas.buffer_rgba()),
                np.asarray(chart_view.fig.canvas.buffer_rgba()),
            )
            bar.update()


def write_gif(images, path: Path, fps: float) -> int:
    """Write the images as a looping GIF; return the number of frames. Frames are reduced to
    256 colours as they come, so a long run does not hold full-colour frames in memory."""
    palette_frames = [im.quantize(colors=256, method=Image.Quantize.MEDIANCUT) for im in images]
    if not palette_frames:
        raise ValueError("no frames to write")
    palette_frames[0].save(
        path,
        save_all=True,
        append_images=palette_frames[1:],
        duration=round(1000 / fps),
        loop=0,
        optimize=False,
    )
    return len(palette_frames)


def write_mp4(images, path: Path, fps: float) -> int:
    """Write the images as an H.264 MP4 with matplotlib's ffmpeg writer."""
    from matplotlib.animation import FFMpegWriter
    from matplotlib.figure import Figure

    iterator = iter(images)
    first = next(iterator)
    w, h = first.size
    fig = Figure(figsize=(w / 100, h / 100), dpi=100)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    shown = ax.imshow(np.asarray(first))
    writer = FFMpegWriter(fps=fps, codec="libx264", extra_args=["-pix_fmt", "yuv420p"])
    n = 0
    with writer.saving(fig, str(path), dpi=100):
        for image in (first, *iterator):
            shown.set_data(np.asarray(image))
            writer.grab_frame()
            n += 1
    return n


def main(argv: list[str] | None = None) -> None:
    """Entry point of ``safecity-animate``."""
    args = parse_args(argv)
    suffix = args.output.suffix.lower()
    if suffix not in (".gif", ".mp4"):
        sys.exit(f"safecity-animate: {args.output}: expected a .gif or .mp4 file name")
    if suffix == ".mp4" and shutil.which("ffmpeg") is None:
        sys.exit("safecity-animate: writing MP4 needs ffmpeg on the PATH; write a .gif instead")
    if args.days < 1 or args.hours_per_frame < 1 or args.fps <= 0:
        sys.exit("safecity-animate: --days, --hours-per-frame and --fps must be positive")
    if args.heat.startswith("twin_") and not args.twin:
        sys.exit(f"safecity-animate: --heat {args.heat} needs --twin")
    try:
        settings = state.Settings(policy=args.policy, seed=args.seed, twin=args.twin)
        for text in args.set:
            settings = settings.with_change(*parse_change(text))
        model = state.WorkshopModel(settings)  # refuses unknown fields and bad values by name
    except ParamError as e:
        sys.exit(f"safecity-animate: invalid parameters: {e}")

    n_frames = args.days * HOURS_PER_DAY // args.hours_per_frame + 1
    args.output.parent.mkdir(parents=True, exist_ok=True)
    images = frames(
        model, n_frames, args.hours_per_frame, args.chart, args.heat, not args.no_progress
    )
    write = write_gif if suffix == ".gif" else write_mp4
    n = write(images, args.output, args.fps)
    print(f"safecity-animate: wrote {n} frames to {args.output}")


if __name__ == "__main__":
    main()
