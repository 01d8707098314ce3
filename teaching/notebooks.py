"""``safecity-teach``: the exercises as notebooks, student copies without answer keys, and the
checks that keep every answer-key figure computed by the model.

    safecity-teach lab                 # JupyterLab on teaching/ (what `make teach` runs)
    safecity-teach student [--out DIR] # student copies: answer cells removed, as .ipynb
    safecity-teach check               # the static checks of every exercise
    safecity-teach run [NAME ...]      # execute exercises with a kernel; print times and answers

An exercise is a jupytext percent script in ``teaching/exercises/``. A cell whose metadata tags
include ``answer`` (``# %% tags=["answer"]`` or ``# %% [markdown] tags=["answer"]``) belongs to
the instructor's answer key: the student copy leaves it out. Answer text never types a figure:
an answer markdown cell holds no digit, and an answer code cell prints no string literal with a
digit in it, so that every number an answer key shows is printed by code that ran the model.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import sys
import time
from pathlib import Path

import nbformat

TEACHING_DIR = Path(__file__).resolve().parent
EXERCISES_DIR = TEACHING_DIR / "exercises"
STUDENT_DIR = TEACHING_DIR / "student"
ANSWER_TAG = "answer"
KERNEL = "python3"
CELL_TIMEOUT_S = 300
"""A cell that runs longer than this is stopped (the test's bar per notebook is lower)."""

LAB_SETTINGS = {
    # a double click opens an exercise (a .py percent script) as a notebook
    "@jupyterlab/docmanager-extension:plugin": {"defaultViewers": {"python": "Jupytext Notebook"}},
    # a lab without internet: no news feed, no update check
    "@jupyterlab/apputils-extension:notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}
"""JupyterLab settings written into the environment's overrides by ``safecity-teach lab``."""


def exercise_paths(names: list[str] | None = None) -> list[Path]:
    """The exercise scripts in order (``01_...py``, ``02_...py``); ``names`` picks some by
    file stem or number prefix."""
    paths = sorted(EXERCISES_DIR.glob("[0-9][0-9]_*.py"))
    if names:
        paths = [p for p in paths if p.stem in names or p.stem[:2] in names]
    return paths


def read(path: Path) -> nbformat.NotebookNode:
    """An exercise script as a notebook."""
    import jupytext

    return jupytext.read(path)


def is_answer(cell: nbformat.NotebookNode) -> bool:
    """Whether a cell belongs to the instructor's answer key."""
    return ANSWER_TAG in cell.get("metadata", {}).get("tags", [])


def student_copy(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The notebook without its answer cells and without outputs."""
    out = nbformat.from_dict(json.loads(json.dumps(nb)))
    out.cells = [c for c in out.cells if not is_answer(c)]
    for cell in out.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return out


def write_student_copies(out_dir: Path = STUDENT_DIR, names: list[str] | None = None) -> list[Path]:
    """Write the student copy of every exercise to ``out_dir`` as ``.ipynb``; returns the files."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for path in exercise_paths(names):
        target = out_dir / f"{path.stem}.ipynb"
        nbformat.write(student_copy(read(path)), target)
        written.append(target)
    return written


def _literal_strings(source: str) -> list[str]:
    """String literals of a code cell that can reach the reader: the format specs of f-strings
    (``:.1f``) and subscript keys (a column name such as ``"per_1000"``) left out."""
    tree = ast.parse(source)
    hidden = [n.format_spec for n in ast.walk(tree) if isinstance(n, ast.FormattedValue)]
    hidden += [n.slice for n in ast.walk(tree) if isinstance(n, ast.Subscript)]
    skip = {id(n) for h in hidden if h is not None for n in ast.walk(h)}
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
    ]


DIGIT = re.compile(r"\d")
QUESTION_LABEL = re.compile(r"\bQ\d+\b")
"""``Q1``: a question's label in an answer line, not a figure."""


def typed_figures(nb: nbformat.NotebookNode) -> list[str]:
    """Figures typed into the answer key rather than computed: every digit in an answer
    markdown cell, and every string literal with a digit in an answer code cell. Each problem
    is a line naming the cell (its number among all cells) and the text."""
    problems = []
    for i, cell in enumerate(nb.cells):
        if not is_answer(cell):
            continue
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if DIGIT.search(line):
                    problems.append(f"cell {i} (answer markdown) types a figure: {line.strip()!r}")
        elif cell.cell_type == "code":
            for text in _literal_strings(cell.source):
                if DIGIT.search(QUESTION_LABEL.sub("", text)):
                    problems.append(f"cell {i} (answer code) prints a typed figure: {text!r}")
    return problems


def _names(source: str) -> tuple[set[str], set[str]]:
    """Names a code cell binds and names it reads."""
    bound, read_ = set(), set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Name):
            (bound if isinstance(node.ctx, ast.Store) else read_).add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.ClassDef):
            bound.add(node.name)
        elif isinstance(node, ast.alias):
            bound.add((node.asname or node.name).split(".")[0])
    return bound, read_


