"""Equal-budget alternatives: what the cameras' money would buy instead, from sourced unit costs.

The budget is the cameras' cost per km2 of Lahore's Safe City programme a year (its Rs 12 bn
contract for about 8,000 cameras spread over the cameras' life, plus Rs 644 m a quarter to run,
over the city's 1,772 km2), times the area of the world simulated: the same money per km2 in
``town``, ``lahore`` or any other preset. ``spend_on`` chooses one alternative; the unit costs
below turn the budget into units (street lights, women wardens, help desks, upgraded stops) and
the units into the places they cover (:func:`sim.processes.alternatives.size_purchase`).
"""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from sim.params.costs import LAHORE_CAMERAS, CostParams
from sim.params.declare import ParamGroup, param

LAHORE_AREA_KM2 = 1772.0
"""Lahore's area (VALIDATION population, area: 2023 census)."""
LAHORE_PEOPLE = 13.0e6
"""Lahore's population (VALIDATION population, area: 2023 census)."""
LAHORE_POLICE_STATIONS = 84
"""Police stations in Lahore (Express Tribune, "18 new police stations in Lahore suggested",
secondary; the article's year not checked)."""
SPEND_ON = ("none", "lights", "wardens", "help_desks", "safer_stops")
"""What the cameras' budget can be spent on instead (``none``: nothing, the default)."""

_CAMERA_RS_PER_YEAR = (
    CostParams().camera_capex_rs / CostParams().camera_life_years
    + CostParams().camera_running_rs_per_year
)
MCL_LED_PLAN_RS = 1.25e9
MCL_LED_PLAN_LIGHTS = 22507
"""Lahore Metropolitan Corporation's plan to put LED lights at its 22,507 street-light points
for about Rs 1.25 bn (Express Tribune, 15 June 2022, "Energy conservation to cost Rs1.25b",
secondary)."""
LED_SAVING_RS_PER_YEAR = 8.7e6
LED_SAVING_LIGHTS = 437
"""Converting 437 lights on nine main roads to LED saves Rs 8.7 m a year (Commissioner Lahore,
Business Recorder, 8 June 2022, secondary)."""
SODIUM_EXTRA_USE = 1.2
"""Sodium lights use 120% more electricity than LED (Express Tribune, 2013, via LEDinside,
"LED Street Light Project in Lahore", secondary)."""
MONTHS = 12
CONSTABLE_RS_PER_MONTH = 56_000
"""A police constable (BS-07) earns about Rs 56,000 a month gross with allowances (Islamabad
Police, 2024, getinfopk.com, secondary and unofficial; the Punjab scale is the same BS-07)."""


