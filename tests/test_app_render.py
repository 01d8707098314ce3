"""The workshop app rendered in-process (no browser): its controls come from the parameter
declarations, the page renders, and step, play and the controls change what it shows."""

from __future__ import annotations

import dataclasses
import importlib.util
import io
import os
import re
import time

import numpy as np
import pytest

if importlib.util.find_spec("solara") is None:
    reason = "the app extra is not installed: pip install -e '.[app]'"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (the Makefile installs it; CI=true must run these)", pytrace=False)
    pytest.skip(reason, allow_module_level=True)

import ipyvuetify as v
import ipywidgets
import solara
from PIL import Image

from app import controls, explanation, panels, play, state
from app.charts import PANELS, ChartsView
from app.map_layers import HEAT_LAYERS
from app.map_view import MapView
from app.page import Page
from sim.params import GROUPS
from sim.params.declare import ParamError

ALL_CONTROLS = [c for cs in state.control_sections().values() for c in cs]


def image(data: bytes) -> np.ndarray:
    """Decoded image bytes as an RGB array."""
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"), dtype=float)


def differs(a: bytes, b: bytes) -> float:
    """Mean absolute pixel difference of two images of one size."""
    return float(np.abs(image(a) - image(b)).mean())


@pytest.fixture(scope="module")
def town():
    """The default workshop town after two days, with its twin."""
    model = state.WorkshopModel(state.Settings(twin=True))
    for _ in range(48):
        model.step()
    return model


# --- controls from the declarations ----------------------------------------------------------


@pytest.mark.parametrize("control", ALL_CONTROLS, ids=lambda c: f"{c.group}.{c.name}")
def test_every_control_takes_range_choices_and_default_from_its_declaration(control):
    field = {f.name: f for f in dataclasses.fields(GROUPS[control.group])}[control.name]
    meta = field.metadata
    assert control.default == field.default, f"{control.key}: default differs from sim/params"
    assert control.doc == meta["doc"]
    if control.kind == "select":
        assert control.choices == tuple(meta["choices"]), f"{control.key}: choices differ"
    elif control.kind != "checkbox":
        assert (control.lo, control.hi) == (meta["lo"], meta["hi"]), f"{control.key}: range"


def test_controls_cover_the_levers_the_workshop_needs():
    keys = {c.key for c in ALL_CONTROLS}
    for needed in [
        ("surveillance", "placement"),
        ("surveillance", "sites_per_km2"),
        ("surveillance", "monitoring"),
        ("surveillance", "outage_share"),
        ("surveillance", "face_recognition"),
        ("policing", "strategy"),
        ("alternatives", "lighting_floor"),
    ]:
        assert needed in keys, f"no control for {needed}"
    assert state.seed_control().kind == "number_int", "the seed's range is too wide for a slider"


def test_a_day_count_with_a_range_of_100000_gets_a_number_box_not_a_slider():
    assert state.control_for("surveillance", "outage_days").kind == "number_int"
    assert state.control_for("surveillance", "view_radius_cells").kind == "slider_int"


def test_slider_step_is_refined_so_that_a_preset_value_is_not_snapped_away():
    sites = state.control_for("surveillance", "sites_per_km2")
    step = sites.step_for(0.96)
    assert abs(0.96 / step - round(0.96 / step)) < 1e-6, f"0.96 is off a grid of step {step}"


def test_controls_show_the_policy_preset_values_until_a_lever_is_changed():
    placement = state.control_for("surveillance", "placement")
    face = state.control_for("surveillance", "face_recognition")
    safe_city = state.Settings(policy="safe_city")
    assert safe_city.value(placement) == "arterial_commercial"
    assert safe_city.value(face) is True
    changed = safe_city.with_change(placement.key, "random")
    assert changed.value(placement) == "random"
    assert changed.params().surveillance.placement == "random", "the model must run what shows"
    back = changed.with_policy("no_cameras")
    assert back.value(placement) == "none", "a new preset drops the levers set before it"


