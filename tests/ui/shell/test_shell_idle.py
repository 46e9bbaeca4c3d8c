"""Idle detection: only real (spontaneous) input resets the countdown; programmatic events never do."""

from __future__ import annotations


import pytest
from PySide6.QtCore import QEvent, QPointF, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit

from frontdesk.ui.idle import IdleWatcher


@pytest.fixture
def edit(qtbot) -> QLineEdit:  # type: ignore[no-untyped-def]
    widget = QLineEdit()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def watcher(qtbot):  # type: ignore[no-untyped-def]
    made: list[IdleWatcher] = []

    def make(timeout_ms: int) -> IdleWatcher:
        w = IdleWatcher(timeout_ms)
        made.append(w)
        return w

    yield make
    for w in made:
        w.stop()


def _synthetic_key() -> QKeyEvent:
    return QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a")


def _spy(w: IdleWatcher) -> list[tuple[QEvent.Type, bool]]:
    """Record what the filter decided for each activity-type event (the filter calls self.feed)."""
    seen: list[tuple[QEvent.Type, bool]] = []
    real_feed = w.feed

    def feed(event: QEvent) -> bool:
        counted = real_feed(event)
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress):
            seen.append((event.type(), counted))
        return counted

    w.feed = feed  # type: ignore[method-assign]
    return seen


def test_real_key_presses_reset_but_programmatic_ones_do_not(watcher, edit) -> None:  # type: ignore[no-untyped-def]
    w = watcher(60_000)
    seen = _spy(w)
    w.start()
    QApplication.sendEvent(edit, _synthetic_key())  # what a timer or a background refresh could do
    assert seen == [(QEvent.Type.KeyPress, False)]
    seen.clear()
    QTest.keyClick(edit, Qt.Key.Key_B)  # delivered like the window system delivers a key press
    assert (QEvent.Type.KeyPress, True) in seen
    seen.clear()
    QTest.mouseClick(edit, Qt.MouseButton.LeftButton)
    assert (QEvent.Type.MouseButtonPress, True) in seen


def test_feed_ignores_non_input_and_works_only_while_running(watcher) -> None:  # type: ignore[no-untyped-def]
    w = watcher(60_000)
    assert w.feed(QEvent(QEvent.Type.Paint)) is False  # stopped: nothing counts
    w.start()
    assert w.feed(QEvent(QEvent.Type.Paint)) is False
    assert w.feed(QEvent(QEvent.Type.Timer)) is False
    assert w.feed(_synthetic_key()) is False  # not spontaneous
    w.stop()
    assert not w.is_running() and w.remaining_ms() == -1


def test_idle_fires_although_programmatic_events_keep_arriving(qtbot, watcher, edit) -> None:  # type: ignore[no-untyped-def]
    w = watcher(300)
    pulses = QTimer()
    pulses.setInterval(40)

    def pulse() -> None:  # synthetic input every 40 ms: must not keep the screen awake
        QApplication.sendEvent(edit, _synthetic_key())
        QApplication.sendEvent(edit, QMouseEvent(QEvent.Type.MouseMove, QPointF(3, 3), QPointF(3, 3),
                                                 Qt.MouseButton.NoButton, Qt.MouseButton.NoButton,
                                                 Qt.KeyboardModifier.NoModifier))

    pulses.timeout.connect(pulse)
    pulses.start()
    try:
        w.start()
        # Any timeout works: if the pulses counted as activity, idle would never fire and this would fail.
        with qtbot.waitSignal(w.idle, timeout=8000):
            pass
    finally:
        pulses.stop()


def test_timeout_can_be_changed_and_must_be_positive(watcher) -> None:  # type: ignore[no-untyped-def]
    w = watcher(1000)
    w.set_timeout_minutes(3)
    assert w.timeout_ms() == 180_000
    with pytest.raises(ValueError):
        w.set_timeout_ms(0)
