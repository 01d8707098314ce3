"""The hand-built world the rule tests share, and helpers to run it.

The hand-built world (``tiny_city`` in conftest) is 7 x 7 cells: one arterial column at x = 3
with the only transit stop at (3, 3), a market on each side of it, homes everywhere else. People
in public are therefore only on that column and the two markets, which is where street
offences happen.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.model import SafeCityModel
from sim.processes.cameras import install_cameras

CENTRE = 3 * 7 + 3
"""Flat index of the hand-built world's transit stop (x = 3, y = 3)."""

SURE_CAPTURE = {"p_detect_lit": 1.0, "p_detect_dark": 1.0, "p_fail_day": 0.0}


def street_offences(model: SafeCityModel) -> pd.DataFrame:
    """The street robberies of a run (the offences street offenders commit)."""
    events = model.events.to_frame()
    return events[events["offence"] == "street_robbery"]


def with_camera_at(model: SafeCityModel, cell: int) -> SafeCityModel:
    """Mount the configured cameras at one site, now."""
    model.surveillance.cameras = install_cameras(
        model.city, model.params.surveillance, np.array([cell], dtype=np.int32)
    )
    return model