def test_every_policy_preset_builds_a_town():
    for policy in state.policy_names():
        model = state.WorkshopModel(state.Settings(policy=policy))
        assert model.params.surveillance.placement == model.settings.value(
            state.control_for("surveillance", "placement")
        )


def test_an_impossible_combination_is_refused_naming_the_fields():
    settings = state.Settings(policy="safe_city").with_change(("surveillance", "outage_share"), 0.5)
    with pytest.raises(ParamError, match="outage_days"):
        settings.params()


def test_the_twin_has_no_cameras_and_the_same_seed(town):
    assert town.cameras.n > 0
    assert town.twin.cameras.n == 0
    assert town.twin.params.run.seed == town.params.run.seed
    assert town.twin.steps == town.steps


# --- drawing -------------------------------------------------------------------------------


def test_map_and_charts_draw_non_blank_images(town):
    map_image = image(MapView().draw(town, fmt="png"))
    charts_image = image(ChartsView().draw(town, fmt="png"))
    assert map_image.shape[1] >= 800 and charts_image.shape[1] >= 500
    assert map_image.std() > 20, "the map is blank"
    assert charts_image.std() > 20, "the charts are blank"


def test_every_heat_layer_draws_and_changes_the_map(town):
    view = MapView()
    plain = view.draw(town, "none")
    for heat in HEAT_LAYERS:
        if heat != "none":
            assert differs(plain, view.draw(town, heat)) > 1, f"heat layer {heat} shows nothing"


def test_map_copies_cells_into_pixels_as_matplotlib_would_draw_them(town):
    view = MapView()
    for heat in ("none", "twin_spectacular"):
        view.draw(town, heat)
        fast = np.asarray(view.fig.canvas.buffer_rgba())[..., :3].astype(float)
        # the same frame with matplotlib drawing the image artist itself
        view.fig.canvas.restore_region(view._background)
        for artist in view._dynamic():
            if artist.get_visible():
                view.fig.draw_artist(artist)
        slow = np.asarray(view.fig.canvas.buffer_rgba())[..., :3].astype(float)
        off = (np.abs(fast - slow).max(axis=2) > 30).mean()
        assert off < 0.005, f"{heat}: {off:.2%} of pixels differ from matplotlib's drawing"


def test_map_shows_each_kind_of_mark_in_its_own_colour():
    from app import colours as palette

    midday = state.WorkshopModel(state.Settings())
    for _ in range(13):  # the model opens after its first hour: now 14:00, people are out
        midday.step()
    view = MapView()
    view.draw(midday)
    drawn = {
        "residents": view.residents,
        "women commuters": view.women,
        "offenders": view.offenders,
        "police": view.police,
        "working camera sites": view.sites_up,
    }
    colours = set()
    for name, artist in drawn.items():
        assert len(artist.get_offsets()) > 0, f"no {name} on the map at 14:00"
        colours.add(tuple(np.round(artist.get_facecolor()[0][:3], 3)))
    assert len(colours) == len(drawn), "two kinds of marks share a colour"
    okabe_ito = {
        tuple(np.round(palette.rgb(c), 3))
        for c in (palette.GREY, palette.REDDISH_PURPLE, palette.ORANGE, palette.BLUE)
    }
    okabe_ito.add(tuple(np.round(palette.rgb(palette.BLUISH_GREEN), 3)))
    assert colours == okabe_ito, "marks must use the colour-blind-safe palette"


def test_twin_difference_counts_fewer_and_more_block_by_block(town):
    for category in ("spectacular", "everyday", None):
        here, twin = state.incident_cells(town, category), state.incident_cells(town.twin, category)
        by_cell = state.twin_difference(town, category, block_cells=1)
        assert by_cell["net"] == int(here.sum() - twin.sum()) == by_cell["more"] - by_cell["fewer"]
        assert by_cell["blocks_fewer"] == int((here < twin).sum())
        assert by_cell["blocks_more"] == int((here > twin).sum())
        by_block = state.twin_difference(town, category)
        assert by_block["net"] == by_cell["net"], "blocks must add up to the same total"
        assert by_block["fewer"] <= by_cell["fewer"], "a block nets out its cells' differences"


