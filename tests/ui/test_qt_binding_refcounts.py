"""Regression: PySide6 6.12.0 on CPython 3.11 drops a reference to None/True per call and crashes the app.

The pinned binding must keep reference counts balanced across the calls the runner makes thousands
of times a day (processEvents, signal emission with a bool, slots returning None).
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    flag = Signal(bool)


def test_event_loop_and_signals_keep_none_and_true_refcounts(qapp) -> None:
    emitter = _Emitter()
    received = [0]

    def count(value: bool) -> None:
        received[0] += 1  # keep no reference to the bool itself

    emitter.flag.connect(count)
    for _ in range(50):  # warm caches so only a steady leak remains
        qapp.processEvents()
        emitter.flag.emit(True)
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(2000):
        qapp.processEvents()
        emitter.flag.emit(True)
    # A leaking build loses exactly one reference per call: 2,000 here. Allow noise, not a leak.
    assert abs(sys.getrefcount(None) - none_before) < 200
    assert abs(sys.getrefcount(True) - true_before) < 200
    assert received[0] == 2050
