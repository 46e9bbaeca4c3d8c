"""Threads in the GUI come from the one runner: no module under ui/ but ui/runner.py starts its own.

A dialog with a thread of its own escapes the runner's rules (results only to a live receiver of the
current sign-in, one queue for the database); long jobs use ``Runner.submit_long`` instead.
"""

from __future__ import annotations

import ast
from pathlib import Path

import frontdesk.ui

UI = Path(frontdesk.ui.__file__).parent
THE_RUNNER = UI / "runner.py"
THREAD_MODULES = ("threading", "_thread", "concurrent.futures", "multiprocessing")
THREAD_NAMES = ("QThread", "QThreadPool", "QRunnable")


def thread_imports(source: str) -> list[str]:
    """The thread machinery ``source`` imports (modules, or Qt's thread classes), as written."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.startswith(THREAD_MODULES) or a.name == "concurrent"]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if module.startswith(THREAD_MODULES) or module == "concurrent":
                found.append(module)
            found += [f"{module}.{a.name}" for a in node.names if a.name in THREAD_NAMES]
    return found


def test_the_check_sees_every_way_of_importing_a_thread() -> None:
    source = ("import threading\nfrom concurrent.futures import ThreadPoolExecutor\nimport concurrent.futures\n"
              "from PySide6.QtCore import QObject, QThread, QThreadPool\ndef f():\n    import _thread\n")
    assert thread_imports(source) == ["threading", "concurrent.futures", "concurrent.futures",
                                      "PySide6.QtCore.QThread", "PySide6.QtCore.QThreadPool", "_thread"]
    assert thread_imports("from PySide6.QtCore import QObject, Signal\nimport logging\n") == []


def test_only_the_runner_starts_threads_in_the_gui() -> None:
    offenders = {str(path.relative_to(UI)): found for path in sorted(UI.rglob("*.py")) if path != THE_RUNNER
                 for found in [thread_imports(path.read_text(encoding="utf-8"))] if found}
    assert offenders == {}, "use Runner.submit_long (UiContext.call_long) for long work, not a thread of your own"
    assert thread_imports(THE_RUNNER.read_text(encoding="utf-8"))  # the runner itself is where they live
