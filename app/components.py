"""The workshop page: Solara components on Mesa's visualization conventions.

Like Mesa's ``SolaraViz``, the page redraws every view when Mesa's ``update_counter`` changes
(``force_update`` after each step), and has reset, play and step buttons; the control panel is
generated from the parameter declarations (:mod:`app.state`), and the map and charts are drawn by
:mod:`app.render`. Three pieces of ``SolaraViz`` are replaced, each for a reason:

- its page layout: the draggable grid gives the map half the width of a projector's screen;
- its parameter inputs: they keep the values they were created with and cannot follow a policy
  preset, so an audience would see values that are not running;
- its ``ModelController``: its play loop steps without waiting for the page to draw, so with no
  pause it outruns the drawing (solara then re-renders without end, "Too many renders"). The
  controller here waits for each frame before the next step (:class:`FrameSync`).
"""

from __future__ import annotations

import collections
import threading
import time
import traceback

import solara
import solara.lab
from mesa.visualization.utils import force_update, update_counter

from app import links, sessions, state
from app.render import (
    CHARTS_SIZE_IN,
    HEAT_LAYERS,
    MAP_SIZE_IN,
    ChartsView,
    MapView,
    clock_text,
    model_lock,
)
from sim.analysis.costs import camera_cost_rs
from sim.params.costs import CostParams
from sim.params.declare import ParamError
from sim.world.clock import HOURS_PER_DAY

sessions.register()  # session limits: admitted, play stopped when the page goes, memory returned

TITLE = "Safe City: what cameras do to a town"
SIDEBAR_WIDTH = "360px"
PANEL_MIN_WIDTH = "480px"
"""Map and charts sit side by side on a wide screen and stack on a narrow one."""

TWIN_LABEL = "run the twin alongside (same town and draws, no cameras, no alternatives)"
TWIN_NAME = "the twin (no cameras, no alternatives)"
"""The twin is :func:`sim.analysis.twin.twin_of`: the same world with the surveillance and the
alternatives groups at their defaults and no cameras, so it is also the baseline for the
``lighting_and_transit`` preset."""

PLAY_PAUSE_MS = {"as fast as it draws": 0, "steady (4 ticks/s)": 250, "slow (1 tick/s)": 1000}
"""Pauses between ticks while playing: a facilitator slows the town down to talk over it."""
TICKS_PER_FRAME = (1, 2, 6, 24)
"""Ticks simulated between two drawings: 24 skips through a day at a time."""
RATE_WINDOW_S = 3.0
"""The ticks-per-second readout averages over this many seconds."""
FRAME_TIMEOUT_S = 2.0
"""The play loop waits at most this long for a frame before it steps on (a closed browser tab
draws nothing)."""


HANDOVER_PAUSE_S = 0.05
"""After a frame drawn by another thread (a click while playing renders in the click's thread),
the play loop pauses this long, so that thread's render loop sees no new request and ends:
solara keeps rendering in the thread that holds its render lock for as long as requests come,
and gives up with "Too many renders" after a hundred passes in a row."""


class FrameSync:
    """Lets the play loop wait until the page shows the step it just simulated."""

    def __init__(self) -> None:
        self._drawn = threading.Condition()
        self._steps = -1
        self._thread: int | None = None

    def drawn(self, steps: int) -> None:
        """The page now shows the model after ``steps`` steps (called by the last view drawn)."""
        with self._drawn:
            self._steps = steps
            self._thread = threading.get_ident()
            self._drawn.notify_all()

    def wait(self, steps: int, timeout: float = FRAME_TIMEOUT_S) -> bool:
        """Wait until the page shows at least ``steps`` steps. Returns whether this thread drew
        it (False also on time-out)."""
        with self._drawn:
            shown = self._drawn.wait_for(lambda: self._steps >= steps, timeout)
            return shown and self._thread == threading.get_ident()


