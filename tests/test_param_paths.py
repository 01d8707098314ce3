"""Parameters by dotted path, policies by name, plausible ranges and the rounding rule."""

from __future__ import annotations

import dataclasses

import pytest

from sim.params import GROUPS, ParamError
from sim.params.declare import param
from sim.params.paths import (
    declared,
    flatten,
    nest,
    plausible_ranges,
    round_to_fields,
    split_keywords,
)
from sim.params.policies import load_policy
from sim.presets import make_params


def test_dotted_paths_and_nested_groups_give_the_same_params():
    dotted = make_params("town", {"surveillance.sites_per_km2": 0.5, "fear.baseline": 0.2})
    nested = make_params(
        "town", {"surveillance": {"sites_per_km2": 0.5}, "fear": {"baseline": 0.2}}
    )
    mixed = make_params("town", {"surveillance.sites_per_km2": 0.5, "fear": {"baseline": 0.2}})
    assert dotted == nested == mixed, "dotted, nested and mixed overrides must be equivalent"


def test_policy_by_name_is_applied_before_the_overrides():
    by_name = make_params("town", {"surveillance.sites_per_km2": 0.5}, policy="safe_city")
    by_hand = make_params("town", load_policy("safe_city")).with_overrides(
        {"surveillance": {"sites_per_km2": 0.5}}
    )
    assert by_name == by_hand
    assert by_name.surveillance.placement == "arterial_commercial"
    assert by_name.surveillance.sites_per_km2 == 0.5, "overrides must win over the policy"


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"surveillance.site_per_km2": 0.5}, "surveillance.site_per_km2"),
        ({"survey.sites_per_km2": 0.5}, "survey"),
        ({"surveillance.sites.per_km2": 0.5}, "surveillance.sites.per_km2"),
    ],
)
def test_bad_dotted_path_is_refused_naming_it(overrides, named):
    with pytest.raises(ParamError, match=named.replace(".", r"\.")):
        make_params("town", overrides)


def test_a_field_given_twice_with_different_values_is_refused():
    with pytest.raises(ParamError, match=r"fear\.baseline is given twice"):
        nest({"fear.baseline": 0.2, "fear": {"baseline": 0.3}})


def test_unknown_policy_is_refused():
    with pytest.raises(ParamError, match="no_such_policy"):
        make_params("town", policy="no_such_policy")


def test_flatten_inverts_nest():
    flat = {"surveillance.sites_per_km2": 0.5, "fear.baseline": 0.2}
    assert flatten(nest(flat)) == flat


def test_plausible_ranges_lie_inside_validity_limits_and_hold_the_default():
    ranges = plausible_ranges()
    assert len(ranges) >= 60, (
        f"expected most behavioural parameters to be ranged, got {len(ranges)}"
    )
    for path, (lo, hi) in ranges.items():
        f = declared(path)
        m = f.metadata
        assert lo < hi, path
        assert m["lo"] is None or lo >= m["lo"], f"{path}: {lo} below its limit {m['lo']}"
        assert m["hi"] is None or hi <= m["hi"], f"{path}: {hi} above its limit {m['hi']}"
        assert lo <= f.default <= hi, f"{path}: default {f.default} outside ({lo}, {hi})"
        assert m["plausible_source"], f"{path} has no plausible_source"


def test_every_analysed_group_declares_plausible_ranges():
    groups = {p.split(".")[0] for p in plausible_ranges()}
    wanted = {"offending", "everyday", "fear", "trust", "policing", "surveillance", "alternatives"}
    assert wanted <= groups, f"missing: {wanted - groups}"
    assert set(plausible_ranges(["fear"])) == {
        p for p in plausible_ranges() if p.startswith("fear.")
    }


def test_plausible_range_outside_limits_is_refused_at_declaration():
    with pytest.raises(ValueError, match="outside the limits"):
        param(
            0.5,
            unit="-",
            source="-",
            doc="-",
            lo=0.0,
            hi=1.0,
            plausible=(0.2, 1.5),
            plausible_source="assumption",
        )
    with pytest.raises(ValueError, match="needs a plausible_source"):
        param(0.5, unit="-", source="-", doc="-", lo=0.0, hi=1.0, plausible=(0.2, 0.8))


def test_design_rounds_whole_number_fields_and_the_model_refuses_fractions():
    point = {
        "offending.n_awareness_places": 6.5,
        "policing.block_cells": 3.49,
        "fear.baseline": 0.15,
    }
    rounded = round_to_fields(point)
    assert rounded == {
        "offending.n_awareness_places": 7,
        "policing.block_cells": 3,
        "fear.baseline": 0.15,
    }
    assert isinstance(rounded["policing.block_cells"], int)
    make_params("town", rounded)  # accepted
    with pytest.raises(ParamError, match="whole number"):
        make_params("town", point)


def test_split_keywords_takes_city_policy_and_checks_dotted_names():
    city, policy, rest = split_keywords(
        {"city": "town", "policy": "safe_city", "surveillance.sites_per_km2": 0.5}
    )
    assert (city, policy, rest) == ("town", "safe_city", {"surveillance.sites_per_km2": 0.5})
    with pytest.raises(ParamError, match="sites_per_km"):
        split_keywords({"sites_per_km2": 0.5})


def test_every_group_field_is_reachable_by_path():
    for group, cls in GROUPS.items():
        for f in dataclasses.fields(cls):
            assert declared(f"{group}.{f.name}").name == f.name


def test_model_arguments_seed_conventions():
    from sim.world.arguments import model_arguments

    assert model_arguments().params.run.seed == 0, "no seed argument: the params' seed"
    assert model_arguments(seed=7).params.run.seed == 7
    assert model_arguments(rng=7).params.run.seed == 7
    fresh = model_arguments(seed=None)
    assert fresh.entropy is not None
    assert fresh.params.run.seed == fresh.entropy & (2**63 - 1)
    assert model_arguments(seed=None).entropy != fresh.entropy
    with pytest.raises(ParamError, match="either seed or rng"):
        model_arguments(seed=1, rng=2)


def test_model_arguments_take_city_policy_and_dotted_parameters():
    from sim.world.arguments import model_arguments

    args = model_arguments(
        city="town", policy="safe_city", parameters={"surveillance.sites_per_km2": 0.5}
    )
    assert args.params == make_params(
        "town", {"surveillance.sites_per_km2": 0.5}, policy="safe_city"
    )
    assert args.city is None, "a preset name is built from params, not passed on"
    on_params = model_arguments(make_params("town"), policy="safe_city")
    assert on_params.params == make_params("town", policy="safe_city")
    with pytest.raises(ParamError, match="either a city preset name or params"):
        model_arguments(make_params("town"), city="town")
