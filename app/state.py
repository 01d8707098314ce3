"""What the workshop app runs: the controls (read from the parameter declarations), the policy
presets (the registry of ``sim/params/policies.py``), and the running town with its optional
twin (the same town on the same draws, with no cameras and no alternatives).

Nothing here repeats a default, a range or a choice: every control is a declared field of
``sim/params/`` and takes its kind, range, step and unit from that declaration; the value it shows
is the value of the parameters that are running (the chosen policy preset's, or the one the user
set), so the audience never sees a number that is not in the model.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import threading
from typing import Any, get_type_hints

import numpy as np

from sim.analysis.twin import twin_of
from sim.model import SafeCityModel
from sim.params import GROUPS, SimParams
from sim.params import policies as registry
from sim.params.declare import ParamError
from sim.params.policies import the_one_with_role
from sim.presets import PRESETS, make_params
from sim.world.offences import CATEGORY_OF, OFFENCES

PRESET = "town"
"""City preset the app runs: the teaching town (60 x 60 cells, 4,000 people)."""

DEFAULT_POLICY = the_one_with_role("app")
"""Policy preset the app opens with: the programme the workshop is about."""

CONTROL_SECTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "Cameras": (
        ("surveillance", "placement"),
        ("surveillance", "sites_per_km2"),
        ("surveillance", "view_radius_cells"),
        ("surveillance", "monitoring"),
        ("surveillance", "face_recognition"),
        ("surveillance", "fr_threshold"),
    ),
    "Vendor outage": (
        ("surveillance", "outage_share"),
        ("surveillance", "outage_after_install_days"),
        ("surveillance", "outage_days"),
    ),
    "Police": (
        ("policing", "strategy"),
        ("policing", "share_on_patrol"),
    ),
    "Lighting and alternatives": (
        ("city", "unlit_share"),
        ("alternatives", "lighting_floor"),
        ("alternatives", "safer_transit"),
        ("alternatives", "help_desk_reporting"),
        ("equal_budget", "spend_on"),
    ),
}
"""The levers shown, by section, as ``(group, field)`` of ``sim.params``: everything else about
them (kind of input, range, step, unit, explanation) is read from the declaration."""

SEED_FIELD = ("run", "seed")

MAX_SLIDER_POSITIONS = 1000
"""A whole-number range with more values than this gets a number box instead of a slider (a
slider over 0 to 100,000 days cannot be set to 60)."""

MAX_STEP_REFINEMENTS = 4
"""A slider's step is made at most 10,000 times finer to put a value on its grid."""

SLIDER_STEPS = 100
"""A slider over a range of real numbers moves in steps of about 1/100 of the range, rounded to
1, 2 or 5 times a power of ten."""


@dataclasses.dataclass(frozen=True)
class Control:
    """One input of the control panel, described entirely by a declared parameter field.

    Attributes:
        group: parameter group (``surveillance``, ``policing``, ...).
        name: field name within the group.
        kind: ``select``, ``checkbox``, ``slider_int``, ``slider_float`` or ``number_int`` (a
            number box for a whole-number range too wide for a slider).
        label: the field name in words, with its unit.
        doc: the declaration's one-sentence explanation.
        default: the declared default.
        lo: smallest allowed value (numbers).
        hi: largest allowed value (numbers).
        step: slider step (numbers).
        choices: allowed values (``select``).
    """

    group: str
    name: str
    kind: str
    label: str
    doc: str
    default: Any
    lo: float | None = None
    hi: float | None = None
    step: float | None = None
    choices: tuple[str, ...] | None = None

    @property
    def key(self) -> tuple[str, str]:
        """``(group, name)``: where the value lives in ``SimParams``."""
        return (self.group, self.name)

    def step_for(self, value: float) -> float | None:
        """The slider step, made finer (by tens) until ``value`` lies on the slider's grid: a
        slider snaps its value to the grid, and a preset's 0.96 must not become 1."""
        if self.step is None:
            return None
        step = self.step
        for _ in range(MAX_STEP_REFINEMENTS):
            ratio = (value - (self.lo or 0.0)) / step
            if abs(ratio - round(ratio)) < 1e-6:
                break
            step /= 10.0
        return step


def _nice_step(span: float) -> float:
    """About ``span / SLIDER_STEPS``, rounded to 1, 2 or 5 times a power of ten."""
    raw = span / SLIDER_STEPS
    power = 10.0 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def label_of(name: str, unit: str) -> str:
    """A field name in words with its unit (``fr threshold (z score)``); the unit is left out
    when there is none or the name already says it (``sites per km2``)."""
    words = name.replace("_", " ")
    if unit in ("-", "") or unit.replace(" ", "") in name.replace("_", ""):
        return words
    return f"{words} ({unit})"


