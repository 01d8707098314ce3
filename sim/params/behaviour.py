"""World parameters: women's fear and trips, and residents' trust in the police and reporting."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from sim.params.declare import ParamGroup, param


@dataclasses.dataclass(frozen=True)
class FearParams(ParamGroup):
    """Women's fear of crime and its effect on their daily trips."""

    group: ClassVar[str] = "fear"

    baseline: float = param(
        0.1,
        unit="0-1",
        lo=0.0,
        hi=1.0,
        plausible=(0.05, 0.2),
        plausible_source="assumption: half to twice the calibrated default",
        doc="Fear a woman holds on a lit, busy route with no victimisation around her.",
        source="assumption, with w_dark_route and w_deserted_route calibrated (with population."
        "p_travel_day_women) so that women make about half as many trips as men; fear "
        "exceeds victimisation (VALIDATION A7)",
    )
    w_dark_route: float = param(
        0.4,
        unit="0-1",
        lo=0.0,
        hi=1.0,
        plausible=(0.2, 0.6),
        plausible_source=(
            "assumption: lighting central to women's sense of safety (DESIGN "
            "section 1); size unknown"
        ),
        doc="Added fear on an entirely unlit route (scaled by 1 - route lighting).",
        source="assumption: lighting is central to women's sense of safety (DESIGN section 1)",
    )
    w_deserted_route: float = param(
        0.2,
        unit="0-1",
        lo=0.0,
        hi=1.0,
        plausible=(0.1, 0.4),
        plausible_source="assumption: half to twice the default (no figure)",
        doc="Added fear on a deserted route (scaled by how far route footfall falls short of "
        "crowd_people).",
        source="assumption",
    )
    crowd_people: float = param(
        5.0,
        unit="people per cell",
        lo=1.0,
        hi=1e6,
        plausible=(2.0, 20.0),
        plausible_source="assumption: no figure",
        doc="People in a route cell above which it no longer feels deserted.",
        source="assumption",
    )
    camera_effect: float = param(
        0.0,
        unit="-1 to 1",
        lo=-1.0,
        hi=1.0,
        plausible=(-0.2, 0.2),
        plausible_source=(
            "VALIDATION A7 and the mixed evidence: cameras may lower or raise fear;"
            " the size an assumption"
        ),
        doc="Fear added by cameras on a woman's route (negative: reassurance; positive: unease "
        "at being watched), times the share of her route cells in view.",
        source="assumption: the evidence is mixed and the article argues surveillance can lower "
        "the feeling of safety, so the default is neutral; set it to test either way",
    )
    jump_own: float = param(
        0.15,
        unit="0-1",
        lo=0.0,
        hi=1.0,
        plausible=(0.05, 0.3),
        plausible_source="assumption: no figure",
        doc="Fear added when a woman is herself victimised (moves fear this share toward 1).",
        source="assumption",
    )
    w_district: float = param(
        0.005,
        unit="per victim per 100 women",
        lo=0.0,
        hi=100.0,
        plausible=(0.001, 0.02),
        plausible_source="assumption: a fifth to four times the calibrated default",
        doc="Fear added per woman victimised in public in her district that day, per 100 women "
        "living there.",
        source="assumption: fear spreads through neighbours' stories; calibrated with "
        "fear.baseline (see its source)",
    )
    rate_decay_day: float = param(
        0.05,
        unit="per day",
        lo=0.0,
        hi=1.0,
        plausible=(0.01, 0.15),
        plausible_source="assumption: fear fading over a week to a few months",
        doc="Share of the gap between fear and its baseline closed each day.",
        source="assumption: fear fades over weeks",
    )
    trip_sensitivity: float = param(
        0.75,
        unit="-",
        lo=0.0,
        hi=20.0,
        plausible=(0.4, 1.2),
        plausible_source="calibrated to VALIDATION women's mobility; range an assumption",
        doc="How strongly fear suppresses a daytime trip: p = p_travel * exp(-s * fear).",
        source="calibrated, with population.p_travel_day_women, so that women make about half "
        "as many trips as men (VALIDATION women's mobility): over a year in the town the ratio "
        "is 0.514 and 0.518 for seeds 1 and 2 (0.465 and 0.471 with 1.0)",
    )
    night_sensitivity: float = param(
        12.0,
        unit="-",
        lo=0.0,
        hi=50.0,
        plausible=(6.0, 20.0),
        plausible_source=(
            "calibrated to VALIDATION night travel (99% avoid transit at night); "
            "range an assumption"
        ),
        doc="Extra suppression of a trip with a leg after dark: times exp(-s * fear).",
        source="calibrated so that few women travel after dark (VALIDATION night travel: 99% of "
        "young women avoid public transport at night)",
    )


