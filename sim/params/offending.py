"""World parameters: street offenders, their place choice, decision to offend and learning."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from sim.params.declare import ParamError, ParamGroup, param


@dataclasses.dataclass(frozen=True)
class OffendingParams(ParamGroup):
    """Street offenders: numbers, awareness space, place choice and the decision to offend."""

    group: ClassVar[str] = "offending"

    offender_share: float = param(
        0.005,
        unit="offenders per resident",
        lo=0.0,
        hi=0.2,
        plausible=(0.0025, 0.01),
        plausible_source="assumption: half to twice the default (no figure)",
        doc="Motivated street offenders per resident.",
        source="assumption: a small, repeat-offending minority",
    )
    n_awareness_places: int = param(
        6,
        unit="places",
        lo=2,
        hi=50,
        plausible=(3, 12),
        plausible_source=(
            "assumption: half to twice the default; crime pattern theory gives no count"
        ),
        doc="Places an offender knows: home, activity place and busy places nearby.",
        source="crime pattern theory (Brantingham & Brantingham 1993); count is an assumption",
    )
    awareness_radius_km: float = param(
        2.0,
        unit="km",
        lo=0.1,
        hi=50.0,
        plausible=(1.0, 5.0),
        plausible_source="assumption: journeys to crime of a few km (distance decay)",
        doc="How far from home an offender's known places lie.",
        source="assumption: journeys to crime are short (distance decay)",
    )
    active_start_hour: int = param(
        9,
        unit="hour of day",
        lo=0,
        hi=23,
        doc="Hour offenders start roaming.",
        source="assumption",
    )
    active_end_hour: int = param(
        24,
        unit="hour of day",
        lo=1,
        hi=24,
        doc="Hour offenders stop roaming (exclusive).",
        source="assumption",
    )
    p_attempt_tick: float = param(
        0.01,
        unit="probability per tick",
        lo=0.0,
        hi=1.0,
        plausible=(0.005, 0.02),
        plausible_source=(
            "assumption: half to twice; the default is set for teaching counts, not from a figure"
        ),
        doc="Chance a roaming offender with targets at hand and no perceived risk offends "
        "in an hour.",
        source="assumption: gives the town about 19 street robberies per 100 residents a year "
        "(18.6 measured, docs/odd.md section 8), far above recorded rates, so that a teaching "
        "town shows enough incidents to compare",
    )
    risk_aversion: float = param(
        2.0,
        unit="-",
        lo=0.0,
        hi=20.0,
        plausible=(0.5, 5.0),
        plausible_source="assumption: a quarter to 2.5 times the default (no figure)",
        doc="Exponent on the perceived chance of getting away, in place choice and offending.",
        source="rational choice (Cornish & Clarke 1986); value an assumption",
    )
    choice_noise: float = param(
        1.0,
        unit="utility units",
        lo=0.01,
        hi=100.0,
        plausible=(0.25, 4.0),
        plausible_source="assumption: a quarter to four times the default (no figure)",
        doc="Scale of random taste in the logit choice between known places.",
        source="assumption",
    )
    k_guardian: float = param(
        0.002,
        unit="per person present",
        lo=0.0,
        hi=1.0,
        plausible=(0.0005, 0.008),
        plausible_source="assumption: a quarter to four times the default (no figure)",
        doc="Weight of people present (capable guardians) in perceived arrest risk.",
        source="Epstein 2002 perceived-arrest form 1-exp(-k*guardians); value an assumption",
    )
    guardian_dark_factor: float = param(
        0.3,
        unit="0-1",
        lo=0.0,
        hi=1.0,
        plausible=(0.1, 0.7),
        plausible_source="assumption: witnesses see less in the dark; how much less is unknown",
        doc="How much guardianship counts in an unlit cell after dark, relative to daylight.",
        source="assumption: witnesses see less in the dark",
    )
    k_police: float = param(
        0.5,
        unit="per officer in the block",
        lo=0.0,
        hi=50.0,
        plausible=(0.1, 2.0),
        plausible_source="assumption: a fifth to four times the default (no figure)",
        doc="Weight of police present in the offender's block in perceived arrest risk.",
        source="Epstein 2002; value an assumption",
    )
    k_camera: float = param(
        0.05,
        unit="per believed camera",
        lo=0.0,
        hi=50.0,
        plausible=(0.0, 0.3),
        plausible_source=(
            "VALIDATION A1 and A5 bound it: a fully believed, watched camera cuts a tempted "
            "offender's chance by exp(-risk_aversion * k), 0 to 45% at the default "
            "risk_aversion; the top is the best-case CCTV effect (car parks, about 50%, Welsh & "
            "Farrington 2009), 1.0 (86%) moved over 90% of street robbery, against A5"
        ),
        doc="Weight of a camera the offender believes watches a place in perceived arrest risk.",
        source="assumption, bounded by VALIDATION A1: no study measures the deterrent weight of "
        "a believed camera; 0.05 cuts a tempted offender's chance by about 10% at a camera he "
        "is sure of, below the whole CCTV effect in A1 (about 13-16%, deterrence and detection "
        "together), and offenders interviewed were mostly not deterred (Gill & Loveday 2003)",
    )
    p_notice_camera: float = param(
        0.5,
        unit="probability per visit",
        lo=0.0,
        hi=1.0,
        plausible=(0.1, 0.9),
        plausible_source="assumption: no figure for how often offenders notice cameras",
        doc="Chance an offender notices whether a place has a camera when there.",
        source="assumption",
    )
    rate_camera_learning: float = param(
        0.5,
        unit="0-1",
        lo=0.0,
        hi=1.0,
        plausible=(0.1, 0.9),
        plausible_source="assumption: no figure",
        doc="How far one noticed sighting moves an offender's camera belief toward what he saw.",
        source="assumption",
    )
    type_displacement: bool = param(
        False,
        unit="-",
        doc="Crime-type displacement: an offender deterred from street robbery may rob a home "
        "instead (a less-watched offence).",
        source="Reppetto 1976 (types of displacement); off by default because reviews find "
        "displacement the exception (VALIDATION A5)",
    )
    p_type_switch: float = param(
        0.3,
        unit="probability",
        lo=0.0,
        hi=1.0,
        plausible=(0.1, 0.6),
        plausible_source="assumption: no figure (Reppetto 1976 names the kind, not its size)",
        doc="With type_displacement on, chance a deterred offender turns to home robbery.",
        source="assumption",
    )
    dur_jail_days: float = param(
        30.0,
        unit="days",
        lo=0.0,
        hi=3650.0,
        plausible=(7.0, 180.0),
        plausible_source="assumption: pre-trial detention of a week to six months",
        doc="Time an arrested offender is held when the sanction funnel is off "
        "(sanctions.funnel; the funnel replaces it).",
        source="assumption: pre-trial detention and short sentences",
    )
    persistent_motivation: bool = param(
        True,
        unit="-",
        doc="Hydraulic view: a deterred offender keeps his motivation for a while and tries "
        "again at other places and hours; off, a deterred attempt vanishes (opportunity view).",
        source="Barr & Pease 1990 (displacement as deflection); Hesseling 1994; against the "
        "opportunity view (Clarke & Weisburd 1994); docs/design-decisions.md",
    )
    motivation_hours: float = param(
        24.0,
        unit="hours",
        lo=0.0,
        hi=720.0,
        plausible=(4.0, 72.0),
        plausible_source="assumption: no figure for how long a thwarted intent lasts; from an "
        "evening to three days",
        doc="Mean time a deterred offender stays motivated (exponential), avoiding the place "
        "that deterred him.",
        source="assumption: no figure",
    )

    def check_consistency(self) -> None:
        if self.active_end_hour <= self.active_start_hour:
            raise ParamError(
                f"offending.active_end_hour = {self.active_end_hour} must be after "
                f"offending.active_start_hour = {self.active_start_hour}"
            )
