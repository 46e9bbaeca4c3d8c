"""The unread-messages badge for the status bar: '✉ 3 unread messages', following the signed-in user."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QLabel, QWidget

from frontdesk.services.desk import phone_messages
from frontdesk.ui.context import UiContext
from frontdesk.ui.widgets.common import guarded

# Messages taken at another workstation arrive without a signal here; a slow poll picks them up.
POLL_MS = 60_000


def badge_text(count: int) -> str:
    """The words (and the envelope) the badge shows; a count is never shown by colour alone."""
    if count <= 0:
        return "\u2709 No unread messages"
    return f"\u2709 {count:,} unread message{'s' if count != 1 else ''}"


class UnreadBadge(QLabel):
    """Asks ``unread_count`` on sign-in, on every 'messages' change and once a minute; ``clicked`` opens the inbox.

    Bold while there is something unread (the text says how many, so bold is not the only cue); hidden
    while nobody is signed in so a locked screen shows nothing of anyone's inbox.
    """

    clicked = Signal()
    count_changed = Signal(int)  # the Desk's navigation item repeats the count

    def __init__(self, uictx: UiContext, parent: QWidget | None = None, *, poll_ms: int = POLL_MS) -> None:
        super().__init__(parent)
        self.setObjectName("unread_badge")
        self.uictx = uictx
        self.count = 0
        self._seq = 0
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip("Phone messages for you or your groups (role, provider, Nurses) that you have not opened "
                        "(click to open the inbox)")
        self.timer = QTimer(self)
        self.timer.setInterval(poll_ms)
        self.timer.timeout.connect(self.refresh)
        uictx.changed.connect(self._on_changed)
        uictx.actor_changed.connect(lambda _actor: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        """Ask the count again (the newest answer wins)."""
        self._seq += 1
        seq = self._seq
        if self.uictx.actor is None:
            self.timer.stop()
            self._show(seq, 0)
            self.hide()
            return
        if not self.timer.isActive():
            self.timer.start()
        self.uictx.call(phone_messages.unread_count, on_done=guarded(self, lambda n: self._show(seq, n)),
                        on_error=guarded(self, lambda _exc: self._failed(seq)))

    def _failed(self, seq: int) -> None:
        # A badge never pops up an error box (it polls); it says plainly that the count is unknown.
        if seq == self._seq:
            self.setText("\u2709 Unread count unavailable")

    def _show(self, seq: int, count: int) -> None:
        if seq != self._seq:
            return
        if count != self.count:
            self.count_changed.emit(count)
        self.count = count
        self.setText(badge_text(count))
        font = self.font()
        font.setBold(count > 0)
        self.setFont(font)
        self.setAccessibleName(badge_text(count).lstrip("\u2709 "))
        if self.uictx.actor is not None:
            self.show()

    def _on_changed(self, topics: frozenset[str]) -> None:
        if "messages" in topics or "users" in topics:
            self.refresh()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)
