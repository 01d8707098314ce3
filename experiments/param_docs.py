"""Write ``docs/parameters.md`` from the parameter declarations in :mod:`sim.params`.

    python -m experiments.param_docs            # write docs/parameters.md
    python -m experiments.param_docs --check    # exit 1 if docs/parameters.md is out of date

The table is built only from what each field declares (default, unit, range or choices, source,
meaning; :func:`sim.params.declare.describe_fields`), so the documentation cannot drift from the
code as long as this command is rerun after a declaration changes. It documents every model group of
``sim.params.GROUPS`` and, in a section of its own, the experiment design
(:class:`sim.params.experiment.ExperimentParams`), which is not a model parameter; a parameter
group declared under ``sim.params`` that is in neither is refused, so none goes undocumented.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sim.params import GROUPS
from sim.params.costs import CostParams
from sim.params.declare import ParamGroup, describe_fields
from sim.params.experiment import ExperimentParams
from sim.presets import PRESETS
from sim.world.presets import PRESET_NOTES

COMMAND = "python -m experiments.param_docs"
OUTPUT = Path(__file__).resolve().parent.parent / "docs" / "parameters.md"
HEADER = (
    "name",
    "default",
    "unit",
    "allowed",
    "source",
    "meaning",
    "plausible",
    "plausible source",
)
EXPERIMENT_GROUPS: dict[str, type[ParamGroup]] = {
    "experiment": ExperimentParams,
    "costs": CostParams,
}
"""Groups of the displacement experiment's design (``configs/displacement.yaml``), documented
apart from the model's parameters."""


def _number(value: int | float) -> str:
    """A number as short as it can be written without changing its value."""
    if isinstance(value, int):
        return str(value)
    short = f"{value:g}"
    return short if float(short) == value else repr(value)


def _value(value: Any) -> str:
    """A value as a Markdown code span (empty strings shown as ``""``)."""
    if isinstance(value, str):
        return f"`{value}`" if value else '`""`'
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    return f"`{_number(value)}`"


def _cell(text: str) -> str:
    """Text made safe for one Markdown table cell."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _allowed(row: dict[str, Any]) -> str:
    """The values a field accepts, in words, from its declared choices or bounds."""
    if row["choices"]:
        return "one of " + ", ".join(f"`{c}`" for c in row["choices"])
    kind = {"int": "whole number", "float": "number", "str": "text", "bool": "true or false"}
    what = kind.get(row["type"], row["type"])
    lo, hi = row["lo"], row["hi"]
    if lo is not None and hi is not None:
        return f"{what}, {_number(lo)} to {_number(hi)}"
    if lo is not None:
        return f"{what} >= {_number(lo)}"
    if hi is not None:
        return f"{what} <= {_number(hi)}"
    return f"any {what}"


def _plausible(row: dict[str, Any]) -> str:
    """The plausible range for analysis, ``lo to hi``, or empty where none is declared."""
    if row["plausible"] is None:
        return ""
    lo, hi = row["plausible"]
    return f"{_number(lo)} to {_number(hi)}"


def render_group(name: str, cls: type, level: str = "##", where: str = "") -> str:
    """The section of one parameter group: its docstring and one table row per field.

    Args:
        name: the group's name (the prefix of its parameters).
        cls: the group's dataclass.
        level: the Markdown heading marker of the section.
        where: how the group is set, if not as a model parameter ``name.<name>``.
    """
    lines = [
        f"{level} `{name}`",
        "",
        f"{(cls.__doc__ or '').strip()} {where or f'Set as `{name}.<name>`.'}",
        "",
        "| " + " | ".join(HEADER) + " |",
        "|" + "---|" * len(HEADER),
    ]
    for row in describe_fields(cls):
        cells = (
            f"`{row['name']}`",
            _value(row["default"]),
            row["unit"],
            _allowed(row),
            row["source"],
            row["doc"],
            _plausible(row),
            row["plausible_source"] or "",
        )
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"


def render_presets() -> str:
    """The section listing what each city preset changes from the defaults."""
    defaults = {
        name: {r["name"]: r["default"] for r in describe_fields(cls)}
        for name, cls in GROUPS.items()
    }
    lines = [
        "## City presets",
        "",
        "A preset is a set of overrides applied to the defaults above (`sim/presets.py`); a "
        "parameter it does not list keeps its default.",
    ]
    for preset, overrides in PRESETS.items():
        changes = [(g, f, v) for g, fields in overrides.items() for f, v in fields.items()]
        lines += ["", f"### `{preset}`", ""]
        if preset in PRESET_NOTES:
            lines += [PRESET_NOTES[preset], ""]
        if not changes:
            lines.append("The defaults, unchanged.")
            continue
        lines += ["| parameter | preset value | default |", "|---|---|---|"]
        lines += [f"| `{g}.{f}` | {_value(v)} | {_value(defaults[g][f])} |" for g, f, v in changes]
    return "\n".join(lines) + "\n"


def render_experiment() -> str:
    """The section on the experiment design's parameters (not model parameters)."""
    lines = [
        "## Experiment design (not model parameters)",
        "",
        "These parameters belong to the displacement experiment (`safecity-experiment`, "
        "`sim/analysis/twin.py`; see `docs/experiment.md`), not to a model run: they are not part "
        "of `SimParams` and `safecity-run` does not accept them. They are validated by "
        "`sim.params.experiment.ExperimentParams` (the design) and `sim.params.costs.CostParams` "
        "(camera unit costs, read only by the report's money section), and set on the "
        "command line as `safecity-experiment experiment.<name>=<value>` or "
        "`costs.<name>=<value>`. A field left unset takes the default below.",
    ]
    sections = [
        render_group(
            name,
            cls,
            level="###",
            where=f"Set as `{name}.<name>` on the `safecity-experiment` command line.",
        )
        for name, cls in EXPERIMENT_GROUPS.items()
    ]
    return "\n".join(lines) + "\n\n" + "\n".join(sections)


