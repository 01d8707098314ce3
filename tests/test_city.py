"""The city: what the generator builds, that it is reproducible, and the city file format
(save, load, and refusal of malformed files with a clear message)."""

from __future__ import annotations

import numpy as np
import pytest

from sim.model import SafeCityModel
from sim.params import ParamError
from sim.presets import make_params
from sim.world.city import (
    FILE_FORMAT_VERSION,
    LAYER_NAMES,
    PUBLIC_STREET,
    City,
    LandUse,
    generate_city,
    load_city,
    save_city,
)


def town_city(seed: int = 0, **city) -> City:
    """A generated town-sized city with ``city`` overrides."""
    return generate_city(make_params("town", {"city": city}).city, np.random.default_rng(seed))


def layers_of(city: City) -> dict[str, np.ndarray]:
    return {name: city.layers[name].data.copy() for name in LAYER_NAMES}


# --- the generator ------------------------------------------------------------------------------


def test_generated_city_has_the_grid_size_of_its_parameters():
    city = town_city(width_cells=40, height_cells=30)
    assert (city.width, city.height, city.n_cells) == (40, 30, 1200), "grid should be 40 x 30"
    for name in LAYER_NAMES:
        shape = city.layers[name].data.shape
        assert shape == (40, 30), f"layer {name} has shape {shape}, expected (40, 30)"


def test_generated_city_has_roads_stops_markets_homes_industry_and_open_land():
    found = set(np.unique(town_city().land_use).tolist())
    for use in LandUse:
        assert int(use) in found, f"the town should have {use.name} cells; found codes {found}"


def test_land_use_shares_follow_the_parameters():
    p = make_params("town").city
    city = generate_city(p, np.random.default_rng(3))
    for use, share in (
        (LandUse.MARKET, p.market_share),
        (LandUse.INDUSTRIAL, p.industrial_share),
        (LandUse.OPEN, p.open_share),
    ):
        n = int((city.land_use == use).sum())
        assert n == round(share * city.n_cells), (
            f"{use.name}: {n} cells, expected round({share} * {city.n_cells})"
        )