def control_for(group: str, name: str) -> Control:
    """The input for one declared field.

    Raises:
        KeyError: if the group or the field is not declared in ``sim.params``.
    """
    cls = GROUPS[group]
    fields = {f.name: f for f in dataclasses.fields(cls)}
    if name not in fields:
        raise KeyError(f"{group}.{name} is not a declared parameter of {cls.__name__}")
    f = fields[name]
    kind_type = get_type_hints(cls)[name]
    m = f.metadata
    common = {
        "group": group,
        "name": name,
        "label": label_of(name, m["unit"]),
        "doc": m["doc"],
        "default": f.default,
    }
    if m.get("choices"):
        return Control(kind="select", choices=tuple(m["choices"]), **common)
    if kind_type is bool:
        return Control(kind="checkbox", **common)
    lo, hi = m.get("lo"), m.get("hi")
    if kind_type is int:
        wide = lo is None or hi is None or hi - lo > MAX_SLIDER_POSITIONS
        return Control(kind="number_int" if wide else "slider_int", lo=lo, hi=hi, step=1, **common)
    if lo is None or hi is None:
        raise ValueError(f"{group}.{name} has no declared range: a slider needs lo and hi")
    return Control(kind="slider_float", lo=lo, hi=hi, step=_nice_step(hi - lo), **common)


@functools.cache
def control_sections() -> dict[str, tuple[Control, ...]]:
    """Every section of the control panel with its inputs, built from the declarations."""
    return {
        title: tuple(control_for(g, n) for g, n in keys) for title, keys in CONTROL_SECTIONS.items()
    }


def seed_control() -> Control:
    """The seed input (a number box: the seed's range is far too wide for a slider)."""
    return control_for(*SEED_FIELD)


# --- policy presets -------------------------------------------------------------------------


def policy_names() -> list[str]:
    """The registered policies (``sim/params/policies.py``), the app's opening policy first."""
    return sorted(registry.policy_names(), key=lambda n: n != DEFAULT_POLICY)


@functools.cache
def policy_overrides(policy: str) -> dict[str, dict[str, Any]]:
    """The ``{group: {field: value}}`` a policy sets, as ``safecity-run policy=<policy>`` runs
    it (``sim.params.policies.load_policy``).

    Raises:
        ParamError: for a policy that is not registered.
    """
    return registry.load_policy(policy)


@dataclasses.dataclass(frozen=True)
class Settings:
    """What the user chose: a policy preset, the levers changed on top of it, the seed, and
    whether the twin (no cameras, no alternatives) runs alongside.

    Attributes:
        policy: a registered policy (``sim/params/policies.py``).
        changes: ``((group, field), value)`` pairs set by the controls, applied on top of the
            policy preset.
        seed: the run's root seed (``None``: the declared default).
        twin: whether the twin (no cameras, no alternatives) runs alongside on the same seed.
    """

    policy: str = DEFAULT_POLICY
    changes: tuple[tuple[tuple[str, str], Any], ...] = ()
    seed: int | None = None
    twin: bool = False

    def with_change(self, key: tuple[str, str], value: Any) -> Settings:
        """These settings with one lever set (replacing an earlier setting of the same lever)."""
        if key == SEED_FIELD:
            return dataclasses.replace(self, seed=value)
        kept = tuple((k, v) for k, v in self.changes if k != key)
        return dataclasses.replace(self, changes=(*kept, (key, value)))

    def with_policy(self, policy: str) -> Settings:
        """Another policy preset: the levers set so far are dropped, so that every control shows
        the new preset's values (the seed and the twin option are kept)."""
        return dataclasses.replace(self, policy=policy, changes=())

    def with_twin(self, twin: bool) -> Settings:
        """These settings with the twin switched on or off."""
        return dataclasses.replace(self, twin=bool(twin))

    def value(self, control: Control) -> Any:
        """The value a control shows: the lever as set, else the policy preset's value, else the
        city preset's, else the declared default. Read without validation, so that a control
        still shows what the user typed while a combination is refused."""
        if control.key == SEED_FIELD and self.seed is not None:
            return self.seed
        changed = dict(self.changes)
        if control.key in changed:
            return changed[control.key]
        for layer in (policy_overrides(self.policy), PRESETS[PRESET]):
            fields = layer.get(control.group, {})
            if control.name in fields:
                return fields[control.name]
        return control.default

    def params(self) -> SimParams:
        """The validated parameters these settings run.

        Raises:
            ParamError: naming the lever and the allowed range when a value or a combination is
                refused.
        """
        overrides: dict[str, dict[str, Any]] = {
            g: dict(f) for g, f in policy_overrides(self.policy).items()
        }
        for (group, name), value in self.changes:
            overrides.setdefault(group, {})[name] = value
        if self.seed is not None:
            overrides.setdefault("run", {})["seed"] = self.seed
        return make_params(PRESET, overrides)


