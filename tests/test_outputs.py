"""The run's output files: the event log written from its arrays (``EventLog.to_table``) and the
frames written through ``experiments.io`` give the very files pandas' ``to_parquet`` wrote."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from experiments import io
from sim.model import SafeCityModel
from sim.outputs.eventlog import COLUMNS, EventLog
from sim.presets import make_params
from sim.world.offences import (
    CATEGORIES,
    CATEGORY_OF,
    GENDERS,
    OFFENCES,
    OFFENDER_KINDS,
    SPACE_OF,
    SPACES,
)

CAMERA_POLICY = {"surveillance": {"placement": "arterial_commercial"}}


def frame_as_before(log: EventLog) -> pd.DataFrame:
    """``EventLog.to_frame`` as it was built before it was made leaner (insert and map)."""
    df = pd.DataFrame({k: log.column(k) for k in COLUMNS})
    offence = pd.Categorical.from_codes(df["offence"], categories=list(OFFENCES))
    df["offence"] = offence
    df.insert(
        df.columns.get_loc("offence") + 1,
        "category",
        pd.Categorical(offence.map(CATEGORY_OF), categories=list(CATEGORIES)),
    )
    df.insert(
        df.columns.get_loc("category") + 1,
        "space",
        pd.Categorical(offence.map(SPACE_OF), categories=list(SPACES)),
    )
    df["victim_gender"] = pd.Categorical.from_codes(df["victim_gender"], categories=list(GENDERS))
    df["offender_kind"] = pd.Categorical.from_codes(
        df["offender_kind"], categories=list(OFFENDER_KINDS)
    )
    return df


@pytest.fixture(scope="module")
def town() -> SafeCityModel:
    """A short town run with cameras, so that every column has values (run once here)."""
    params = make_params("town", {"run": {"seed": 5, "days": 3}, **CAMERA_POLICY})
    model = SafeCityModel(params)
    model.run_days()
    assert model.events.n_rows > 0, "test needs incidents"
    assert model.events.column("responded").any(), "test needs response times (not NaN)"
    assert not model.events.column("responded").all(), "test needs NaN response times"
    return model


def logs(model) -> dict[str, EventLog]:
    """The town's log, the same rows in chunks of 7 (many chunks, a part-filled last one), and
    an empty log."""
    chunked = EventLog(chunk_rows=7)
    chunked.append(**{k: model.events.column(k) for k in COLUMNS})
    return {"town": model.events, "chunked": chunked, "empty": EventLog()}


def test_event_frame_is_the_frame_it_was(town):
    for name, log in logs(town).items():
        pd.testing.assert_frame_equal(log.to_frame(), frame_as_before(log), obj=name)


def test_event_table_is_pandas_conversion_of_the_frame(town):
    for name, log in logs(town).items():
        expected = pa.Table.from_pandas(frame_as_before(log), preserve_index=False)
        table = log.to_table()
        assert table.schema.equals(expected.schema, check_metadata=True), name
        assert table.equals(expected), name


def test_written_event_log_is_the_file_to_parquet_wrote(town, tmp_path):
    for name, log in logs(town).items():
        io.write_table(tmp_path / f"{name}.parquet", log.to_table())
        frame_as_before(log).to_parquet(tmp_path / f"{name}-pandas.parquet", index=False)
        new = (tmp_path / f"{name}.parquet").read_bytes()
        assert new == (tmp_path / f"{name}-pandas.parquet").read_bytes(), name
        if log.n_rows:  # (an empty file reads back with empty categories, as before)
            pd.testing.assert_frame_equal(
                pd.read_parquet(tmp_path / f"{name}.parquet"), frame_as_before(log), obj=name
            )


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
