"""The architecture: no import cycle among the project's modules, imports in sim/ point down the
layers only, and modules stay small (docs/design-decisions.md, "sim/ in layers").

Imports are read with ``ast`` from every module, wherever they stand: at the top, inside
functions and under ``if TYPE_CHECKING:`` alike, since a type-only import is still a dependency
of the design.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("sim", "experiments", "app")
"""The project's packages whose modules the import graph covers."""

SIM_LAYERS = (
    ("sim.params",),
    ("sim.world", "sim.presets"),
    ("sim.processes",),
    ("sim.outputs",),
    ("sim.model",),
    ("sim.analysis",),
)
"""The layers of sim/, bottom to top: a module may import its own layer and those below."""

LINE_LIMIT = 400
LINE_LIMITED = ("sim", "experiments", "app")
"""Packages whose modules must stay within ``LINE_LIMIT`` lines."""


def module_name(path: Path) -> str:
    """The dotted name of the module at ``path`` (a package's ``__init__`` is the package)."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    """Every module of the project's packages, by dotted name."""
    return {
        module_name(path): path
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
    }


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The project modules that module ``name`` imports, anywhere in its source."""
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # a relative import, resolved against this module's package
                anchor = name.split(".") if is_package else name.split(".")[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            # ``from package import module`` imports the module; ``from module import name``
            # imports the module.
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                for alias in node.names
            ]
        else:
            continue
        for target in targets:
            # ``import a.b.c`` depends on the deepest project module it names.
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    """Project module -> the project modules it imports."""
    modules = project_modules()
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each a cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def layer_of(name: str) -> int | None:
    """The layer of a sim/ module (None for the package itself and modules outside sim/)."""
    for level, prefixes in enumerate(SIM_LAYERS):
        if any(name == p or name.startswith(p + ".") for p in prefixes):
            return level
    return None


def test_the_graph_sees_imports_under_type_checking_and_inside_functions(tmp_path):
    graph = import_graph()
    assert "sim.model" in graph["sim.analysis.twin"], "twin imports the model at the top"
    assert graph["sim.model"] >= {"sim.processes.travel", "sim.outputs.series"}, (
        f"the shell should import its processes and the series, got {sorted(graph['sim.model'])}"
    )
    probe = tmp_path / "probe.py"
    probe.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from sim.model import SafeCityModel\n"
        "def later():\n"
        "    from sim.processes import travel\n"
    )
    found = imports_of("probe", probe, project_modules())
    assert found == {"sim.model", "sim.processes.travel"}, (
        f"imports under TYPE_CHECKING and inside functions should count, got {found}"
    )


def test_no_import_cycle_among_the_project_modules():
    found = list(cycles(import_graph()))
    assert not found, f"import cycles (type-only imports count too): {found}"


def test_sim_imports_point_down_the_layers_only():
    graph = import_graph()
    upward = [
        f"{name} (layer {layer_of(name)}) imports {target} (layer {layer_of(target)})"
        for name, targets in graph.items()
        if layer_of(name) is not None
        for target in sorted(targets)
        if layer_of(target) is not None and layer_of(target) > layer_of(name)
    ]
    assert not upward, "upward imports in sim/:\n" + "\n".join(upward)


def test_sim_imports_nothing_from_experiments_or_app():
    graph = import_graph()
    outward = [
        f"{name} imports {target}"
        for name, targets in graph.items()
        if name == "sim" or name.startswith("sim.")
        for target in targets
        if not (target == "sim" or target.startswith("sim."))
    ]
    assert not outward, "sim/ is the library under experiments/ and app/: " + ", ".join(outward)


def test_every_sim_module_has_a_layer():
    missing = [n for n in import_graph() if n.startswith("sim.") and layer_of(n) is None]
    assert not missing, f"modules of sim/ outside every layer of SIM_LAYERS: {missing}"


@pytest.mark.parametrize("package", LINE_LIMITED)
def test_modules_stay_within_the_line_limit(package):
    long = {
        name: n
        for name, path in project_modules().items()
        if name.split(".")[0] == package and (n := len(path.read_text().splitlines())) > LINE_LIMIT
    }
    assert not long, f"modules over {LINE_LIMIT} lines (split them by concept): {long}"


def test_the_cycle_finder_finds_a_type_only_cycle_and_ignores_a_chain():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == [], "a chain is not a cycle"
