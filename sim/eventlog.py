"""The incident log: one row per offence, stored in preallocated columnar chunks.

Every outcome of the model derives from this log and the per-tick series (DESIGN section 4).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

OFFENCES = ("street_robbery", "home_robbery", "harassment", "domestic_violence")
STREET_ROBBERY, HOME_ROBBERY, HARASSMENT, DOMESTIC_VIOLENCE = range(len(OFFENCES))
CATEGORY_OF = {
    "street_robbery": "spectacular",
    "home_robbery": "spectacular",
    "harassment": "everyday",
    "domestic_violence": "everyday",
}
SPACE_OF = {
    "street_robbery": "public",
    "home_robbery": "private",
    "harassment": "public",
    "domestic_violence": "private",
}
PUBLIC_OFFENCES = np.array([SPACE_OF[o] == "public" for o in OFFENCES])
"""Whether each offence code happens in public space (where cameras can see)."""
CATEGORIES = ("spectacular", "everyday")
SPACES = ("public", "private")
GENDERS = ("man", "woman")
OFFENDER_KINDS = ("street_offender", "resident")
STREET_OFFENDER, RESIDENT = range(len(OFFENDER_KINDS))

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
        df["offender_kind"] = pd.Categorical.from_codes(
            df["offender_kind"], categories=list(OFFENDER_KINDS)
        )
        return df

    @property
    def nbytes(self) -> int:
        """Memory held by the log's chunks."""
        return sum(a.nbytes for c in self._chunks for a in c.values())
