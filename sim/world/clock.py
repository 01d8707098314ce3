"""The model's clock: one tick is one hour (DESIGN section 3).

Every module that converts between ticks, days and years reads these constants from here.
"""

HOURS_PER_DAY = 24
"""Ticks in a day."""

DAYS_PER_YEAR = 365.0
"""Days in a year, for rates and costs given per year."""