@dataclasses.dataclass(frozen=True)
class EqualBudgetParams(ParamGroup):
    """The cameras' budget spent on one alternative instead: unit costs and effect sizes."""

    group: ClassVar[str] = "equal_budget"

    spend_on: str = param(
        "none",
        unit="-",
        choices=SPEND_ON,
        doc="What the cameras' budget buys instead, from alternatives.start_day: nothing, street "
        "lights, women wardens at transit stops, women's help desks or upgraded stops.",
        source="issue 15 (equal-budget alternatives); DESIGN section 5",
    )
    budget_rs_per_km2_year: float = param(
        _CAMERA_RS_PER_YEAR * LAHORE_CAMERAS / LAHORE_AREA_KM2,
        unit="Rs per km2 per year",
        lo=0.0,
        hi=1e12,
        doc="The budget a year per km2 of the world: what Lahore's Safe City cameras cost a year "
        "per km2 (installation spread over the camera's life, plus running).",
        source="Rs 12 bn for about 8,000 cameras over a 10-year life plus Rs 644 m a quarter "
        "(sim/params/costs.py, secondary), over Lahore's 1,772 km2 (VALIDATION population, area)",
    )
    light_capex_rs: float = param(
        MCL_LED_PLAN_RS / MCL_LED_PLAN_LIGHTS,
        unit="Rs per light",
        lo=0.0,
        hi=1e8,
        plausible=(50_000.0, 100_000.0),
        plausible_source="Rs 50,000 per LED light (Express Tribune, '70% of city lacks "
        "streetlights', secondary); assumption: up to double where poles and cables are new",
        doc="Cost of putting up one LED street light.",
        source="Lahore Metropolitan Corporation's plan: Rs 1.25 bn for 22,507 LED street-light "
        "points (Express Tribune, 15 June 2022, secondary)",
    )
    light_running_rs_per_year: float = param(
        LED_SAVING_RS_PER_YEAR / LED_SAVING_LIGHTS / SODIUM_EXTRA_USE,
        unit="Rs per light per year",
        lo=0.0,
        hi=1e8,
        plausible=(8_000.0, 30_000.0),
        plausible_source="assumption: half to about twice the derived electricity cost, for "
        "tariffs, hours lit and maintenance, which the derivation leaves out",
        doc="Electricity of one LED street light a year.",
        source="derived: Rs 8.7 m a year saved by converting 437 lights to LED (Business "
        "Recorder, 8 June 2022) with sodium using 120% more electricity than LED (Express "
        "Tribune 2013): the LED's own use is the saving over 1.2 (secondary; maintenance not "
        "included)",
    )
    light_life_years: float = param(
        10.0,
        unit="years",
        lo=1.0,
        hi=50.0,
        plausible=(5.0, 15.0),
        plausible_source="assumption: from a five-year guarantee (Amritsar's LED contract, "
        "Tribune India 2024, secondary) to a long-lived fitting",
        doc="Years over which a street light's cost is spread (straight line, as the cameras').",
        source="assumption: as the cameras' 10 years, for want of a Lahore figure",
    )
    lights_per_km: float = param(
        20.0,
        unit="lights per km of street",
        lo=1.0,
        hi=200.0,
        plausible=(10.0, 40.0),
        plausible_source="assumption: poles every 25 to 100 m",
        doc="Street lights needed to light one km of street.",
        source="90 W LED lights at 50 m intervals (Haryana village lighting, Hindustan Times, 21 "
        "April 2025, secondary; no Lahore spacing found)",
    )
    streets_per_cell: float = param(
        1.0,
        unit="streets per cell",
        lo=0.1,
        hi=10.0,
        plausible=(1.0, 2.0),
        plausible_source="assumption: one to two streets cross a 100 m block",
        doc="Streets across a cell: a lit cell needs this many cell-sides of street lit.",
        source="assumption: one street along each cell, for want of a street-length figure",
    )
    lit_level: float = param(
        1.0,
        unit="0-1",
        lo=0.0,
        hi=1.0,
        doc="Lighting of a street the programme lights, or of an upgraded stop.",
        source="the lighting layer is the share of street lights working (lahore preset, "
        "Express Tribune 2022): every new light working",
    )
    constable_pay_rs_per_year: float = param(
        CONSTABLE_RS_PER_MONTH * MONTHS,
        unit="Rs per officer per year",
        lo=0.0,
        hi=1e8,
        plausible=(480_000.0, 1_200_000.0),
        plausible_source="assumption: Rs 40,000 to 100,000 a month, from pay alone to pay with "
        "uniform, training and pension",
        doc="What a woman warden or help-desk officer costs a year (constable pay, BS-07).",
        source="about Rs 56,000 a month gross for a BS-07 constable (Islamabad Police 2024, "
        "getinfopk.com, secondary and unofficial)",
    )
    wardens_per_stop: float = param(
        2.5,
        unit="wardens per staffed stop",
        lo=1.0,
        hi=20.0,
        plausible=(2.0, 5.0),
        plausible_source="assumption: one or two shifts a day, with leave and relief",
        doc="Women wardens needed to staff one transit stop every day.",
        source="assumption: a stop staffed 16 hours a day, 7 days a week, by wardens working "
        "48 hours a week, plus leave",
    )
    warden_effect: float = param(
        0.3,
        unit="share",
        lo=0.0,
        hi=1.0,
        plausible=(0.1, 0.5),
        plausible_source="assumption: a randomised trial of more security staff at 51 hotspot "
        "train stations in England and Wales found significantly fewer reports of unwanted "
        "sexual behaviour (abstract seen; its size not taken from it)",
        doc="Share by which harassment at a staffed stop falls (wardens guard the stop, not the "
        "vehicles).",
        source="assumption: the direction from that trial and Gekoski et al. 2015 (rapid "
        "evidence assessment for the British Transport Police); no Pakistani figure",
    )
    desk_staff: float = param(
        10.0,
        unit="officers per desk",
        lo=1.0,
        hi=100.0,
        plausible=(2.0, 10.0),
        plausible_source="two women officers per desk at Indian Punjab's SAANJH Shakti help "
        "desks (secondary) to Lahore's virtual women police station staffing",
        doc="Women officers staffing one women's help desk round the clock.",
        source="Lahore's Virtual Women Police Station: three shifts of 30 staff at nine desk "
        "sites (The News on Sunday, 19 May 2024, secondary)",
    )
    people_per_desk: float = param(
        LAHORE_PEOPLE / LAHORE_POLICE_STATIONS,
        unit="people",
        lo=1.0,
        hi=1e8,
        plausible=(100_000.0, 250_000.0),
        plausible_source="assumption: police station areas two thirds to 1.6 times Lahore's mean",
        doc="People one help desk serves: a desk at every police station covers everyone.",
        source="13.0 million people (VALIDATION) over Lahore's 84 police stations (Express "
        "Tribune, secondary)",
    )
    desk_odds: float = param(
        1.22,
        unit="odds multiplier",
        lo=1.0,
        hi=20.0,
        plausible=(1.0, 1.5),
        plausible_source="assumption: from no effect to about twice the rise measured in India",
        doc="Multiplier on the odds that a harassed woman whose home a desk serves reports.",
        source="Amaral, Bhalotra & Prakash 2018 (working paper, via press reports): opening "
        "all-women police stations in India raised reported crimes against women by about 22%; "
        "for a rarely reported offence odds and rate rise alike",
    )
    stop_capex_rs: float = param(
        936_000.0,
        unit="Rs per stop",
        lo=0.0,
        hi=1e9,
        plausible=(936_000.0, 2_490_000.0),
        plausible_source="to Rs 498 m for 200 shelters with a bus information and scheduling "
        "system (Punjab Transport Department, UrduPoint, 11 Oct 2021, secondary)",
        doc="Cost of upgrading one transit stop (a lit shelter), its lights apart.",
        source="Rs 936,000 for each bus shelter built on Canal Road (Punjab Transport Minister, "
        "Business Recorder, 11 Jan 2023, secondary)",
    )
    lights_per_stop: float = param(
        2.0,
        unit="lights",
        lo=0.0,
        hi=20.0,
        plausible=(1.0, 4.0),
        plausible_source="assumption: a light over the shelter to a few along the approach",
        doc="Street lights added at an upgraded stop, priced as street lights.",
        source="assumption: one at each end of a shelter",
    )

    @property
    def active(self) -> bool:
        """Whether the budget is spent on an alternative."""
        return self.spend_on != "none"

    @property
    def light_rs_per_year(self) -> float:
        """One street light a year: installation spread over its life, plus electricity."""
        return self.light_capex_rs / self.light_life_years + self.light_running_rs_per_year

    @property
    def stop_rs_per_year(self) -> float:
        """One upgraded stop a year: the shelter spread over a street light's life, plus its
        lights."""
        return self.stop_capex_rs / self.light_life_years + self.lights_per_stop * (
            self.light_rs_per_year
        )
