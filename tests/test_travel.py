"""Travel: who travels each day, with and without fear."""

from __future__ import annotations

import numpy as np

from sim.model import SafeCityModel
from sim.presets import make_params
from sim.world.clock import HOURS_PER_DAY
from sim.world.residents import (
    WOMAN,
)


def travel_shares(model: SafeCityModel, days: int) -> tuple[float, float]:
    """Mean share of women and of men travelling per day."""
    r = model.residents
    women, men = [], []
    for _ in range(days):
        for _ in range(HOURS_PER_DAY):
            model.step()
        women.append(r.travelling[r.gender == WOMAN].mean())
        men.append(r.travelling[r.gender != WOMAN].mean())
    return float(np.mean(women)), float(np.mean(men))


def test_women_travel_less_than_men_with_default_parameters():
    women, men = travel_shares(SafeCityModel(make_params("town", {"run": {"seed": 3}})), 3)
    assert women < men, f"women travel on {women:.2f} of days, men {men:.2f}: expected less"


def test_without_fear_travel_shares_follow_the_daily_travel_probabilities():
    pop = {"p_travel_day_women": 0.3, "p_travel_day_men": 0.9}
    fearless = {"trip_sensitivity": 0.0, "night_sensitivity": 0.0}
    model = SafeCityModel(
        make_params("town", {"run": {"seed": 4}, "population": pop, "fear": fearless})
    )
    women, men = travel_shares(model, 2)
    assert abs(women - 0.3) < 0.05, f"women travelled on {women:.3f} of days, expected ~0.3"
    assert abs(men - 0.9) < 0.05, f"men travelled on {men:.3f} of days, expected ~0.9"
