"""The UI's seams: ui/ imports only public service modules and has no import cycles (between modules, or
between its subpackages).

Read from the source with ``ast``, so no Qt is needed. Every import counts: at module level, inside a
function, and under ``if TYPE_CHECKING:``; a cycle the interpreter never runs is still one a reader must
untangle. A subpackage of ``frontdesk.ui`` (with everything below it) is one node of the package graph; a
module sitting directly in ``frontdesk/ui/`` is a node of its own.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import frontdesk

SRC = Path(frontdesk.__file__).resolve().parent.parent  # the folder that holds frontdesk/
UI = "frontdesk.ui"


@dataclass(frozen=True)
class Import:
    """One import statement's edge: ``source`` imports ``target`` (``dotted`` as written, resolved)."""

    source: str
    target: str
    dotted: str
    where: str  # path:line

    def __str__(self) -> str:
        return f"{self.where}: imports {self.dotted}"


def module_files(root: Path = SRC) -> dict[str, Path]:
    """Every module under frontdesk/, by dotted name (a package by its own name)."""
    found = {}
    for path in (root / "frontdesk").rglob("*.py"):
        parts = path.relative_to(root).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def imports_in(source: str, text: str, modules: Iterable[str], *, is_package: bool = False,
               where: str = "") -> list[Import]:
    """The imports of one module's ``text``; ``target`` is the deepest known module the import names."""
    known = set(modules)
    package = source if is_package else source.rpartition(".")[0]  # what a relative import starts from
    found = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import):
            dotted_names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            dotted_names = [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for dotted in dotted_names:
            target = dotted
            while target and target not in known:
                target = target.rpartition(".")[0]
            found.append(Import(source, target, dotted, f"{where}:{node.lineno}"))
    return found


def ui_imports(root: Path = SRC) -> list[Import]:
    """Every import made by a module of frontdesk.ui."""
    files = module_files(root)
    return [imp for name, path in sorted(files.items()) if name == UI or name.startswith(UI + ".")
            for imp in imports_in(name, path.read_text(encoding="utf-8"), files,
                                  is_package=path.name == "__init__.py", where=str(path.relative_to(root)))]


def private_service_imports(found: Iterable[Import]) -> list[Import]:
    """Imports that reach a private part (a name starting with _) of frontdesk.services."""
    return [imp for imp in found if imp.dotted.startswith("frontdesk.services.")
            and any(part.startswith("_") for part in imp.dotted.split(".")[2:])]


def package_of(module: str, packages: set[str]) -> str:
    """The ui subpackage a module belongs to (a module directly in frontdesk/ui is its own node)."""
    parts = module.split(".")
    top = ".".join(parts[:3])
    return top if top in packages else module


def cycles(edges: Mapping[tuple[str, str], Import]) -> list[str]:
    """One cycle per strongly connected group of the graph given by ``edges``: its nodes, then an import
    statement for each step."""
    graph: dict[str, set[str]] = {}
    for a, b in edges:
        graph.setdefault(a, set()).add(b)
        graph.setdefault(b, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[set[str]] = []

    def visit(v: str) -> None:  # Tarjan's algorithm; the graph is a few hundred nodes
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = set()
            while True:
                w = stack.pop()
                group.add(w)
                if w == v:
                    break
            if len(group) > 1 or v in graph[v]:
                groups.append(group)

    for v in sorted(graph):
        if v not in index:
            visit(v)
    found = []
    for group in groups:
        start = min(group)
        paths = {start: [start]}
        queue = [start]
        while queue:  # breadth first inside the group, back to start: a shortest cycle through it
            v = queue.pop(0)
            ahead = sorted(w for w in graph[v] if w in group)
            if start in ahead:
                path = [*paths[v], start]
                steps = "".join(f"\n    {edges[a, b]}" for a, b in zip(path, path[1:], strict=False))
                more = f" (one cycle in the group {', '.join(sorted(group))})" if len(group) > len(path) - 1 else ""
                found.append(" -> ".join(path) + more + steps)
                break
            for w in ahead:
                if w not in paths:
                    paths[w] = [*paths[v], w]
                    queue.append(w)
    return found


def module_edges(found: Iterable[Import]) -> dict[tuple[str, str], Import]:
    return {(imp.source, imp.target): imp for imp in found
            if imp.target.startswith(UI + ".") and imp.target != imp.source}


def package_edges(found: Iterable[Import]) -> dict[tuple[str, str], Import]:
    packages = {name for name, path in module_files().items() if path.name == "__init__.py"}
    edges = {}
    for imp in found:
        if not imp.target.startswith(UI + "."):
            continue
        a, b = package_of(imp.source, packages), package_of(imp.target, packages)
        if a != b:
            edges.setdefault((a, b), imp)
    return edges


# -- the seams ---------------------------------------------------------------------------------------------
def test_ui_imports_no_private_service_module() -> None:
    bad = private_service_imports(ui_imports())
    assert not bad, ("ui/ must use the public service modules (re-export what a pane needs there):\n"
                     + "\n".join(f"  {imp}" for imp in bad))


def test_no_import_cycle_between_ui_modules() -> None:
    found = cycles(module_edges(ui_imports()))
    assert not found, "import cycles between ui modules:\n" + "\n".join(f"  {c}" for c in found)


def test_no_import_cycle_between_ui_packages() -> None:
    found = cycles(package_edges(ui_imports()))
    assert not found, ("import cycles between ui subpackages (move the shared piece down, e.g. to ui/widgets):\n"
                       + "\n".join(f"  {c}" for c in found))


# -- the checks themselves see what they must --------------------------------------------------------------
def test_the_scan_sees_every_kind_of_import() -> None:
    edges = module_edges(ui_imports())
    assert ("frontdesk.ui.calendar.pane", "frontdesk.ui.calendar.pane_commands") in edges  # module level
    assert ("frontdesk.ui.main_window.window", "frontdesk.ui.admin") in edges  # inside a method
    text = ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from frontdesk.ui.a import B\n"
            "def f():\n    from . import c\n    import frontdesk.ui.d\n")
    known = {"frontdesk.ui.a", "frontdesk.ui.x", "frontdesk.ui.x.c", "frontdesk.ui.d"}
    targets = {imp.target for imp in imports_in("frontdesk.ui.x.e", text, known)}
    assert targets == {"", "frontdesk.ui.a", "frontdesk.ui.x.c", "frontdesk.ui.d"}  # "": typing, not ours


def test_private_imports_are_recognised_however_written() -> None:
    text = ("from frontdesk.services._base import Actor\n"
            "from frontdesk.services.scheduling import _schedule_queries\n"
            "from frontdesk.services.scheduling._schedule_rules import ScheduleConflict\n"
            "import frontdesk.services.desk._letter_merge\n"
            "from frontdesk.services.session import Actor\n"
            "from frontdesk.services.scheduling import appointments\n")
    found = private_service_imports(imports_in("frontdesk.ui.x", text, module_files()))
    assert [imp.dotted for imp in found] == [
        "frontdesk.services._base.Actor", "frontdesk.services.scheduling._schedule_queries",
        "frontdesk.services.scheduling._schedule_rules.ScheduleConflict", "frontdesk.services.desk._letter_merge"]


def test_cycles_are_found_and_named() -> None:
    def imp(a: str, b: str) -> Import:
        return Import(a, b, b, f"{a}.py:1")

    edges = {(a, b): imp(a, b) for a, b in [("p", "q"), ("q", "r"), ("r", "p"), ("r", "s"), ("s", "t")]}
    [cycle] = cycles(edges)
    assert cycle.splitlines() == ["p -> q -> r -> p", "    p.py:1: imports q", "    q.py:1: imports r",
                                  "    r.py:1: imports p"]
    assert cycles({("p", "q"): imp("p", "q"), ("q", "s"): imp("q", "s")}) == []
    assert package_of("frontdesk.ui.billing.payments.receipt", {"frontdesk.ui.billing"}) == "frontdesk.ui.billing"
    assert package_of("frontdesk.ui.context", {"frontdesk.ui.billing"}) == "frontdesk.ui.context"
