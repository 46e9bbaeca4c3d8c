"""The Messages tab of the Desk pane: the inbox (or messages I took, or all), the selected message and its thread."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from frontdesk.error_messages import to_user_message
from frontdesk.services.desk import phone_messages
from frontdesk.services.desk.phone_messages import MessageDetail, MessageRow, Recipient
from frontdesk.ui.context import UiContext
from frontdesk.ui.desk.list_bar import ListBar
from frontdesk.ui.desk.messages_detail import MessageDetailPanel
from frontdesk.ui.desk.messages_dialog import TakeMessageDialog
from frontdesk.ui.desk.messages_model import MessagesModel
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.widgets.common import guarded, make_table

StatusFn = Callable[[str], None]
SCOPES = (("inbox", "My inbox"), ("taken", "Messages I took"), ("all", "All messages"))
TOPICS = frozenset({"messages", "users"})


class MessagesTab(QWidget):
    """Self-contained: loads on first show, follows the signed-in user, refreshes on the 'messages' topic."""

    def __init__(self, uictx: UiContext, status: StatusFn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messages_tab")
        self.uictx = uictx
        self._status = status
        self._dirty = True
        self._shown_id: int | None = None
        self.bar = ListBar(self, name="message", scopes=SCOPES, noun="message", action_text="&Take message\u2026",
                           action_name="take_message", action_tip="Take a phone message (Ctrl+M)", shortcut="Ctrl+M")
        self.show_done, self.count_label = self.bar.show_done, self.bar.count_label
        self.take_button = self.bar.action_button

        self.model = MessagesModel(uictx, self)
        self.view, _proxy = make_table(self, self.model)  # lazy pages: no sort proxy
        self.view.setObjectName("messages_table")
        self.view.setAccessibleName("Phone messages")
        for column, width in enumerate((135, 175, 105, 130, 80, 105, 80)):
            self.view.setColumnWidth(column, width)
        self.detail = MessageDetailPanel(uictx.clock, self)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.view)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([930, 420])  # at 1366 px wide every column but part of "Due" fits
        layout = QVBoxLayout(self)
        layout.addWidget(self.bar)
        layout.addWidget(splitter, 1)

        self.bar.changed.connect(self.reload)
        self.bar.action_requested.connect(self.take_message)
        self.model.loaded.connect(self._loaded)
        self.view.selectionModel().selectionChanged.connect(self._on_selection)
        self.detail.status_requested.connect(self._set_status)
        self.detail.note_requested.connect(self._add_note)
        uictx.changed.connect(self._on_changed)
        uictx.actor_changed.connect(self._on_actor)

    # -- loading ------------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self.reload()

    def reload(self) -> None:
        """Reload the list (keeping the selected message when it is still in it)."""
        self._dirty = False
        if self.uictx.actor is None:
            return
        self.model.load(self.bar.scope_key(), self.bar.include_done())

    def _on_changed(self, topics: frozenset[str]) -> None:
        if not topics & TOPICS:
            return
        if self.isVisible():
            self.reload()
            if self._shown_id is not None:  # the message on screen re-read: not another view of it
                self.uictx.call(phone_messages.message_detail, self._shown_id, on_done=guarded(self, self._show),
                                on_error=guarded(self, self._open_failed))
        else:
            self._dirty = True

    def _on_actor(self, _actor: object) -> None:
        # Another user signed in: their inbox, and nothing of the previous user's stays on screen.
        self._shown_id = None
        self.detail.show_detail(None)
        self._dirty = True
        if self.isVisible():
            self.reload()

    def _loaded(self) -> None:
        self.bar.show_count(self.model.total)
        if self._shown_id is not None:
            row = self.model.row_of(self._shown_id)
            if row >= 0:
                self.view.selectionModel().blockSignals(True)
                self.view.selectRow(row)
                self.view.selectionModel().blockSignals(False)

    # -- actions ------------------------------------------------------------------------------------
    def take_message(self) -> None:
        """Ask for the recipients, then show the 'Take a message' dialog."""
        self.uictx.call(phone_messages.list_recipients, on_done=guarded(self, self._take_with),
                        on_error=guarded(self, ErrorPresenter(self)))

    def _take_with(self, recipients: list[Recipient]) -> None:
        row = TakeMessageDialog.ask(self, self.uictx, recipients)
        if row is not None:
            self._status(f"Message from {row.caller_name} saved for {row.to_label}.")

    def _on_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.view.selectionModel().selectedRows()
        if rows:
            self._open(self.model.record(rows[0].row()).id)

    def _open(self, message_id: int) -> None:
        self.uictx.call(phone_messages.get_message, message_id, on_done=guarded(self, self._show),
                        on_error=guarded(self, self._open_failed))

    def _show(self, detail: MessageDetail) -> None:
        self._shown_id = detail.message.id
        self.detail.show_detail(detail)
        self.model.replace(detail.message)

    def _open_failed(self, exc: BaseException) -> None:
        self._shown_id = None
        self.detail.show_detail(None)
        self._status(to_user_message(exc).text)

    def _set_status(self, message_id: int, status: str) -> None:
        self.uictx.call(phone_messages.set_message_status, message_id, status,
                        on_done=guarded(self, self._status_set), on_error=guarded(self, ErrorPresenter(self)))

    def _status_set(self, row: MessageRow) -> None:
        self.model.replace(row)
        self._status(f"Message from {row.caller_name} marked {phone_messages.STATUS_LABELS[row.status].lower()}.")

    def _add_note(self, message_id: int, text: str) -> None:
        self.uictx.call(phone_messages.add_message_note, message_id, text,
                        on_done=guarded(self, self._note_added), on_error=guarded(self, self._note_failed))

    def _note_added(self, detail: MessageDetail) -> None:
        self.detail.note_added()
        self.detail.show_detail(detail)
        self._status("Note added.")

    def _note_failed(self, exc: BaseException) -> None:
        message = to_user_message(exc)
        if message.expected:
            self.detail.note_failed(message.text)
        else:
            ErrorPresenter(self)(exc)