class TickRate:
    """Ticks per second over the last few seconds of drawing (shown on the page, so the
    facilitator can see the town keeps up)."""

    def __init__(self) -> None:
        self.samples: collections.deque[tuple[float, int]] = collections.deque()

    def note(self, steps: int) -> float | None:
        """Record that ``steps`` ticks have been drawn now; return the recent rate, if any."""
        now = time.perf_counter()
        if self.samples and steps < self.samples[-1][1]:
            self.samples.clear()  # a new model
        self.samples.append((now, steps))
        while len(self.samples) > 2 and now - self.samples[0][0] > RATE_WINDOW_S:
            self.samples.popleft()
        (t0, s0), (t1, s1) = self.samples[0], self.samples[-1]
        if t1 - t0 < 0.5 or s1 == s0:
            return None
        return (s1 - s0) / (t1 - t0)


@solara.component
def ControlInput(control: state.Control, value, on_value):
    """One input for one declared parameter: a select, checkbox, slider or number box."""
    label = control.label
    css_class = f"control-{control.group}-{control.name}"
    with solara.Tooltip(control.doc), solara.Column(gap="0px", classes=[css_class]):
        if control.kind == "select":
            solara.Select(label, value=value, values=list(control.choices), on_value=on_value)
        elif control.kind == "checkbox":
            solara.Checkbox(label=label, value=value, on_value=on_value)
        elif control.kind == "slider_int":
            solara.SliderInt(
                f"{label}: {value}",
                value=value,
                min=int(control.lo),
                max=int(control.hi),
                step=1,
                on_value=on_value,
            )
        elif control.kind == "slider_float":
            solara.SliderFloat(
                f"{label}: {value:g}",
                value=value,
                min=control.lo,
                max=control.hi,
                step=control.step_for(value),
                on_value=on_value,
            )
        elif control.kind == "number_int":
            solara.InputInt(label, value=value, on_value=on_value, continuous_update=False)
        else:
            raise ValueError(f"control kind {control.kind!r} has no input")


@solara.component
def ControlPanel(settings: state.Settings, on_settings):
    """Policy preset, levers by section, seed and twin option; every value is the running one."""
    with solara.Card("Policy", margin=0):
        solara.Select(
            "policy preset",
            value=settings.policy,
            values=state.policy_names(),
            on_value=lambda name: on_settings(settings.with_policy(name)),
        )
        seed = state.seed_control()
        with solara.Row():
            solara.InputInt(
                "seed",
                value=settings.value(seed),
                on_value=lambda v: on_settings(settings.with_change(seed.key, v)),
                continuous_update=False,
            )
        solara.Checkbox(
            label=TWIN_LABEL,
            value=settings.twin,
            on_value=lambda on: on_settings(settings.with_twin(on)),
        )
    for title, controls in state.control_sections().items():
        with solara.Card(title, margin=0):
            for control in controls:
                ControlInput(
                    control,
                    settings.value(control),
                    lambda v, c=control: on_settings(settings.with_change(c.key, v)),
                )


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


@solara.component
def RunControls(
    model: solara.Reactive,
    frames: FrameSync,
    hours_per_step: solara.Reactive,
    pace: solara.Reactive,
    playing: solara.Reactive,
    on_reset,
):
    """Reset, play or pause, and step. Playing steps ``hours_per_step`` hours, asks for a
    redraw and waits for the frame, then pauses as the ``pace`` (a key of ``PLAY_PAUSE_MS``)
    says; both are read at every step, so they can change while the town plays. ``playing``
    is whether the town plays (the page shows the pace only then)."""
    error = solara.use_reactive(None)
    page = solara.use_memo(sessions.PageWatch, [])

    def advance() -> int:
        m = model.value
        for _ in range(hours_per_step.value):
            m.step()
        force_update()
        return m.steps

    def play_loop() -> None:
        try:
            while playing.value:
                if page.gone():  # the tab was closed: stop using the server's CPU
                    playing.value = False
                    return
                drawn_here = frames.wait(advance())
                pause_s = PLAY_PAUSE_MS[pace.value] / 1000.0
                pause = pause_s if drawn_here else max(pause_s, HANDOVER_PAUSE_S)
                if pause:
                    time.sleep(pause)
        except Exception as e:
            traceback.print_exc()
            error.value = f"error while playing: {e}"
            playing.value = False

    solara.lab.use_task(play_loop, dependencies=[playing.value], prefer_threaded=True)

    def step_once() -> None:
        try:
            advance()
        except Exception as e:
            traceback.print_exc()
            error.value = f"error in step: {e}"

    def reset() -> None:
        playing.value = False
        error.value = None
        on_reset()

    with solara.Row(justify="space-between"):
        solara.Button("Reset", color="primary", on_click=reset, classes=["safecity-reset"])
        solara.Button(
            "❚❚ Pause" if playing.value else "▶ Play",
            color="primary",
            on_click=lambda: playing.set(not playing.value),
            classes=["safecity-play"],
        )
        solara.Button(
            "Step",
            color="primary",
            on_click=step_once,
            disabled=playing.value,
            classes=["safecity-step"],
        )
    if error.value:
        solara.Error(error.value)


