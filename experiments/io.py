"""Writing a run's results: atomically, with provenance.

Every file is written to a temporary name in the target folder and renamed into place, so an
interrupted run never leaves a half-written file under the final name.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

PACKAGES = (
    "safecity-sim",
    "mesa",
    "numpy",
    "scipy",
    "pandas",
    "pyarrow",
    "hydra-core",
    "omegaconf",
)


def write_atomic(path: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(tmp)`` on a temporary file beside ``path``, then rename it to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text(path: Path, text: str) -> None:
    """Write text atomically."""
    write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def write_json(path: Path, data: Any) -> None:
    """Write JSON atomically (sorted keys off: insertion order is the reading order)."""
    write_text(path, json.dumps(data, indent=2, default=_json_default) + "\n")


def write_parquet(path: Path, df: pd.DataFrame, metadata: dict[str, str] | None = None) -> None:
    """Write a DataFrame to Parquet atomically, as ``df.to_parquet(path)`` would, with one rule
    for the index: a named index (the series' ``tick``) is written as a column of that name, an
    unnamed one (row numbers) is not written at all, so no file carries a stray
    ``__index_level_0__`` column.

    Args:
        path: the file to write.
        df: the table.
        metadata: extra key-value pairs for the file's schema metadata (e.g. units).
    """
    named = any(name is not None for name in df.index.names)
    table = pa.Table.from_pandas(df, preserve_index=named)
    if metadata:
        table = table.replace_schema_metadata(
            {
                **(table.schema.metadata or {}),
                **{k.encode(): v.encode() for k, v in metadata.items()},
            }
        )
    write_table(path, table)


def write_table(path: Path, table: pa.Table) -> None:
    """Write an Arrow table to Parquet atomically, as pandas' ``to_parquet`` does (snappy, one
    row group up to 1 Mi rows)."""
    write_atomic(path, lambda tmp: pq.write_table(table, tmp, compression="snappy"))


def _json_default(value: Any) -> Any:
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    raise TypeError(f"not JSON serialisable: {value!r}")


def git_commit(repo: Path) -> dict[str, Any]:
    """The commit the code was run from and whether the work tree had changes."""
    try:
        commit = subprocess.run(
            ["git", "-C", str(repo), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(repo), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
        return {"commit": commit, "dirty": bool(dirty)}
    except (OSError, subprocess.SubprocessError):
        return {"commit": "unknown", "dirty": None}


def provenance(seed: int, overrides: list[str], timings: dict[str, float]) -> dict[str, Any]:
    """Who made these results with what: versions, commit, seed, command line, timings."""
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {
        "version": versions["safecity-sim"],
        "git": git_commit(Path(__file__).resolve().parent.parent),
        "seed": seed,
        "overrides": overrides,
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "packages": versions,
        "timings_s": timings,
    }
