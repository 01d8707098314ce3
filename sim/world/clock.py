"""The model's clock: one tick is one hour (DESIGN section 3).

Every module that converts between ticks, days and years reads these constants from here.
"""

import dataclasses

HOURS_PER_DAY = 24
"""Ticks in a day."""

DAYS_PER_YEAR = 365.0
"""Days in a year, for rates and costs given per year."""


@dataclasses.dataclass(frozen=True)
class Now:
    """The hour being simulated, as every process sees it (read-only).

    Attributes:
        tick: the hour since the start of the run (0-based).
        hour: the hour of the day, 0-23.
        dark: whether this hour is after dark.
    """

    tick: int
    hour: int
    dark: bool

    @property
    def day(self) -> int:
        """The day since the start of the run (0-based)."""
        return self.tick // HOURS_PER_DAY