def test_blocks_tile_the_town_in_squares_of_block_cells(town):
    city = town.city
    block = state.block_of(city)
    side = -(-city.width // state.BLOCK_CELLS)
    assert block.max() + 1 == side * side
    sizes = np.bincount(block)
    assert sizes.max() == state.BLOCK_CELLS**2
    assert state.block_sums(city, np.ones(city.n_cells)).sum() == city.n_cells
    with pytest.raises(ValueError, match="no twin"):
        state.twin_difference(state.WorkshopModel(state.Settings()))


def test_one_chart_alone_draws(town):
    for panel in PANELS:
        assert image(ChartsView(panels=(panel,)).draw(town)).std() > 10, f"{panel} is blank"


# --- the page, rendered in-process ---------------------------------------------------------


@pytest.fixture
def page():
    """The page rendered afresh with its own town: 1 to 2 s per test, so the tests that take
    it are marked slow."""
    _box, rc = solara.render(Page(), handle_error=False)
    yield rc
    rc.close()


def text_of(rc, css_class: str) -> str:
    """The text of the page's one text element with this CSS class."""
    return rc.find(v.Html, class_=css_class).widget.children[0]


def status(rc) -> str:
    return text_of(rc, "safecity-status")


def image_bytes(rc, css_class: str) -> bytes:
    """The bytes of the page's image with this CSS class (``safecity-map``, ``safecity-charts``)."""
    found = [w for w in rc.find(ipywidgets.Image).widgets if css_class in w._dom_classes]
    assert len(found) == 1, f"expected one image .{css_class}, found {len(found)}"
    return bytes(found[0].value)


def map_bytes(rc) -> bytes:
    return image_bytes(rc, "safecity-map")


@pytest.mark.slow
def test_page_renders_the_status_map_and_charts(page):
    assert "camera sites" in status(page) and "day 1, 00:00" in status(page)
    assert image(map_bytes(page)).std() > 20
    assert image(image_bytes(page, "safecity-charts")).std() > 20


@pytest.mark.slow
def test_page_explains_what_is_on_the_map_and_the_charts(page):
    intro = text_of(page, "safecity-intro")
    assert re.search(r"of [\d,]+ people, [\d.]+ km across", intro), intro
    assert "same random draws" in intro, intro
    map_help = text_of(page, "safecity-map-help")
    for mark in ("women commuters", "street offenders", "police", "spectacular", "everyday"):
        assert mark in map_help, f"the map's explanation does not name {mark}: {map_help}"
    charts_help = text_of(page, "safecity-charts-help")
    for chart in ("camera view", "recorded", "forgone", "false face match", "twin"):
        assert chart in charts_help, f"the charts' explanation does not mention {chart}"
    page.find(v.Select, label="heat layer").widget.v_model = HEAT_LAYERS["footfall"]
    assert text_of(page, "safecity-map-help") == explanation.HEAT_HELP["footfall"]


@pytest.mark.slow
def test_step_advances_the_clock_and_redraws_the_map(page):
    before = map_bytes(page)
    for _ in range(3):
        page.find(v.Btn, children=["Step"]).widget.click()
    assert "day 1, 03:00" in status(page)
    assert map_bytes(page) != before
    assert "ticks/s" not in status(page), "clicks on Step are not a pace to show"


@pytest.mark.slow
def test_changing_a_control_restarts_the_town_with_it(page):
    assert "· 0 camera sites" not in status(page), "the default policy has cameras"
    page.find(v.Select, label="placement").widget.v_model = "none"
    assert "· 0 camera sites" in status(page), status(page)


@pytest.mark.slow
def test_a_refused_combination_shows_an_error_and_keeps_the_town(page):
    outage = state.control_for("surveillance", "outage_share")
    page.find(v.Slider, label=f"{outage.label}: 0").widget.v_model = 0.5
    errors = page.find(v.Alert).widgets
    assert any("outage_days" in str(w.children) for w in errors), "no error about outage_days"


@pytest.mark.slow
def test_play_runs_the_town_until_paused(page):
    page.find(v.Btn, children=["▶ Play"]).widget.click()
    deadline = time.monotonic() + 20
    while "day 1, 0" in status(page) and time.monotonic() < deadline:
        time.sleep(0.1)
    page.find(v.Btn, children=["❚❚ Pause"]).widget.click()
    assert "day 1, 0" not in status(page), f"ten hours did not pass in 20 s: {status(page)}"


@pytest.mark.slow
def test_twin_option_adds_the_twin_to_the_status_and_heat_choices(page):
    page.find(v.Checkbox, label=controls.TWIN_LABEL).widget.v_model = True
    assert "twin" in status(page)
    heat = page.find(v.Select, label="heat layer").widget
    assert HEAT_LAYERS["twin_everyday"] in heat.items
    heat.v_model = HEAT_LAYERS["twin_everyday"]
    help_text = text_of(page, "safecity-map-help")
    assert help_text.startswith(explanation.HEAT_HELP["twin_everyday"]), help_text
    assert "So far: 0 fewer in 0 blocks" in help_text, "a town on day 1 has no difference yet"


@pytest.mark.slow
def test_hours_per_step_sets_how_far_one_step_goes(page):
    page.find(v.BtnToggle).widget.v_model = play.TICKS_PER_FRAME.index(24)
    page.find(v.Btn, children=["Step"]).widget.click()
    assert status(page).startswith("day 2, 00:00"), status(page)


# --- the command-line entry points ---------------------------------------------------------


def test_animate_writes_a_gif_of_the_map_and_one_chart(tmp_path, capsys):
    from app import animate

    out = tmp_path / "run.gif"
    animate.main(["--days", "1", "--hours-per-frame", "12", "--chart", "stops", "-o", str(out)])
    gif = Image.open(out)
    assert gif.n_frames == 3, "one day at 12 hours a frame: the start and two frames"
    assert gif.size[0] > gif.size[1] > 500, f"map and chart side by side, got {gif.size}"
    assert "animating" in capsys.readouterr().err, "no progress bar"


def test_animate_refuses_an_unknown_lever_naming_it(tmp_path):
    from app import animate

    with pytest.raises(SystemExit, match=r"surveillance\.bogus"):
        animate.main(["--set", "surveillance.bogus=1", "-o", str(tmp_path / "x.gif")])


def test_server_listens_on_localhost_by_default_and_keeps_solara_offline(monkeypatch):
    from app import server

    args = server.parse_args([])
    assert (args.host, args.port) == ("127.0.0.1", server.DEFAULT_PORT)
    for key in [*server.OFFLINE_ENV, "SOLARA_APP"]:  # restored after the test
        monkeypatch.delenv(key, raising=False)
    server.configure_offline()
    assert os.environ["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] == "false"
    assert os.environ["SOLARA_ASSETS_PROXY"] == "true"
    assert "127.0.0.1" in os.environ["SOLARA_ASSETS_CDN"], "a missing asset must not go online"


def test_status_line_says_what_the_cameras_have_cost_so_far(town):
    from sim.analysis.costs import camera_cost_rs
    from sim.params.costs import CostParams

    text = panels.status_text(town)
    days = (town.tick - town.params.surveillance.install_day * 24) / 24
    expected = camera_cost_rs(town.cameras.n, days, CostParams())
    assert town.cameras.n > 0 and expected > 0
    assert f"the cameras have cost Rs {expected / 1e6:,.2f} m so far" in text, text
    no_cameras = state.WorkshopModel(state.Settings(policy="no_cameras"))
    assert "cost" not in panels.status_text(no_cameras), "no cameras, no cost line"
