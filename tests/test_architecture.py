"""The tree is the architecture: data flows one way, and each layer imports only those below it."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "journey_explorer"
# Layer → what it may import from the package. Lower layers never import higher ones.
ALLOWED = {
    "model": set(),
    "db": {"model"},
    "privacy": set(),
    "filters": {"model"},
    "rules": {"db", "model"},
    "ingest": {"db", "model", "rules", "ingest"},
    "views": {"db", "model", "filters", "privacy", "rules", "views"},  # rules: for the workspace's settings
    "recovery": {"db"},
    "workspace": {"db", "model", "rules", "ingest", "recovery"},
    "charts": {"views", "model", "privacy", "charts"},
    "report": {"db", "model", "filters", "privacy", "views", "charts", "report"},
    "demo": {"demo"},
    "bench": {"db", "model", "workspace", "ingest", "views", "demo", "bench"},
    # Plain words and safe files: pure helpers any page, export or report may use.
    "conditions": set(),
    "formats": set(),
    "names": {"conditions"},
    "exports": {"privacy"},
    # The two front ends sit on top: the command line and the Streamlit widgets.
    "cli": {"db", "model", "filters", "privacy", "rules", "ingest", "views", "workspace", "exports", "names",
            "report", "bench"},
    "ui": {"db", "model", "filters", "privacy", "rules", "ingest", "views", "workspace", "recovery", "charts",
           "report", "conditions", "formats", "names", "exports", "ui"},
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Package modules this file imports (relative imports resolved)."""
    here = module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            found.update(f"{target}.{alias.name}" for alias in node.names)  # trimmed to a module later
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return {name for name in found if name.startswith("journey_explorer")}


def layer(module: str) -> str:
    return module.split(".")[1] if "." in module else ""


MODULES = {module_name(p): imports_of(p) for p in PACKAGE.rglob("*.py")}


@pytest.mark.parametrize("module", sorted(m for m in MODULES if layer(m) in ALLOWED))
def test_each_layer_imports_only_layers_below_it(module):
    wrong = {layer(i) for i in MODULES[module]} - ALLOWED[layer(module)] - {""}
    assert not wrong, f"{module} imports {sorted(wrong)}"


def test_every_module_of_the_package_has_a_layer():
    """A new top-level module must say what it may import, or the test above would not see it."""
    missing = sorted({layer(m) for m in MODULES} - set(ALLOWED) - {""})
    assert not missing, f"add {missing} to ALLOWED"


def test_the_gateway_imports_nothing_of_the_package_but_the_model():
    assert {layer(i) for i in MODULES["journey_explorer.db"]} <= {"model"}


def test_the_core_never_imports_streamlit_outside_ui():
    for path in PACKAGE.rglob("*.py"):
        if "ui" not in path.relative_to(PACKAGE).parts:
            assert "import streamlit" not in path.read_text(), path


def test_the_import_graph_has_no_cycle():
    modules = set(MODULES)

    def resolve(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph = {m: {r for i in imports if (r := resolve(i)) and r != m} for m, imports in MODULES.items()}
    state: dict[str, int] = {}

    def visit(node, trail):
        state[node] = 1
        for nxt in graph[node]:
            if state.get(nxt) == 1:
                pytest.fail("import cycle: " + " → ".join(trail + [node, nxt]))
            if nxt not in state:
                visit(nxt, trail + [node])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [])


def test_no_python_file_is_over_400_lines():
    root = PACKAGE.parent
    long = [f"{p.relative_to(root)} ({n})" for p in [*root.glob("journey_explorer/**/*.py"), *root.glob("tests/**/*.py"),
                                                      *root.glob("pages/*.py"), root / "app.py"]
            if (n := len(p.read_text().splitlines())) > 400]
    assert not long, long
