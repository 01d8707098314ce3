"""The policy registry: loadable without Hydra, one place for labels, colours and roles."""

from __future__ import annotations

import pytest

from sim.params import ParamError
from sim.params.policies import (
    POLICIES,
    ROLES,
    colour,
    label,
    load_policy,
    the_one_with_role,
    with_role,
)
from sim.presets import make_params


@pytest.mark.parametrize("name", list(POLICIES))
def test_every_policy_makes_valid_parameters_without_hydra(name):
    params = make_params("town", load_policy(name))
    for group, fields in load_policy(name).items():
        for field, value in fields.items():
            assert getattr(getattr(params, group), field) == value, f"{name}: {group}.{field}"


def test_a_policy_inherits_its_base_and_changes_only_what_it_names():
    base, passive = load_policy("safe_city"), load_policy("passive_cameras")
    assert passive["surveillance"].pop("monitoring") == "passive"
    base["surveillance"].pop("monitoring")
    assert passive == base, "passive_cameras should be safe_city with passive monitoring only"


def test_load_policy_returns_a_copy_the_caller_may_change():
    load_policy("safe_city")["surveillance"]["sites_per_km2"] = 99.0
    assert load_policy("safe_city")["surveillance"]["sites_per_km2"] == 0.96


def test_an_unknown_policy_is_refused_with_the_known_ones_listed():
    with pytest.raises(ParamError, match=r"unknown policy 'safe_cty'.*safe_city"):
        load_policy("safe_cty")


def test_single_roles_are_held_by_exactly_one_policy():
    for role in ("counterfactual", "headline", "passive", "dedicated_response", "app"):
        assert the_one_with_role(role) in POLICIES
    assert the_one_with_role("counterfactual") == "no_cameras"
    assert "no_cameras" not in with_role("experiment"), "the twin is not a policy to evaluate"
    with pytest.raises(ValueError, match="unknown policy role"):
        with_role("favourite")
    assert set().union(*(p.roles for p in POLICIES.values())) <= ROLES


def test_labels_and_colours_cover_registered_and_user_policies():
    assert label("safe_city").startswith("Safe City")
    assert label("my_own_policy") == "my own policy"
    assert colour("safe_city") == "#0072B2"
    assert colour("my_own_policy", fallback="#123456") == "#123456"
