"""World parameters: everyday violence (harassment of women in public, domestic violence)."""

from __future__ import annotations

import dataclasses
import math
from typing import ClassVar

from sim.params.declare import ParamGroup, param


@dataclasses.dataclass(frozen=True)
class EverydayParams(ParamGroup):
    """Harassment of women in streets and transit, and domestic violence at home."""

    group: ClassVar[str] = "everyday"

    harasser_share: float = param(
        0.2,
        unit="share of men",
        lo=0.0,
        hi=1.0,
        plausible=(0.1, 0.4),
        plausible_source=(
            "assumption: calibrated with p_harass_tick to VALIDATION harassment in "
            "transit; half to twice"
        ),
        doc="Share of men who harass women in public when the chance comes.",
        source="assumption, calibrated with p_harass_tick: harassment by many men spreads it over "
        "most women commuters, as the audit found",
    )
    p_harass_tick: float = param(
        0.013,
        unit="probability per tick",
        lo=0.0,
        hi=1.0,
        plausible=(0.0065, 0.026),
        plausible_source=(
            "calibrated to VALIDATION harassment in transit (90% of women commuters); half to twice"
        ),
        doc="Chance a harasser in a street cell (or, when mobile, at the place he chose) with "
        "women present harasses one in that hour, with no perceived risk.",
        source="calibrated with harasser_mobility and harassment_in_vehicles on: with the town "
        "defaults about 89% of regular women commuters (a trip a week or more) are harassed at "
        "least once in a year (VALIDATION harassment in transit: 82% at bus stops, 90% on public "
        "transport)",
    )
    p_police_act_harassment: float = param(
        0.1,
        unit="probability",
        lo=0.0,
        hi=1.0,
        plausible=(0.02, 0.3),
        plausible_source="assumption: harassment is rarely treated as a crime (DESIGN section 1)",
        doc="Chance police act on a harassment incident that reaches them (the enforcement "
        "gap); it also scales how much harassers fear cameras and police.",
        source="assumption: harassment is rarely treated as a crime by police (DESIGN section 1)",
    )
    k_camera_harassment: float = param(
        0.5,
        unit="per camera in view",
        lo=0.0,
        hi=50.0,
        plausible=(0.0, 2.0),
        plausible_source="assumption: from no deterrence to four times the default (no figure)",
        doc="Weight of a camera in view in a harasser's perceived hazard, before scaling by "
        "p_police_act_harassment.",
        source="assumption",
    )
    dur_barred_days: float = param(
        7.0,
        unit="days",
        lo=0.0,
        hi=3650.0,
        plausible=(1.0, 30.0),
        plausible_source="assumption: a day to a month of custody or bail",
        doc="Time an arrested harasser is kept from harassing.",
        source="assumption: short custody or bail",
    )
    dv_lifetime_prevalence: float = param(
        0.335,
        unit="share of ever-married women",
        lo=0.0,
        hi=0.99,
        plausible=(0.2, 0.45),
        plausible_source=(
            "VALIDATION A6: 33.5% lifetime intimate-partner violence in Pakistan, "
            "Punjab physical 13.3% and emotional 25.5%; the bounds an assumption"
        ),
        doc="Lifetime prevalence of intimate-partner violence the share of abusive households "
        "is derived from (see dv_share_abusive and docs/odd.md).",
        source="VALIDATION A6: 33.5% lifetime IPV among ever-married women in Pakistan",
    )
    dv_years_married: float = param(
        20.0,
        unit="years",
        lo=1.0,
        hi=60.0,
        plausible=(10.0, 30.0),
        plausible_source="assumption: typical time married of the surveyed women",
        doc="Mean years of marriage over which the lifetime prevalence accumulates.",
        source="assumption: typical time married of the surveyed women",
    )
    dv_spell_years: float = param(
        5.0,
        unit="years",
        lo=0.1,
        hi=60.0,
        plausible=(2.0, 10.0),
        plausible_source="assumption: violence repeated over years",
        doc="Mean length of a spell of ongoing abuse in a household.",
        source="assumption: intimate-partner violence is repeated over years, not one-off",
    )
    dv_incidents_per_abused_year: float = param(
        6.0,
        unit="incidents per year",
        lo=0.1,
        hi=365.0,
        plausible=(2.0, 24.0),
        plausible_source="assumption: from twice a year to twice a month (no figure in VALIDATION)",
        doc="Mean incidents a year in a household with ongoing abuse.",
        source="assumption: about every two months; no figure in VALIDATION",
    )
    dv_stress_shape: float = param(
        2.0,
        unit="-",
        lo=0.01,
        hi=100.0,
        plausible=(0.5, 5.0),
        plausible_source="assumption: no figure",
        doc="Shape of the gamma-distributed stress (mean 1) that spreads the rate between "
        "abusive households (small: a few households suffer most).",
        source="assumption",
    )
    dv_men_at_home_factor: float = param(
        1.5,
        unit="rate multiplier",
        lo=0.0,
        hi=20.0,
        plausible=(1.0, 3.0),
        plausible_source="assumption: no figure; at least no fewer incidents with men at home",
        doc="Rate multiplier on days the household's men do not go out (unemployment, idleness "
        "as a stress factor).",
        source="assumption",
    )
    dv_start_hour: int = param(
        18,
        unit="hour of day",
        lo=0,
        hi=23,
        doc="First hour of the evening window in which domestic violence occurs.",
        source="assumption: when the household is at home",
    )
    harasser_mobility: bool = param(
        True,
        unit="-",
        doc="Harassers choose where to harass: among where they are and a few known places, "
        "by opportunity (women present, crowding) against perceived risk (cameras, police, "
        "bystanders by light, safer transit).",
        source="rational choice and crime pattern theory applied to harassment (Ceccato & "
        "Loukaitou-Sideris 2020, sexual harassment in transit environments); "
        "docs/design-decisions.md 9",
    )
    n_harasser_places: int = param(
        3,
        unit="places",
        lo=1,
        hi=20,
        plausible=(1, 6),
        plausible_source="assumption: a few streets and stops near home",
        doc="Public-street places near home a mobile harasser knows besides where he is.",
        source="assumption: crime pattern theory (Brantingham & Brantingham 1993); count unknown",
    )
    harasser_radius_km: float = param(
        1.0,
        unit="km",
        lo=0.05,
        hi=50.0,
        plausible=(0.3, 3.0),
        plausible_source="assumption: a walk or a short ride from home",
        doc="Mean distance from home (times two) of a mobile harasser's known places.",
        source="assumption: journeys to harass are short (distance decay)",
    )
    harasser_risk_aversion: float = param(
        1.0,
        unit="-",
        lo=0.0,
        hi=20.0,
        plausible=(0.25, 4.0),
        plausible_source="assumption: a quarter to four times the default",
        doc="Weight of perceived hazard against opportunity in a mobile harasser's choice of "
        "place.",
        source="assumption: rational choice (Cornish & Clarke 1986); value unknown",
    )
    harasser_choice_noise: float = param(
        1.0,
        unit="utility units",
        lo=0.01,
        hi=100.0,
        plausible=(0.25, 4.0),
        plausible_source="assumption: a quarter to four times the default",
        doc="Scale of random taste in a mobile harasser's logit choice of place.",
        source="assumption",
    )
    k_bystander_harassment: float = param(
        0.002,
        unit="per person present",
        lo=0.0,
        hi=1.0,
        plausible=(0.0, 0.01),
        plausible_source="assumption: from bystanders who never act to five times the default",
        doc="Weight of bystanders (people present, seen by light after dark) in a mobile "
        "harasser's perceived hazard: social sanction, not scaled by the enforcement gap.",
        source="assumption, of the order of offending.k_guardian: no figure was found for how "
        "much people present deter harassment",
    )
    w_crowding_harassment: float = param(
        0.5,
        unit="utility units",
        lo=0.0,
        hi=10.0,
        plausible=(0.0, 1.0),
        plausible_source="assumption: from no pull of crowds to as much as women present",
        doc="Pull of crowding (log of people present) for a mobile harasser: crowds give "
        "cover for groping and anonymity.",
        source="assumption: crowded transit as a setting for harassment (Ceccato & "
        "Loukaitou-Sideris 2020)",
    )
    harassment_in_vehicles: bool = param(
        True,
        unit="-",
        doc="A share of the harassment of women transit users happens inside vehicles, out of "
        "the street cameras' and patrols' sight, and safer transit reaches it.",
        source="VALIDATION harassment in transit: the audit's 90% is about public transport, "
        "82% about stops; docs/design-decisions.md 9",
    )
    share_in_vehicle: float = param(
        0.5,
        unit="share",
        lo=0.0,
        hi=1.0,
        plausible=(0.2, 0.8),
        plausible_source="assumption: the audit reports both settings, not the split",
        doc="Chance an encounter between a harasser and women transit users on their way, both "
        "transit users, happens in the vehicle rather than in the street.",
        source="assumption: the Lahore audit found harassment on transport (90%) about as "
        "common as at stops (82%) (VALIDATION harassment in transit)",
    )

    @property
    def dv_share_abusive(self) -> float:
        """Share of households with ongoing abuse at any time, from the lifetime prevalence.

        Spells of abuse start at a constant hazard ``h`` over ``Y`` years of marriage, so
        ``prevalence = 1 - exp(-h * Y)``; with spells of mean length ``D`` the share in a spell
        at any time is about ``h * D`` (capped at 1).
        """
        hazard = -math.log(1.0 - self.dv_lifetime_prevalence) / self.dv_years_married
        return min(1.0, hazard * self.dv_spell_years)

    @property
    def dv_rate_per_household_year(self) -> float:
        """Mean incidents per household and year: abusive share times incidents per spell-year."""
        return self.dv_share_abusive * self.dv_incidents_per_abused_year
