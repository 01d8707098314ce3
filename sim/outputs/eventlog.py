"""The incident log: one row per offence, stored in preallocated columnar chunks.

Every outcome of the model derives from this log and the per-tick series (DESIGN section 4).
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
import pyarrow as pa

from sim.world.offences import (
    CATEGORIES,
    CATEGORY_CODE,
    GENDERS,
    OFFENCES,
    OFFENDER_KINDS,
    SPACE_CODE,
    SPACES,
)

COLUMNS: dict[str, np.dtype] = {
    "tick": np.dtype(np.int32),
    "x": np.dtype(np.int16),
    "y": np.dtype(np.int16),
    "district": np.dtype(np.int16),
    "offence": np.dtype(np.int8),  # index into OFFENCES
    "offender": np.dtype(np.int32),  # row in the offenders or residents table (offender_kind)
    "offender_kind": np.dtype(np.int8),  # index into OFFENDER_KINDS
    "victim": np.dtype(np.int32),
    "victim_gender": np.dtype(np.int8),  # index into GENDERS
    "victim_group": np.dtype(np.int8),
    "in_vehicle": np.dtype(bool),  # inside a transit vehicle, out of the street's sight
    "in_view": np.dtype(bool),
    "detected": np.dtype(bool),
    "alerted": np.dtype(bool),
    "fr_identified": np.dtype(bool),
    "reported": np.dtype(bool),
    "recorded": np.dtype(bool),
    "responded": np.dtype(bool),
    "response_min": np.dtype(np.float32),
    "arrested": np.dtype(bool),
}


LABELS = {"offence": OFFENCES, "offender_kind": OFFENDER_KINDS, "victim_gender": GENDERS}
"""Labels of the coded columns of ``COLUMNS``."""


class EventLog:
    """Append-only columnar log. Rows are appended a batch at a time into chunks of
    ``chunk_rows``; a new chunk is allocated when one fills, so appending never copies the log."""

    def __init__(self, chunk_rows: int = 4096):
        self.chunk_rows = chunk_rows
        self._chunks: list[dict[str, np.ndarray]] = []
        self._fill = chunk_rows  # forces a chunk on first append
        self.n_rows = 0

    def _new_chunk(self) -> None:
        self._chunks.append({k: np.empty(self.chunk_rows, dtype=d) for k, d in COLUMNS.items()})
        self._fill = 0

    def append(self, **columns: np.ndarray) -> None:
        """Append a batch of rows; every column of ``COLUMNS`` must be given, all of one length."""
        missing = COLUMNS.keys() - columns.keys()
        if missing:
            raise KeyError(f"EventLog.append: missing columns {sorted(missing)}")
        n = len(columns["tick"])
        start = 0
        while start < n:
            if self._fill == self.chunk_rows:
                self._new_chunk()
            take = min(n - start, self.chunk_rows - self._fill)
            chunk = self._chunks[-1]
            for k in COLUMNS:
                chunk[k][self._fill : self._fill + take] = columns[k][start : start + take]
            self._fill += take
            start += take
        self.n_rows += n

    def column(self, name: str) -> np.ndarray:
        """One column as a single array."""
        if not self._chunks:
            return np.empty(0, dtype=COLUMNS[name])
        parts = [c[name] for c in self._chunks[:-1]] + [self._chunks[-1][name][: self._fill]]
        return np.concatenate(parts)

    def _coded(self) -> dict[str, tuple[np.ndarray, tuple[str, ...]]]:
        """The frame's columns in order: (values, labels); labels are empty for plain columns
        and name the categories of coded ones. ``category`` and ``space`` follow ``offence``."""
        cols: dict[str, tuple[np.ndarray, tuple[str, ...]]] = {}
        for k in COLUMNS:
            cols[k] = (self.column(k), LABELS.get(k, ()))
            if k == "offence":
                cols["category"] = (CATEGORY_CODE[cols[k][0]], CATEGORIES)
                cols["space"] = (SPACE_CODE[cols[k][0]], SPACES)
        return cols

    def to_frame(self) -> pd.DataFrame:
        """The log as a DataFrame, codes turned into categoricals (offence, category, space,
        offender_kind, victim_gender) so that Parquet stores readable labels.

        Built from the joined columns (copies of the chunks) without copying them again: no
        consolidation into blocks."""
        data = {
            k: pd.Categorical.from_codes(v, categories=list(labels)) if labels else v
            for k, (v, labels) in self._coded().items()
        }
        return pd.DataFrame(data, copy=False)

    def to_table(self) -> pa.Table:
        """The log as the Arrow table that ``pa.Table.from_pandas(self.to_frame(),
        preserve_index=False)`` makes (same schema, pandas metadata and values, so the same
        Parquet file; the row numbers are not written), built from the joined numpy columns
        without a pandas frame: numbers are not copied again, coded columns become dictionary
        arrays of their int8 codes."""
        schema = _table_schema()
        arrays = []
        for k, (v, labels) in self._coded().items():
            field = schema.field(k)
            if labels:
                dictionary = pa.array(labels, type=field.type.value_type)
                arrays.append(pa.DictionaryArray.from_arrays(pa.array(v), dictionary))
            else:  # from_pandas=True: NaN is stored as null, as pandas' conversion does
                arrays.append(pa.array(v, type=field.type, from_pandas=True))
        return pa.Table.from_arrays(arrays, schema=schema)

    @property
    def nbytes(self) -> int:
        """Memory held by the log's chunks."""
        return sum(a.nbytes for c in self._chunks for a in c.values())


@cache
def _table_schema() -> pa.Schema:
    """Arrow schema (with pandas metadata) of ``to_frame()`` written without its row numbers,
    as ``pa.Schema.from_pandas`` gives it, taken from a one-row log."""
    one = EventLog(chunk_rows=1)
    one.append(**{k: np.zeros(1, dtype=d) for k, d in COLUMNS.items()})
    return pa.Schema.from_pandas(one.to_frame(), preserve_index=False)
