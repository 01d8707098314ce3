"""Mesa conventions: fresh entropy for ``seed=None``, ``rng=``, keyword parameters by dotted
path, running totals, and ``mesa.batch_run`` giving independent replicates."""

from __future__ import annotations

import mesa
import numpy as np
import pytest

from sim.model import TOTALS, SafeCityModel
from sim.params import ParamError
from sim.presets import make_params

TICKS = 30  # a little over a day of the town


def run(model: SafeCityModel, ticks: int = TICKS) -> SafeCityModel:
    for _ in range(ticks):
        model.step()
    return model


def test_seed_none_draws_fresh_entropy_and_records_it_so_the_run_repeats():
    a, b = SafeCityModel(seed=None), SafeCityModel(seed=None)
    assert a.entropy is not None and a.entropy != b.entropy, "each run needs its own entropy"
    assert a.params.run.seed != b.params.run.seed
    assert a.params.run.seed == a.entropy & (2**63 - 1), "the seed is the entropy's low bits"
    again = SafeCityModel(seed=a.params.run.seed)
    assert again.entropy is None
    run(a), run(again)
    assert a.events.to_frame().equals(again.events.to_frame()), "the recorded seed repeats it"


def test_without_a_seed_argument_the_params_seed_is_used_as_before():
    params = make_params("town", {"run.seed": 9})
    assert SafeCityModel(params).params.run.seed == 9
    assert SafeCityModel().params.run.seed == 0
    assert SafeCityModel.from_preset("town", seed=None).params.run.seed == 0


def test_rng_is_accepted_as_mesa_does():
    assert SafeCityModel(rng=5).params.run.seed == 5
    from_generator = SafeCityModel(rng=np.random.default_rng(1)).params.run.seed
    assert from_generator == SafeCityModel(rng=np.random.default_rng(1)).params.run.seed
    with pytest.raises(ParamError, match="either seed or rng"):
        SafeCityModel(seed=1, rng=1)


def test_city_policy_and_dotted_keywords_give_the_same_params_as_make_params():
    model = SafeCityModel(
        city="town", policy="safe_city", seed=3, **{"surveillance.sites_per_km2": 0.5}
    )
    expected = make_params(
        "town", {"surveillance.sites_per_km2": 0.5, "run.seed": 3}, policy="safe_city"
    )
    assert model.params == expected


def test_unknown_keyword_is_refused_by_name():
    with pytest.raises(ParamError, match=r"surveillance\.sites_per_km"):
        SafeCityModel(**{"surveillance.sites_per_km": 0.5})
    with pytest.raises(ParamError, match="sites_per_km2"):
        SafeCityModel(sites_per_km2=0.5)


def test_totals_reporters_are_running_totals_of_the_hourly_series():
    model = run(SafeCityModel(city="town", policy="safe_city", seed=2))
    data = model.datacollector.get_model_vars_dataframe()
    for name in ("incidents", "in_view", "recorded", *TOTALS):
        total = data[f"{name}_total"].to_numpy()
        assert (np.diff(total) >= 0).all(), f"{name}_total must never fall"
        np.testing.assert_array_equal(total, np.cumsum(data[name].to_numpy()), err_msg=name)
    assert data["incidents_total"].iloc[-1] > 0, "a day of the town has incidents"
    assert not [c for c in model.series().columns if c.endswith("_total")], (
        "series() keeps the per-tick series only"
    )


@pytest.mark.parametrize("replicates", ["iterations", "rng"])
@pytest.mark.filterwarnings("ignore:The `iterations` keyword argument is deprecated")
def test_batch_run_gives_independent_replicates_and_meaningful_last_rows(replicates):
    # Mesa 3.5 deprecates iterations=n for rng=[None] * n; both must give n replicates
    how = {"iterations": 3} if replicates == "iterations" else {"rng": [None] * 3}
    seeds: list[tuple[str, int]] = []

    class Recorded(SafeCityModel):
        """The model, noting the seed each replicate ran with."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            seeds.append((kwargs["policy"], self.params.run.seed))

    results = mesa.batch_run(
        Recorded,
        parameters={
            "city": "town",
            "policy": ["no_cameras", "safe_city"],
            "surveillance.sites_per_km2": [0.5],
        },
        **how,
        max_steps=TICKS,
        number_processes=1,
        data_collection_period=-1,
        display_progress=False,
    )
    assert len(results) == 6, f"2 policies x 3 iterations, got {len(results)} rows"
    # independent replicates: each iteration ran on its own fresh seed (63 bits of entropy: a
    # repeat has a chance of about 1e-18); comparing the runs' counts instead could coincide
    for policy in ("no_cameras", "safe_city"):
        ran = [seed for name, seed in seeds if name == policy]
        assert len(ran) == 3 and len(set(ran)) == 3, f"{policy}: 3 iterations, 3 seeds: {ran}"
    assert all(r["incidents_total"] > 0 for r in results), "last row holds the run's totals"
