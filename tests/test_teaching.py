"""The teaching exercises: each runs top to bottom with a real Jupyter kernel within its time,
every figure of its answer key is printed by code, and the student copies carry no answer.

The static checks run in the quick suite; executing the notebooks is ``slow``.
"""

from __future__ import annotations

import json
import re

import nbformat
import pytest

from teaching import notebooks as nbk

EXERCISES = nbk.exercise_paths()
MAX_SECONDS = 120.0
"""The issue's bar per notebook on this machine (each takes well under a minute when the
machine is not shared; docs/teaching.md has the measured times)."""


def percent(cells: list[tuple[str, str, bool]]) -> nbformat.NotebookNode:
    """A notebook from ``(kind, source, is_answer)`` triples, as jupytext would read it."""
    nb = nbformat.v4.new_notebook()
    for kind, source, answer in cells:
        make = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
        cell = make(source)
        if answer:
            cell.metadata["tags"] = [nbk.ANSWER_TAG]
        nb.cells.append(cell)
    return nb


def test_there_are_at_least_six_exercises():
    assert len(EXERCISES) >= 6, f"expected at least six exercises, found {EXERCISES}"


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.stem)
def test_exercise_has_goal_background_task_questions_and_a_computed_answer_key(path):
    problems = nbk.check(path)
    assert problems == [], f"{path.name}:\n" + "\n".join(problems)


def test_typed_figures_are_caught_in_answer_markdown_and_answer_strings():
    nb = percent(
        [
            ("markdown", "# Task\nRun 3 seeds.", False),  # a student cell may state figures
            ("code", "x = 41 + 1", False),
            ("markdown", "The answer is 42.", True),
            ("code", 'print("Q1: the answer is 42")', True),
            ("code", 'print(f"Q2: {x:.1f} per 1000 trips")', True),
            ("code", 'print(f"Q3: {x:.2f}", df["rate_1000"])', True),
        ]
    )
    problems = nbk.typed_figures(nb)
    assert len(problems) == 3, problems
    assert "cell 2" in problems[0] and "42" in problems[0], problems
    assert "cell 3" in problems[1] and "the answer is 42" in problems[1], problems
    assert "cell 4" in problems[2] and "per 1000 trips" in problems[2], problems


def test_a_student_cell_that_needs_an_answer_cell_is_caught():
    nb = percent(
        [
            ("code", "import math\nbase = 2", False),
            ("code", "key = math.sqrt(base)", True),
            ("code", "print(key, base)", False),
            ("code", "base = 3\nprint(base)", False),
        ]
    )
    assert nbk.answers_leaking(nb) == ["cell 2 reads 'key', which only an answer cell sets"]


def test_student_copies_have_no_answer_cells_and_no_outputs(tmp_path):
    written = nbk.write_student_copies(tmp_path)
    assert [p.stem for p in written] == [p.stem for p in EXERCISES]
    for path, source in zip(written, EXERCISES, strict=True):
        student = nbformat.read(path, as_version=4)
        full = nbk.read(source)
        n_answers = sum(nbk.is_answer(c) for c in full.cells)
        assert n_answers > 0, f"{source.name} has no answer cells to strip"
        assert not any(nbk.is_answer(c) for c in student.cells), f"{path.name} keeps answers"
        assert len(student.cells) == len(full.cells) - n_answers
        assert "answer key" not in json.dumps(student).lower(), f"{path.name} mentions its key"
        assert all(c.get("outputs", []) == [] for c in student.cells if c.cell_type == "code")


def test_lab_settings_open_exercises_as_notebooks_and_keep_other_settings(tmp_path):
    target = tmp_path / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    target.parent.mkdir(parents=True)
    target.write_text(json.dumps({"@jupyterlab/apputils-extension:themes": {"theme": "dark"}}))
    path = nbk.write_lab_settings(tmp_path)
    settings = json.loads(path.read_text())
    viewers = settings["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]
    assert viewers == {"python": "Jupytext Notebook"}
    assert settings["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
    assert settings["@jupyterlab/apputils-extension:themes"] == {"theme": "dark"}


APP_LINK = re.compile(r"<(http://127\.0\.0\.1:8765/\?[^>]+)>")


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.stem)
def test_every_app_link_in_an_exercise_opens_a_valid_preset(path):
    from app.links import settings_from_query

    links = APP_LINK.findall(path.read_text())
    for link in links:
        settings = settings_from_query(link.split("?", 1)[1])
        settings.params()  # the combination is accepted too


@pytest.mark.slow
@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.stem)
def test_exercise_runs_with_a_real_kernel_in_time_and_prints_its_answers(path, record_property):
    nb, seconds = nbk.execute(path)
    record_property("seconds", round(seconds, 1))
    print(f"{path.name}: {seconds:.1f} s")
    assert seconds < MAX_SECONDS, f"{path.name} took {seconds:.0f} s: the bar is {MAX_SECONDS} s"
    outputs = nbk.answer_outputs(nb)
    assert outputs and all(o.strip() for o in outputs), (
        f"{path.name}: an answer cell printed nothing: {outputs}"
    )
    text = "\n".join(outputs)
    assert re.search(r"\d", text), f"{path.name}: the answer key shows no figure: {text}"
