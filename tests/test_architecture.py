"""The layout the next engineer reads: floors, imports in one direction, short modules.

ARCHITECTURE.md states the floors, lowest first: ``newsnlp`` (the text engine, no Django)
← ``infrastructure`` (what every app shares) ← ``articles`` ← ``annotations`` ← ``compare``
← ``summit`` (settings, urls, the Celery app, project-level commands). A package imports
only from its own floor and the floors below. These tests read the source with ``ast``,
except the one that imports the engine in a fresh interpreter to see what it loads.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Lowest first: each may import from itself and the floors before it (at module level).
FLOORS = ["newsnlp", "infrastructure", "articles", "annotations", "compare", "summit"]
APPS = FLOORS
MAX_LINES = 400
# The documented exceptions: the quote browser filters quotes by annotation themes and, as a
# second marked source, by the theme lexicon's suggested sentences.
UPWARD_EXCEPTIONS = {"articles": {"annotations.queries", "compare.models"}}


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


def _allowed(importer: str, target: str) -> bool:
    below = FLOORS.index(_app(target)) <= FLOORS.index(_app(importer))
    excepted = UPWARD_EXCEPTIONS.get(_app(importer), set())
    return below or any(target == e or target.startswith(e + ".") for e in excepted)


def test_packages_import_only_their_own_floor_and_the_floors_below():
    wrong = [
        f"{name} imports {target}"
        for name, path in MODULES.items()
        for target, _, _ in _imports(name, path)
        if not _allowed(name, target)
    ]
    assert wrong == []


def test_the_floor_check_refuses_an_upward_import():
    """The rule itself: an engine importing an app, or infrastructure importing one, is
    refused; the documented exception and a downward import are not."""
    assert not _allowed("newsnlp.quotes.spans", "articles.models")
    assert not _allowed("infrastructure.db", "articles.models")
    assert not _allowed("articles.views.quotes", "compare.queries")
    assert _allowed("articles.views.quotes", "annotations.queries")
    assert _allowed("compare.refresh", "infrastructure.db")


def _third_party_imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_the_text_engine_names_no_django_and_no_app():
    engine = {name: path for name, path in MODULES.items() if _app(name) == "newsnlp"}
    assert len(engine) >= 20  # the quotes, text, pages, anchoring and pipeline modules
    forbidden = {"django", "celery", *FLOORS[1:]}
    wrong = {
        name: sorted(_third_party_imports(path) & forbidden)
        for name, path in engine.items()
        if _third_party_imports(path) & forbidden
    }
    assert wrong == {}


def test_importing_the_extractor_loads_no_django_module():
    code = (
        "import sys\n"
        "import newsnlp.quotes.extraction, newsnlp.pages.cleaning, newsnlp.anchoring\n"
        "import newsnlp.text.reuse, newsnlp.pipeline\n"
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))\n"
        "print(len([m for m in sys.modules if m.startswith('newsnlp')]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    loaded_django, engine_modules = result.stdout.splitlines()
    assert loaded_django == "[]"
    assert int(engine_modules) >= 15  # the imports above did load the engine


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


def test_every_package_is_on_a_floor():
    top = {
        path.parent.name
        for path in ROOT.glob("*/__init__.py")
        if path.parent.name not in {"tests", "benchmarks"}
    }
    assert top == set(FLOORS)


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
