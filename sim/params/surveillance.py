"""Policy levers: cameras, their placement, monitoring, reliability and face recognition."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from sim.params.declare import ParamError, ParamGroup, param

PLACEMENTS = ("none", "random", "arterial_commercial", "hotspot", "population", "transit_routes")
MONITORING = ("active", "passive")
PUBLICITY = ("visible", "publicised", "covert")


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
        plausible=(1, 2),
        plausible_source="assumption: a street camera identifies people within about 100-300 m",
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
    publicity: str = param(
        "visible",
        unit="-",
        choices=PUBLICITY,
        doc="visible: cameras on poles, no campaign; publicised: signs and a launch campaign "
        "(offenders' beliefs at known places in view jump at installation, cameras are noticed "
        "more often); covert: hidden cameras, rarely noticed.",
        source="Welsh & Farrington 2009 discuss publicity as part of CCTV's effect; the "
        "strength of each form is in the learning group (assumption)",
    )
    response_units: int = param(
        0,
        unit="officers (people)",
        lo=0,
        hi=100000,
        doc="Officers dedicated to camera alerts, off patrol: from installation they wait at "
        "camera sites and are sent first when an operator raises an alert (active monitoring).",
        source="0: alerts go to patrol officers (no public figure for a unit kept for Lahore's "
        "alerts); Piza, Caplan, Kennedy & Gilchrist 2015 (VALIDATION A4) added an operator and "
        "two patrol cars; the safe_city_dedicated_response policy uses 4 (two cars of two)",
    )
    p_detect_lit: float = param(
        0.45,
        unit="probability",
        lo=0.0,
        hi=1.0,
        plausible=(0.3, 0.6),
        plausible_source=(
            "VALIDATION CCTV in investigations: footage available in 45% (Ashby "
            "2017, British transport police); the bounds an assumption for another "
            "city"
        ),
        doc="Chance a working camera in view captures an incident usably in full light.",
        source="VALIDATION CCTV in investigations: footage available in 45% of crimes (Ashby 2017)",
    )
    p_detect_dark: float = param(
        0.15,
        unit="probability",
        lo=0.0,
        hi=1.0,
        plausible=(0.05, 0.3),
        plausible_source="assumption: a ninth to two thirds of the lit default",
        doc="The same chance in an unlit cell after dark.",
        source="assumption: a third of the lit value",
    )
    p_operator_notices: float = param(
        0.3,
        unit="probability",
        lo=0.0,
        hi=1.0,
        plausible=(0.1, 0.6),
        plausible_source="assumption: one operator watches many feeds; no figure",
        doc="Chance a live operator notices a captured incident in time to dispatch (active).",
        source="assumption: one operator watches many feeds",
    )
    p_footage_identifies: float = param(
        0.29,
        unit="probability",
        lo=0.0,
        hi=1.0,
        plausible=(0.15, 0.45),
        plausible_source=(
            "VALIDATION CCTV in investigations: footage useful in 29% (Ashby 2017);"
            " the bounds an assumption"
        ),
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
        plausible=(2.0, 4.0),
        plausible_source=(
            "assumption: operating points around the field trials' false-alert "
            "ratios (VALIDATION live face recognition)"
        ),
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
        plausible=(2.5, 4.5),
        plausible_source="assumption: no field figure",
        doc="Separation of true-match from non-match scores for a capture in full light.",
        source="assumption",
    )
    fr_d_prime_dark: float = param(
        1.5,
        unit="z score",
        lo=0.0,
        hi=10.0,
        plausible=(0.5, 2.5),
        plausible_source="assumption: face recognition degrades sharply in poor light",
        doc="The same separation in an unlit cell after dark.",
        source="assumption: face recognition degrades sharply in poor light",
    )
    fr_false_match_women: float = param(
        3.0,
        unit="rate ratio",
        lo=0.0,
        hi=1000.0,
        plausible=(2.0, 5.0),
        plausible_source=(
            "VALIDATION face-recognition differentials: 2-5 times higher for women (NIST IR 8280)"
        ),
        doc="False-match rate of women relative to men of the majority group.",
        source="VALIDATION face-recognition differentials: 2-5 times higher for women (NIST IR "
        "8280)",
    )
    fr_false_match_minority: float = param(
        10.0,
        unit="rate ratio",
        lo=0.0,
        hi=1000.0,
        plausible=(1.0, 100.0),
        plausible_source=(
            "VALIDATION face-recognition differentials: from none to about 100 "
            "times with some algorithms (NIST IR 8280)"
        ),
        doc="False-match rate of the minority group relative to the majority.",
        source="VALIDATION face-recognition differentials: far higher, up to about 100 times, "
        "for some groups with some algorithms (NIST IR 8280); 10 is a middle assumption",
    )
    fr_watchlist_share: float = param(
        0.5,
        unit="share of offenders",
        lo=0.0,
        hi=1.0,
        plausible=(0.2, 1.0),
        plausible_source="assumption: a watch list holds offenders already known to police "
        "(records, warrants); many street offenders are unknown or unrecorded; 1 if the search "
        "ran against the national identity register",
        doc="Share of offenders on face recognition's watch list; only they can be identified.",
        source="assumption: no published figure for Punjab Safe City's watch list",
    )
    fr_watchlist_matches: float = param(
        0.1,
        unit="-",
        lo=0.0,
        hi=1.0,
        plausible=(0.02, 0.5),
        plausible_source=(
            "assumption: from far fewer false matches than true identifications to "
            "the field trials' excess (VALIDATION live face recognition)"
        ),
        doc="Scale of the false-match rate per capture: the tail probability beyond the "
        "threshold times this (a watchlist search returns few candidates per face).",
        source="assumption: gives a few false matches for each true identification in the town "
        "(28 days of safe_city, seeds 0-2: 43, 53 and 57 false matches against 10, 21 and 16 "
        "incidents whose offender face recognition identified); the field trials had about as "
        "many or far more false alerts per true one (VALIDATION live face recognition: 2,297 "
        "against 173; 34 of 42 matches not verifiably correct), so this errs on the kind side",
    )
    p_stop_on_match: float = param(
        0.5,
        unit="probability",
        lo=0.0,
        hi=1.0,
        plausible=(0.2, 0.8),
        plausible_source="assumption: no figure",
        doc="Chance a face-recognition alert on a person leads police to stop him or her.",
        source="assumption",
    )
    p_fail_day: float = param(
        0.002,
        unit="probability per day",
        lo=0.0,
        hi=1.0,
        plausible=(0.0005, 0.01),
        plausible_source="assumption: a camera failing every 3 months to every 5 years",
        doc="Chance a working camera fails on a given day.",
        source="assumption: a camera fails about every 18 months",
    )
    dur_repair_days: float = param(
        7.0,
        unit="days",
        lo=1.0,
        hi=3650.0,
        plausible=(2.0, 30.0),
        plausible_source="assumption: repairs in days to a month",
        doc="Mean time to repair a failed camera.",
        source="assumption",
    )
    outage_share: float = param(
        0.0,
        unit="share of camera sites",
        lo=0.0,
        hi=1.0,
        doc="Share of camera sites switched off, all their cameras, during a scheduled outage.",
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
        if self.response_units > 0 and self.monitoring != "active":
            raise ParamError(
                f"surveillance.response_units = {self.response_units} needs "
                f"surveillance.monitoring 'active', not {self.monitoring!r}: passive cameras "
                "raise no alerts for a dedicated unit to answer"
            )
        if self.outage_share > 0 and self.outage_days == 0:
            raise ParamError(
                f"surveillance.outage_share = {self.outage_share:g} needs "
                "surveillance.outage_days > 0"
            )
