"""The run's output files and what they must satisfy.

The event log's frame (``EventLog.to_frame``) and its Parquet file (``EventLog.to_table`` written
through ``experiments.io``) keep the layout that docs/odd.md (section 2.9) documents: the columns
in order, their dtypes, the categories of the coded columns, one row per incident counted in the
per-tick series, ids that point at agents of the run, and flags that follow the incident
pipeline. The frames written through ``experiments.io`` are the very files pandas' ``to_parquet``
writes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from experiments import io
from sim.model import SafeCityModel
from sim.outputs.eventlog import COLUMNS, EventLog
from sim.params.policies import load_policy
from sim.presets import make_params

FRAME_DTYPES = {
    "tick": "int32",
    "x": "int16",
    "y": "int16",
    "district": "int16",
    "offence": (
        "street_robbery",
        "home_robbery",
        "harassment",
        "domestic_violence",
        "vehicle_theft",
    ),
    "category": ("spectacular", "everyday", "property"),
    "space": ("public", "private"),
    "offender": "int32",
    "offender_kind": ("street_offender", "resident"),
    "victim": "int32",
    "victim_gender": ("man", "woman"),
    "victim_group": "int8",
    "in_vehicle": "bool",
    "in_view": "bool",
    "detected": "bool",
    "alerted": "bool",
    "fr_identified": "bool",
    "reported": "bool",
    "recorded": "bool",
    "responded": "bool",
    "response_min": "float32",
    "arrested": "bool",
}
"""The event log's frame as docs/odd.md documents it, in column order: a numpy dtype, or the
categories (in code order) of a categorical column."""

CATEGORICAL = [k for k, v in FRAME_DTYPES.items() if isinstance(v, tuple)]
CATEGORY_OF = {
    "street_robbery": "spectacular",
    "home_robbery": "spectacular",
    "harassment": "everyday",
    "domestic_violence": "everyday",
    "vehicle_theft": "property",
}
SPACE_OF = {
    "street_robbery": "public",
    "home_robbery": "private",
    "harassment": "public",
    "domestic_violence": "private",
    "vehicle_theft": "public",
}
OFFENDER_KIND_OF = {
    "street_robbery": "street_offender",
    "home_robbery": "street_offender",
    "harassment": "resident",
    "domestic_violence": "resident",
    "vehicle_theft": "street_offender",
}
FLAGS_IN_SERIES = ["in_view", "detected", "alerted", "reported", "recorded", "arrested"]


@pytest.fixture(scope="module")
def town() -> SafeCityModel:
    """A week of the town under the safe_city policy with crime-type displacement, so that
    every offence, every flag and both kinds of response time occur (run once here)."""
    overrides = {
        "run": {"seed": 6, "days": 7},
        **load_policy("safe_city"),
        "offending": {"type_displacement": True},
    }
    model = SafeCityModel(make_params("town", overrides))
    model.run_days()
    frame = model.events.to_frame()
    missing = set(FRAME_DTYPES["offence"]) - set(frame["offence"])
    assert not missing, f"test needs every offence; this run has none of {sorted(missing)}"
    for flag in ("in_view", "detected", "alerted", "fr_identified", "recorded", "arrested"):
        assert frame[flag].any(), f"test needs incidents with {flag}"
    in_vehicle = frame.loc[frame["offence"] == "harassment", "in_vehicle"]
    assert in_vehicle.any() and not in_vehicle.all(), "test needs harassment in and out of vehicles"
    assert frame["responded"].any(), "test needs response times (not NaN)"
    assert not frame["responded"].all(), "test needs NaN response times"
    return model


@pytest.fixture(scope="module")
def frame(town) -> pd.DataFrame:
    return town.events.to_frame()


def logs(model) -> dict[str, EventLog]:
    """The town's log, the same rows in chunks of 7 (many chunks, a part-filled last one), and
    an empty log."""
    chunked = EventLog(chunk_rows=7)
    chunked.append(**{k: model.events.column(k) for k in COLUMNS})
    return {"town": model.events, "chunked": chunked, "empty": EventLog()}


# --- the frame's layout ------------------------------------------------------------------


def test_event_frame_has_the_documented_columns_dtypes_and_categories(town):
    for name, log in logs(town).items():
        df = log.to_frame()
        assert list(df.columns) == list(FRAME_DTYPES), (
            f"{name}: columns should be {list(FRAME_DTYPES)} in this order, got {list(df.columns)}"
        )
        for col, want in FRAME_DTYPES.items():
            dtype = df[col].dtype
            if isinstance(want, tuple):
                assert isinstance(dtype, pd.CategoricalDtype), f"{name}.{col} should be categorical"
                assert tuple(dtype.categories) == want, (
                    f"{name}.{col}: categories should be {want}, got {tuple(dtype.categories)}"
                )
                assert not dtype.ordered, f"{name}.{col} should be an unordered categorical"
            else:
                assert dtype == np.dtype(want), f"{name}.{col} should be {want}, got {dtype}"
        assert isinstance(df.index, pd.RangeIndex) and df.index.start == 0, (
            f"{name}: the frame should be indexed 0..n-1"
        )


def test_event_frame_has_one_row_per_logged_incident_and_chunks_do_not_show(town):
    frames = {name: log.to_frame() for name, log in logs(town).items()}
    assert len(frames["town"]) == town.events.n_rows
    assert len(frames["empty"]) == 0
    pd.testing.assert_frame_equal(frames["chunked"], frames["town"], obj="chunked log")


def test_event_frame_columns_are_the_logged_columns(town, frame):
    for col in COLUMNS:
        values = frame[col].cat.codes if col in CATEGORICAL else frame[col]
        np.testing.assert_array_equal(
            values.to_numpy(), town.events.column(col), err_msg=f"{col} is not the logged column"
        )


def test_coded_columns_have_no_missing_labels(frame):
    for col in CATEGORICAL:
        assert frame[col].notna().all(), f"{col} has codes outside its categories"


def test_category_space_and_offender_kind_follow_the_offence(frame):
    offence = frame["offence"].astype(str)
    for col, of in (
        ("category", CATEGORY_OF),
        ("space", SPACE_OF),
        ("offender_kind", OFFENDER_KIND_OF),
    ):
        wrong = frame[frame[col].astype(str) != offence.map(of)]
        assert wrong.empty, f"{col} disagrees with the offence in {len(wrong)} rows:\n{wrong}"


# --- the frame against the run -----------------------------------------------------------


def test_event_rows_are_the_incidents_the_series_counts_tick_by_tick(town, frame):
    series = town.series()
    assert series["incidents"].sum() == len(frame), (
        f"the series counts {series['incidents'].sum()} incidents, the log has {len(frame)} rows"
    )
    by_tick = frame.groupby("tick")
    counts = pd.DataFrame(
        {
            "incidents": by_tick.size(),
            "spectacular": by_tick["category"].apply(lambda c: (c == "spectacular").sum()),
            "everyday": by_tick["category"].apply(lambda c: (c == "everyday").sum()),
            "property": by_tick["category"].apply(lambda c: (c == "property").sum()),
            "harassment": by_tick["offence"].apply(lambda c: (c == "harassment").sum()),
            "domestic_violence": by_tick["offence"].apply(
                lambda c: (c == "domestic_violence").sum()
            ),
            **{flag: by_tick[flag].sum() for flag in FLAGS_IN_SERIES},
        }
    )
    counts = counts.reindex(series.index, fill_value=0).astype(np.int64)
    pd.testing.assert_frame_equal(
        series[list(counts.columns)].astype(np.int64), counts, obj="series against the log"
    )


def test_ticks_are_in_the_run_and_in_order(town, frame):
    n_ticks = len(town.series())
    tick = frame["tick"].to_numpy()
    assert tick.min() >= 0 and tick.max() < n_ticks, f"ticks should be in [0, {n_ticks})"
    assert (np.diff(tick) >= 0).all(), "rows should be appended in time order"


def test_cells_and_districts_are_in_the_city(town, frame):
    width, height = town.city.width, town.city.height
    assert frame["x"].between(0, width - 1).all(), f"x should be in [0, {width})"
    assert frame["y"].between(0, height - 1).all(), f"y should be in [0, {height})"
    cell = town.city.cell_of(frame["x"].to_numpy(), frame["y"].to_numpy())
    np.testing.assert_array_equal(
        frame["district"].to_numpy(), town.city.district[cell], err_msg="district of the cell"
    )


def test_victims_are_residents_and_their_gender_and_group_are_theirs(town, frame):
    residents = town.resident_outcomes()
    victim = frame["victim"].to_numpy()
    assert victim.min() >= 0 and victim.max() < len(residents), "victim is not a resident row"
    np.testing.assert_array_equal(
        frame["victim_gender"].astype(str).to_numpy(),
        residents["gender"].astype(str).to_numpy()[victim],
        err_msg="victim_gender should be the victim's gender",
    )
    np.testing.assert_array_equal(
        frame["victim_group"].to_numpy(),
        residents["group"].to_numpy()[victim],
        err_msg="victim_group should be the victim's group",
    )


def test_private_offences_happen_in_the_victims_home_district(town, frame):
    residents = town.resident_outcomes()
    private = frame[frame["space"] == "private"]
    np.testing.assert_array_equal(
        private["district"].to_numpy(),
        residents["district"].to_numpy()[private["victim"].to_numpy()],
        err_msg="a private offence happens at the victim's home",
    )


def test_offenders_are_rows_of_their_table(town, frame):
    facts = town.facts()
    size = {"street_offender": facts["n_offenders"], "resident": facts["n_residents"]}
    for kind, n in size.items():
        rows = frame[frame["offender_kind"] == kind]
        # -1: domestic violence by a perpetrator who is not an agent (docs/odd.md 2.9)
        not_agent = rows["offender"] == -1
        assert (rows.loc[not_agent, "offence"] == "domestic_violence").all(), (
            f"only domestic violence may have offender -1 ({kind})"
        )
        ids = rows.loc[~not_agent, "offender"]
        assert ids.between(0, n - 1).all(), f"{kind} offenders should be rows 0..{n - 1}"


def test_flags_follow_the_incident_pipeline(frame):
    def never(mask: pd.Series, what: str) -> None:
        assert not mask.any(), f"{mask.sum()} incidents {what}"

    never(frame["in_view"] & (frame["space"] == "private"), "in camera view in private space")
    never(frame["in_vehicle"] & (frame["offence"] != "harassment"), "in a vehicle, not harassment")
    never(frame["in_view"] & frame["in_vehicle"], "in street camera view inside a vehicle")
    never(frame["detected"] & ~frame["in_view"], "detected out of camera view")
    never(frame["alerted"] & ~frame["detected"], "alerted without being detected")
    never(frame["fr_identified"] & ~frame["detected"], "identified by face without footage")
    never(frame["responded"] & ~frame["recorded"], "responded to without being recorded")
    np.testing.assert_array_equal(
        frame["responded"].to_numpy(),
        frame["response_min"].notna().to_numpy(),
        err_msg="response_min should be set exactly when an officer was sent",
    )
    assert (frame["response_min"].dropna() >= 0).all(), "response times should not be negative"


# --- the Parquet file ----------------------------------------------------------------------


def test_event_table_is_pandas_conversion_of_the_frame(town):
    for name, log in logs(town).items():
        expected = pa.Table.from_pandas(log.to_frame(), preserve_index=False)
        table = log.to_table()
        assert table.schema.equals(expected.schema, check_metadata=True), name
        assert table.equals(expected), name


def test_event_table_stores_codes_as_labelled_dictionaries_and_nan_as_null(town, frame):
    table = town.events.to_table()
    assert table.num_rows == len(frame)
    for col, want in FRAME_DTYPES.items():
        field = table.schema.field(col)
        if isinstance(want, tuple):
            assert pa.types.is_dictionary(field.type), f"{col} should be a dictionary column"
            assert field.type.index_type == pa.int8(), f"{col} codes should be int8"
            labels = table.column(col).combine_chunks().dictionary.to_pylist()
            assert tuple(labels) == want, f"{col} labels should be {want}, got {labels}"
        else:
            assert field.type == pa.from_numpy_dtype(np.dtype(want)), (
                f"{col} should be stored as {want}, got {field.type}"
            )
    nulls = table.column("response_min").null_count
    assert nulls == (~frame["responded"]).sum(), "a missing response time is stored as null"


def test_written_event_log_is_the_file_to_parquet_writes_and_reads_back(town, tmp_path):
    for name, log in logs(town).items():
        path = tmp_path / f"{name}.parquet"
        io.write_table(path, log.to_table())
        log.to_frame().to_parquet(tmp_path / f"{name}-pandas.parquet", index=False)
        assert path.read_bytes() == (tmp_path / f"{name}-pandas.parquet").read_bytes(), name
        assert pq.read_schema(path).names[: len(FRAME_DTYPES)] == list(FRAME_DTYPES), name
        back = pd.read_parquet(path)
        assert len(back) == log.n_rows, name
        if log.n_rows:  # (an empty file reads back with empty categories)
            pd.testing.assert_frame_equal(back, log.to_frame(), obj=name)


def test_written_frames_are_the_files_to_parquet_wrote(town, tmp_path):
    frames = {"series": town.series(), "residents": town.resident_outcomes()}
    assert np.isnan(frames["residents"]["fear"]).any(), "test needs NaN fear (men)"
    for name, df in frames.items():
        io.write_parquet(tmp_path / f"{name}.parquet", df)
        # a named index (the series' tick) is a column; unnamed row numbers are not written
        df.to_parquet(tmp_path / f"{name}-pandas.parquet", index=df.index.name is not None)
        new = (tmp_path / f"{name}.parquet").read_bytes()
        assert new == (tmp_path / f"{name}-pandas.parquet").read_bytes(), name


def test_no_written_parquet_file_has_an_index_column(town, tmp_path):
    io.write_table(tmp_path / "events.parquet", town.events.to_table())
    io.write_parquet(tmp_path / "series.parquet", town.series())
    io.write_parquet(tmp_path / "residents.parquet", town.resident_outcomes())
    io.write_parquet(tmp_path / "filtered.parquet", town.resident_outcomes().iloc[::2])
    for path in tmp_path.glob("*.parquet"):
        names = pq.read_schema(path).names
        assert not [n for n in names if n.startswith("__index_level")], f"{path.name}: {names}"
    assert "tick" in pq.read_schema(tmp_path / "series.parquet").names, "the tick is kept"
