"""Parameters: defaults are valid, and bad input is refused where it enters, with a message that
names the field, the value and what was expected (DESIGN section 7, STYLE practice 7)."""

from __future__ import annotations

import dataclasses

import pytest

from sim.params import GROUPS, SimParams
from sim.params.declare import ParamError, describe_fields
from sim.presets import make_params, preset_names

FIELDS = [(group, row) for group, cls in GROUPS.items() for row in describe_fields(cls)]
FIELD_IDS = [f"{group}.{row['name']}" for group, row in FIELDS]
NUMERIC = [(g, r) for g, r in FIELDS if r["type"] in ("int", "float")]
NUMERIC_IDS = [f"{g}.{r['name']}" for g, r in NUMERIC]
INTS = [(g, r) for g, r in FIELDS if r["type"] == "int"]
INT_IDS = [f"{g}.{r['name']}" for g, r in INTS]
STRINGS = [(g, r) for g, r in FIELDS if r["type"] == "str"]
STRING_IDS = [f"{g}.{r['name']}" for g, r in STRINGS]
BOOLS = [(g, r) for g, r in FIELDS if r["type"] == "bool"]
BOOL_IDS = [f"{g}.{r['name']}" for g, r in BOOLS]


def refused(group: str, fields: dict) -> str:
    """The ParamError message for building ``group`` from ``fields``; fails if none is raised."""
    with pytest.raises(ParamError) as err:
        GROUPS[group].from_dict(fields)
    return str(err.value)


# --- defaults -----------------------------------------------------------------------------------


@pytest.mark.parametrize("group", list(GROUPS))
def test_every_group_constructs_from_its_defaults(group):
    params = GROUPS[group]()
    assert params.to_dict(), f"{group} defaults should give a non-empty group"


def test_all_parameters_construct_from_defaults_and_from_every_preset():
    assert SimParams() == make_params("town"), "the town preset should be the defaults themselves"
    for name in preset_names():
        assert isinstance(make_params(name), SimParams), f"preset {name!r} should construct"


@pytest.mark.parametrize(("group", "row"), FIELDS, ids=FIELD_IDS)
def test_every_default_lies_in_its_declared_range(group, row):
    name, value = f"{group}.{row['name']}", row["default"]
    if row["choices"]:
        assert value in row["choices"], f"{name} default {value!r} should be one of its choices"
    if row["lo"] is not None:
        assert value >= row["lo"], f"{name} default {value!r} should be >= {row['lo']}"
    if row["hi"] is not None:
        assert value <= row["hi"], f"{name} default {value!r} should be <= {row['hi']}"


@pytest.mark.parametrize(("group", "row"), FIELDS, ids=FIELD_IDS)
def test_every_field_declares_unit_source_and_doc(group, row):
    for key in ("unit", "source", "doc"):
        assert row[key], f"{group}.{row['name']} should declare a non-empty {key}"


def test_params_round_trip_through_a_plain_dict():
    params = make_params("lahore", {"surveillance": {"placement": "hotspot"}})
    assert SimParams.from_dict(params.to_dict()) == params, "from_dict(to_dict(p)) should be p"


# --- unknown names ------------------------------------------------------------------------------


@pytest.mark.parametrize(("group", "row"), FIELDS, ids=FIELD_IDS)
def test_misspelt_key_is_refused_naming_it_and_suggesting_the_field(group, row):
    typo = row["name"] + "x"
    msg = refused(group, {typo: 1})
    assert f"{group}.{typo}" in msg, f"message should name {group}.{typo}: {msg}"
    assert f"Did you mean {group}.{row['name']}?" in msg, f"message should suggest it: {msg}"


def test_unknown_key_through_make_params_is_refused_with_a_suggestion():
    with pytest.raises(ParamError, match=r"city\.widht_cells.*Did you mean city\.width_cells\?"):
        make_params("town", {"city": {"widht_cells": 30}})


def test_unknown_key_with_no_close_match_lists_the_known_parameters():
    msg = refused("policing", {"zzzz": 1})
    assert "policing.zzzz" in msg, f"message should name the key: {msg}"
    assert "people_per_officer" in msg, f"message should list the known fields: {msg}"


def test_unknown_group_is_refused_naming_it():
    with pytest.raises(ParamError, match=r"unknown parameter group 'citty'.*city"):
        make_params("town", {"citty": {"width_cells": 30}})
    with pytest.raises(ParamError, match=r"unknown parameter group 'police'"):
        SimParams.from_dict({"police": {}})


