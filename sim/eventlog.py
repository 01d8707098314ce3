"""The incident log: one row per offence, stored in preallocated columnar chunks.

Every outcome of the model derives from this log and the per-tick series (DESIGN section 4).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

OFFENCES = ("street_robbery",)
CATEGORY_OF = {"street_robbery": "spectacular"}
SPACE_OF = {"street_robbery": "public"}
CATEGORIES = ("spectacular", "everyday")
SPACES = ("public", "private")
GENDERS = ("man", "woman")

COLUMNS: dict[str, np.dtype] = {
    "tick": np.dtype(np.int32),
    "x": np.dtype(np.int16),
    "y": np.dtype(np.int16),
    "district": np.dtype(np.int16),
    "offence": np.dtype(np.int8),  # index into OFFENCES
    "offender": np.dtype(np.int32),
    "victim": np.dtype(np.int32),
    "victim_gender": np.dtype(np.int8),  # index into GENDERS
    "victim_group": np.dtype(np.int8),
    "in_view": np.dtype(bool),
    "detected": np.dtype(bool),
    "alerted": np.dtype(bool),
    "reported": np.dtype(bool),
    "recorded": np.dtype(bool),
    "responded": np.dtype(bool),
    "response_min": np.dtype(np.float32),
    "arrested": np.dtype(bool),
}


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

    def to_frame(self) -> pd.DataFrame:
        """The log as a DataFrame, codes turned into categoricals (offence, category, space,
        victim_gender) so that Parquet stores readable labels."""
        df = pd.DataFrame({k: self.column(k) for k in COLUMNS})
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
        df["victim_gender"] = pd.Categorical.from_codes(
            df["victim_gender"], categories=list(GENDERS)
        )
        return df

    @property
    def nbytes(self) -> int:
        """Memory held by the log's chunks."""
        return sum(a.nbytes for c in self._chunks for a in c.values())
