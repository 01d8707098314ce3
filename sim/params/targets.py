"""World parameters: which person present a street robber chooses, and repeat victimisation."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from sim.params.declare import ParamGroup, param


@dataclasses.dataclass(frozen=True)
class TargetParams(ParamGroup):
    """Target choice by suitability (alone, carrying valuables, gender) and repeat and
    near-repeat victimisation."""

    group: ClassVar[str] = "targets"

    suitability: bool = param(
        True,
        unit="-",
        doc="Street robbers choose among the people present by suitability (alone, carrying "
        "valuables, gender) rather than uniformly.",
        source="routine activity theory: target suitability (Cohen & Felson 1979; VIVA: value, "
        "inertia, visibility, access, Felson & Clarke 1998); docs/design-decisions.md 19",
    )
    p_accompanied_woman: float = param(
        0.5,
        unit="probability",
        lo=0.0,
        hi=1.0,
        plausible=(0.3, 0.8),
        plausible_source="assumption: many women in Lahore travel with a companion (no figure)",
        doc="Chance a woman usually travels in company (drawn once per woman).",
        source="assumption: women's mobility in Lahore is often accompanied (no figure)",
    )
    p_accompanied_man: float = param(
        0.2,
        unit="probability",
        lo=0.0,
        hi=1.0,
        plausible=(0.1, 0.4),
        plausible_source="assumption: no figure",
        doc="Chance a man usually travels in company (drawn once per man).",
        source="assumption",
    )
    w_alone: float = param(
        2.0,
        unit="relative weight",
        lo=0.0,
        hi=100.0,
        plausible=(1.0, 4.0),
        plausible_source="assumption: from no preference to four times",
        doc="Weight of a person on the way alone (not in company, not at the activity place) "
        "relative to one in company.",
        source="assumption: a lone target is easier (guardianship, Cohen & Felson 1979)",
    )
    share_valuables: float = param(
        0.3,
        unit="share of residents",
        lo=0.0,
        hi=1.0,
        plausible=(0.1, 0.6),
        plausible_source="assumption: no figure for visibly carried phones, cash or jewellery",
        doc="Share of residents who visibly carry valuables (drawn once per resident).",
        source="assumption: snatching targets phones, purses and jewellery (no figure)",
    )
    w_valuables: float = param(
        3.0,
        unit="relative weight",
        lo=0.0,
        hi=100.0,
        plausible=(1.0, 6.0),
        plausible_source="assumption: from no preference to six times",
        doc="Weight of a person visibly carrying valuables relative to one who is not.",
        source="assumption: value and visibility in VIVA (Felson & Clarke 1998)",
    )
    w_woman: float = param(
        1.5,
        unit="relative weight",
        lo=0.0,
        hi=100.0,
        plausible=(0.7, 3.0),
        plausible_source="assumption: snatchers may prefer women (bags, jewellery) or avoid "
        "them (attention); the range allows both",
        doc="Weight of a woman relative to a man.",
        source="assumption: bag and jewellery snatching targets women (no Lahore figure)",
    )
    near_repeat: bool = param(
        True,
        unit="-",
        doc="Repeat and near-repeat victimisation: a robbery raises the risk of its victim and "
        "of the places around it for some weeks.",
        source="Johnson & Bowers 2004; Johnson et al. 2007, J. Quant. Criminol. 23(3); Farrell "
        "1995; docs/design-decisions.md 19",
    )
    dur_near_repeat_days: float = param(
        30.0,
        unit="days",
        lo=0.1,
        hi=3650.0,
        plausible=(14.0, 60.0),
        plausible_source="Johnson et al. 2007: elevated risk for one to two months",
        doc="Time constant of the exponential decay of repeat and near-repeat risk.",
        source="Johnson et al. 2007 (five countries; burglary): risk elevated for 1-2 months",
    )
    near_repeat_radius_m: float = param(
        300.0,
        unit="m",
        lo=0.0,
        hi=5000.0,
        plausible=(100.0, 400.0),
        plausible_source="Johnson et al. 2007: up to 300-400 m",
        doc="Distance within which a robbery raises the pull of nearby places.",
        source="Johnson et al. 2007: elevated risk up to 300-400 m",
    )
    w_near_repeat: float = param(
        0.5,
        unit="utility units per recent robbery",
        lo=0.0,
        hi=20.0,
        plausible=(0.1, 2.0),
        plausible_source="assumption: the boost account (offenders return where they "
        "succeeded) gives the direction, not the size",
        doc="Pull of a place per recent robbery within near_repeat_radius_m (decayed).",
        source="assumption for the size; the boost account of near repeats (Johnson & Bowers 2004)",
    )
    w_repeat: float = param(
        3.0,
        unit="extra relative weight",
        lo=0.0,
        hi=100.0,
        plausible=(1.0, 10.0),
        plausible_source="assumption: repeat victims' risk several times the first (Farrell "
        "1995; Pease 1998)",
        doc="Extra weight of a recent victim (decayed with dur_near_repeat_days) when robbers "
        "choose among the people present.",
        source="Farrell 1995; Pease 1998 (repeat victimisation); the size an assumption",
    )
