"""Idle detection for the automatic screen lock: only real keyboard, mouse and touch input counts."""

from __future__ import annotations

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
    """

    idle = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.idle)
        self._installed_on: QObject | None = None
        self.set_timeout_ms(timeout_ms)

    # -- configuration --------------------------------------------------------------------------
    def timeout_ms(self) -> int:
        return self._timer.interval()

    def set_timeout_ms(self, timeout_ms: int) -> None:
        """Change the delay; a running countdown restarts with the new value."""
        if timeout_ms <= 0:
            raise ValueError("idle timeout must be positive")
        self._timer.setInterval(int(timeout_ms))
        if self._timer.isActive():
            self._timer.start()

    def set_timeout_minutes(self, minutes: int) -> None:
        self.set_timeout_ms(int(minutes) * 60_000)

    # -- running --------------------------------------------------------------------------------
    def is_running(self) -> bool:
        return self._installed_on is not None

    def remaining_ms(self) -> int:
        """Milliseconds until ``idle`` fires (-1 when stopped)."""
        return self._timer.remainingTime() if self._timer.isActive() else -1

    def start(self, target: QObject | None = None) -> None:
        """Watch ``target`` (default: the QApplication) and start counting down."""
        if target is None:
            from PySide6.QtWidgets import QApplication

            target = QApplication.instance()
        if self._installed_on is not target:
            self.stop()
            target.installEventFilter(self)
            self._installed_on = target
        self._timer.start()

    def stop(self) -> None:
        """Stop counting and stop filtering (e.g. while the screen is locked)."""
        self._timer.stop()
        if self._installed_on is not None:
            self._installed_on.removeEventFilter(self)
            self._installed_on = None

    def feed(self, event: QEvent) -> bool:
        """Consider one event; returns True when it counted as activity and restarted the countdown."""
        if not self.is_running() or event.type() not in ACTIVITY_EVENTS or not event.spontaneous():
            return False
        self._timer.start()
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        self.feed(event)
        return False  # observe only: every event continues to its receiver