@dataclasses.dataclass(frozen=True)
class TrustParams(ParamGroup):
    """Victims' reporting, and how trust in the police moves with contact."""

    group: ClassVar[str] = "trust"

    initial_mean: float = param(
        0.4,
        unit="0-1",
        lo=0.0,
        hi=1.0,
        plausible=(0.2, 0.6),
        plausible_source="assumption: low trust in police (DESIGN section 1); size unknown",
        doc="Mean initial trust in the police.",
        source="assumption: low trust in police (DESIGN section 1)",
    )
    initial_sd: float = param(
        0.15,
        unit="0-1",
        lo=0.0,
        hi=0.5,
        plausible=(0.05, 0.25),
        plausible_source="assumption: no figure",
        doc="Spread of initial trust between residents.",
        source="assumption",
    )
    p_report_robbery: float = param(
        0.35,
        unit="probability",
        lo=0.0,
        hi=1.0,
        plausible=(0.15, 0.6),
        plausible_source=(
            "assumption: high under-reporting; no Lahore victimisation survey in VALIDATION"
        ),
        doc="Chance a victim of street or home robbery with average trust reports it.",
        source="assumption: under-reporting is high where trust in police is low",
    )
    p_report_harassment: float = param(
        0.05,
        unit="probability",
        lo=0.0,
        hi=1.0,
        plausible=(0.01, 0.15),
        plausible_source="assumption: harassment rarely reported",
        doc="Chance a harassed woman with average trust reports it.",
        source="assumption: harassment is rarely reported",
    )
    p_report_domestic: float = param(
        0.03,
        unit="probability",
        lo=0.0,
        hi=1.0,
        plausible=(0.01, 0.1),
        plausible_source="assumption: domestic violence seldom taken to the police",
        doc="Chance a victim of domestic violence with average trust reports it.",
        source="assumption: domestic violence is seldom taken to the police",
    )
    w_trust_reporting: float = param(
        3.0,
        unit="log-odds per unit trust",
        lo=0.0,
        hi=20.0,
        plausible=(1.0, 6.0),
        plausible_source="assumption: no figure",
        doc="How much trust above or below the mean raises or lowers the log-odds of reporting.",
        source="assumption",
    )
    gain_response: float = param(
        0.05,
        unit="0-1",
        lo=0.0,
        hi=1.0,
        plausible=(0.01, 0.15),
        plausible_source="assumption: no figure",
        doc="Trust gained (toward 1) by a victim whose report brought an officer.",
        source="assumption",
    )
    loss_no_response: float = param(
        0.05,
        unit="0-1",
        lo=0.0,
        hi=1.0,
        plausible=(0.01, 0.15),
        plausible_source="assumption: no figure",
        doc="Trust lost (toward 0) by a victim whose report went unrecorded or unanswered.",
        source="assumption",
    )
    loss_wrongful_stop: float = param(
        0.2,
        unit="0-1",
        lo=0.0,
        hi=1.0,
        plausible=(0.05, 0.5),
        plausible_source="assumption: a strong negative contact; size unknown",
        doc="Trust lost (toward 0) by an innocent person stopped after a false face match.",
        source="assumption: being stopped as a suspect is a strong negative contact",
    )
