"""World parameters: parked vehicles (cars and motorcycles) and their theft."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from sim.params.declare import ParamGroup, param

P_THEFT_TICK = 0.006
"""Default of ``vehicles.p_theft_tick`` (see its source)."""


@dataclasses.dataclass(frozen=True)
class VehicleParams(ParamGroup):
    """Parked vehicles as stationary targets, and the property offence of stealing one."""

    group: ClassVar[str] = "vehicles"

    share_owners: float = param(
        0.3,
        unit="vehicles per resident",
        lo=0.0,
        hi=1.0,
        plausible=(0.15, 0.65),
        plausible_source=(
            "assumption: the top is registrations per head (Lahore's Excise and Taxation "
            "motor registration, via 94 News, secondary: more than 3 million cars and 5 "
            "million motorcycles for 13.0 million residents; many registered in Lahore are "
            "used elsewhere or off the road), the bottom half the default"
        ),
        doc="Share of residents who own a car or motorcycle, parked where the owner is (at "
        "home, or at the activity place or outing) and moving with her between them.",
        source="assumption: below registrations per head (see plausible range); most vehicles "
        "in Lahore are motorcycles, one per household or fewer",
    )
    reach_m: float = param(
        300.0,
        unit="m",
        lo=1.0,
        hi=5000.0,
        plausible=(100.0, 500.0),
        plausible_source="assumption: from the thief's own 100 m cell to a few minutes' walk",
        doc="Side of the square blocks (in whole cells, at least one) within which a thief "
        "finds a parked vehicle: an owner agent's vehicle stands for those parked around her "
        "block, and the thief steals one in his own cell.",
        source="assumption: a thief on foot looks around his place, a few minutes' walk; a "
        "block rather than his cell alone keeps the chance of finding a vehicle from falling "
        "as each agent stands for more people (docs/odd.md 7.31)",
    )
    p_theft_tick: float = param(
        P_THEFT_TICK,
        unit="probability per tick",
        lo=0.0,
        hi=1.0,
        plausible=(0.0001, 0.012),
        plausible_source=(
            "the bottom gives about Lahore's recorded rate per head with its dark figure "
            "(VALIDATION vehicles, Lahore: about 5,500 stolen or snatched in Q1 2024, Jang, "
            "secondary; 169 recorded per 100,000 a year, with 0.6 of thefts recorded); the top "
            "twice the default"
        ),
        doc="Chance a roaming street offender who robs no one this hour tries to steal a "
        "vehicle parked near his place (in his block), when one is there and he perceives no "
        "risk.",
        source="Jang 2024 via VALIDATION (secondary), as a ratio: Lahore records about 61 "
        "vehicles stolen or snatched a day (5,500 in Q1 2024) against 37 robberies and phone "
        "snatchings (daily volume), so the default gives about 1.6 recorded vehicle thefts per "
        "recorded street robbery; like offending.p_attempt_tick it is set for teaching counts, "
        "far above Lahore's rate per head (docs/odd.md, vehicle theft)",
    )
    p_report: float = param(
        0.85,
        unit="probability",
        lo=0.0,
        hi=1.0,
        plausible=(0.6, 0.95),
        plausible_source=(
            "victimisation surveys where reporting is needed for insurance: 88% (2013-14) and "
            "94% (2014-15) of Australian households reported a motor vehicle theft (ABS "
            "Crime Victimisation, Australia, cat. 4530.0; secondary); the bottom an "
            "assumption for uninsured motorcycles and low trust in the police"
        ),
        doc="Chance the owner of a stolen vehicle with average trust reports it.",
        source="ABS Crime Victimisation, Australia 2013-14 and 2014-15 (88%, 94%; secondary), "
        "lowered by assumption: an FIR is needed to claim insurance and to clear the owner of "
        "crimes done with the vehicle, but few motorcycles in Lahore are insured",
    )
