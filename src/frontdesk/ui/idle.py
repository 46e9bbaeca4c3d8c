"""Idle detection for the automatic screen lock: only real keyboard, mouse and touch input counts."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

# Input a person makes; paint, timer and focus events are not signs of someone at the desk.
ACTIVITY_EVENTS = frozenset({
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
})


class IdleWatcher(QObject):
    """An application-wide event filter that emits ``idle`` after ``timeout_ms`` without real input.

    Install it with :meth:`start` (it filters QApplication's events) and remove it with :meth:`stop`.
    Only *spontaneous* events (those the window system delivered) reset the countdown, so timers,
    background refreshes and programmatically posted events never keep an unattended screen awake.
    Tests can shorten the timeout and hand events to :meth:`feed` directly.

    Input only stamps the time (plain Python, no Qt call per mouse move); a coarse check timer
    compares the stamp with the deadline, so the lock fires at most one check interval late.
    """

    idle = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timeout_s = 0.0
        self._last_input = time.monotonic()
        self._installed_on: QObject | None = None
        self._check = QTimer(self)
        self._check.timeout.connect(self._on_check)
        self.set_timeout_ms(timeout_ms)

    # -- configuration --------------------------------------------------------------------------
    def timeout_ms(self) -> int:
        return round(self._timeout_s * 1000)

    def set_timeout_ms(self, timeout_ms: int) -> None:
        """Change the delay (counted from the last real input)."""
        if timeout_ms <= 0:
            raise ValueError("idle timeout must be positive")
        self._timeout_s = timeout_ms / 1000
        # A tenth of the delay, at most a second: an idle lock is never noticeably late.
        self._check.setInterval(max(10, min(1000, int(timeout_ms) // 10)))

    def set_timeout_minutes(self, minutes: int) -> None:
        self.set_timeout_ms(int(minutes) * 60_000)

    # -- running --------------------------------------------------------------------------------
    def is_running(self) -> bool:
        return self._installed_on is not None

    def remaining_ms(self) -> int:
        """Milliseconds until ``idle`` fires (-1 when stopped)."""
        if not self.is_running():
            return -1
        return max(0, round((self._last_input + self._timeout_s - time.monotonic()) * 1000))

    def start(self, target: QObject | None = None) -> None:
        """Watch ``target`` (default: the QApplication) and start counting down from now."""
        if target is None:
            from PySide6.QtWidgets import QApplication

            target = QApplication.instance()
        if self._installed_on is not target:
            self.stop()
            target.installEventFilter(self)
            self._installed_on = target
        self._last_input = time.monotonic()
        if not self._check.isActive():
            self._check.start()

    def stop(self) -> None:
        """Stop counting and stop filtering (e.g. while the screen is locked)."""
        self._check.stop()
        if self._installed_on is not None:
            self._installed_on.removeEventFilter(self)
            self._installed_on = None

    def feed(self, event: QEvent) -> bool:
        """Consider one event; returns True when it counted as activity and restarted the countdown."""
        if self._installed_on is None or not event.spontaneous() or event.type() not in ACTIVITY_EVENTS:
            return False
        self._last_input = time.monotonic()
        return True

    def _on_check(self) -> None:
        if self._installed_on is not None and time.monotonic() - self._last_input >= self._timeout_s:
            self._check.stop()  # one signal per idle period; start() re-arms it
            self.idle.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        self.feed(event)
        return False  # observe only: every event continues to its receiver