def test_group_that_is_not_a_mapping_is_refused():
    with pytest.raises(ParamError, match=r"parameter group 'city' must be a mapping"):
        SimParams.from_dict({"city": 5})


def test_unknown_preset_is_refused_naming_it_and_the_choices():
    with pytest.raises(ParamError, match=r"unknown city preset 'atlantis'.*town.*lahore"):
        make_params("atlantis")


# --- wrong types --------------------------------------------------------------------------------


@pytest.mark.parametrize(("group", "row"), NUMERIC, ids=NUMERIC_IDS)
def test_text_for_a_number_is_refused_naming_the_field(group, row):
    msg = refused(group, {row["name"]: "5"})
    assert f"{group}.{row['name']} = '5'" in msg, f"message should name field and value: {msg}"


@pytest.mark.parametrize(("group", "row"), NUMERIC, ids=NUMERIC_IDS)
def test_bool_for_a_number_is_refused_naming_the_field(group, row):
    msg = refused(group, {row["name"]: True})
    assert f"{group}.{row['name']} = True" in msg, f"message should name field and value: {msg}"


@pytest.mark.parametrize(("group", "row"), INTS, ids=INT_IDS)
def test_fraction_for_a_whole_number_is_refused_naming_the_field(group, row):
    msg = refused(group, {row["name"]: 2.5})
    assert f"{group}.{row['name']} = 2.5" in msg, f"message should name field and value: {msg}"
    assert "whole number" in msg, f"message should say a whole number was expected: {msg}"


@pytest.mark.parametrize(("group", "row"), STRINGS, ids=STRING_IDS)
def test_number_for_a_text_field_is_refused_naming_the_field(group, row):
    msg = refused(group, {row["name"]: 3})
    assert f"{group}.{row['name']} = 3" in msg, f"message should name field and value: {msg}"


@pytest.mark.parametrize(("group", "row"), BOOLS, ids=BOOL_IDS)
@pytest.mark.parametrize("value", [1, "yes"])
def test_anything_but_true_or_false_for_a_switch_is_refused(group, row, value):
    msg = refused(group, {row["name"]: value})
    assert f"{group}.{row['name']} = {value!r}" in msg, f"message should name field, value: {msg}"
    assert "true or false" in msg, f"message should say true or false was expected: {msg}"


@pytest.mark.parametrize("value", [float("nan"), float("inf")])
def test_non_finite_number_is_refused(value):
    msg = refused("surveillance", {"p_detect_lit": value})
    assert "surveillance.p_detect_lit" in msg and "finite" in msg, msg


def test_whole_float_for_an_int_field_is_accepted_as_int():
    city = GROUPS["city"].from_dict({"width_cells": 30.0})
    assert city.width_cells == 30 and type(city.width_cells) is int, (
        "30.0 for an int field should be stored as the int 30"
    )


def test_int_for_a_float_field_is_accepted_as_float():
    pop = GROUPS["population"].from_dict({"n_people": 500})
    assert type(pop.n_people) is float, "an int for a float field should be stored as a float"


@pytest.mark.parametrize(("group", "row"), [f for f in FIELDS if f[1]["choices"]])
def test_text_outside_the_choices_is_refused_listing_them(group, row):
    msg = refused(group, {row["name"]: "bogus"})
    assert f"{group}.{row['name']} = 'bogus'" in msg, msg
    for choice in row["choices"]:
        assert repr(choice) in msg, f"message should list the choice {choice!r}: {msg}"


# --- ranges -------------------------------------------------------------------------------------


def _outside(row, side: str):
    bound = row[side]
    step = 1 if row["type"] == "int" else max(abs(bound), 1.0)
    return bound - step if side == "lo" else bound + step


RANGE_CASES = [(g, r, s) for g, r in NUMERIC for s in ("lo", "hi") if r[s] is not None]


@pytest.mark.parametrize(
    ("group", "row", "side"),
    RANGE_CASES,
    ids=[f"{g}.{r['name']}-{'below' if s == 'lo' else 'above'}" for g, r, s in RANGE_CASES],
)
def test_out_of_range_value_is_refused_naming_field_value_and_range(group, row, side):
    value = _outside(row, side)
    msg = refused(group, {row["name"]: value})
    assert f"{group}.{row['name']} = {value!r}" in msg, f"message should name field, value: {msg}"
    assert "out of range" in msg, f"message should say the value is out of range: {msg}"
    for bound in (row["lo"], row["hi"]):
        if bound is not None:
            assert f"{bound:g}" in msg, f"message should state the range bound {bound:g}: {msg}"


