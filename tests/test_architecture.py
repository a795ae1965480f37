"""The layout the next engineer reads: apps by stage, imports in one direction, short modules.

ARCHITECTURE.md states the direction: ``summit``'s infrastructure (db, background,
responses) ← ``articles`` ← ``annotations`` ← ``compare`` ← ``summit``'s project level
(urls, views, corpus, resume). These tests read the source with ``ast``; nothing is run.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ["summit", "articles", "annotations", "compare"]
MAX_LINES = 400
# What each app may import from the others (at module level; never inside a function).
ALLOWED = {
    "articles": {"summit.background", "summit.db", "summit.responses", "annotations.queries"},
    "annotations": {"articles", "summit.background", "summit.db", "summit.responses"},
    "compare": {"articles", "annotations", "summit.background", "summit.db", "summit.responses"},
    "summit": {"articles", "annotations", "compare"},
}


def _modules() -> dict[str, Path]:
    found = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> list[tuple[str, bool, str]]:
    """(imported module, inside a function?, enclosing function) for each project import."""
    tree = ast.parse(path.read_text())
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []

    def visit(node: ast.AST, function: str) -> None:
        for child in ast.iter_child_nodes(node):
            inner = function
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                inner = child.name
            if isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    parent = package.split(".")[: len(package.split(".")) - child.level + 1]
                    base = ".".join([*parent, base] if base else parent)
                submodules = [f"{base}.{alias.name}" for alias in child.names]
                targets = [t for t in submodules if t in MODULES]
                if len(targets) < len(submodules) and base in MODULES:
                    targets.append(base)  # names defined in the module itself
                found.extend((target, function != "", function) for target in targets)
            elif isinstance(child, ast.Import):
                for alias in child.names:
                    if alias.name in MODULES:
                        found.append((alias.name, function != "", function))
            visit(child, inner)

    visit(tree, "")
    return found


def _app(module: str) -> str:
    return module.split(".")[0]


def test_no_app_imports_another_inside_a_function():
    hidden = [
        f"{name} imports {target} in {function}()"
        for name, path in MODULES.items()
        for target, in_function, function in _imports(name, path)
        if in_function and _app(target) != _app(name) and function != "ready"
    ]
    assert hidden == []


def test_apps_import_each_other_in_the_stated_direction():
    wrong = []
    for name, path in MODULES.items():
        for target, _, _ in _imports(name, path):
            app = _app(name)
            if _app(target) == app:
                continue
            allowed = ALLOWED[app]
            if not any(target == a or target.startswith(a + ".") for a in allowed):
                wrong.append(f"{name} imports {target}")
    assert wrong == []


def test_no_import_cycles_between_modules():
    graph = {
        name: {target for target, in_function, _ in _imports(name, path) if not in_function}
        for name, path in MODULES.items()
    }
    cycles = []
    state: dict[str, int] = {}

    def walk(node: str, trail: list[str]) -> None:
        state[node] = 1
        for target in graph.get(node, ()):
            if target == node or target not in graph:
                continue
            if state.get(target) == 1:
                cycles.append(" → ".join([*trail[trail.index(target) :], target]))
            elif target not in state:
                walk(target, [*trail, target])
        state[node] = 2

    for name in graph:
        if name not in state:
            walk(name, [name])
    assert cycles == []


def test_articles_top_level_holds_at_most_fifteen_modules():
    top = sorted(p.name for p in (ROOT / "articles").glob("*.py"))
    assert len(top) <= 15, top


@pytest.mark.parametrize("app", APPS)
def test_no_module_is_over_four_hundred_lines(app):
    long = {
        str(path.relative_to(ROOT)): lines
        for name, path in MODULES.items()
        if _app(name) == app and (lines := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}
