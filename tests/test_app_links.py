"""Teaching links: a URL query string opens the app in a preset (city, policy, seed, levers);
a link the app cannot open is refused with a message that names what was wrong."""

from __future__ import annotations

import importlib.util
import os

import pytest

if importlib.util.find_spec("solara") is None:
    reason = "the app extra is not installed: pip install -e '.[app]'"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (the Makefile installs it; CI=true must run these)", pytrace=False)
    pytest.skip(reason, allow_module_level=True)

import ipyvuetify as v
import solara
from solara.routing import Router, router_context

from app import links, page, state


def test_a_link_sets_city_policy_seed_twin_and_levers():
    settings = links.settings_from_query(
        "?city=town&policy=passive_cameras&seed=3&twin=true"
        "&surveillance.fr_threshold=2.5&policing.strategy=hotspot"
        "&surveillance.face_recognition=false&surveillance.view_radius_cells=2"
    )
    assert settings.policy == "passive_cameras"
    assert settings.seed == 3 and settings.twin is True
    assert dict(settings.changes) == {
        ("surveillance", "fr_threshold"): 2.5,
        ("policing", "strategy"): "hotspot",
        ("surveillance", "face_recognition"): False,
        ("surveillance", "view_radius_cells"): 2,
    }
    params = settings.params()
    assert params.run.seed == 3
    assert params.surveillance.monitoring == "passive", "the policy preset is applied"
    assert params.surveillance.fr_threshold == 2.5, "a lever is applied on top of the preset"
    assert params.policing.strategy == "hotspot"


def test_an_empty_link_opens_the_defaults():
    assert links.settings_from_query("") == state.Settings()
    assert links.link_state(None) == (state.Settings(), None)


def test_a_link_round_trips_through_its_query_string():
    settings = links.settings_from_query(
        "policy=lighting_and_transit&seed=7&twin=1&alternatives.lighting_floor=0.6"
        "&surveillance.face_recognition=true"
    )
    again = links.settings_from_query(links.query_of(settings))
    assert again == settings


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("policy=nope", "policy='nope' is not a policy preset"),
        ("city=lahore", "the app runs only town"),
        ("seed=-1", "seed='-1' is outside the allowed range"),
        ("seed=three", "seed='three' is not a whole number"),
        ("twin=maybe", "twin='maybe' is not true or false"),
        ("surveillance.placement=everywhere", "surveillance.placement='everywhere' is not allowed"),
        ("surveillance.sites_per_km2=1000", "surveillance.sites_per_km2='1000' is outside"),
        ("surveillance.fr_threshold=nan", "surveillance.fr_threshold='nan' is outside"),
        ("surveillance.view_radius_cells=1.5", "'1.5' is not a whole number"),
        ("offending.k_camera=0.1", "'offending.k_camera' is not something a link can set"),
        ("seed=1&seed=2", "seed appears more than once"),
        (
            "surveillance.outage_share=0.5",
            "the link's settings are refused: surveillance.outage_share = 0.5 needs",
        ),
    ],
)
def test_an_invalid_link_is_refused_with_a_message_naming_the_key(query, named):
    with pytest.raises(links.LinkError, match=None) as caught:
        links.settings_from_query(query)
    assert named in str(caught.value), str(caught.value)
    settings, message = links.link_state(query)
    assert settings == state.Settings(), "a refused link opens the defaults"
    assert message.startswith("Teaching link refused: ") and named in message, message


def render_with_link(search: str | None):
    """The page rendered in-process as a browser at ``/?<search>`` would get it."""

    @solara.component
    def Linked():
        router_context.provide(Router("/" + (f"?{search}" if search else ""), []))
        return page.Page()

    _box, rc = solara.render(Linked(), handle_error=False)
    return rc


def test_the_page_opens_in_the_state_a_link_sets():
    rc = render_with_link("policy=no_cameras&seed=5&twin=true")
    try:
        assert rc.find(v.Select, label="policy preset").widget.v_model == ("no_cameras")
        status = rc.find(v.Html, class_="safecity-status").widget.children[0]
        assert "· 0 camera sites" in status and "twin" in status, status
        assert rc.find(v.TextField, label="seed").widget.v_model == "5"
        assert not rc.find(v.Alert).widgets, "a valid link shows no error"
    finally:
        rc.close()


def test_the_page_shows_why_a_link_was_refused_and_opens_the_defaults():
    rc = render_with_link("policy=nope")
    try:
        errors = [str(w.children) for w in rc.find(v.Alert).widgets]
        assert any("Teaching link refused: policy='nope'" in e for e in errors), errors
        assert rc.find(v.Select, label="policy preset").widget.v_model == (state.DEFAULT_POLICY)
    finally:
        rc.close()