@solara.component
def Page():
    """The workshop page, or a short note when the server already holds as many sessions as
    it allows (``safecity-app --max-sessions``; see :mod:`app.sessions`)."""
    if sessions.admitted():
        Workshop()
    else:
        solara.Title(TITLE)
        solara.Info(
            f"The workshop is full: this server runs at most {sessions.max_sessions()} towns "
            "at once. Please try again in a few minutes, or ask the facilitator.",
            classes=["safecity-full"],
        )


@solara.component
def Workshop():
    """The whole workshop page. A teaching link's query string (:mod:`app.links`) sets the
    state it opens in; a link that cannot be opened leaves the defaults and says why."""
    router = solara.use_router()
    opened, link_error = solara.use_memo(lambda: links.link_state(router.search), [])
    settings, set_settings = solara.use_state(opened)
    initial = solara.use_memo(lambda: state.WorkshopModel(opened), [])
    model = solara.use_reactive(initial)
    error, set_error = solara.use_state(link_error)
    heat, set_heat = solara.use_state("none")
    pace = solara.use_reactive(next(iter(PLAY_PAUSE_MS)))
    hours_per_step = solara.use_reactive(TICKS_PER_FRAME[0])
    playing = solara.use_reactive(False)
    rate = solara.use_memo(TickRate, [])
    frames = solara.use_memo(FrameSync, [])

    # a twin layer chosen before the twin was switched off falls back to none
    shown_heat = heat if model.value.twin is not None or not heat.startswith("twin_") else "none"

    def on_settings(new: state.Settings) -> None:
        """Any change of a lever restarts the town with the new parameters, from day 1."""
        set_settings(new)
        try:
            rebuilt = state.WorkshopModel(new)
        except ParamError as e:
            set_error(str(e))
            return
        set_error(None)
        model.value = rebuilt
        force_update()

    solara.Title(TITLE)
    with solara.AppBar():
        solara.AppBarTitle(TITLE)
    with solara.Row(style={"align-items": "flex-start", "gap": "16px", "width": "100%"}):
        with solara.Column(
            style={
                "width": SIDEBAR_WIDTH,
                "min-width": SIDEBAR_WIDTH,
                "max-height": "calc(100vh - 90px)",
                "overflow-y": "auto",
            },
            classes=["safecity-controls"],
        ):
            with solara.Card("Run", margin=0):
                RunControls(
                    model,
                    frames,
                    hours_per_step,
                    pace,
                    playing,
                    on_reset=lambda: on_settings(settings),
                )
                solara.Select("pace", value=pace, values=list(PLAY_PAUSE_MS))
                solara.Text("hours per step (and per frame when playing)")
                solara.ToggleButtonsSingle(value=hours_per_step, values=list(TICKS_PER_FRAME))
                layers = {
                    label: key
                    for key, label in HEAT_LAYERS.items()
                    if model.value.twin is not None or not key.startswith("twin_")
                }
                solara.Select(
                    "heat layer",
                    value=HEAT_LAYERS[shown_heat],
                    values=list(layers),
                    on_value=lambda label: set_heat(layers[label]),
                    classes=["safecity-heat"],
                )
            if error:
                solara.Error(error, classes=["safecity-error"])
            ControlPanel(settings, on_settings)
        with solara.Column(style={"flex": "1", "min-width": "0"}):
            StatusLine(model.value, rate, playing.value)
            with solara.Row(style={"flex-wrap": "wrap", "gap": "8px"}):
                # widths in proportion to the figures' aspect ratios: both get the same height
                with solara.Column(style=_panel_style(MAP_SIZE_IN[0])):
                    MapPanel(model.value, shown_heat)
                with solara.Column(style=_panel_style(CHARTS_SIZE_IN[0])):
                    ChartsPanel(model.value, frames)
            Explanation(model.value, shown_heat)


