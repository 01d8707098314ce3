"""``docs/parameters.md`` is generated from the parameter declarations and kept current:
``python -m experiments.param_docs --check`` runs here, so a declaration changed without
regenerating the page fails the suite."""

from __future__ import annotations

import difflib

import pytest

from experiments import param_docs


def test_parameters_doc_is_current_with_the_declarations(capsys):
    status = param_docs.main(["--check"])
    if status != 0:
        current = param_docs.OUTPUT.read_text(encoding="utf-8").splitlines()
        diff = difflib.unified_diff(
            current,
            param_docs.render().splitlines(),
            "docs/parameters.md",
            "declarations",
            n=0,
            lineterm="",
        )
        shown = "\n".join(list(diff)[:40])
        pytest.fail(
            f"docs/parameters.md differs from what the declarations give (first lines of the "
            f"difference below): run `{param_docs.COMMAND}` and commit the page.\n{shown}",
            pytrace=False,
        )
    assert capsys.readouterr().err == "", "--check should print nothing when the page is current"


def test_check_passes_on_a_page_just_written(tmp_path):
    page = tmp_path / "parameters.md"
    assert param_docs.main(["--output", str(page)]) == 0
    assert param_docs.main(["--check", "--output", str(page)]) == 0, (
        "a page just written should pass --check"
    )


def test_check_fails_naming_the_command_on_a_stale_or_missing_page(tmp_path, capsys):
    page = tmp_path / "parameters.md"
    assert param_docs.main(["--check", "--output", str(page)]) == 1, "a missing page should fail"
    param_docs.main(["--output", str(page)])
    page.write_text(page.read_text(encoding="utf-8").replace("|", "!", 1), encoding="utf-8")
    capsys.readouterr()
    assert param_docs.main(["--check", "--output", str(page)]) == 1, "a stale page should fail"
    err = capsys.readouterr().err
    assert "out of date" in err and param_docs.COMMAND in err, (
        f"the failure should say the page is out of date and how to regenerate it: {err!r}"
    )