@pytest.mark.parametrize(
    ("group", "name", "side"),
    [
        ("city", "width_cells", "lo"),
        ("surveillance", "p_detect_lit", "lo"),
        ("surveillance", "p_detect_lit", "hi"),
        ("run", "days", "hi"),
    ],
)
def test_range_bounds_themselves_are_allowed(group, name, side):
    row = next(r for g, r in FIELDS if (g, r["name"]) == (group, name))
    value = row[side]
    assert getattr(GROUPS[group].from_dict({name: value}), name) == value, (
        f"{group}.{name} = {value} is a bound of its range and should be accepted"
    )


# --- combinations -------------------------------------------------------------------------------


def test_offenders_active_end_not_after_start_is_refused():
    with pytest.raises(ParamError, match=r"offending\.active_end_hour = 9 must be after"):
        make_params("town", {"offending": {"active_start_hour": 9, "active_end_hour": 9}})
    with pytest.raises(ParamError, match=r"offending\.active_start_hour = 12"):
        make_params("town", {"offending": {"active_start_hour": 12, "active_end_hour": 10}})


def test_daylight_end_not_after_start_is_refused():
    with pytest.raises(ParamError, match=r"city\.daylight_end_hour = 6 must be after"):
        make_params("town", {"city": {"daylight_start_hour": 6, "daylight_end_hour": 6}})


def test_land_use_shares_leaving_too_little_room_for_homes_are_refused():
    shares = {"market_share": 0.3, "industrial_share": 0.3, "open_share": 0.25}
    with pytest.raises(ParamError, match=r"market_share \+ .*open_share = 0\.85.*at most 0\.8"):
        make_params("town", {"city": shares})
    make_params("town", {"city": {**shares, "open_share": 0.2}})  # 0.8 exactly is allowed


def test_more_districts_than_cells_across_is_refused():
    with pytest.raises(ParamError, match=r"city\.districts_x = 12 exceeds the grid's 10 cells"):
        make_params("town", {"city": {"width_cells": 10, "districts_x": 12}})


def test_placement_that_would_place_no_camera_is_refused():
    s = {"placement": "random", "sites_per_km2": 0.0, "target_coverage": 0.0}
    with pytest.raises(ParamError, match=r"surveillance\.placement = 'random' places no camera"):
        make_params("town", {"surveillance": s})
    make_params("town", {"surveillance": {**s, "placement": "none"}})  # no cameras is fine
    make_params("town", {"surveillance": {**s, "target_coverage": 0.1}})


def test_outage_share_without_outage_days_is_refused():
    with pytest.raises(ParamError, match=r"surveillance\.outage_share = 0\.5 needs .*outage_days"):
        make_params("town", {"surveillance": {"outage_share": 0.5, "outage_days": 0}})


def test_too_few_resident_agents_is_refused_naming_the_ratio():
    with pytest.raises(ParamError, match=r"n_people / population\.agent_scale = 5 .*at least 10"):
        make_params("town", {"population": {"n_people": 100.0, "agent_scale": 20.0}})


def test_overrides_are_validated_like_a_new_instance():
    base = make_params("town")
    with pytest.raises(ParamError, match=r"city\.width_cells = 1 is out of range"):
        base.with_overrides({"city": {"width_cells": 1}})
    with pytest.raises(ParamError, match=r"surveillance\.view_radius_cells = 99"):
        base.surveillance.replace(view_radius_cells=99)


# --- immutability -------------------------------------------------------------------------------


@pytest.mark.parametrize("group", list(GROUPS))
def test_parameter_groups_are_frozen(group):
    params = make_params("town")
    section = getattr(params, group)
    name = dataclasses.fields(section)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(section, name, getattr(section, name))
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(params, group, section)


def test_replace_returns_a_changed_copy_and_leaves_the_original():
    params = make_params("town")
    changed = params.with_overrides({"policing": {"people_per_officer": 100.0}})
    assert changed.policing.people_per_officer == 100.0, "override should take effect"
    assert params == make_params("town"), "with_overrides should not modify the original"