def undocumented_groups() -> list[str]:
    """Parameter groups declared in ``sim.params`` that neither ``GROUPS`` nor
    ``EXPERIMENT_GROUPS`` lists (they would be missing from the generated file)."""
    known = set(GROUPS.values()) | set(EXPERIMENT_GROUPS.values())
    found, todo = [], list(ParamGroup.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("sim.params") and cls not in known:
            found.append(f"{cls.__module__}.{cls.__qualname__}")
    return sorted(found)


def render() -> str:
    """The full text of ``docs/parameters.md``.

    Raises:
        RuntimeError: if a parameter group of ``sim.params`` would be left out.
    """
    missing = undocumented_groups()
    if missing:
        raise RuntimeError(
            f"parameter groups {missing} are in neither sim.params.GROUPS nor "
            "EXPERIMENT_GROUPS of experiments/param_docs.py: add them to one"
        )
    intro = [
        "# Parameters",
        "",
        f"<!-- Generated by `{COMMAND}`; do not edit by hand. -->",
        "",
        f"This file is generated by `{COMMAND}` from the parameter declarations in "
        "`sim/params` (through `sim.params.declare.describe_fields`). Do not edit it by hand: "
        "change the declaration and rerun the command.",
        "",
        "Every parameter belongs to one group and is set as `group.name` (in a config, on the "
        "`safecity-run` command line, or in `SimParams.from_dict`). Values outside *allowed* are "
        "refused when the parameters are built, with a message that names the field and the "
        "range. *Source* says where a default comes from: `VALIDATION <row>` is a row of "
        "`shared/VALIDATION.md`, `DESIGN.md section <n>` a section of the design, "
        "`assumption: ...` a value chosen where no figure exists, and `-` a setting that needs "
        "no source. Probabilities are per event unless the unit says per tick or per day; one "
        "tick is one hour. How each parameter enters the rules is in `docs/odd.md`.",
        "",
        "*Plausible* is the range an analysis varies a parameter over (a sensitivity design, a "
        "calibration prior; `sim.params.paths.plausible_ranges()`), inside the allowed limits, "
        "with *plausible source* saying why. A parameter without one is a setting, a size or a "
        "lever set by a policy, and is not varied by default. Designs round sampled values of "
        "whole-number fields to the nearest whole number (`sim.params.paths.round_to_fields`); "
        "the model refuses fractions for them. See `docs/sensitivity.md`.",
        "",
        "Model groups: "
        + ", ".join(f"`{name}`" for name in GROUPS)
        + ". Experiment design (last section, not model parameters): "
        + ", ".join(f"`{name}`" for name in EXPERIMENT_GROUPS)
        + ".",
    ]
    blocks = [
        "\n".join(intro),
        *(render_group(n, c) for n, c in GROUPS.items()),
        render_presets(),
        render_experiment(),
    ]
    return "\n\n".join(block.strip("\n") for block in blocks) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Write ``docs/parameters.md``, or with ``--check`` only compare it with the declarations.

    Returns:
        0 on success; 1 if ``--check`` finds the file missing or out of date.
    """
    parser = argparse.ArgumentParser(prog=COMMAND, description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="fail if the file differs instead of writing it"
    )
    parser.add_argument("--output", type=Path, default=OUTPUT, help=f"default: {OUTPUT}")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else None
        if current != text:
            print(f"{args.output} is out of date: run `{COMMAND}`", file=sys.stderr)
            return 1
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
