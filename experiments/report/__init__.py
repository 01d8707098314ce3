"""The displacement experiment's report: figures, tidy summaries and ``report.md``, from results.

:func:`write_report` is called by ``safecity-experiment`` with the experiment's tables. It
computes every number once (:func:`experiments.findings.compute_findings`: the summaries, the
calibration checks against the literature patterns of VALIDATION.md, every section's numbers),
then renders the text from those findings into ``template.md`` (:mod:`.sections`,
:mod:`.harms_costs`, :mod:`.headlines`) and draws the figures (:mod:`experiments.figures`).
Nothing is typed in.
To rebuild a report from a finished results folder:

    python -m experiments.report results/displacement/<timestamp>
"""

from __future__ import annotations

import logging
import string
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from experiments import figures, io
from experiments.findings import Findings, compute_findings
from experiments.report.field_sections import section_differences, section_sites
from experiments.report.harms_costs import (
    costs_intro,
    section_costs,
    section_harms,
    verdict_counts,
)
from experiments.report.headlines import section_headlines
from experiments.report.pattern_section import section_patterns
from experiments.report.sections import (
    section_channels,
    section_effects,
    section_field,
    section_recorded,
    section_run,
    section_where,
)
from experiments.report.world_section import section_world
from sim.analysis.field import Zone
from sim.params.experiment import ExperimentParams
from sim.params.policies import with_role

log = logging.getLogger("safecity")

TEMPLATE = Path(__file__).with_name("template.md")
"""The report's fixed prose, with a ``$name`` placeholder for each section's findings."""
MAP_POLICIES = tuple(with_role("map"))
DPI = 110


FIGURES: dict[str, Callable[[Findings], object]] = {
    "wdq": lambda f: figures.wdq_by_policy(f.tables["effects"]),
    "wdq_vs_truth": lambda f: figures.wdq_vs_truth(f.tables["effects"]),
    "tne_vs_truth": lambda f: figures.tne_vs_truth(f.tables["effects"]),
    "moved_map": lambda f: figures.moved_map(
        f.tables["moved"],
        MAP_POLICIES,
        n_replicates=f.replicates,
        footprint=f.tables.get("footprint"),
    ),
    "harms_by_group": lambda f: figures.harms_by_group(
        f.tables["harms"], None if f.harms is None else f.harms.forgone
    ),
    "recorded_vs_true": lambda f: figures.recorded_vs_true(f.tables["effects"]),
}
"""Figure file stem -> how to draw it from the findings (or the tables they hold)."""


def render(findings: Findings, figure_errors: dict[str, str] | None = None) -> str:
    """The text of report.md from the findings: each section formatted into the template."""
    f = findings

    def block(lines: list[str]) -> str:
        return "\n".join(lines)

    text = string.Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
        headlines=block(section_headlines(f)),
        run=block(section_run(f)),
        world=block(section_world(f)),
        effects=block(section_effects(f) + section_differences(f)),
        field=block(section_sites(f) + section_field(f)),
        where=block(section_where(f)),
        harms=block(section_harms(f)),
        recorded=block(section_recorded(f)),
        channels=block(section_channels(f)),
        people=costs_intro(f.costs),
        costs=block(section_costs(f.costs)),
        verdicts=verdict_counts(f),
        checks=block(section_patterns(f)),
    )
    if figure_errors:
        text += "\n" + block(
            ["## Figures that could not be drawn", ""]
            + [f"- `{name}`: {err}" for name, err in figure_errors.items()]
        )
    return text.rstrip() + "\n"


def write_report(out: Path, tables: dict[str, pd.DataFrame]) -> dict[str, Path]:
    """Write the report of a displacement experiment into ``out``: figures as PNG in
    ``out/figures/``, tidy summaries (``effects_summary.csv``, ``offences_summary.csv``,
    ``harms_summary.csv``, ``field.csv``, ``meta.csv``) and ``report.md``. Every file is
    written atomically.

    Args:
        out: the experiment's results folder.
        tables: ``effects``, ``harms``, ``moved``, ``runs``, ``sites`` and ``meta`` as made by
            :func:`experiments.displacement.run_experiment`; optionally ``footprint``
            (``policy, replicate, x, y`` of the cells in camera view) for the map. Missing or
            empty tables give a report that says so instead of failing.

    Returns:
        The paths written, by name.
    """
    out = Path(out)
    findings = compute_findings(tables)
    written: dict[str, Path] = {}
    for name, df in {**findings.summaries, "meta": findings.tables["meta"]}.items():
        path = out / f"{name}.csv"
        io.write_atomic(path, lambda tmp, df=df: df.to_csv(tmp, index=False))
        written[name] = path
    errors: dict[str, str] = {}
    for name, draw in FIGURES.items():
        path = out / "figures" / f"{name}.png"
        try:
            fig = draw(findings)
            io.write_atomic(path, lambda tmp, fig=fig: fig.savefig(tmp, format="png", dpi=DPI))
            written[name] = path
        except Exception as e:  # a broken figure must not cost the report; it is listed in it
            log.exception("figure %s could not be drawn", name)
            errors[name] = f"{type(e).__name__}: {e}"
    written["report"] = out / "report.md"
    io.write_text(written["report"], render(findings, errors))
    return written


def load_tables(folder: Path) -> dict[str, pd.DataFrame]:
    """The tables of a finished results folder, as :func:`write_report` takes them. The
    footprint is the treatment zone of ``zones.parquet``; ``meta`` comes from ``meta.csv`` if a
    report was written before, else from ``experiment.yaml`` (fields left unset there take the
    defaults of :class:`ExperimentParams`, and a tiny run's design is applied)."""
    folder = Path(folder)
    tables = {
        name: pd.read_csv(folder / f"{name}.csv")
        for name in ("effects", "harms", "runs", "costs", "channels", "sites")
        if (folder / f"{name}.csv").exists()
    }
    if (folder / "moved.parquet").exists():
        tables["moved"] = pd.read_parquet(folder / "moved.parquet")
    if (folder / "zones.parquet").exists():
        zones = pd.read_parquet(folder / "zones.parquet")
        tables["footprint"] = zones.loc[
            zones["zone"] == Zone.TREATMENT, ["policy", "replicate", "x", "y"]
        ]
    if (folder / "meta.csv").exists():
        tables["meta"] = pd.read_csv(folder / "meta.csv")
    elif (folder / "experiment.yaml").exists():
        import yaml

        cfg = yaml.safe_load((folder / "experiment.yaml").read_text(encoding="utf-8"))
        exp = {k: v for k, v in (cfg.get("experiment") or {}).items() if v is not None}
        design = ExperimentParams.tiny(exp) if cfg.get("tiny") else ExperimentParams.from_dict(exp)
        city = cfg.get("preset", cfg.get("city"))
        tables["meta"] = pd.DataFrame([{**design.to_dict(), "city": city}])
    return tables


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m experiments.report FOLDER``: rebuild the report of a results folder."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1 or not Path(args[0]).is_dir():
        print("usage: python -m experiments.report RESULTS_FOLDER", file=sys.stderr)
        return 2
    written = write_report(Path(args[0]), load_tables(Path(args[0])))
    print(written["report"])
    return 0
