"""The selected message: who called about what, its status with who and when, and its reply / note thread."""

from __future__ import annotations

from datetime import tzinfo
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.formats import format_datetime, format_phone
from frontdesk.domain.schedule_time import PracticeClock
from frontdesk.services.desk.phone_messages import STATUS_LABELS, URGENCY_LABELS, MessageDetail
from frontdesk.ui.desk.messages_model import who_called
from frontdesk.ui.widgets.form import FieldError


def detail_text(detail: MessageDetail, tz: tzinfo) -> str:
    """The message as plain text lines (no markup: caller text is never interpreted)."""
    m = detail.message
    lines = [f"From: {who_called(m)}",
             f"Patient: {m.patient_name or 'Not a patient'}",
             f"Reason: {m.reason}",
             f"Urgency: {URGENCY_LABELS.get(m.urgency, m.urgency)}",
             f"For: {m.to_label}",
             f"Taken: {format_datetime(m.created_at, tz)} by {m.taken_by_name or 'unknown'}"]
    if m.call_back:
        lines.append(f"\u260e Call back at {format_phone(m.callback_phone)}")
    due = f"Due: {format_datetime(m.due_at, tz)}"
    lines.append(("\u26a0 Overdue \u2014 " + due) if m.overdue else due)
    status = f"Status: {STATUS_LABELS.get(m.status, m.status)}"
    if m.status_at is not None:
        status += f" \u2014 {m.status_by_name or 'unknown'}, {format_datetime(m.status_at, tz)}"
    lines.append(status)
    return "\n".join(lines)


def thread_text(detail: MessageDetail, tz: tzinfo) -> str:
    if not detail.notes:
        return "No replies or notes yet."
    return "\n\n".join(f"{format_datetime(n.at, tz)} \u2014 {n.user_name or 'unknown'}:\n{n.text}" for n in detail.notes)


class MessageDetailPanel(QWidget):
    """Emits ``status_requested(id, status)`` and ``note_requested(id, text)``; the tab calls the services."""

    status_requested = Signal(int, str)
    note_requested = Signal(int, str)

    def __init__(self, clock: PracticeClock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("message_detail")
        self.clock = clock  # times shown on the practice's clock
        self.detail: MessageDetail | None = None
        self.summary = QLabel("Choose a message to read it.", self)
        self.summary.setObjectName("message_summary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body = QPlainTextEdit(self)
        self.body.setObjectName("message_body")
        self.body.setReadOnly(True)
        self.body.setAccessibleName("Message text")
        self.body.setMaximumHeight(110)
        self.start_button = QPushButton("&Start", self)
        self.start_button.setObjectName("message_start")
        self.start_button.setToolTip("Mark in progress: you are working on it (Ctrl+Shift+S)")
        self.done_button = QPushButton("&Done", self)
        self.done_button.setObjectName("message_done")
        self.done_button.setToolTip("Mark done (Ctrl+D)")
        self.reopen_button = QPushButton("Re&open", self)
        self.reopen_button.setObjectName("message_reopen")
        buttons = QHBoxLayout()
        for b in (self.start_button, self.done_button, self.reopen_button):
            b.setAutoDefault(False)
            buttons.addWidget(b)
        buttons.addStretch(1)

        thread_box = QGroupBox("Replies and notes", self)
        self.thread = QPlainTextEdit(thread_box)
        self.thread.setObjectName("message_thread")
        self.thread.setReadOnly(True)
        self.thread.setAccessibleName("Replies and notes")
        self.reply = QPlainTextEdit(thread_box)
        self.reply.setObjectName("message_reply")
        self.reply.setTabChangesFocus(True)
        self.reply.setPlaceholderText("Type a reply or note\u2026 (Ctrl+Enter adds it)")
        self.reply.setMaximumHeight(70)
        reply_label = QLabel("Re&ply:", thread_box)
        reply_label.setBuddy(self.reply)
        self.reply_error = FieldError(thread_box)
        self.reply_error.setObjectName("note_error")
        self.add_button = QPushButton("&Add note", thread_box)
        self.add_button.setObjectName("message_add_note")
        self.add_button.setAutoDefault(False)
        tl = QVBoxLayout(thread_box)
        tl.addWidget(self.thread, 1)
        tl.addWidget(reply_label)
        tl.addWidget(self.reply)
        tl.addWidget(self.reply_error)
        tl.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignRight)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.body)
        layout.addLayout(buttons)
        layout.addWidget(thread_box, 1)

        self.start_button.clicked.connect(lambda: self._status("in_progress"))
        self.done_button.clicked.connect(lambda: self._status("done"))
        self.reopen_button.clicked.connect(lambda: self._status("open"))
        self.add_button.clicked.connect(self._add_note)
        QShortcut(QKeySequence("Ctrl+Return"), self.reply, self._add_note,
                  context=Qt.ShortcutContext.WidgetShortcut)
        QShortcut(QKeySequence("Ctrl+D"), self, lambda: self._status("done"),
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence("Ctrl+Shift+S"), self, lambda: self._status("in_progress"),
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.show_detail(None)

    def show_detail(self, detail: MessageDetail | None) -> None:
        """Show a message (None = nothing chosen); a reply being typed for the same message is kept."""
        same = detail is not None and self.detail is not None and detail.message.id == self.detail.message.id
        self.detail = detail
        if not same:
            self.reply.clear()
            self.reply_error.clear_error()
        has = detail is not None
        for widget in (self.body, self.reply, self.add_button):
            widget.setEnabled(has)
        if detail is None:
            self.summary.setText("Choose a message to read it.")
            self._fit_summary()
            self.body.clear()
            self.thread.clear()
            for b in (self.start_button, self.done_button, self.reopen_button):
                b.setEnabled(False)
            return
        status = detail.message.status
        self.summary.setText(detail_text(detail, self.clock.tz))
        self._fit_summary()
        self.body.setPlainText(detail.message.text or "(no message text)")
        self.thread.setPlainText(thread_text(detail, self.clock.tz))
        self.thread.verticalScrollBar().setValue(self.thread.verticalScrollBar().maximum())
        self.start_button.setEnabled(status == "open")
        self.done_button.setEnabled(status != "done")
        self.reopen_button.setEnabled(status == "done")

    def _fit_summary(self) -> None:
        # A word-wrapped label in a splitter is laid out one line high unless told its height for the width.
        self.summary.setMinimumHeight(self.summary.heightForWidth(max(self.summary.width(), 200)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_summary()

    def note_failed(self, text: str) -> None:
        self.reply_error.show_error(text)
        self.reply.setFocus()

    def note_added(self) -> None:
        self.reply.clear()
        self.reply_error.clear_error()

    def _status(self, status: str) -> None:
        if self.detail is not None and self.detail.message.status != status:
            self.status_requested.emit(self.detail.message.id, status)

    def _add_note(self) -> None:
        if self.detail is not None:
            self.reply_error.clear_error()
            self.note_requested.emit(self.detail.message.id, self.reply.toPlainText())
