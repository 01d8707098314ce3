"""Parameters by dotted path: ``"surveillance.sites_per_km2"`` as well as ``{group: {field: v}}``.

Analyses (designs, samplers, Mesa's ``batch_run``) name parameters by one flat, dotted path;
the model's groups are nested. This module translates between the two and holds the analysis
metadata of the declarations:

- :func:`nest` turns a mapping of dotted paths and nested groups (mixed) into nested overrides,
  refusing an unknown group or field by name;
- :func:`plausible_ranges` lists every parameter's plausible range for analysis;
- :func:`round_to_fields` applies the rule for whole-number fields in designs: a design helper
  rounds a sampled value to the nearest whole number (halves away from zero, so 2.5 -> 3); the
  model itself still refuses a fraction for a whole-number field, so a design point that has
  not been rounded fails loudly instead of being changed silently;
- :func:`split_keywords` sorts Mesa-style keyword arguments into city, policy and dotted
  overrides (what ``SafeCityModel(city=..., policy=..., **{"group.field": v})`` takes).
"""

from __future__ import annotations

import dataclasses
import difflib
import math
from collections.abc import Iterable, Mapping
from typing import Any, get_type_hints

from sim.params.declare import ParamError

Overrides = dict[str, dict[str, Any]]


def _groups() -> dict[str, type]:
    from sim.params import GROUPS  # here, not at import: sim.params imports nothing of this

    return GROUPS


def _field_names(group: str) -> list[str]:
    return [f.name for f in dataclasses.fields(_groups()[group])]


def _unknown_group(group: str, path: str) -> ParamError:
    names = list(_groups())
    close = difflib.get_close_matches(group, names, n=1)
    hint = f" Did you mean {close[0]}?" if close else ""
    return ParamError(
        f"unknown parameter group {group!r} in {path!r}.{hint} Expected one of {', '.join(names)}"
    )


def check_path(path: str) -> tuple[str, str]:
    """``(group, field)`` of a dotted path, or ParamError naming the path and what is known."""
    group, dot, name = str(path).partition(".")
    if not dot or not name or "." in name:
        raise ParamError(
            f"parameter path {path!r} is not of the form group.field "
            "(e.g. 'surveillance.sites_per_km2')"
        )
    if group not in _groups():
        raise _unknown_group(group, path)
    names = _field_names(group)
    if name not in names:
        close = difflib.get_close_matches(name, names, n=1)
        hint = f" Did you mean {group}.{close[0]}?" if close else ""
        raise ParamError(
            f"unknown parameter {path!r}.{hint} Known {group} parameters: {', '.join(names)}"
        )
    return group, name


def nest(overrides: Mapping[str, Any] | None) -> Overrides:
    """Nested ``{group: {field: value}}`` overrides from dotted paths, groups, or both mixed.

    A key with a dot is a path (``"surveillance.sites_per_km2": 0.5``); a key without one is a
    group whose value is a mapping of its fields (``"surveillance": {"placement": "hotspot"}``).
    Values are not validated here (building the parameters does that).

    Raises:
        ParamError: an unknown group or field (named, with a close match if there is one), a
            group given a value that is not a mapping, or one field given two different values.
    """
    if overrides is not None and not isinstance(overrides, Mapping):
        raise ParamError(
            f"overrides = {overrides!r:.60}: expected a mapping of dotted paths or groups to "
            'values, e.g. {"surveillance.sites_per_km2": 0.5}'
        )
    out: Overrides = {}
    for key, value in (overrides or {}).items():
        if "." in str(key):
            group, name = check_path(str(key))
            fields = {name: value}
        else:
            if key not in _groups():
                raise _unknown_group(str(key), str(key))
            if not isinstance(value, Mapping):
                raise ParamError(f"parameter group {key!r} must be a mapping, got {value!r}")
            group, fields = str(key), dict(value)
        for name, v in fields.items():
            if name in out.get(group, {}) and out[group][name] != v:
                raise ParamError(
                    f"parameter {group}.{name} is given twice, as {out[group][name]!r} and {v!r}"
                )
            out.setdefault(group, {})[name] = v
    return out


def flatten(nested: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """Dotted paths from nested overrides: the inverse of :func:`nest`."""
    return {f"{g}.{k}": v for g, fields in nested.items() for k, v in fields.items()}


def declared(path: str) -> dataclasses.Field:
    """The declared field of a dotted path (its metadata holds unit, limits, plausible range)."""
    group, name = check_path(path)
    return next(f for f in dataclasses.fields(_groups()[group]) if f.name == name)


def plausible_ranges(groups: Iterable[str] | None = None) -> dict[str, tuple[float, float]]:
    """Every parameter that declares a plausible range for analysis: ``{path: (lo, hi)}``.

    Args:
        groups: restrict to these groups (e.g. ``["offending", "fear"]``); all by default.

    Returns:
        Dotted path to ``(lo, hi)``, in declaration order; each range lies inside the field's
        validity limits. The source of each is ``declared(path).metadata["plausible_source"]``.
    """
    wanted = list(_groups()) if groups is None else list(groups)
    out = {}
    for group in wanted:
        if group not in _groups():
            raise _unknown_group(group, group)
        for f in dataclasses.fields(_groups()[group]):
            if f.metadata.get("plausible") is not None:
                out[f"{group}.{f.name}"] = tuple(f.metadata["plausible"])
    return out


def is_whole_number(path: str) -> bool:
    """Whether the field of a dotted path takes whole numbers only."""
    group, name = check_path(path)
    return get_type_hints(_groups()[group])[name] is int


def round_to_fields(point: Mapping[str, Any]) -> dict[str, Any]:
    """A design point with every whole-number field rounded to the nearest whole number.

    The rule for designs: samplers (SALib, Latin hypercubes) draw real numbers; a design helper
    passes each point through this function before it reaches the model, which keeps refusing
    fractions for whole-number fields. Rounding is half away from zero (2.5 -> 3, so that the
    top of a range is reachable); other fields are returned unchanged.
    """
    out = {}
    for path, value in point.items():
        if is_whole_number(path) and isinstance(value, int | float) and not isinstance(value, bool):
            value = int(math.copysign(math.floor(abs(value) + 0.5), value))
        out[path] = value
    return out


def split_keywords(kwargs: Mapping[str, Any]) -> tuple[Any, str | None, dict[str, Any]]:
    """Sort Mesa-style keyword arguments into ``(city, policy, dotted overrides)``.

    ``city`` (a preset name or a built ``City``) and ``policy`` (a registered policy name) are
    taken out; every other key must be a dotted parameter path (checked here, so that a typo is
    refused by name rather than ignored).
    """
    rest = dict(kwargs)
    city = rest.pop("city", None)
    policy = rest.pop("policy", None)
    for key in rest:
        if "." not in key:
            raise ParamError(
                f"unknown keyword argument {key!r}: expected city=, policy=, or a dotted "
                "parameter path such as 'surveillance.sites_per_km2'"
            )
        check_path(key)
    return city, policy, rest
