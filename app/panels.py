"""What the page shows of the running town: the map, the charts and the status line, each
redrawn when Mesa's ``update_counter`` changes (``force_update`` after each step).

The map and charts are drawn by :mod:`app.map_view` and :mod:`app.charts`; the charts panel is
drawn last and tells the play loop (:mod:`app.play`) that the frame is done.
"""

from __future__ import annotations

import solara
from mesa.visualization.utils import update_counter

from app import state
from app.charts import ChartsView
from app.frames import clock_text, model_lock
from app.map_view import MapView
from app.play import FrameSync, TickRate
from sim.analysis.costs import camera_cost_rs
from sim.params.costs import CostParams
from sim.world.clock import HOURS_PER_DAY

TWIN_NAME = "the twin (no cameras, no alternatives)"
"""The twin is :func:`sim.analysis.twin.twin_of`: the same world with the surveillance and the
alternatives groups at their defaults and no cameras, so it is also the baseline for the
``lighting_and_transit`` preset."""


@solara.component
def MapPanel(model: state.WorkshopModel, heat: str):
    """The map, redrawn after every step."""
    update_counter.get()
    view = solara.use_memo(MapView, [])
    image = view.draw(model, heat)
    solara.Image(image, format="jpeg", width="100%", classes=["safecity-map"])


@solara.component
def ChartsPanel(model: state.WorkshopModel, frames: FrameSync):
    """The four live charts, redrawn after every step (the last view drawn: it tells the play
    loop that the frame is done)."""
    update_counter.get()
    view = solara.use_memo(ChartsView, [])
    image = view.draw(model)
    frames.drawn(model.steps)
    solara.Image(image, format="jpeg", width="100%", classes=["safecity-charts"])


def status_text(model: state.WorkshopModel) -> str:
    """One line for the audience: the time, the cameras, the incidents and what was seen, and
    what the cameras have cost since they were switched on (``sim.analysis.costs``, Lahore's
    figures)."""
    log = model.events
    n = log.n_rows
    in_view = int(log.column("in_view").sum())
    recorded = int(log.column("recorded").sum())
    cams = model.cameras
    share = float((cams.visible > 0).mean())
    working = int(cams.working.sum())
    text = (
        f"{clock_text(model)} · {len(cams.site_cell)} camera sites, {working} of {cams.n} "
        f"cameras working, {share:.0%} of the town in view · {n} incidents so far, "
        f"{in_view} in camera view, {recorded} recorded by police"
    )
    if cams.n:
        days = max(0, model.tick - model.params.surveillance.install_day * HOURS_PER_DAY)
        cost = camera_cost_rs(cams.n, days / HOURS_PER_DAY, CostParams())
        text += f" · the cameras have cost Rs {cost / 1e6:,.2f} m so far"
    if model.twin is not None:
        diff = n - model.twin.events.n_rows
        text += f" · {TWIN_NAME}: {model.twin.events.n_rows} ({diff:+d} here)"
    return text


@solara.component
def StatusLine(model: state.WorkshopModel, rate: TickRate, playing: bool):
    """The status line and, while the town plays, the measured pace (drawn with the map, after
    every step; clicks on Step are not a pace)."""
    update_counter.get()
    with model_lock(model):
        text = status_text(model)
        ticks_per_s = rate.note(model.steps) if playing else None
    if not playing:
        rate.samples.clear()  # the pace after a pause is measured afresh
    pace = f" · {ticks_per_s:.1f} ticks/s" if ticks_per_s else ""
    solara.Text(
        text + pace, style={"font-size": "19px", "font-weight": "500"}, classes=["safecity-status"]
    )
