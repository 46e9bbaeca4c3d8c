"""Garbage is collected on the GUI thread while the runner's worker threads exist (ui/gc_guard.py): a
collection on the worker that frees a Qt object deadlocked PySide (the worker holding Qt's connection mutex
and waiting for the GIL, the GUI thread the reverse)."""

from __future__ import annotations

import gc
import threading

from pytestqt.qtbot import QtBot

from frontdesk.ui.runner import Runner


class _Cycle:
    """Garbage only the cyclic collector frees; records the thread that freed it."""

    freed_on: list[str] = []

    def __init__(self) -> None:
        self.me = self

    def __del__(self) -> None:
        _Cycle.freed_on.append(threading.current_thread().name)


def _allocate_a_lot() -> int:
    # Enough container objects to pass the first generation's threshold many times over.
    return len([[i] for i in range(50_000)])


def test_cyclic_garbage_is_freed_on_the_gui_thread_not_the_worker(qtbot: QtBot) -> None:
    runner = Runner(lambda exc: None)
    try:
        assert not gc.isenabled()
        _Cycle.freed_on.clear()
        for _ in range(50):
            _Cycle()
        done: list[int] = []
        for _ in range(5):
            runner.submit(_allocate_a_lot, done.append)
        qtbot.waitUntil(lambda: len(done) == 5)
        qtbot.waitUntil(lambda: len(_Cycle.freed_on) == 50)
        assert set(_Cycle.freed_on) == {threading.main_thread().name}
    finally:
        runner.shutdown()
    assert gc.isenabled()


def test_a_runner_deleted_without_shutdown_gives_collection_back(qtbot: QtBot) -> None:
    runner = Runner(lambda exc: None)
    assert not gc.isenabled()
    runner.shutdown()
    assert gc.isenabled()
    second = Runner(lambda exc: None)
    second._thread.quit()  # as a parent deleting it would leave things: threads gone, no shutdown()
    second._thread.wait()
    second._thread = None
    second.deleteLater()
    qtbot.waitUntil(gc.isenabled)
