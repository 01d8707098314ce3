"""Policy levers: alternatives to cameras (lighting, safer transit, help desks)."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from sim.params.declare import ParamGroup, param


@dataclasses.dataclass(frozen=True)
class AlternativesParams(ParamGroup):
    """Alternatives to cameras: street lighting, safer transit for women, women's help desks."""

    group: ClassVar[str] = "alternatives"

    start_day: int = param(
        0,
        unit="day",
        lo=0,
        hi=100000,
        doc="Day the alternatives below take effect.",
        source="-",
    )
    lighting_floor: float = param(
        0.0,
        unit="0-1",
        lo=0.0,
        hi=1.0,
        plausible=(0.0, 0.9),
        plausible_source="assumption: lever: from no programme to lighting nearly every street",
        doc="From start_day, street lighting is raised to at least this level in every cell "
        "but open land (0: no change).",
        source="DESIGN section 5 (street lighting as an alternative)",
    )
    safer_transit: float = param(
        0.0,
        unit="share",
        lo=0.0,
        hi=1.0,
        plausible=(0.0, 0.5),
        plausible_source="assumption: lever: from none to halving harassment at stops",
        doc="From start_day, share by which harassment at transit stops falls (staffed stops, "
        "women-only carriages).",
        source="DESIGN section 5 (safer transit for women)",
    )
    help_desk_reporting: float = param(
        1.0,
        unit="odds multiplier",
        lo=1.0,
        hi=20.0,
        plausible=(1.0, 3.0),
        plausible_source=(
            "assumption: lever: women's help desks raising reporting odds up to three times"
        ),
        doc="From start_day, multiplier on the odds that a harassed woman reports (women's help "
        "desks).",
        source="DESIGN section 5 (women's help desks that raise reporting)",
    )

    @property
    def active(self) -> bool:
        """Whether any alternative is switched on."""
        return self.lighting_floor > 0 or self.safer_transit > 0 or self.help_desk_reporting > 1
