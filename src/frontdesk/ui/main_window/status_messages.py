"""The main window's status bar: quiet confirmations that get the bar's free width, and a short history.

QStatusBar paints a temporary message only up to its first permanent widget and clips it there, so a
confirmation could be cut after a few words. Here the message is a label in the bar's stretchable area:
it takes whatever width the permanent widgets leave, is elided ("…") when even that is too narrow, and
then carries the whole text in its tooltip. The last messages are kept with their practice-clock time
for View > Recent messages.

``MessageStatusBar`` keeps QStatusBar's ``showMessage``/``currentMessage``/``clearMessage`` API, so the
panes (and tests) that talk to ``window.statusBar()`` need not change.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QSizePolicy,
    QStatusBar,
    QVBoxLayout,
    QWidget,
)

from frontdesk.ui.context import UiContext
from frontdesk.ui.widgets.schedule_inputs import clock_text

if TYPE_CHECKING:  # (only a type here: the pane needs no private service module)
    from frontdesk.services.session import Actor

HISTORY_SIZE = 20
# The message area gets at least this much of a crowded bar (about 80 characters at 1366 px wide).
MESSAGE_MIN_WIDTH = 560
MESSAGE_SHARE = 0.42


@dataclass(frozen=True)
class StatusEntry:
    """One message shown in the status bar and when (practice time)."""

    at: datetime
    text: str

    def line(self) -> str:
        return f"{clock_text(self.at)}  {self.text}"


class ElidedLabel(QLabel):
    """A one-line label that shows as much of its text as fits, the rest as '…' and the whole in a tooltip.

    It asks for its whole text's width but accepts down to ``min_chars`` characters, so a crowded status
    bar shrinks it instead of pushing widgets off the window or starving the message area.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None, *, min_chars: int = 8) -> None:
        super().__init__(parent)
        self._full = ""
        self._min_chars = min_chars
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText(text)

    def text(self) -> str:
        """The whole text, as set (what is painted may be elided: :meth:`shown_text`)."""
        return self._full

    def full_text(self) -> str:
        return self._full

    def shown_text(self) -> str:
        return super().text()

    def setText(self, text: str) -> None:  # noqa: N802 (QLabel API: callers set the whole text)
        self._full = text
        self._elide()
        self.updateGeometry()

    def is_elided(self) -> bool:
        return bool(self._full) and self.shown_text() != self._one_line()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        hint = super().sizeHint()
        margins = self.contentsMargins().left() + self.contentsMargins().right()
        return QSize(self.fontMetrics().horizontalAdvance(self._one_line()) + margins + 2, hint.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        width = self.fontMetrics().horizontalAdvance("x" * self._min_chars + "\u2026")
        return QSize(min(width, self.sizeHint().width()), super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._elide()

    def _one_line(self) -> str:
        return " ".join(self._full.split())  # a message with a line break still reads on one line

    def _elide(self) -> None:
        one_line = self._one_line()
        shown = self.fontMetrics().elidedText(one_line, Qt.TextElideMode.ElideRight, max(self.width(), 0))
        super().setText(shown)
        self.setToolTip(self._full if shown != one_line else "")


class MessageStatusBar(QStatusBar):
    """A status bar whose messages use its free width and are remembered (see the module docstring)."""

    def __init__(self, uictx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.clock = uictx.clock
        self._user: str | None = None if uictx.actor is None else uictx.actor.username
        uictx.actor_changed.connect(self._actor_changed)
        self.message_label = ElidedLabel("", self, min_chars=0)
        self.message_label.setObjectName("status_message")
        # Ignored: the message never asks for more than the bar has free (its stretch gives it all of that);
        # its minimum width (set on resize) makes crowded permanent labels shrink instead of the message.
        self.message_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.addWidget(self.message_label, 1)
        self._history: deque[StatusEntry] = deque(maxlen=HISTORY_SIZE)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clearMessage)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        self._reserve_message_width(event.size().width())
        super().resizeEvent(event)

    def _reserve_message_width(self, bar_width: int) -> None:
        """Claim up to MESSAGE_MIN_WIDTH for the message (no more than its text needs), but only what the
        other widgets can give up.

        Shrinkable labels (ElidedLabel) then elide; widgets that cannot shrink are never pushed off.
        """
        others = [w for w in self.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
                  if w is not self.message_label and not w.isHidden()]
        spacing = (self.layout().spacing() if self.layout() else 6) + 6
        needed = sum(max(w.minimumSizeHint().width(), w.minimumWidth()) + spacing for w in others)
        spare = bar_width - needed - 12
        wants = self.message_label.sizeHint().width()  # a short message squeezes nobody
        self.message_label.setMinimumWidth(max(0, min(MESSAGE_MIN_WIDTH, int(bar_width * MESSAGE_SHARE), spare, wants)))

    def showMessage(self, text: str, timeout: int = 0) -> None:  # noqa: N802 (QStatusBar API)
        """Show ``text`` (for ``timeout`` ms; 0 = until the next one) and add it to the history."""
        self._timer.stop()
        self.message_label.setText(text)
        self._reserve_message_width(self.width())  # for this text (the permanent widgets may have changed too)
        if text:
            self._history.append(StatusEntry(self.clock.now(), text))
        if timeout > 0:
            self._timer.start(timeout)
        self.messageChanged.emit(text)

    def currentMessage(self) -> str:  # noqa: N802 (QStatusBar API)
        return self.message_label.full_text()

    def clearMessage(self) -> None:  # noqa: N802 (QStatusBar API)
        self._timer.stop()
        if self.message_label.full_text():
            self.message_label.setText("")
            self._reserve_message_width(self.width())  # the labels get their whole text back
            self.messageChanged.emit("")

    def recent(self) -> list[StatusEntry]:
        """The last messages, newest first."""
        return list(reversed(self._history))

    def _actor_changed(self, actor: Actor | None) -> None:
        """Messages may name patients: another user (or nobody) must not read the last user's."""
        user = None if actor is None else actor.username
        if user != self._user:
            self._history.clear()
            self.clearMessage()
        self._user = user


class RecentMessagesDialog(QDialog):
    """View > Recent messages: the last status-bar messages with their time, newest first, selectable."""

    def __init__(self, entries: list[StatusEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Recent messages")
        self.setObjectName("recent_messages_dialog")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"The last {HISTORY_SIZE} status-bar messages of this sign-in, newest first.", self))
        self.list = QListWidget(self)
        self.list.setObjectName("recent_messages")
        self.list.setWordWrap(True)
        self.list.addItems([entry.line() for entry in entries] or ["No messages yet."])
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(680, 360)

    @classmethod
    def ask(cls, parent: QWidget | None, entries: list[StatusEntry]) -> None:
        """Show the list until closed (tests replace this)."""
        cls(entries, parent).exec()
