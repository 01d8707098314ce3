"""World parameters: everyday violence (harassment of women in public, domestic violence)."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from sim.validation import ParamGroup, param


@dataclasses.dataclass(frozen=True)
class EverydayParams(ParamGroup):
    """Harassment of women in streets and transit, and domestic violence at home."""

    group: ClassVar[str] = "everyday"

    harasser_share: float = param(
        0.2,
        unit="share of men",
        lo=0.0,
        hi=1.0,
        doc="Share of men who harass women in public when the chance comes.",
        source="assumption, calibrated with p_harass_tick: harassment by many men spreads it over "
        "most women commuters, as the audit found",
    )
    p_harass_tick: float = param(
        0.035,
        unit="probability per tick",
        lo=0.0,
        hi=1.0,
        doc="Chance a harasser in a street cell with women present harasses one in that hour, "
        "with no perceived risk.",
        source="calibrated: with the town defaults about 85% of regular women commuters (a trip a "
        "week or more) are harassed at least once in a year (VALIDATION harassment in transit: "
        "82% at bus stops, 90% on public transport)",
    )
    p_police_act_harassment: float = param(
        0.1,
        unit="probability",
        lo=0.0,
        hi=1.0,
        doc="Chance police act on a harassment incident that reaches them (the enforcement "
        "gap); it also scales how much harassers fear cameras and police.",
        source="assumption: harassment is rarely treated as a crime by police (DESIGN section 1)",
    )
    k_camera_harassment: float = param(
        0.5,
        unit="per camera in view",
        lo=0.0,
        hi=50.0,
        doc="Weight of a camera in view in a harasser's perceived hazard, before scaling by "
        "p_police_act_harassment.",
        source="assumption",
    )
    dur_barred_days: float = param(
        7.0,
        unit="days",
        lo=0.0,
        hi=3650.0,
        doc="Time an arrested harasser is kept from harassing.",
        source="assumption: short custody or bail",
    )
    dv_lifetime_prevalence: float = param(
        0.335,
        unit="share of ever-married women",
        lo=0.0,
        hi=0.99,
        doc="Lifetime prevalence of intimate-partner violence the domestic-violence rate is "
        "derived from (see docs/odd.md, domestic violence).",
        source="VALIDATION A6: 33.5% lifetime IPV among ever-married women in Pakistan",
    )
    dv_years_married: float = param(
        20.0,
        unit="years",
        lo=1.0,
        hi=60.0,
        doc="Mean years of marriage over which the lifetime prevalence accumulates.",
        source="assumption: typical time married of the surveyed women",
    )
    dv_stress_shape: float = param(
        0.3,
        unit="-",
        lo=0.01,
        hi=100.0,
        doc="Shape of the gamma-distributed household stress (small: violence concentrated in "
        "few households).",
        source="assumption: intimate-partner violence is highly repeated in few households",
    )
    dv_men_at_home_factor: float = param(
        1.5,
        unit="rate multiplier",
        lo=0.0,
        hi=20.0,
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

    @property
    def dv_rate_per_household_year(self) -> float:
        """Mean incidents per household and year implied by the prevalence (gamma frailty).

        With rate ``lam * s`` and ``s ~ Gamma(k, 1/k)``, the chance of no incident in ``Y`` years
        is ``(1 + lam * Y / k) ** -k``; setting it to ``1 - prevalence`` gives ``lam``.
        """
        k, y = self.dv_stress_shape, self.dv_years_married
        return k * ((1.0 - self.dv_lifetime_prevalence) ** (-1.0 / k) - 1.0) / y
