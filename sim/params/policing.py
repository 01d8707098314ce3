"""Policy levers: police strength, patrol, response and recording."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from sim.params.declare import ParamGroup, param

PATROL_STRATEGIES = ("random", "hotspot")


@dataclasses.dataclass(frozen=True)
class PolicingParams(ParamGroup):
    """Police: strength, patrol, response, arrest, and how incidents reach them."""

    group: ClassVar[str] = "policing"

    people_per_officer: float = param(
        413.0,
        unit="residents per officer",
        lo=10.0,
        hi=1e6,
        plausible=(300.0, 600.0),
        plausible_source=(
            "VALIDATION police strength: 1 per about 413 (Lahore 2016); the bounds an assumption"
        ),
        doc="Police strength.",
        source="VALIDATION police strength: 1 officer per about 413 residents (Lahore 2016)",
    )
    share_on_patrol: float = param(
        0.2,
        unit="share",
        lo=0.0,
        hi=1.0,
        plausible=(0.1, 0.35),
        plausible_source="assumption: three shifts and many non-patrol duties",
        doc="Share of officers on street duty at any hour (shifts, stations, VIP duty).",
        source="assumption: three shifts and many non-patrol duties",
    )
    strategy: str = param(
        "random",
        unit="-",
        choices=PATROL_STRATEGIES,
        doc="random: patrol anywhere in the officer's beat (district, or city); hotspot: where "
        "incidents were.",
        source="DESIGN.md section 5",
    )
    speed_kmh: float = param(
        20.0,
        unit="km/h",
        lo=1.0,
        hi=120.0,
        plausible=(10.0, 35.0),
        plausible_source="assumption: urban traffic",
        doc="Speed of a responding officer.",
        source="assumption: urban traffic",
    )
    dispatch_delay_min: float = param(
        5.0,
        unit="minutes",
        lo=0.0,
        hi=600.0,
        plausible=(2.0, 15.0),
        plausible_source="assumption: no figure",
        doc="Time from alert to an officer leaving.",
        source="assumption",
    )
    report_delay_min: float = param(
        30.0,
        unit="minutes",
        lo=0.0,
        hi=1440.0,
        plausible=(10.0, 120.0),
        plausible_source="assumption: no figure",
        doc="Time from an incident to the victim's report reaching the police.",
        source="assumption",
    )
    arrest_window_min: float = param(
        15.0,
        unit="minutes",
        lo=0.0,
        hi=1440.0,
        plausible=(5.0, 30.0),
        plausible_source="assumption: street offenders leave quickly",
        doc="An officer arriving later than this after the incident finds no one to arrest.",
        source="assumption: street offenders leave the scene quickly",
    )
    p_arrest_on_scene: float = param(
        0.5,
        unit="probability",
        lo=0.0,
        hi=1.0,
        plausible=(0.2, 0.8),
        plausible_source="assumption: no figure",
        doc="Chance an officer arriving within the window arrests the offender.",
        source="assumption",
    )
    p_intervene: float = param(
        0.3,
        unit="probability",
        lo=0.0,
        hi=1.0,
        plausible=(0.1, 0.6),
        plausible_source="assumption: no figure",
        doc="Chance an officer patrolling the same cell stops an incident and arrests.",
        source="assumption",
    )
    on_scene_min: float = param(
        45.0,
        unit="minutes",
        lo=0.0,
        hi=1440.0,
        plausible=(20.0, 90.0),
        plausible_source="assumption: no figure",
        doc="Time an officer spends at an incident.",
        source="assumption",
    )
    block_cells: int = param(
        5,
        unit="cells",
        lo=1,
        hi=100,
        plausible=(3, 8),
        plausible_source="assumption: what an offender can see from a corner: 300-800 m",
        doc="Side of the square block in which offenders see police presence.",
        source="assumption: what a street offender can see from a corner",
    )
    hotspot_memory_days: float = param(
        28.0,
        unit="days",
        lo=1.0,
        hi=3650.0,
        plausible=(7.0, 90.0),
        plausible_source="assumption: a week to a quarter of crime maps",
        doc="Half-life of the recorded-incident heat that hotspot patrol follows.",
        source="assumption: a month of crime maps",
    )
    p_clear_by_investigation: float = param(
        0.05,
        unit="probability",
        lo=0.0,
        hi=1.0,
        plausible=(0.01, 0.15),
        plausible_source="assumption: street robbery rarely cleared",
        doc="Chance a recorded incident without an arrest on the spot is later cleared by an "
        "arrest through ordinary investigation (without camera footage).",
        source="assumption: street robbery is rarely cleared",
    )
    p_record: float = param(
        0.7,
        unit="probability",
        lo=0.0,
        hi=1.0,
        plausible=(0.4, 0.9),
        plausible_source=(
            "assumption: FIRs often not registered (VALIDATION recorded crime: "
            "registration undercounts)"
        ),
        doc="Chance a report is recorded (a First Information Report is registered).",
        source="assumption: police in Pakistan often decline to register FIRs",
    )
