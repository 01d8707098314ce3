"""The docs describe the model as built: no commit hashes in the docs or the README."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md"), ROOT / "benchmarks/README.md"])
# 7 to 40 hexadecimal characters with at least one letter and one digit: a commit hash, not a
# number or a word
HASH = re.compile(r"(?<![#\w])(?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])[0-9a-f]{7,40}(?!\w)")


def test_the_hash_pattern_finds_hashes_and_nothing_else():
    assert HASH.findall("fixed in 8baa2a9 and 31fd31f0") == ["8baa2a9", "31fd31f0"]
    assert HASH.findall("seed 2026120 colour #0072b2 the facade deadbeef 2**63-1") == []


def test_no_commit_hash_in_the_docs():
    found = {
        f"{path.relative_to(ROOT)}:{n}": HASH.findall(line)
        for path in DOCS
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if HASH.search(line)
    }
    assert not found, f"commit hashes in the docs (cite the command, not a commit): {found}"
