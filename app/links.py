"""Teaching links: a URL whose query string opens the app in a preset state, so that a lecturer
can hand out one link per exercise.

    http://127.0.0.1:8765/?policy=passive_cameras&seed=3&twin=true&surveillance.fr_threshold=2.5

Keys (each at most once, all optional):

- ``city``: the city preset; the app runs only the teaching town, so only ``town``.
- ``policy``: a registered policy (``sim/params/policies.py``).
- ``seed``: the run's root seed, a whole number in the declared range of ``run.seed``.
- ``twin``: ``true`` or ``false`` (also ``1``/``0``, ``yes``/``no``, ``on``/``off``).
- ``group.field``: any lever of the control panel (``app.state.CONTROL_SECTIONS``), with a value
  of its declared kind and range, set on top of the policy preset.

A link that names an unknown key, repeats one, or gives a value outside what the lever allows is
refused with a :class:`LinkError` that says which key, what was given and what is allowed; the
page then opens with its defaults and shows that message (:func:`link_state`).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode

from app import state
from sim.params.declare import ParamError

CITIES = (state.PRESET,)
"""City presets the app can open: the teaching town only (the Lahore-scale city is for
``safecity-run``; its map would not draw at a lecture's pace)."""
TRUE_WORDS = ("true", "1", "yes", "on")
FALSE_WORDS = ("false", "0", "no", "off")
RESERVED = ("city", "policy", "seed", "twin")


class LinkError(ValueError):
    """A teaching link the app cannot open: the message names the key and what it allows."""


def levers() -> dict[str, state.Control]:
    """The levers a link may set, by ``group.field``."""
    return {
        f"{c.group}.{c.name}": c for controls in state.control_sections().values() for c in controls
    }


def _bool(key: str, text: str) -> bool:
    word = text.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise LinkError(
        f"{key}={text!r} is not true or false: use one of {', '.join(TRUE_WORDS)} or "
        f"{', '.join(FALSE_WORDS)}"
    )


def _number(key: str, text: str, kind: type, lo: float | None, hi: float | None) -> Any:
    try:
        value = kind(text)
    except ValueError:
        noun = "a whole number" if kind is int else "a number"
        raise LinkError(f"{key}={text!r} is not {noun}") from None
    if value != value or (lo is not None and value < lo) or (hi is not None and value > hi):
        raise LinkError(f"{key}={text!r} is outside the allowed range {lo:g} to {hi:g}")
    return value


def parse_value(control: state.Control, text: str) -> Any:
    """A lever's value from a link's text, checked against the lever's declaration.

    Raises:
        LinkError: naming the lever, the text and what it allows.
    """
    key = f"{control.group}.{control.name}"
    if control.kind == "select":
        if text not in control.choices:
            raise LinkError(
                f"{key}={text!r} is not allowed: expected one of {', '.join(control.choices)}"
            )
        return text
    if control.kind == "checkbox":
        return _bool(key, text)
    kind = float if control.kind == "slider_float" else int
    return _number(key, text, kind, control.lo, control.hi)


def settings_from_query(query: str) -> state.Settings:
    """The settings a link's query string asks for (the part after ``?``; a leading ``?`` is
    allowed). An empty query gives the default settings.

    Raises:
        LinkError: for an unknown key, a repeated key, a value the key does not allow, or a
            combination the model refuses (its :class:`~sim.params.declare.ParamError` message).
    """
    pairs = parse_qsl(query.lstrip("?"), keep_blank_values=True)
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            raise LinkError(f"{key} appears more than once in the link: give it once")
        seen.add(key)
    known = levers()
    policy, seed, twin = state.DEFAULT_POLICY, None, False
    changes: list[tuple[tuple[str, str], Any]] = []
    for key, text in pairs:
        if key == "city":
            if text not in CITIES:
                raise LinkError(
                    f"city={text!r}: the app runs only {', '.join(CITIES)} (the "
                    "Lahore-scale city runs with safecity-run city=lahore)"
                )
        elif key == "policy":
            names = state.policy_names()
            if text not in names:
                raise LinkError(
                    f"policy={text!r} is not a policy preset: expected one of {', '.join(names)}"
                )
            policy = text
        elif key == "seed":
            control = state.seed_control()
            seed = _number(key, text, int, control.lo, control.hi)
        elif key == "twin":
            twin = _bool(key, text)
        elif key in known:
            control = known[key]
            changes.append((control.key, parse_value(control, text)))
        else:
            raise LinkError(
                f"{key!r} is not something a link can set: use {', '.join(RESERVED)} "
                f"or a lever of the control panel ({', '.join(known)})"
            )
    settings = state.Settings(policy=policy, changes=tuple(changes), seed=seed, twin=twin)
    try:
        settings.params()
    except ParamError as e:
        raise LinkError(f"the link's settings are refused: {e}") from None
    return settings


def query_of(settings: state.Settings) -> str:
    """The query string of a teaching link that opens these settings (without the ``?``)."""
    pairs: list[tuple[str, str]] = [("city", state.PRESET), ("policy", settings.policy)]
    if settings.seed is not None:
        pairs.append(("seed", str(settings.seed)))
    if settings.twin:
        pairs.append(("twin", "true"))
    for (group, name), value in settings.changes:
        text = str(value).lower() if isinstance(value, bool) else str(value)
        pairs.append((f"{group}.{name}", text))
    return urlencode(pairs)


def link_state(query: str | None) -> tuple[state.Settings, str | None]:
    """What the page opens with for a query string: the link's settings and no message, or the
    default settings and a message that says why the link was refused."""
    try:
        return settings_from_query(query or ""), None
    except LinkError as e:
        return state.Settings(), f"Teaching link refused: {e}. The app opened with its defaults."
