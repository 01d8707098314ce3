"""``sim.analysis.ema``: the model as an EMA Workbench model, run with EMA's own evaluator."""

from __future__ import annotations

import numpy as np
import pytest

from sim.analysis.ema import dotted, ema_model, ema_name
from sim.params.paths import plausible_ranges

ema_workbench = pytest.importorskip(
    "ema_workbench",
    reason="EMA Workbench is the optional extra 'ema': pip install -e '.[ema]' (make test does)",
)

TINY = {"city.width_cells": 30, "city.height_cells": 30, "population.n_people": 1500}
OUTCOMES = ("spectacular.true_change_town", "harms.wrongful_stops", "costs.n_cameras")


def test_names_round_trip_between_dotted_paths_and_identifiers():
    assert ema_name("offending.k_camera") == "offending__k_camera"
    assert dotted(ema_name("surveillance.p_detect_lit")) == "surveillance.p_detect_lit"


def test_default_model_declares_plausible_ranges_levers_and_registered_outcomes():
    model = ema_model()
    names = {u.name for u in model.uncertainties}
    assert "offending__k_camera" in names and "fear__camera_effect" in names
    assert "city__lighting_main" not in names, "the world's city is a preset, not uncertain"
    k_camera = model.uncertainties["offending__k_camera"]
    assert (k_camera.lower_bound, k_camera.upper_bound) == plausible_ranges()["offending.k_camera"]
    assert isinstance(model.uncertainties["policing__block_cells"], ema_workbench.IntegerParameter)
    assert "safe_city" in model.levers["policy_name"].categories
    assert "surveillance__sites_per_km2" in {lever.name for lever in model.levers}
    assert next(o.name for o in model.outcomes) == "spectacular__true_change_in_view"


@pytest.mark.slow
def test_sequential_evaluator_runs_scenarios_and_policies():
    model = ema_model(
        uncertainties=["offending.k_camera", "surveillance.p_detect_lit"],
        policies=["safe_city", "passive_cameras"],
        outcomes=OUTCOMES,
        before_days=2,
        after_days=3,
        base=TINY,
    )
    with ema_workbench.SequentialEvaluator(model) as evaluator:
        experiments, outcomes = evaluator.perform_experiments(scenarios=2, policies=2)
    assert len(experiments) == 4, "2 scenarios x 2 policies"
    assert set(experiments["policy_name"].astype(str)) <= {"safe_city", "passive_cameras"}
    assert set(outcomes) == {ema_name(o) for o in OUTCOMES}
    cameras = outcomes["costs__n_cameras"]
    assert cameras.shape == (4,) and np.all(cameras > 0), "both policies install cameras"
