"""Parameter draws from a calibration's posterior, for the displacement experiment.

``safecity-experiment experiment.parameter_draws=<posterior.parquet>`` runs each replicate on
one weighted draw of the posterior, so the experiment's spread carries calibration
uncertainty. The file is what ``safecity-calibrate`` writes: one column per parameter, named by
its dotted path, and a ``weight`` column. Draws are resampled by weight with a generator seeded
from the experiment's root seed, so the same root seed gives the same draws.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from sim.params import SimParams
from sim.params.declare import ParamError
from sim.params.paths import check_path, is_whole_number, nest

WEIGHT = "weight"
DRAWS_KEY = 2**31 - 7
"""Spawn key of the draws' generator beside the root seed (replicate seeds use 0, 1, ...)."""


def load_draws(path: str | Path, locked: Iterable[str] = ()) -> pd.DataFrame:
    """Read and check a posterior file.

    Args:
        path: a Parquet file with a ``weight`` column and one column per parameter path.
        locked: dotted paths that the run's policies or overrides set; a draw may not change
            them (it would silently undo a policy).

    Raises:
        ParamError: naming the file and what is wrong: missing, not Parquet, no weight or no
            parameter column, an unknown path, a locked path, a value a parameter refuses, or
            weights that are negative, not finite, or all 0.
    """
    path = Path(path)
    where = f"experiment.parameter_draws = {str(path)!r}"
    if not path.is_file():
        raise ParamError(f"{where}: no such file (give a posterior.parquet of safecity-calibrate)")
    try:
        table = pq.read_table(path).to_pandas()
    except (pa.ArrowException, OSError) as e:
        raise ParamError(f"{where}: not a readable Parquet file ({e})") from None
    if WEIGHT not in table.columns:
        raise ParamError(f"{where}: no {WEIGHT!r} column (columns: {list(table.columns)})")
    params = [c for c in table.columns if c != WEIGHT]
    if not params or table.empty:
        raise ParamError(f"{where}: no parameter columns or no rows")
    for c in params:
        try:
            check_path(c)
        except ParamError as e:
            raise ParamError(f"{where}: column {c!r}: {e}") from None
    clash = sorted(set(params) & set(locked) | {c for c in params if c.startswith("run.")})
    if clash:
        raise ParamError(
            f"{where}: columns {clash} are set by the experiment (run.*), its policies or its "
            "overrides; a draw would undo them. Drop those columns or those settings"
        )
    w = pd.to_numeric(table[WEIGHT], errors="coerce").to_numpy(dtype=float)
    if not (np.isfinite(w).all() and (w >= 0).all() and w.sum() > 0):
        raise ParamError(f"{where}: weights must be finite, >= 0 and not all 0")
    for c in params:
        if not pd.api.types.is_numeric_dtype(table[c]):
            raise ParamError(f"{where}: column {c!r} is not numeric")
    for i, row in enumerate(_points(table)):
        try:
            SimParams().with_overrides(nest(row))
        except ParamError as e:
            raise ParamError(f"{where}: row {i}: {e}") from None
    return table.reset_index(drop=True)


def _points(table: pd.DataFrame) -> list[dict[str, float | int]]:
    params = [c for c in table.columns if c != WEIGHT]
    out = []
    for _, row in table[params].iterrows():
        point = {}
        for c in params:
            v = float(row[c])
            point[c] = int(v) if is_whole_number(c) and v.is_integer() else v
        out.append(point)
    return out


def pick(draws: pd.DataFrame, root_seed: int, replicates: int) -> list[tuple[int, dict]]:
    """One ``(row, point)`` per replicate: rows resampled by weight from ``root_seed``."""
    rng = np.random.default_rng(np.random.SeedSequence(root_seed, spawn_key=(DRAWS_KEY,)))
    w = draws[WEIGHT].to_numpy(dtype=float)
    rows = rng.choice(len(draws), size=replicates, p=w / w.sum())
    points = _points(draws)
    return [(int(r), points[r]) for r in rows]


def locked_paths(policies: dict[str, dict], overrides: Iterable[str]) -> set[str]:
    """Dotted paths that the policies (nested overrides) or ``group.field=value`` command-line
    overrides set."""
    out = {f"{g}.{k}" for nested in policies.values() for g, f in nested.items() for k in f}
    out |= {str(o).split("=", 1)[0].strip().lstrip("+~") for o in overrides}
    return out
