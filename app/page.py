"""The workshop page (the Solara app ``safecity-app`` serves): the run controls, the heat layer
and the control panel on the left, the status line, map, charts and explanation on the right.

Like Mesa's ``SolaraViz``, the page redraws every view when Mesa's ``update_counter`` changes
(``force_update`` after each step), and has reset, play and step buttons (:mod:`app.play`); the
control panel is generated from the parameter declarations (:mod:`app.controls`). Its page layout
is replaced for a reason: the draggable grid gives the map half the width of a projector's screen.
"""

from __future__ import annotations

import solara
from mesa.visualization.utils import force_update

from app import links, sessions, state
from app.charts import CHARTS_SIZE_IN
from app.controls import ControlPanel
from app.explanation import Explanation
from app.map_layers import HEAT_LAYERS
from app.map_view import MAP_SIZE_IN
from app.panels import ChartsPanel, MapPanel, StatusLine
from app.play import PLAY_PAUSE_MS, TICKS_PER_FRAME, FrameSync, RunControls, TickRate
from sim.params.declare import ParamError

sessions.register()  # session limits: admitted, play stopped when the page goes, memory returned

TITLE = "Safe City: what cameras do to a town"
SIDEBAR_WIDTH = "360px"
PANEL_MIN_WIDTH = "480px"
"""Map and charts sit side by side on a wide screen and stack on a narrow one."""


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


def _panel_style(grow: float) -> dict[str, str]:
    """A panel that grows in proportion to ``grow`` and wraps below ``PANEL_MIN_WIDTH``."""
    return {"flex": f"{grow} 1 0", "min-width": PANEL_MIN_WIDTH}