def test_transit_stops_lie_on_the_arterial_lattice():
    city = town_city()
    stops = city.land_use == LandUse.TRANSIT
    spacing = make_params("town").city.arterial_spacing_cells
    on_road = (city.x % spacing == spacing // 2) | (city.y % spacing == spacing // 2)
    assert on_road[stops].all(), "every transit stop should sit on an arterial road line"


def test_density_sums_to_one_and_is_zero_off_residential_cells():
    city = town_city()
    assert np.isclose(city.density.sum(), 1.0), f"density sums to {city.density.sum()}, expected 1"
    off = city.land_use != LandUse.RESIDENTIAL
    assert (city.density[off] == 0).all(), "density should be zero on non-residential cells"
    assert (city.density[~off] > 0).all(), "every residential cell should have some density"


def test_density_falls_from_the_centre():
    city = town_city(density_gradient_per_km=0.3)
    home = city.land_use == LandUse.RESIDENTIAL
    r = np.hypot(city.x - (city.width - 1) / 2, city.y - (city.height - 1) / 2)
    inner, outer = home & (r < 10), home & (r > 25)
    assert city.density[inner].mean() > city.density[outer].mean(), (
        "mean density near the centre should exceed that at the edge"
    )


def test_lighting_lies_between_zero_and_one():
    lighting = town_city().lighting
    assert lighting.min() >= 0.0 and lighting.max() <= 1.0, "lighting should lie in [0, 1]"


def test_unlit_share_of_side_streets_follows_the_parameter_and_lies_at_the_edge():
    city = town_city(open_share=0.0, unlit_share=0.25)
    side = ~np.isin(city.land_use, PUBLIC_STREET) & (city.land_use != LandUse.OPEN)
    unlit = side & (city.lighting == 0)
    assert unlit.sum() == round(0.25 * side.sum()), (
        f"{unlit.sum()} unlit side cells, expected a quarter of {side.sum()}"
    )
    r = np.hypot(city.x - (city.width - 1) / 2, city.y - (city.height - 1) / 2)
    assert r[unlit].mean() > r[side & ~unlit].mean(), "unlit cells should be peripheral"
    main = np.isin(city.land_use, PUBLIC_STREET)
    assert (city.lighting[main] > 0).all(), "main streets and markets should all be lit"


def test_no_unlit_cells_without_unlit_share_or_open_land():
    city = town_city(open_share=0.0, unlit_share=0.0)
    assert (city.lighting > 0).all(), "with unlit_share 0 and no open land every cell is lit"


@pytest.mark.parametrize(("dx", "dy"), [(3, 3), (4, 2), (1, 1)])
def test_districts_are_numbered_from_zero_and_all_present(dx, dy):
    city = town_city(width_cells=40, height_cells=30, districts_x=dx, districts_y=dy)
    found = np.unique(city.district)
    assert found.tolist() == list(range(dx * dy)), (
        f"districts should be 0..{dx * dy - 1}, found {found.tolist()}"
    )
    assert city.n_districts == dx * dy, f"n_districts {city.n_districts}, expected {dx * dy}"


def test_same_seed_gives_identical_layers():
    a, b = layers_of(town_city(seed=5)), layers_of(town_city(seed=5))
    for name in LAYER_NAMES:
        np.testing.assert_array_equal(a[name], b[name], err_msg=f"{name} differs for one seed")


def test_different_seed_gives_a_different_city():
    a, b = layers_of(town_city(seed=5)), layers_of(town_city(seed=6))
    differs = [n for n in LAYER_NAMES if not np.array_equal(a[n], b[n])]
    assert differs, "two seeds should give cities that differ in some layer"


def test_model_city_depends_only_on_the_seed():
    a = SafeCityModel(make_params("town", {"run": {"seed": 4}}))
    passive = {"run": {"seed": 4}, "surveillance": {"monitoring": "passive"}}
    b = SafeCityModel(make_params("town", passive))
    for name in LAYER_NAMES:
        np.testing.assert_array_equal(
            a.city.layers[name].data,
            b.city.layers[name].data,
            err_msg=f"a policy change should not change the city's {name} layer",
        )


def test_lahore_preset_city_has_421_by_421_cells_and_nine_districts():
    city = generate_city(make_params("lahore").city, np.random.default_rng(0))
    assert (city.width, city.height) == (421, 421), f"Lahore grid {city.width} x {city.height}"
    assert city.n_districts == 9, f"Lahore has {city.n_districts} districts, expected 3 x 3"
    assert abs(city.area_km2 - 1772.0) < 1.0, f"Lahore area {city.area_km2} km2, expected ~1772"
    assert np.isclose(city.density.sum(), 1.0), "Lahore density should sum to 1"


def test_cell_of_event_coordinates_does_not_overflow_on_a_large_grid():
    city = generate_city(make_params("lahore").city, np.random.default_rng(0))
    # the event log stores coordinates as int16; the far corner's index exceeds int16
    x = np.array([0, 420], dtype=np.int16)
    y = np.array([0, 420], dtype=np.int16)
    cells = city.cell_of(x, y)
    assert cells.tolist() == [0, 420 * 421 + 420], f"cell indices {cells.tolist()}"
    assert city.x[cells[1]] == 420 and city.y[cells[1]] == 420


# --- valid parameters always build a city or are refused ----------------------------------------


def test_road_spacing_wider_than_the_grid_is_refused_as_a_parameter():
    overrides = {"city": {"width_cells": 10, "height_cells": 10, "arterial_spacing_cells": 40}}
    with pytest.raises(ParamError, match="arterial_spacing_cells"):
        SafeCityModel(make_params("town", overrides))


@pytest.mark.filterwarnings("ignore::RuntimeWarning", "ignore::UserWarning")
def test_city_with_no_room_for_homes_is_refused_as_a_parameter():
    city = {
        "width_cells": 10,
        "height_cells": 10,
        "arterial_spacing_cells": 2,
        "market_share": 0.3,
        "industrial_share": 0.3,
        "open_share": 0.2,
    }
    with pytest.raises(ParamError):
        SafeCityModel(make_params("town", {"city": city}))


# --- the city file ------------------------------------------------------------------------------


@pytest.fixture
def city_file(tmp_path):
    """A valid city file written from a small generated city, and its arrays."""
    path = tmp_path / "city.npz"
    save_city(town_city(width_cells=20, height_cells=20, districts_x=2, districts_y=2), path)
    with np.load(path) as f:
        arrays = {k: f[k] for k in f.files}
    return path, arrays


def rewrite(path, arrays, **changes):
    """Write ``arrays`` with ``changes`` (a value of None drops the array) back to ``path``."""
    data = {**arrays, **changes}
    np.savez(path, **{k: v for k, v in data.items() if v is not None})
    return path


def test_saved_city_loads_back_identical(tmp_path):
    city = town_city(seed=2, width_cells=25, height_cells=15)
    path = tmp_path / "town.npz"
    save_city(city, path)
    loaded = load_city(path)
    assert loaded.cell_size_m == city.cell_size_m, "cell size should survive the round trip"
    assert (loaded.width, loaded.height) == (25, 15), "grid shape should survive the round trip"
    for name in LAYER_NAMES:
        np.testing.assert_allclose(
            loaded.layers[name].data,
            city.layers[name].data,
            err_msg=f"layer {name} should survive the round trip",
        )


def test_model_uses_the_city_file_named_in_the_parameters(city_file):
    path, arrays = city_file
    model = SafeCityModel(make_params("town", {"city": {"file": str(path)}}))
    np.testing.assert_array_equal(
        model.city.layers["land_use"].data,
        arrays["land_use"],
        err_msg="the model should load its city from city.file",
    )
    model.run_days(1)  # and run on it


def test_density_is_normalised_on_load(city_file):
    path, arrays = city_file
    city = load_city(rewrite(path, arrays, density=arrays["density"] * 7.0))
    assert np.isclose(city.density.sum(), 1.0), "a loaded density should be rescaled to sum to 1"


def test_missing_city_file_is_refused_naming_it(tmp_path):
    path = tmp_path / "nowhere.npz"
    with pytest.raises(ParamError, match=r"nowhere\.npz.* does not exist"):
        load_city(path)


def test_missing_city_file_in_parameters_is_refused_at_model_construction(tmp_path):
    params = make_params("town", {"city": {"file": str(tmp_path / "nowhere.npz")}})
    with pytest.raises(ParamError, match="does not exist"):
        SafeCityModel(params)


def test_file_that_is_not_an_npz_archive_is_refused(tmp_path):
    path = tmp_path / "city.npz"
    path.write_text("land_use,density\n1,2\n")
    with pytest.raises(ParamError, match=r"city\.npz.* is not a readable \.npz archive"):
        load_city(path)


def test_single_array_npy_file_is_refused_as_not_an_archive(tmp_path):
    path = tmp_path / "city.npy"
    np.save(path, np.zeros((5, 5)))
    with pytest.raises(ParamError, match=r"city\.npy.*(single array|not a readable)"):
        load_city(path)


@pytest.mark.parametrize("layer", ["lighting", "format_version", "cell_size_m"])
def test_city_file_missing_an_array_is_refused_naming_it(city_file, layer):
    path, arrays = city_file
    with pytest.raises(ParamError, match=rf"lacks the arrays \['{layer}'\]"):
        load_city(rewrite(path, arrays, **{layer: None}))


def test_layer_of_the_wrong_shape_is_refused_naming_it(city_file):
    path, arrays = city_file
    with pytest.raises(ParamError, match=r"layer 'density' has shape \(20, 19\).*\(20, 20\)"):
        load_city(rewrite(path, arrays, density=arrays["density"][:, :-1]))


def test_layer_with_non_finite_values_is_refused(city_file):
    path, arrays = city_file
    lighting = arrays["lighting"].copy()
    lighting[0, 0] = np.nan
    with pytest.raises(ParamError, match=r"layer 'lighting' must hold finite numbers"):
        load_city(rewrite(path, arrays, lighting=lighting))


def test_unknown_land_use_code_is_refused_listing_the_codes(city_file):
    path, arrays = city_file
    land_use = arrays["land_use"].copy()
    land_use[3, 4] = 9
    with pytest.raises(ParamError, match=r"land_use has code 9: expected 0 \(open\).*transit"):
        load_city(rewrite(path, arrays, land_use=land_use))


@pytest.mark.parametrize("value", [1.5, -0.1])
def test_lighting_outside_zero_to_one_is_refused(city_file, value):
    path, arrays = city_file
    lighting = arrays["lighting"].copy()
    lighting[1, 1] = value
    with pytest.raises(ParamError, match=r"lighting must lie between 0 and 1"):
        load_city(rewrite(path, arrays, lighting=lighting))


def test_negative_density_is_refused(city_file):
    path, arrays = city_file
    density = arrays["density"].copy()
    density.flat[np.flatnonzero(density == 0)[0]] = -0.01  # the total stays positive
    with pytest.raises(ParamError, match=r"density must be >= 0"):
        load_city(rewrite(path, arrays, density=density))


def test_all_zero_density_is_refused(city_file):
    path, arrays = city_file
    with pytest.raises(ParamError, match=r"positive total"):
        load_city(rewrite(path, arrays, density=np.zeros_like(arrays["density"])))


def test_city_without_a_transit_stop_is_refused(city_file):
    path, arrays = city_file
    land_use = arrays["land_use"].copy()
    land_use[land_use == LandUse.TRANSIT] = LandUse.ARTERIAL
    with pytest.raises(ParamError, match=r"no transit stop"):
        load_city(rewrite(path, arrays, land_use=land_use))


def test_wrong_format_version_is_refused_naming_the_expected_one(city_file):
    path, arrays = city_file
    with pytest.raises(ParamError, match=rf"format_version 2: expected {FILE_FORMAT_VERSION}"):
        load_city(rewrite(path, arrays, format_version=np.array(2)))


def test_cell_size_out_of_range_is_refused(city_file):
    path, arrays = city_file
    with pytest.raises(ParamError, match=r"cell_size_m = 5 is out of range"):
        load_city(rewrite(path, arrays, cell_size_m=np.array(5.0)))


def test_district_numbers_with_a_gap_are_refused(city_file):
    path, arrays = city_file
    district = arrays["district"].copy()
    district[district == 1] = 5  # districts 0, 2, 3, 5: 1 and 4 missing
    with pytest.raises(ParamError, match=r"district numbers must run 0, 1, \.\.\. without gaps"):
        load_city(rewrite(path, arrays, district=district))


def test_boolean_layer_is_refused(city_file):
    path, arrays = city_file
    with pytest.raises(ParamError, match=r"layer 'lighting' has dtype bool: expected numbers"):
        load_city(rewrite(path, arrays, lighting=arrays["lighting"] > 0))


def test_negative_or_fractional_district_is_refused(city_file):
    path, arrays = city_file
    for bad in (-1, 0.5):
        district = arrays["district"].astype(float)
        district[0, 0] = bad
        with pytest.raises(ParamError, match=r"district must hold whole numbers >= 0"):
            load_city(rewrite(path, arrays, district=district))