def answers_leaking(nb: nbformat.NotebookNode) -> list[str]:
    """Names bound only in answer cells and read by a later student cell: the student copy,
    which has no answer cells, would fail there."""
    student_bound: set[str] = set()
    answer_only: set[str] = set()
    problems = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        bound, read_ = _names(cell.source)
        if is_answer(cell):
            answer_only |= bound - student_bound
            continue
        for name in sorted(read_ & answer_only - bound):
            problems.append(f"cell {i} reads {name!r}, which only an answer cell sets")
        student_bound |= bound
        answer_only -= bound
    return problems


def structure_problems(nb: nbformat.NotebookNode) -> list[str]:
    """What an exercise must have: a learning goal, background with sources, a task, questions,
    at least one answer cell that computes, and its imports in one early cell."""
    problems = []
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown").lower()
    for heading in ("learning goal", "background", "sources", "task", "questions"):
        if heading not in markdown:
            problems.append(f"no {heading!r} section")
    if not any(is_answer(c) and c.cell_type == "code" for c in nb.cells):
        problems.append("no answer code cell: the answer key computes nothing")
    code = [c for c in nb.cells if c.cell_type == "code"]
    for cell in code[1:]:
        tree = ast.parse(cell.source)
        if any(isinstance(n, ast.Import | ast.ImportFrom) for n in tree.body):
            problems.append(f"an import outside the first code cell: {cell.source[:60]!r}")
    return problems


def check(path: Path) -> list[str]:
    """Every static problem of one exercise."""
    nb = read(path)
    return structure_problems(nb) + typed_figures(nb) + answers_leaking(nb)


def execute(path: Path, timeout: int = CELL_TIMEOUT_S) -> tuple[nbformat.NotebookNode, float]:
    """Run an exercise top to bottom with a real Jupyter kernel (its folder as working
    directory); returns the executed notebook and the wall time in seconds."""
    from nbclient import NotebookClient

    nb = read(path)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name=KERNEL,
        resources={"metadata": {"path": str(path.parent)}},
    )
    t0 = time.perf_counter()
    client.execute()
    return nb, time.perf_counter() - t0


def output_text(cell: nbformat.NotebookNode) -> str:
    """What a code cell printed or displayed as text."""
    parts = []
    for out in cell.get("outputs", []):
        if out.output_type == "stream":
            parts.append(out.text)
        elif out.output_type in ("execute_result", "display_data"):
            parts.append(out.get("data", {}).get("text/plain", ""))
    return "".join(parts)


def answer_outputs(nb: nbformat.NotebookNode) -> list[str]:
    """The text every answer code cell produced, in order."""
    return [output_text(c) for c in nb.cells if c.cell_type == "code" and is_answer(c)]


def write_lab_settings(prefix: Path | None = None) -> Path:
    """Write :data:`LAB_SETTINGS` as JupyterLab's overrides of this environment (merged with
    any there); returns the file."""
    target = Path(prefix or sys.prefix) / "share" / "jupyter" / "lab" / "settings"
    target.mkdir(parents=True, exist_ok=True)
    path = target / "overrides.json"
    settings = json.loads(path.read_text()) if path.exists() else {}
    for plugin, values in LAB_SETTINGS.items():
        settings.setdefault(plugin, {}).update(values)
    path.write_text(json.dumps(settings, indent=2) + "\n")
    return path


def main(argv: list[str] | None = None) -> None:
    """Entry point of ``safecity-teach``."""
    parser = argparse.ArgumentParser(prog="safecity-teach", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser(
        "lab", help="open JupyterLab on teaching/, answer keys included (other options go to it)"
    )
    student = sub.add_parser("student", help="write student copies without answer cells")
    student.add_argument("--out", type=Path, default=STUDENT_DIR, help=f"default {STUDENT_DIR}")
    sub.add_parser("check", help="static checks of every exercise")
    run = sub.add_parser("run", help="execute exercises; print run times and answer outputs")
    run.add_argument("names", nargs="*", help="file stems or numbers (default: all)")
    args, lab_args = parser.parse_known_args(argv)
    if lab_args and args.command != "lab":
        parser.error(f"unrecognized arguments: {' '.join(lab_args)}")

    if args.command == "lab":
        import subprocess

        print(f"safecity-teach: JupyterLab settings in {write_lab_settings()}", flush=True)
        cmd = [sys.executable, "-m", "jupyter", "lab", f"--notebook-dir={TEACHING_DIR}"]
        # a lab without internet: the extension manager would search PyPI
        cmd.append("--LabApp.extension_manager=readonly")
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")  # a container or a CI machine; JupyterLab refuses root
        sys.exit(subprocess.call([*cmd, *lab_args]))
    if args.command == "student":
        for path in write_student_copies(args.out):
            print(path)
    elif args.command == "check":
        failed = False
        for path in exercise_paths():
            problems = check(path)
            failed |= bool(problems)
            print(f"{path.name}: {'ok' if not problems else ''}")
            for p in problems:
                print(f"  {p}")
        sys.exit(1 if failed else 0)
    elif args.command == "run":
        for path in exercise_paths(args.names or None):
            nb, seconds = execute(path)
            print(f"== {path.name}: {seconds:.1f} s")
            for text in answer_outputs(nb):
                print(text.rstrip())


if __name__ == "__main__":
    main()
