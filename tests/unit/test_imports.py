"""Imports flow one way: views -> maps/scenarios/geometry -> data -> config. A module never
reaches, directly or through others, a module that imports it back (imports made inside
functions count; those under `if TYPE_CHECKING:` do not, as they never run), and the core
never imports the views. Streamlit itself is kept out of the core by ruff's banned-api rule
(TID251 in pyproject.toml)."""

from __future__ import annotations

import ast
from pathlib import Path

from dashboard.config import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "dashboard"


def module_name(path: Path, base: Path) -> str:
    parts = path.relative_to(base).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _runtime_nodes(tree: ast.AST):
    """Every node except those inside `if TYPE_CHECKING:` blocks."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            stack.extend(node.orelse)
            continue
        yield node
        stack.extend(ast.iter_child_nodes(node))


def import_graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    modules = {module_name(p, root.parent): p for p in root.rglob("*.py")}
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for mod, path in modules.items():
        package = mod if path.name == "__init__.py" else mod.rpartition(".")[0]
        for node in _runtime_nodes(ast.parse(path.read_text("utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(up + ([base] if base else []))
                names = [base] + [f"{base}.{a.name}" for a in node.names]
            graph[mod] |= {n for n in names if n in modules and n != mod}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
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


def test_the_package_has_no_import_cycle():
    assert cycles(import_graph()) == []


def test_the_core_never_imports_the_views():
    graph = import_graph()
    core = [m for m in graph if not m.startswith("dashboard.views")]
    wrong = {m: sorted(d for d in graph[m] if d.startswith("dashboard.views")) for m in core}
    assert {m: d for m, d in wrong.items() if d} == {}


def test_a_cycle_is_found(tmp_path):
    """The check itself: two modules importing each other, one of them inside a function, and a
    third importing one of them only for type checking."""
    pkg = tmp_path / "dashboard"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from dashboard.b import x\n")
    (pkg / "b.py").write_text("def f():\n    from dashboard import a\n")
    (pkg / "c.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from dashboard.a import y\n"
    )
    (pkg / "d.py").write_text("from .c import z\n")
    graph = import_graph(pkg)
    assert cycles(graph) == [["dashboard.a", "dashboard.b"]]
    assert graph["dashboard.c"] == set() and graph["dashboard.d"] == {"dashboard.c"}
