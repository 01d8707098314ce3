"""The model's parameters: one frozen dataclass per config group, each field declared once.

Groups follow the config groups (EMA Workbench's split): the world (``city``, ``population``,
``offending``), the levers (``surveillance``, ``policing``) and the ``run``. Defaults are the
teaching town; :mod:`sim.presets` holds the other cities as overrides of these defaults.

Sources: "VALIDATION <row>" points at ``shared/VALIDATION.md``; "assumption: ..." says why a value
was chosen where no figure exists. ``docs/parameters.md`` is generated from these declarations.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, ClassVar, Self

from sim.validation import ParamError, ParamGroup, param

PLACEMENTS = ("none", "random", "arterial_commercial", "hotspot", "population", "transit_routes")
MONITORING = ("active", "passive")
PATROL_STRATEGIES = ("random", "hotspot")


@dataclasses.dataclass(frozen=True)
class CityParams(ParamGroup):
    """The generated city: grid, land use, density, lighting and districts."""

    group: ClassVar[str] = "city"

    width_cells: int = param(
        60, unit="cells", lo=5, hi=2000, doc="Grid width.",
        source="assumption: a 6 km x 6 km teaching town that runs a week in well under a second",
    )
    height_cells: int = param(
        60, unit="cells", lo=5, hi=2000, doc="Grid height.",
        source="assumption: as width_cells",
    )
    cell_size_m: float = param(
        100.0, unit="m", lo=10.0, hi=1000.0, doc="Side of one square cell.",
        source="DESIGN.md section 2 (100 m cells)",
    )
    districts_x: int = param(
        3, unit="districts", lo=1, hi=50, doc="Districts across (rectangular blocks).",
        source="assumption: a few neighbourhoods for reporting",
    )
    districts_y: int = param(
        3, unit="districts", lo=1, hi=50, doc="Districts down.",
        source="assumption: as districts_x",
    )
    arterial_spacing_cells: int = param(
        10, unit="cells", lo=2, hi=500, doc="Spacing of the main-road lattice.",
        source="assumption: arterial roads about every kilometre",
    )
    transit_stop_spacing_cells: int = param(
        5, unit="cells", lo=1, hi=500, doc="Spacing of transit stops along arterials.",
        source="assumption: bus stops about every 500 m",
    )
    market_share: float = param(
        0.06, unit="share of cells", lo=0.0, hi=0.5, doc="Share of cells that are markets.",
        source="assumption: markets cluster near arterials and the centre",
    )
    industrial_share: float = param(
        0.04, unit="share of cells", lo=0.0, hi=0.5, doc="Share of cells that are industrial.",
        source="assumption",
    )
    open_share: float = param(
        0.08, unit="share of cells", lo=0.0, hi=0.5, doc="Share of cells that are open land.",
        source="assumption: parks, river banks, vacant land",
    )
    density_gradient_per_km: float = param(
        0.15, unit="per km", lo=0.0, hi=2.0,
        doc="Exponential decline of residential density with distance from the centre.",
        source="Clark 1951 negative-exponential density; gradients of 0.05-0.3 per km are "
        "typical of large cities (Bertaud & Malpezzi 2003, secondary)",
    )
    lighting_main: float = param(
        0.9, unit="0-1", lo=0.0, hi=1.0,
        doc="Street-lighting level on arterials, transit stops and markets.",
        source="assumption: main roads and markets are lit",
    )
    lighting_residential: float = param(
        0.5, unit="0-1", lo=0.0, hi=1.0, doc="Street-lighting level in lit residential streets.",
        source="assumption",
    )
    unlit_share: float = param(
        0.2, unit="share of cells", lo=0.0, hi=1.0,
        doc="Share of residential, industrial and open cells, farthest from the centre first, "
        "with no street lighting.",
        source="assumption: peripheral settlements lack street lights (DESIGN.md section 1)",
    )
    daylight_start_hour: int = param(
        6, unit="hour of day", lo=0, hi=23, doc="First hour of daylight.",
        source="assumption: Lahore sunrise is between about 5 and 7 through the year",
    )
    daylight_end_hour: int = param(
        19, unit="hour of day", lo=1, hi=24, doc="First hour of darkness.",
        source="assumption: Lahore sunset is between about 17 and 19:30 through the year",
    )
    file: str = param(
        "", unit="path", doc="A city file (.npz, see docs/city-file.md) to load instead of "
        "generating; empty to generate.", source="-",
    )

    def check_consistency(self) -> None:
        if self.daylight_end_hour <= self.daylight_start_hour:
            raise ParamError(
                f"city.daylight_end_hour = {self.daylight_end_hour} must be after "
                f"city.daylight_start_hour = {self.daylight_start_hour}"
            )
        total = self.market_share + self.industrial_share + self.open_share
        if total > 0.8:
            raise ParamError(
                f"city.market_share + city.industrial_share + city.open_share = {total:g} leaves "
                "too little room for homes: expected a sum of at most 0.8"
            )
        for axis, n in (("x", self.districts_x), ("y", self.districts_y)):
            size = self.width_cells if axis == "x" else self.height_cells
            if n > size:
                raise ParamError(
                    f"city.districts_{axis} = {n} exceeds the grid's {size} cells along {axis}"
                )

    @property
    def area_km2(self) -> float:
        """City area in square kilometres."""
        return self.width_cells * self.height_cells * (self.cell_size_m / 1000.0) ** 2


@dataclasses.dataclass(frozen=True)
class PopulationParams(ParamGroup):
    """Residents: how many, who, and their daily routines."""

    group: ClassVar[str] = "population"

    n_people: float = param(
        4000.0, unit="people", lo=10.0, hi=5e7, doc="People living in the city.",
        source="assumption: a teaching town of a few thousand",
    )
    agent_scale: float = param(
        1.0, unit="people per agent", lo=1.0, hi=10000.0,
        doc="How many people one resident, offender or officer agent stands for.",
        source="assumption: 1 in the town; 100 in the Lahore preset (issue 2)",
    )
    share_women: float = param(
        0.48, unit="share", lo=0.0, hi=1.0, doc="Share of residents who are women.",
        source="Pakistan census 2017, about 105 men per 100 women (secondary)",
    )
    share_minority: float = param(
        0.1, unit="share", lo=0.0, hi=1.0,
        doc="Share of residents in the minority community group (group 1; the rest are group 0).",
        source="assumption: a visible minority, used for face-recognition differentials",
    )
    household_size: float = param(
        6.0, unit="people", lo=1.0, hi=20.0, doc="Mean household size.",
        source="Pakistan census 2017, 6.3 persons per household (secondary)",
    )
    p_travel_day_men: float = param(
        0.85, unit="probability per day", lo=0.0, hi=1.0,
        doc="Chance a man leaves home for his activity place on a given day.",
        source="assumption: most men work or study outside home",
    )
    p_travel_day_women: float = param(
        0.42, unit="probability per day", lo=0.0, hi=1.0,
        doc="Chance a woman leaves home for her activity place on a given day.",
        source="VALIDATION women's mobility: women make about half as many trips as men "
        "(Adeel 2017)",
    )
    share_transit: float = param(
        0.6, unit="share", lo=0.0, hi=1.0,
        doc="Share of residents whose trips pass transit stops (walk, bus, wagon, rickshaw).",
        source="assumption: most trips in Lahore are not by private car",
    )
    depart_hour_mean: float = param(
        8.0, unit="hour of day", lo=0.0, hi=23.0, doc="Mean hour of leaving home.",
        source="assumption: morning peak",
    )
    depart_hour_sd: float = param(
        1.5, unit="hours", lo=0.0, hi=6.0, doc="Spread of departure hours between residents.",
        source="assumption",
    )
    dur_activity_ticks: int = param(
        8, unit="ticks (hours)", lo=1, hi=20, doc="Hours spent at the activity place.",
        source="assumption: a working day",
    )
    commute_km_mean: float = param(
        4.0, unit="km", lo=0.1, hi=50.0,
        doc="Mean straight-line distance from home to activity place (exponential).",
        source="assumption: short trips dominate in South Asian cities",
    )
    p_evening_outing: float = param(
        0.15, unit="probability per day", lo=0.0, hi=1.0,
        doc="Chance a resident who travelled visits a market on the way home, for one hour.",
        source="assumption: evening shopping brings footfall to markets after dark",
    )


@dataclasses.dataclass(frozen=True)
class OffendingParams(ParamGroup):
    """Street offenders: numbers, awareness space, place choice and the decision to offend."""

    group: ClassVar[str] = "offending"

    offender_share: float = param(
        0.005, unit="offenders per resident", lo=0.0, hi=0.2,
        doc="Motivated street offenders per resident.",
        source="assumption: a small, repeat-offending minority",
    )
    n_awareness_places: int = param(
        6, unit="places", lo=2, hi=50,
        doc="Places an offender knows: home, activity place and busy places nearby.",
        source="crime pattern theory (Brantingham & Brantingham 1993); count is an assumption",
    )
    awareness_radius_km: float = param(
        2.0, unit="km", lo=0.1, hi=50.0, doc="How far from home an offender's known places lie.",
        source="assumption: journeys to crime are short (distance decay)",
    )
    active_start_hour: int = param(
        9, unit="hour of day", lo=0, hi=23, doc="Hour offenders start roaming.",
        source="assumption",
    )
    active_end_hour: int = param(
        24, unit="hour of day", lo=1, hi=24, doc="Hour offenders stop roaming (exclusive).",
        source="assumption",
    )
    p_attempt_tick: float = param(
        0.02, unit="probability per tick", lo=0.0, hi=1.0,
        doc="Chance a roaming offender with targets at hand and no perceived risk offends "
        "in an hour.",
        source="assumption: sets the town's baseline at tens of robberies a week",
    )
    risk_aversion: float = param(
        2.0, unit="-", lo=0.0, hi=20.0,
        doc="Exponent on the perceived chance of getting away, in place choice and offending.",
        source="rational choice (Cornish & Clarke 1986); value an assumption",
    )
    choice_noise: float = param(
        1.0, unit="utility units", lo=0.01, hi=100.0,
        doc="Scale of random taste in the logit choice between known places.",
        source="assumption",
    )
    k_guardian: float = param(
        0.002, unit="per person present", lo=0.0, hi=1.0,
        doc="Weight of people present (capable guardians) in perceived arrest risk.",
        source="Epstein 2002 perceived-arrest form 1-exp(-k*guardians); value an assumption",
    )
    guardian_dark_factor: float = param(
        0.3, unit="0-1", lo=0.0, hi=1.0,
        doc="How much guardianship counts in an unlit cell after dark, relative to daylight.",
        source="assumption: witnesses see less in the dark",
    )
    k_police: float = param(
        0.5, unit="per officer in the block", lo=0.0, hi=50.0,
        doc="Weight of police present in the offender's block in perceived arrest risk.",
        source="Epstein 2002; value an assumption",
    )
    k_camera: float = param(
        1.0, unit="per believed camera", lo=0.0, hi=50.0,
        doc="Weight of a camera the offender believes watches a place in perceived arrest risk.",
        source="deterrence (Welsh & Farrington 2009); value an assumption",
    )
    p_notice_camera: float = param(
        0.5, unit="probability per visit", lo=0.0, hi=1.0,
        doc="Chance an offender notices whether a place has a camera when there.",
        source="assumption",
    )
    rate_camera_learning: float = param(
        0.5, unit="0-1", lo=0.0, hi=1.0,
        doc="How far one noticed sighting moves an offender's camera belief toward what he saw.",
        source="assumption",
    )
    dur_jail_days: float = param(
        30.0, unit="days", lo=0.0, hi=3650.0, doc="Time an arrested offender is held.",
        source="assumption: pre-trial detention and short sentences",
    )

    def check_consistency(self) -> None:
        if self.active_end_hour <= self.active_start_hour:
            raise ParamError(
                f"offending.active_end_hour = {self.active_end_hour} must be after "
                f"offending.active_start_hour = {self.active_start_hour}"
            )


@dataclasses.dataclass(frozen=True)
class SurveillanceParams(ParamGroup):
    """Cameras: how many, where, how watched, how reliable."""

    group: ClassVar[str] = "surveillance"

    placement: str = param(
        "none", unit="-", choices=PLACEMENTS, doc="Where camera sites go.",
        source="DESIGN.md section 5",
    )
    sites_per_km2: float = param(
        0.96, unit="sites per km2", lo=0.0, hi=100.0,
        doc="Camera sites per square kilometre (ignored when target_coverage is set).",
        source="VALIDATION cameras: about 1,700 sites on 1,772 km2 in Lahore",
    )
    target_coverage: float = param(
        0.0, unit="share of cells", lo=0.0, hi=1.0,
        doc="If above 0, add sites until this share of cells is in view (instead of "
        "sites_per_km2).", source="DESIGN.md section 5 (count or coverage)",
    )
    cameras_per_site: float = param(
        4.7, unit="cameras per site", lo=1.0, hi=50.0,
        doc="Cameras mounted at each site (each fails and is repaired on its own).",
        source="VALIDATION cameras: about 8,000 cameras at about 1,700 sites",
    )
    view_radius_cells: int = param(
        1, unit="cells", lo=0, hi=20,
        doc="Cells around a site (Chebyshev distance) that its cameras see.",
        source="assumption: a street camera identifies people within about 100-150 m",
    )
    install_day: int = param(
        0, unit="day", lo=0, hi=100000, doc="Day the cameras are switched on.",
        source="assumption: from the start; the displacement experiment sets it",
    )
    monitoring: str = param(
        "active", unit="-", choices=MONITORING,
        doc="active: operators watch live and can dispatch police; passive: footage is "
        "reviewed only after a report.", source="VALIDATION A3",
    )
    p_detect_lit: float = param(
        0.45, unit="probability", lo=0.0, hi=1.0,
        doc="Chance a working camera in view captures an incident usably in full light.",
        source="VALIDATION CCTV in investigations: footage available in 45% of crimes "
        "(Ashby 2017)",
    )
    p_detect_dark: float = param(
        0.15, unit="probability", lo=0.0, hi=1.0,
        doc="The same chance in an unlit cell after dark.",
        source="assumption: a third of the lit value",
    )
    p_operator_notices: float = param(
        0.3, unit="probability", lo=0.0, hi=1.0,
        doc="Chance a live operator notices a captured incident in time to dispatch (active).",
        source="assumption: one operator watches many feeds",
    )
    p_footage_identifies: float = param(
        0.29, unit="probability", lo=0.0, hi=1.0,
        doc="Chance captured footage of a recorded incident identifies the offender afterwards.",
        source="VALIDATION CCTV in investigations: footage useful in 29% (Ashby 2017)",
    )
    p_fail_day: float = param(
        0.002, unit="probability per day", lo=0.0, hi=1.0,
        doc="Chance a working camera fails on a given day.",
        source="assumption: a camera fails about every 18 months",
    )
    dur_repair_days: float = param(
        7.0, unit="days", lo=1.0, hi=3650.0, doc="Mean time to repair a failed camera.",
        source="assumption",
    )
    outage_share: float = param(
        0.0, unit="share of cameras", lo=0.0, hi=1.0,
        doc="Share of cameras switched off during a scheduled outage.",
        source="VALIDATION outage: about half, Lahore Dec 2019 - Jan 2020 (used by the outage "
        "policy)",
    )
    outage_start_day: int = param(
        0, unit="day", lo=0, hi=100000, doc="Day the outage starts.", source="-",
    )
    outage_days: int = param(
        0, unit="days", lo=0, hi=100000, doc="Length of the outage (0 for none).",
        source="VALIDATION outage: about two months",
    )

    def check_consistency(self) -> None:
        if self.placement != "none" and self.sites_per_km2 == 0 and self.target_coverage == 0:
            raise ParamError(
                f"surveillance.placement = {self.placement!r} places no camera because "
                "surveillance.sites_per_km2 and surveillance.target_coverage are both 0: "
                "set one of them above 0, or use placement 'none'"
            )
        if self.outage_share > 0 and self.outage_days == 0:
            raise ParamError(
                f"surveillance.outage_share = {self.outage_share:g} needs "
                "surveillance.outage_days > 0"
            )


@dataclasses.dataclass(frozen=True)
class PolicingParams(ParamGroup):
    """Police: strength, patrol, response, arrest, and how incidents reach them."""

    group: ClassVar[str] = "policing"

    people_per_officer: float = param(
        413.0, unit="residents per officer", lo=10.0, hi=1e6, doc="Police strength.",
        source="VALIDATION police strength: 1 officer per about 413 residents (Lahore 2016)",
    )
    share_on_patrol: float = param(
        0.2, unit="share", lo=0.0, hi=1.0,
        doc="Share of officers on street duty at any hour (shifts, stations, VIP duty).",
        source="assumption: three shifts and many non-patrol duties",
    )
    strategy: str = param(
        "random", unit="-", choices=PATROL_STRATEGIES,
        doc="random: patrol anywhere in the home district; hotspot: patrol where recorded "
        "incidents were.", source="DESIGN.md section 5",
    )
    speed_kmh: float = param(
        20.0, unit="km/h", lo=1.0, hi=120.0, doc="Speed of a responding officer.",
        source="assumption: urban traffic",
    )
    dispatch_delay_min: float = param(
        5.0, unit="minutes", lo=0.0, hi=600.0, doc="Time from alert to an officer leaving.",
        source="assumption",
    )
    report_delay_min: float = param(
        30.0, unit="minutes", lo=0.0, hi=1440.0,
        doc="Time from an incident to the victim's report reaching the police.",
        source="assumption",
    )
    arrest_window_min: float = param(
        15.0, unit="minutes", lo=0.0, hi=1440.0,
        doc="An officer arriving later than this after the incident finds no one to arrest.",
        source="assumption: street offenders leave the scene quickly",
    )
    p_arrest_on_scene: float = param(
        0.5, unit="probability", lo=0.0, hi=1.0,
        doc="Chance an officer arriving within the window arrests the offender.",
        source="assumption",
    )
    p_intervene: float = param(
        0.3, unit="probability", lo=0.0, hi=1.0,
        doc="Chance an officer patrolling the same cell stops an incident and arrests.",
        source="assumption",
    )
    on_scene_min: float = param(
        45.0, unit="minutes", lo=0.0, hi=1440.0, doc="Time an officer spends at an incident.",
        source="assumption",
    )
    block_cells: int = param(
        5, unit="cells", lo=1, hi=100,
        doc="Side of the square block in which offenders see police presence.",
        source="assumption: what a street offender can see from a corner",
    )
    hotspot_memory_days: float = param(
        28.0, unit="days", lo=1.0, hi=3650.0,
        doc="Half-life of the recorded-incident heat that hotspot patrol follows.",
        source="assumption: a month of crime maps",
    )
    p_report: float = param(
        0.35, unit="probability", lo=0.0, hi=1.0,
        doc="Chance a victim of street robbery reports it.",
        source="assumption: under-reporting is high where trust in police is low",
    )
    p_record: float = param(
        0.7, unit="probability", lo=0.0, hi=1.0,
        doc="Chance a report is recorded (a First Information Report is registered).",
        source="assumption: police in Pakistan often decline to register FIRs",
    )


@dataclasses.dataclass(frozen=True)
class RunParams(ParamGroup):
    """The run: seed and length."""

    group: ClassVar[str] = "run"

    seed: int = param(
        0, unit="-", lo=0, hi=2**63 - 1, doc="Root seed; every random stream derives from it.",
        source="-",
    )
    days: int = param(7, unit="days", lo=1, hi=36500, doc="Days to simulate.", source="-")


GROUPS: dict[str, type[ParamGroup]] = {
    "city": CityParams,
    "population": PopulationParams,
    "offending": OffendingParams,
    "surveillance": SurveillanceParams,
    "policing": PolicingParams,
    "run": RunParams,
}


@dataclasses.dataclass(frozen=True)
class SimParams:
    """All parameters of one run, one frozen group per concern."""

    city: CityParams = dataclasses.field(default_factory=CityParams)
    population: PopulationParams = dataclasses.field(default_factory=PopulationParams)
    offending: OffendingParams = dataclasses.field(default_factory=OffendingParams)
    surveillance: SurveillanceParams = dataclasses.field(default_factory=SurveillanceParams)
    policing: PolicingParams = dataclasses.field(default_factory=PolicingParams)
    run: RunParams = dataclasses.field(default_factory=RunParams)

    def __post_init__(self) -> None:
        s = self.surveillance
        if s.outage_days and s.outage_start_day < s.install_day:
            raise ParamError(
                f"surveillance.outage_start_day = {s.outage_start_day} is before "
                f"surveillance.install_day = {s.install_day}: an outage needs installed cameras"
            )
        if self.population.n_people / self.population.agent_scale < 10:
            raise ParamError(
                f"population.n_people / population.agent_scale = "
                f"{self.population.n_people / self.population.agent_scale:g} resident agents: "
                "expected at least 10; lower agent_scale"
            )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None = None) -> Self:
        """Build from a nested mapping ``{group: {field: value}}``; unknown groups are refused."""
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
        for group, fields in overrides.items():
            if group not in GROUPS:
                raise ParamError(
                    f"unknown parameter group {group!r}: expected one of {', '.join(GROUPS)}"
                )
            merged[group].update(fields)
        return type(self).from_dict(merged)
