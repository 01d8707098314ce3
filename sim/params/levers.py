"""Policy levers: cameras and policing (EMA Workbench's "levers")."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from sim.validation import ParamError, ParamGroup, param

PLACEMENTS = ("none", "random", "arterial_commercial", "hotspot", "population", "transit_routes")
MONITORING = ("active", "passive")
PATROL_STRATEGIES = ("random", "hotspot")


@dataclasses.dataclass(frozen=True)
class SurveillanceParams(ParamGroup):
    """Cameras: how many, where, how watched, how reliable."""

    group: ClassVar[str] = "surveillance"

    placement: str = param(
        "none",
        unit="-",
        choices=PLACEMENTS,
        doc="Where camera sites go.",
        source="DESIGN.md section 5",
    )
    sites_per_km2: float = param(
        0.96,
        unit="sites per km2",
        lo=0.0,
        hi=100.0,
        doc="Camera sites per square kilometre (ignored when target_coverage is set).",
        source="VALIDATION cameras: about 1,700 sites on 1,772 km2 in Lahore",
    )
    target_coverage: float = param(
        0.0,
        unit="share of cells",
        lo=0.0,
        hi=1.0,
        doc="If above 0, add sites until this share of cells is in view (instead of "
        "sites_per_km2).",
        source="DESIGN.md section 5 (count or coverage)",
    )
    cameras_per_site: float = param(
        4.7,
        unit="cameras per site",
        lo=1.0,
        hi=50.0,
        doc="Cameras mounted at each site (each fails and is repaired on its own).",
        source="VALIDATION cameras: about 8,000 cameras at about 1,700 sites",
    )
    view_radius_cells: int = param(
        1,
        unit="cells",
        lo=0,
        hi=20,
        doc="Cells around a site (Chebyshev distance) that its cameras see.",
        source="assumption: a street camera identifies people within about 100-150 m",
    )
    install_day: int = param(
        0,
        unit="day",
        lo=0,
        hi=100000,
        doc="Day the cameras are switched on.",
        source="assumption: from the start; the displacement experiment sets it",
    )
    monitoring: str = param(
        "active",
        unit="-",
        choices=MONITORING,
        doc="active: operators watch live and can dispatch police; passive: footage is "
        "reviewed only after a report.",
        source="VALIDATION A3",
    )
    p_detect_lit: float = param(
        0.45,
        unit="probability",
        lo=0.0,
        hi=1.0,
        doc="Chance a working camera in view captures an incident usably in full light.",
        source="VALIDATION CCTV in investigations: footage available in 45% of crimes (Ashby 2017)",
    )
    p_detect_dark: float = param(
        0.15,
        unit="probability",
        lo=0.0,
        hi=1.0,
        doc="The same chance in an unlit cell after dark.",
        source="assumption: a third of the lit value",
    )
    p_operator_notices: float = param(
        0.3,
        unit="probability",
        lo=0.0,
        hi=1.0,
        doc="Chance a live operator notices a captured incident in time to dispatch (active).",
        source="assumption: one operator watches many feeds",
    )
    p_footage_identifies: float = param(
        0.29,
        unit="probability",
        lo=0.0,
        hi=1.0,
        doc="Chance captured footage of a recorded incident identifies the offender afterwards.",
        source="VALIDATION CCTV in investigations: footage useful in 29% (Ashby 2017)",
    )
    face_recognition: bool = param(
        False,
        unit="-",
        doc="Whether footage is run through face recognition (identifications, false matches).",
        source="DESIGN section 5; Lahore's command centre matches faces (article)",
    )
    fr_threshold: float = param(
        3.0,
        unit="z score",
        lo=0.0,
        hi=8.0,
        doc="Match threshold: a capture matches if its similarity score exceeds it (equal-"
        "variance signal detection; higher means fewer false and fewer true matches).",
        source="assumption: at 3.0 false alerts outnumber true ones as in the field trials "
        "(VALIDATION live face recognition: 2,297 false against 173 true)",
    )
    fr_d_prime_lit: float = param(
        3.5,
        unit="z score",
        lo=0.0,
        hi=10.0,
        doc="Separation of true-match from non-match scores for a capture in full light.",
        source="assumption",
    )
    fr_d_prime_dark: float = param(
        1.5,
        unit="z score",
        lo=0.0,
        hi=10.0,
        doc="The same separation in an unlit cell after dark.",
        source="assumption: face recognition degrades sharply in poor light",
    )
    fr_false_match_women: float = param(
        3.0,
        unit="rate ratio",
        lo=0.0,
        hi=1000.0,
        doc="False-match rate of women relative to men of the majority group.",
        source="VALIDATION face-recognition differentials: 2-5 times higher for women (NIST IR "
        "8280)",
    )
    fr_false_match_minority: float = param(
        10.0,
        unit="rate ratio",
        lo=0.0,
        hi=1000.0,
        doc="False-match rate of the minority group relative to the majority.",
        source="VALIDATION face-recognition differentials: far higher, up to about 100 times, "
        "for some groups with some algorithms (NIST IR 8280); 10 is a middle assumption",
    )
    fr_watchlist_matches: float = param(
        0.1,
        unit="-",
        lo=0.0,
        hi=1.0,
        doc="Scale of the false-match rate per capture: the tail probability beyond the "
        "threshold times this (a watchlist search returns few candidates per face).",
        source="assumption: gives false matches of the order of true identifications in the town "
        "(28 days of safe_city: 51 false against 65 true); the field trials had far more false "
        "alerts than true (VALIDATION live face recognition), so this errs on the kind side",
    )
    p_stop_on_match: float = param(
        0.5,
        unit="probability",
        lo=0.0,
        hi=1.0,
        doc="Chance a face-recognition alert on a person leads police to stop him or her.",
        source="assumption",
    )
    p_fail_day: float = param(
        0.002,
        unit="probability per day",
        lo=0.0,
        hi=1.0,
        doc="Chance a working camera fails on a given day.",
        source="assumption: a camera fails about every 18 months",
    )
    dur_repair_days: float = param(
        7.0,
        unit="days",
        lo=1.0,
        hi=3650.0,
        doc="Mean time to repair a failed camera.",
        source="assumption",
    )
    outage_share: float = param(
        0.0,
        unit="share of cameras",
        lo=0.0,
        hi=1.0,
        doc="Share of cameras switched off during a scheduled outage.",
        source="0: no outage; the safe_city_outage policy uses VALIDATION outage (about half, "
        "Lahore Dec 2019 - Jan 2020)",
    )
    outage_after_install_days: int = param(
        0,
        unit="days",
        lo=0,
        hi=100000,
        doc="Days after install_day that the outage starts.",
        source="-",
    )
    outage_days: int = param(
        0,
        unit="days",
        lo=0,
        hi=100000,
        doc="Length of the outage (0 for none).",
        source="0: no outage; the safe_city_outage policy uses VALIDATION outage (about "
        "two months)",
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
        413.0,
        unit="residents per officer",
        lo=10.0,
        hi=1e6,
        doc="Police strength.",
        source="VALIDATION police strength: 1 officer per about 413 residents (Lahore 2016)",
    )
    share_on_patrol: float = param(
        0.2,
        unit="share",
        lo=0.0,
        hi=1.0,
        doc="Share of officers on street duty at any hour (shifts, stations, VIP duty).",
        source="assumption: three shifts and many non-patrol duties",
    )
    strategy: str = param(
        "random",
        unit="-",
        choices=PATROL_STRATEGIES,
        doc="random: patrol anywhere in the home district; hotspot: patrol where recorded "
        "incidents were.",
        source="DESIGN.md section 5",
    )
    speed_kmh: float = param(
        20.0,
        unit="km/h",
        lo=1.0,
        hi=120.0,
        doc="Speed of a responding officer.",
        source="assumption: urban traffic",
    )
    dispatch_delay_min: float = param(
        5.0,
        unit="minutes",
        lo=0.0,
        hi=600.0,
        doc="Time from alert to an officer leaving.",
        source="assumption",
    )
    report_delay_min: float = param(
        30.0,
        unit="minutes",
        lo=0.0,
        hi=1440.0,
        doc="Time from an incident to the victim's report reaching the police.",
        source="assumption",
    )
    arrest_window_min: float = param(
        15.0,
        unit="minutes",
        lo=0.0,
        hi=1440.0,
        doc="An officer arriving later than this after the incident finds no one to arrest.",
        source="assumption: street offenders leave the scene quickly",
    )
    p_arrest_on_scene: float = param(
        0.5,
        unit="probability",
        lo=0.0,
        hi=1.0,
        doc="Chance an officer arriving within the window arrests the offender.",
        source="assumption",
    )
    p_intervene: float = param(
        0.3,
        unit="probability",
        lo=0.0,
        hi=1.0,
        doc="Chance an officer patrolling the same cell stops an incident and arrests.",
        source="assumption",
    )
    on_scene_min: float = param(
        45.0,
        unit="minutes",
        lo=0.0,
        hi=1440.0,
        doc="Time an officer spends at an incident.",
        source="assumption",
    )
    block_cells: int = param(
        5,
        unit="cells",
        lo=1,
        hi=100,
        doc="Side of the square block in which offenders see police presence.",
        source="assumption: what a street offender can see from a corner",
    )
    hotspot_memory_days: float = param(
        28.0,
        unit="days",
        lo=1.0,
        hi=3650.0,
        doc="Half-life of the recorded-incident heat that hotspot patrol follows.",
        source="assumption: a month of crime maps",
    )
    p_clear_by_investigation: float = param(
        0.05,
        unit="probability",
        lo=0.0,
        hi=1.0,
        doc="Chance a recorded incident without an arrest on the spot is later cleared by an "
        "arrest through ordinary investigation (without camera footage).",
        source="assumption: street robbery is rarely cleared",
    )
    p_record: float = param(
        0.7,
        unit="probability",
        lo=0.0,
        hi=1.0,
        doc="Chance a report is recorded (a First Information Report is registered).",
        source="assumption: police in Pakistan often decline to register FIRs",
    )


@dataclasses.dataclass(frozen=True)
class AlternativesParams(ParamGroup):
    """Alternatives to cameras: street lighting, safer transit for women, women's help desks."""

    group: ClassVar[str] = "alternatives"

    start_day: int = param(
        0,
        unit="day",
        lo=0,
        hi=100000,
        doc="Day the alternatives below take effect.",
        source="-",
    )
    lighting_floor: float = param(
        0.0,
        unit="0-1",
        lo=0.0,
        hi=1.0,
        doc="From start_day, street lighting is raised to at least this level in every cell "
        "but open land (0: no change).",
        source="DESIGN section 5 (street lighting as an alternative)",
    )
    safer_transit: float = param(
        0.0,
        unit="share",
        lo=0.0,
        hi=1.0,
        doc="From start_day, share by which harassment at transit stops falls (staffed stops, "
        "women-only carriages).",
        source="DESIGN section 5 (safer transit for women)",
    )
    help_desk_reporting: float = param(
        1.0,
        unit="odds multiplier",
        lo=1.0,
        hi=20.0,
        doc="From start_day, multiplier on the odds that a harassed woman reports (women's help "
        "desks).",
        source="DESIGN section 5 (women's help desks that raise reporting)",
    )

    @property
    def active(self) -> bool:
        """Whether any alternative is switched on."""
        return self.lighting_floor > 0 or self.safer_transit > 0 or self.help_desk_reporting > 1
