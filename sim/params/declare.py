"""Declared parameters: a dataclass field that knows its unit, range and source, and checks itself.

Every model parameter is declared once with :func:`param`; the metadata it carries is what
validation, the Hydra schema, the workshop app's sliders and the docs table read. Nothing else
repeats a default, a range or a source.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import numbers
import types
from collections.abc import Mapping
from typing import Any, ClassVar, Self, get_type_hints

import numpy as np


class ParamError(ValueError):
    """A parameter, config or input file was refused; the message says what and why."""


class ParamWarning(UserWarning):
    """Parameters that run but make a setting do nothing (e.g. cameras installed after the end)."""


def param(
    default: Any,
    *,
    unit: str,
    source: str,
    doc: str,
    lo: float | None = None,
    hi: float | None = None,
    choices: tuple[str, ...] | None = None,
    plausible: tuple[float, float] | None = None,
    plausible_source: str | None = None,
) -> Any:
    """Declare a parameter field.

    Validity limits (``lo``, ``hi``) say what the model can run; the *plausible range* says what
    an analysis (a sensitivity design, a calibration prior) should vary the parameter over: the
    values that the evidence, or a stated assumption, leaves open. A field without one is not
    varied by default (a setting, a size, a lever that analyses set by policy).

    Args:
        default: the default value; it must itself be valid.
        unit: unit of measurement ("cells", "per day", "probability", "-" for none).
        source: where the default comes from: a VALIDATION.md row, a paper, or
            "assumption: <reason>".
        doc: one sentence saying what the parameter means.
        lo: smallest allowed value (inclusive), for numbers.
        hi: largest allowed value (inclusive), for numbers.
        choices: the allowed values, for strings.
        plausible: ``(lo, hi)`` for analysis, inside the validity limits; for numbers only.
        plausible_source: why that range: a VALIDATION.md row, a paper, or
            "assumption: <reason>"; required with ``plausible``.

    Raises:
        ValueError: a plausible range that is empty, outside the validity limits or without a
            source (a declaration error, found when the module is imported).
    """
    if plausible is not None:
        _check_plausible(default, lo, hi, plausible, plausible_source)
    elif plausible_source is not None:
        raise ValueError("plausible_source given without a plausible range")
    meta = {
        "unit": unit,
        "source": source,
        "doc": doc,
        "lo": lo,
        "hi": hi,
        "choices": choices,
        "plausible": tuple(plausible) if plausible is not None else None,
        "plausible_source": plausible_source,
    }
    return dataclasses.field(default=default, metadata=meta)


def _check_plausible(
    default: Any,
    lo: float | None,
    hi: float | None,
    plausible: tuple[float, float],
    source: str | None,
) -> None:
    """Refuse a plausible range that is not a non-empty interval inside the validity limits."""
    if isinstance(default, bool) or not isinstance(default, int | float):
        raise ValueError(f"a plausible range needs a numeric field, not default {default!r}")
    p_lo, p_hi = plausible
    if not p_lo < p_hi:
        raise ValueError(f"plausible range {plausible!r} is empty: expected lo < hi")
    if (lo is not None and p_lo < lo) or (hi is not None and p_hi > hi):
        raise ValueError(f"plausible range {plausible!r} lies outside the limits [{lo}, {hi}]")
    if not p_lo <= default <= p_hi:
        raise ValueError(f"default {default!r} lies outside its plausible range {plausible!r}")
    if not source:
        raise ValueError(f"plausible range {plausible!r} needs a plausible_source")


def allowed_text(f: dataclasses.Field) -> str:
    """Describe in words what values a declared field allows."""
    m = f.metadata
    if m.get("choices"):
        return "one of " + ", ".join(repr(c) for c in m["choices"])
    lo, hi = m.get("lo"), m.get("hi")
    if lo is not None and hi is not None:
        return f"a number from {lo:g} to {hi:g}"
    if lo is not None:
        return f"a number >= {lo:g}"
    if hi is not None:
        return f"a number <= {hi:g}"
    return "any value of its type"


def _coerce(group: str, f: dataclasses.Field, kind: type, value: Any) -> Any:
    """Return value converted to the field's type, or raise ParamError naming the field.

    Numbers of any Python or NumPy type are accepted (``numpy.int64(3)`` is a whole number);
    booleans are not numbers here, and complex numbers, NaN and infinity are refused.
    """
    name = f"{group}.{f.name}"
    is_bool = isinstance(value, bool | np.bool_)
    if kind is bool:
        if is_bool:
            return bool(value)
        raise ParamError(f"{name} = {value!r} is not allowed: expected true or false")
    if kind in (int, float):
        if is_bool or not isinstance(value, numbers.Real):  # complex is not Real
            what = "a whole number" if kind is int else "a number"
            raise ParamError(f"{name} = {value!r} is not allowed: expected {what}")
        try:
            finite = math.isfinite(float(value))
        except OverflowError:  # an integer beyond the range of a float
            finite = False
        if not finite:
            raise ParamError(f"{name} = {value!r} is not allowed: expected a finite number")
    if kind is int:
        if not isinstance(value, numbers.Integral) and not float(value).is_integer():
            raise ParamError(f"{name} = {value!r} is not allowed: expected a whole number")
        return int(value)
    if kind is float:
        return float(value)
    if kind is str:
        if not isinstance(value, str):
            raise ParamError(f"{name} = {value!r} is not allowed: expected a text value")
        return value
    raise TypeError(f"{name}: unsupported parameter type {kind!r}")


class ParamGroup:
    """Base of the frozen parameter dataclasses: validates every field at construction."""

    group: ClassVar[str] = ""

    def __post_init__(self) -> None:
        hints = get_type_hints(type(self))
        for f in dataclasses.fields(self):
            value = _coerce(self.group, f, hints[f.name], getattr(self, f.name))
            object.__setattr__(self, f.name, value)
            _check_bounds(self.group, f, value)
        self.check_consistency()

    def check_consistency(self) -> None:
        """Refuse combinations of individually valid values that cannot work together."""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Self:
        """Build the group from a mapping, refusing unknown keys by name."""
        if data is not None and not isinstance(data, Mapping):
            raise ParamError(
                f"parameter group {cls.group!r} must be a mapping of field to value, got {data!r}"
            )
        data = dict(data or {})
        names = [f.name for f in dataclasses.fields(cls)]
        unknown = [k for k in data if k not in names]
        if unknown:
            key = unknown[0]
            close = difflib.get_close_matches(str(key), names, n=1)
            hint = f" Did you mean {cls.group}.{close[0]}?" if close else ""
            raise ParamError(
                f"unknown parameter {cls.group}.{key}.{hint} "
                f"Known {cls.group} parameters: {', '.join(names)}"
            )
        return cls(**data)

    def to_dict(self) -> dict[str, Any]:
        """The group as a plain dict of field name to value."""
        return dataclasses.asdict(self)

    def replace(self, **changes: Any) -> Self:
        """A copy with some fields changed, validated like a new instance."""
        return type(self).from_dict({**self.to_dict(), **changes})


def _check_bounds(group: str, f: dataclasses.Field, value: Any) -> None:
    m = f.metadata
    name = f"{group}.{f.name}"
    if m.get("choices") and value not in m["choices"]:
        raise ParamError(f"{name} = {value!r} is not allowed: expected {allowed_text(f)}")
    lo, hi = m.get("lo"), m.get("hi")
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    if is_number and ((lo is not None and value < lo) or (hi is not None and value > hi)):
        unit = f" ({m['unit']})" if m.get("unit") not in (None, "-") else ""
        raise ParamError(f"{name} = {value!r} is out of range: expected {allowed_text(f)}{unit}")


def describe_fields(cls: type) -> list[dict[str, Any]]:
    """One record per declared field of a group: name, type, default, unit, range, source, doc,
    and the plausible range for analysis with its source (``None`` where not declared)."""
    hints = get_type_hints(cls)
    rows = []
    for f in dataclasses.fields(cls):
        kind = hints[f.name]
        rows.append(
            {
                "group": cls.group,
                "name": f.name,
                "type": kind.__name__ if isinstance(kind, type | types.GenericAlias) else str(kind),
                "default": f.default,
                "allowed": allowed_text(f),
                **{k: f.metadata[k] for k in ("unit", "lo", "hi", "choices", "source", "doc")},
                "plausible": f.metadata.get("plausible"),
                "plausible_source": f.metadata.get("plausible_source"),
            }
        )
    return rows
