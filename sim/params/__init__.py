"""The model's parameters: one frozen dataclass per config group, each field declared once.

Groups follow the config groups (EMA Workbench's split): the world (``city``, ``population``,
``offending``, ``everyday``, ``vehicles``, ``learning``, ``targets``, ``fear``, ``trust``), the
levers (``surveillance``, ``policing``, ``alternatives``, ``equal_budget``) and the ``run``.
Defaults are the teaching town; :mod:`sim.presets` holds the other cities as overrides of these
defaults.

Sources: "VALIDATION <row>" points at ``shared/VALIDATION.md``; "assumption: ..." says why a value
was chosen where no figure exists. ``docs/parameters.md`` is generated from these declarations.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, ClassVar, Self

from sim.params.alternatives import AlternativesParams
from sim.params.behaviour import FearParams, TrustParams
from sim.params.declare import ParamError, ParamGroup, param
from sim.params.equal_budget import SPEND_ON, EqualBudgetParams
from sim.params.everyday import EverydayParams
from sim.params.learning import LearningParams
from sim.params.offending import OffendingParams
from sim.params.policing import PATROL_STRATEGIES, PolicingParams
from sim.params.sanctions import CareerParams, SanctionParams
from sim.params.surveillance import MONITORING, PLACEMENTS, PUBLICITY, SurveillanceParams
from sim.params.targets import TargetParams
from sim.params.vehicles import VehicleParams
from sim.params.world import CityParams, PopulationParams

__all__ = [
    "GROUPS",
    "MONITORING",
    "PATROL_STRATEGIES",
    "PLACEMENTS",
    "PUBLICITY",
    "SPEND_ON",
    "AlternativesParams",
    "CareerParams",
    "CityParams",
    "EqualBudgetParams",
    "EverydayParams",
    "FearParams",
    "LearningParams",
    "OffendingParams",
    "ParamError",
    "PolicingParams",
    "PopulationParams",
    "RunParams",
    "SanctionParams",
    "SimParams",
    "SurveillanceParams",
    "TargetParams",
    "TrustParams",
    "VehicleParams",
]


@dataclasses.dataclass(frozen=True)
class RunParams(ParamGroup):
    """The run: seed and length."""

    group: ClassVar[str] = "run"

    seed: int = param(
        0,
        unit="-",
        lo=0,
        hi=2**63 - 1,
        doc="Root seed; every random stream derives from it.",
        source="-",
    )
    days: int = param(7, unit="days", lo=1, hi=36500, doc="Days to simulate.", source="-")


GROUPS: dict[str, type[ParamGroup]] = {
    "city": CityParams,
    "population": PopulationParams,
    "offending": OffendingParams,
    "careers": CareerParams,
    "sanctions": SanctionParams,
    "everyday": EverydayParams,
    "vehicles": VehicleParams,
    "learning": LearningParams,
    "targets": TargetParams,
    "fear": FearParams,
    "trust": TrustParams,
    "surveillance": SurveillanceParams,
    "policing": PolicingParams,
    "alternatives": AlternativesParams,
    "equal_budget": EqualBudgetParams,
    "run": RunParams,
}


@dataclasses.dataclass(frozen=True)
class SimParams:
    """All parameters of one run, one frozen group per concern."""

    city: CityParams = dataclasses.field(default_factory=CityParams)
    population: PopulationParams = dataclasses.field(default_factory=PopulationParams)
    offending: OffendingParams = dataclasses.field(default_factory=OffendingParams)
    careers: CareerParams = dataclasses.field(default_factory=CareerParams)
    sanctions: SanctionParams = dataclasses.field(default_factory=SanctionParams)
    everyday: EverydayParams = dataclasses.field(default_factory=EverydayParams)
    vehicles: VehicleParams = dataclasses.field(default_factory=VehicleParams)
    learning: LearningParams = dataclasses.field(default_factory=LearningParams)
    targets: TargetParams = dataclasses.field(default_factory=TargetParams)
    fear: FearParams = dataclasses.field(default_factory=FearParams)
    trust: TrustParams = dataclasses.field(default_factory=TrustParams)
    surveillance: SurveillanceParams = dataclasses.field(default_factory=SurveillanceParams)
    policing: PolicingParams = dataclasses.field(default_factory=PolicingParams)
    alternatives: AlternativesParams = dataclasses.field(default_factory=AlternativesParams)
    equal_budget: EqualBudgetParams = dataclasses.field(default_factory=EqualBudgetParams)
    run: RunParams = dataclasses.field(default_factory=RunParams)

    def __post_init__(self) -> None:
        if self.population.n_people / self.population.agent_scale < 10:
            raise ParamError(
                f"population.n_people / population.agent_scale = "
                f"{self.population.n_people / self.population.agent_scale:g} resident agents: "
                "expected at least 10; lower agent_scale"
            )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None = None) -> Self:
        """Build from a nested mapping ``{group: {field: value}}``; unknown groups are refused."""
        _check_mapping("parameters", data)
        data = dict(data or {})
        unknown = [k for k in data if k not in GROUPS]
        if unknown:
            raise ParamError(
                f"unknown parameter group {unknown[0]!r}: expected one of {', '.join(GROUPS)}"
            )
        for name, value in data.items():
            if not isinstance(value, Mapping):
                raise ParamError(f"parameter group {name!r} must be a mapping, got {value!r}")
        return cls(**{name: GROUPS[name].from_dict(data.get(name)) for name in GROUPS})

    def to_dict(self) -> dict[str, dict[str, Any]]:
        """Nested plain dict ``{group: {field: value}}``."""
        return {name: getattr(self, name).to_dict() for name in GROUPS}

    def with_overrides(self, overrides: Mapping[str, Mapping[str, Any]]) -> Self:
        """A copy with ``{group: {field: value}}`` changed, validated like a new instance."""
        merged = self.to_dict()
        _check_mapping("overrides", overrides)
        for group, fields in (overrides or {}).items():
            if group not in GROUPS:
                raise ParamError(
                    f"unknown parameter group {group!r}: expected one of {', '.join(GROUPS)}"
                )
            _check_mapping(f"overrides[{group!r}]", fields)
            merged[group].update(fields or {})
        return type(self).from_dict(merged)

    def late_policies(self) -> list[str]:
        """Why a policy these parameters set would do nothing in a run of ``run.days`` days:
        cameras installed, or alternatives started, on or after the last day."""
        days, s, a = self.run.days, self.surveillance, self.alternatives
        out = []
        if s.placement != "none" and s.install_day >= days:
            out.append(
                f"surveillance.install_day = {s.install_day} is not before the end of the run "
                f"(run.days = {days}): no camera will be installed; lower install_day or raise days"
            )
        if (a.active or self.equal_budget.active) and a.start_day >= days:
            out.append(
                f"alternatives.start_day = {a.start_day} is not before the end of the run "
                f"(run.days = {days}): the alternatives never start; lower start_day or raise days"
            )
        return out


def _check_mapping(what: str, value: Any) -> None:
    """Refuse, naming ``what``, a value that is neither ``None`` nor a mapping."""
    if value is not None and not isinstance(value, Mapping):
        raise ParamError(
            f"{what} must be a mapping {{group: {{field: value}}}}, got {type(value).__name__} "
            f"{value!r:.80}"
        )
