"""Unit costs of camera policies, for the experiment's costs per robbery and per harassment
prevented (not of the model: no rule reads them; the equal-budget sizing of
``sim/params/equal_budget.py`` reads their defaults)."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from sim.params.declare import ParamGroup, param

LAHORE_CONTRACT_RS = 12e9
"""Lahore's Safe City (PPIC3) contract: Rs 12 billion, about USD 100 million (the essay in
shared/context; Punjab Chief Minister's statement of 2016, secondary)."""
LAHORE_CAMERAS = 8000
"""Cameras of that contract (VALIDATION cameras: about 8,000)."""
PSCA_QUARTERLY_RS = 644e6
"""Running costs the Punjab Finance Department offered the Safe Cities Authority, per quarter
(Express Tribune, 2019, "Safe city authority roiled by funding crunch", secondary)."""
QUARTERS_PER_YEAR = 4


@dataclasses.dataclass(frozen=True)
class CostParams(ParamGroup):
    """What a camera costs to install and to run, in Pakistani rupees."""

    group: ClassVar[str] = "costs"

    camera_capex_rs: float = param(
        LAHORE_CONTRACT_RS / LAHORE_CAMERAS,
        unit="Rs per camera",
        lo=0.0,
        hi=1e9,
        doc="Installation cost of one camera, its share of the command centre and network "
        "included.",
        source="Lahore's PPIC3 contract, Rs 12 billion for about 8,000 cameras (secondary; "
        "VALIDATION cameras)",
    )
    camera_life_years: float = param(
        10.0,
        unit="years",
        lo=1.0,
        hi=50.0,
        doc="Years over which the installation cost is spread (straight line, no discounting).",
        source="assumption: a decade, for cameras replaced sooner and a command centre and "
        "network that last longer; no public figure for Lahore",
    )
    camera_running_rs_per_year: float = param(
        PSCA_QUARTERLY_RS * QUARTERS_PER_YEAR / LAHORE_CAMERAS,
        unit="Rs per camera per year",
        lo=0.0,
        hi=1e9,
        doc="Running cost of one camera a year: staff, links, power and maintenance.",
        source="the Finance Department's offer of Rs 644 million a quarter for the Safe Cities "
        "Authority (Express Tribune 2019, secondary), over about 8,000 cameras; the same for "
        "active and passive monitoring, for want of a separate figure",
    )
