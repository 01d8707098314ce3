"""Every config composes and validates; bad overrides are refused with a clear message."""

from __future__ import annotations

import pytest
from hydra import compose, initialize_config_dir
from hydra.errors import ConfigCompositionException, MissingConfigException

from experiments.run import CONFIG_DIR
from experiments.schema import RUN_GROUP, overrides_of, params_from_config, register
from sim.params import ParamError
from sim.params.policies import load_policy, policy_names

CITIES = sorted(p.stem for p in (CONFIG_DIR / "city").glob("*.yaml"))
POLICIES = policy_names()

register()


def compose_run(*overrides: str):
    """The run config composed as ``safecity-run <overrides>`` composes it."""
    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        return compose(config_name="config", overrides=list(overrides))


def test_config_groups_are_found():
    assert {"town", "lahore"} <= set(CITIES), f"city presets found: {CITIES}"
    assert {"no_cameras", "safe_city"} <= set(POLICIES), f"policies found: {POLICIES}"


@pytest.mark.parametrize("city", CITIES)
@pytest.mark.parametrize("policy", POLICIES)
def test_every_city_and_policy_composes_and_validates(city, policy):
    cfg = compose_run(f"city={city}", f"policy={policy}")
    params = params_from_config(cfg)
    assert cfg.preset == city, f"city={city} should select preset {city}, got {cfg.preset}"
    assert params.run.seed == cfg.seed and params.run.days == cfg.days


def test_safe_city_policy_places_cameras_on_arterials_and_markets_with_active_monitoring():
    params = params_from_config(compose_run("policy=safe_city"))
    assert params.surveillance.placement == "arterial_commercial"
    assert params.surveillance.monitoring == "active"


def test_top_level_seed_and_days_reach_the_run_parameters():
    params = params_from_config(compose_run("seed=11", "days=3"))
    assert (params.run.seed, params.run.days) == (11, 3)


def test_group_override_changes_only_the_named_field():
    base = params_from_config(compose_run("city=lahore"))
    changed = params_from_config(compose_run("city=lahore", "population.agent_scale=1000"))
    assert changed.population.agent_scale == 1000
    assert changed.population.n_people == base.population.n_people == 13.0e6
    assert changed.city == base.city


def test_out_of_range_override_is_refused_naming_field_value_and_range():
    cfg = compose_run("surveillance.view_radius_cells=99")
    with pytest.raises(ParamError, match=r"surveillance\.view_radius_cells = 99 .*0 to 20"):
        params_from_config(cfg)


def test_unknown_key_is_refused_at_composition():
    with pytest.raises(ConfigCompositionException, match=r"surveillance\.bogus"):
        compose_run("surveillance.bogus=1")


def test_wrong_type_is_refused_at_composition():
    with pytest.raises(ConfigCompositionException, match=r"city\.width_cells"):
        compose_run("city.width_cells=abc")


def test_unknown_city_preset_is_refused():
    with pytest.raises(MissingConfigException, match="atlantis"):
        compose_run("city=atlantis")


@pytest.mark.parametrize("city", CITIES)
def test_the_experiment_takes_the_city_as_safecity_run_does(city):
    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        cfg = compose(config_name="displacement", overrides=[f"city={city}"])
    assert cfg.preset == city, f"safecity-experiment city={city} should select preset {city}"


@pytest.mark.parametrize("policy", POLICIES)
def test_hydra_runs_each_registered_policy_as_load_policy_gives_it(policy):
    cfg = compose_run("city=town", f"policy={policy}")
    set_by_hydra = overrides_of(cfg)
    set_by_hydra.pop(RUN_GROUP)
    assert set_by_hydra == load_policy(policy), (
        f"`policy={policy}` on the command line sets {set_by_hydra}, "
        f"but load_policy({policy!r}) gives {load_policy(policy)}"
    )