# --- the running town -----------------------------------------------------------------------


class WorkshopModel(SafeCityModel):
    """The town as the app runs it: a :class:`SafeCityModel` of the chosen settings that also
    keeps the heat layers the map can show and, if asked, steps its twin (no cameras, no
    alternatives: :func:`sim.analysis.twin.twin_of`) in lockstep.

    It opens after its first hour, so that the map shows the cameras installed on day 0.

    Args:
        settings: policy preset, levers, seed and twin option; default :class:`Settings`.

    Raises:
        ParamError: if the settings' parameters are refused.
    """

    def __init__(self, settings: Settings | None = None):
        if not isinstance(settings, Settings | None):
            raise ParamError(f"settings = {settings!r:.60}: expected app.state.Settings or None")
        self.settings = settings or Settings()
        params = self.settings.params()
        super().__init__(params)
        # The page draws from one thread while the play loop steps from another: a drawing must
        # never see half a step. Mesa wraps ``step`` (time, scheduled events, then ours); the
        # lock goes round the whole of it.
        self.lock = threading.RLock()
        mesa_step = self.step

        def locked_step() -> None:
            with self.lock:
                mesa_step()

        self.step = locked_step
        self.footfall_total = np.zeros(self.city.n_cells)
        self.twin: SafeCityModel | None = (
            SafeCityModel(twin_of(params)) if self.settings.twin else None
        )
        self.step()  # the first hour: cameras installed on day 0 are up when the map first shows

    def step(self) -> None:
        """One hour of the town (and of its twin)."""
        super().step()
        self.footfall_total += self.people
        if self.twin is not None:
            self.twin.step()


SPECTACULAR_CODES = np.array([CATEGORY_OF[o] == "spectacular" for o in OFFENCES])
"""Whether each offence code (the event log's ``offence`` column) is a spectacular one."""
EVERYDAY_CODES = np.array([CATEGORY_OF[o] == "everyday" for o in OFFENCES])
"""Whether each offence code is an everyday one."""
PROPERTY_CODES = np.array([CATEGORY_OF[o] == "property" for o in OFFENCES])
"""Whether each offence code is a property one."""


def incident_cells(model: SafeCityModel, category: str | None = None) -> np.ndarray:
    """Incidents per cell so far, of one category (``spectacular``, ``everyday``,
    ``property``) or all."""
    log = model.events
    x, y, offence = log.column("x"), log.column("y"), log.column("offence")
    if category is not None:
        codes = [i for i, o in enumerate(OFFENCES) if CATEGORY_OF[o] == category]
        keep = np.isin(offence, codes)
        x, y = x[keep], y[keep]
    cells = model.city.cell_of(x, y)
    return np.bincount(cells, minlength=model.city.n_cells)


BLOCK_CELLS = 5
"""Incident maps count by blocks of this many cells a side (500 m in the town): incidents are
rare enough that, cell by cell, a projector shows a few specks; by block, it shows areas."""


def block_of(city, block_cells: int = BLOCK_CELLS) -> np.ndarray:
    """The block each cell lies in (blocks of ``block_cells`` x ``block_cells`` cells, counted
    row by row; the last row and column of blocks may be smaller)."""
    blocks_y = -(-city.height // block_cells)
    return (city.x // block_cells) * blocks_y + city.y // block_cells


def block_sums(city, values: np.ndarray, block_cells: int = BLOCK_CELLS) -> np.ndarray:
    """Per-block totals of per-cell ``values``, one per block (see :func:`block_of`)."""
    block = block_of(city, block_cells)
    return np.bincount(block, weights=values, minlength=int(block.max()) + 1)


def twin_difference(
    model: WorkshopModel, category: str | None = None, block_cells: int = BLOCK_CELLS
) -> dict[str, int]:
    """Where this town's incidents differ from its twin's so far, block by block (blocks of
    ``block_cells`` cells a side, as the map shows them; 1: cell by cell).

    Returns:
        ``fewer`` incidents in the ``blocks_fewer`` blocks that had fewer than the twin
        (prevented there, or moved away), ``more`` in the ``blocks_more`` blocks that had more
        (moved there), and the ``net`` difference (this town minus the twin).

    Raises:
        ValueError: if the model runs no twin.
    """
    if model.twin is None:
        raise ValueError("the model runs no twin: build it with Settings(twin=True)")
    diff = incident_cells(model, category) - incident_cells(model.twin, category)
    diff = np.rint(block_sums(model.city, diff.astype(float), block_cells)).astype(np.int64)
    return {
        "fewer": int(-diff[diff < 0].sum()),
        "blocks_fewer": int((diff < 0).sum()),
        "more": int(diff[diff > 0].sum()),
        "blocks_more": int((diff > 0).sum()),
        "net": int(diff.sum()),
    }