def intro_text(model: state.WorkshopModel) -> str:
    """What the audience is looking at, in two sentences, from the running model."""
    city = model.city
    km = city.width * city.cell_size_m / 1000.0
    return (
        f"A teaching town of {model.residents.n:,} people, {km:g} km across, one hour per tick: "
        "where people go, where offenders strike, what the cameras see and what the police "
        "record. Change any lever on the left and the town starts again from day 1 on the same "
        "random draws, so whatever changes is the lever's doing, not chance."
    )


def map_text(model: state.WorkshopModel, heat: str) -> str:
    """What the map shows under this heat layer; for a twin layer, also how many incidents
    fewer and more, in how many cells."""
    text = HEAT_HELP[heat]
    if heat.startswith("twin_") and model.twin is not None:
        with model_lock(model):
            d = state.twin_difference(model, heat.removeprefix("twin_"))
        text += (
            f" So far: {d['fewer']} fewer in {d['blocks_fewer']} blocks (purple), {d['more']} "
            f"more in {d['blocks_more']} blocks (orange), {d['net']:+d} in all."
        )
    return text


CHARTS_HELP = (
    "Charts, running totals since day 1. Top left: incidents in camera view (solid) and out of "
    "it (dashed), spectacular (vermilion) and everyday (blue). Top right: all incidents (black) "
    "against what cameras detected, victims reported and police recorded. Bottom left: women's "
    "trips made, and trips forgone for fear. Bottom right: people stopped by police after a false "
    "face match, by group. Dotted lines: the twin (no cameras, no alternatives), when it runs."
)


@solara.component
def Explanation(model: state.WorkshopModel, heat: str):
    """A few plain sentences on what the page shows (redrawn with the map, for the twin
    figures). Plain text: solara's Markdown would load KaTeX, which solara-assets does not
    carry."""
    update_counter.get()
    style = {"font-size": "16px", "max-width": "1500px"}
    with solara.Column(gap="4px", classes=["safecity-explanation"]):
        solara.Text("What you are seeing", style={**style, "font-weight": "600"})
        solara.Text(intro_text(model), style=style, classes=["safecity-intro"])
        solara.Text(map_text(model, heat), style=style, classes=["safecity-map-help"])
        solara.Text(CHARTS_HELP, style=style, classes=["safecity-charts-help"])


def _panel_style(grow: float) -> dict[str, str]:
    """A panel that grows in proportion to ``grow`` and wraps below ``PANEL_MIN_WIDTH``."""
    return {"flex": f"{grow} 1 0", "min-width": PANEL_MIN_WIDTH}


BLOCK = f"block of {state.BLOCK_CELLS} x {state.BLOCK_CELLS} cells"
HEAT_HELP = {
    "none": "Map: land use, darker where streets are unlit (much darker at night); green "
    "squares are what working cameras see, grey what broken ones no longer see. Grey dots: "
    "residents out; purple triangles: women commuters; orange diamonds: street offenders; blue "
    "crosses: police. Incidents of the last twelve hours, fading: vermilion stars for "
    "spectacular ones (street and home robbery), yellow circles for everyday ones (harassment, "
    "domestic violence).",
    "footfall": "Footfall: how many people-hours were spent in public in each cell so far "
    "(dark = busy). Busy streets are where Safe City programmes put cameras.",
    "spectacular": f"Spectacular incidents (street robbery, home robbery) so far, per {BLOCK}.",
    "everyday": f"Everyday incidents (harassment, domestic violence) so far, per {BLOCK}.",
    "twin_spectacular": f"Spectacular incidents here minus in the twin (the same town on the same "
    f"draws, with no cameras and no alternatives), per {BLOCK}: purple where they were "
    "prevented, orange where they moved to.",
    "twin_everyday": f"Everyday incidents here minus in the twin (the same town on the same draws, "
    f"with no cameras and no alternatives), per {BLOCK}: purple where fewer, orange where more.",
}
