"""The Contact history tab: the patient's timeline, newest first, and Add note... ."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.formats import format_datetime
from frontdesk.domain.permissions import Permission
from frontdesk.domain.schedule_time import PracticeClock
from frontdesk.error_messages import to_user_message
from frontdesk.services.patients import contact_history
from frontdesk.services.patients.contact_history import ContactEntry
from frontdesk.ui.context import UiContext
from frontdesk.ui.patients.family_dialogs import ContactNoteDialog
from frontdesk.ui.widgets.common import allowed
from frontdesk.ui.widgets.models import Column, RecordTableModel

_DIRECTION = {"in": "Incoming", "out": "Outgoing", "": ""}
def contact_columns(clock: PracticeClock) -> list[Column[ContactEntry]]:
    """The contact history's columns (times on the practice's clock)."""
    return [
        Column("Date / time", lambda e: format_datetime(e.at, clock.tz)),
        Column("Kind", lambda e: e.kind.replace("_", " ").capitalize()),
        Column("Direction", lambda e: _DIRECTION.get(e.direction, e.direction)),
        Column("Outcome", lambda e: e.outcome),
        Column("Summary", lambda e: e.summary),
        Column("By", lambda e: e.username),
    ]


class ContactHistoryTab(QWidget):
    """Calls, messages, letters, notes and system events about the patient (the service orders them)."""

    topics = frozenset({"contacts", "patients", "appointments"})

    def __init__(self, uictx: UiContext, parent: QWidget | None = None, *,
                 status: Callable[[str], None] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contact_history_tab")
        self.uictx = uictx
        self._status = status or (lambda _t: None)
        self.patient_id: int | None = None
        self.model: RecordTableModel[ContactEntry] = RecordTableModel(contact_columns(uictx.clock), self)
        self.view = QTableView(self)
        self.view.setObjectName("contact_history_view")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.message = QLabel(self)
        self.add_button = QPushButton("&Add note\u2026", self)
        self.add_button.setObjectName("add_contact_note")
        self.add_button.clicked.connect(self.add_note)
        top = QHBoxLayout()
        top.addWidget(self.message, 1)
        top.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        uictx.changed.connect(self._on_changed)

    def set_patient(self, patient_id: int | None) -> None:
        """Show ``patient_id``'s timeline (None: nothing)."""
        self.patient_id = patient_id
        self.model.set_rows([])
        self.add_button.setEnabled(patient_id is not None and allowed(self.uictx, Permission.EDIT_PATIENTS))
        self.refresh()

    def refresh(self) -> None:
        patient_id = self.patient_id
        if patient_id is None:
            self.message.clear()
            return
        self.uictx.call(contact_history.list_contact_history, patient_id,
                        on_done=lambda rows: self._loaded(patient_id, rows),
                        on_error=lambda exc: self.message.setText("\u26a0 " + to_user_message(exc).text))

    def _loaded(self, patient_id: int, rows: list[ContactEntry]) -> None:
        if patient_id != self.patient_id:
            return  # another patient was opened meanwhile
        self.model.set_rows(rows)
        self.message.setText(f"{len(rows)} entr{'y' if len(rows) == 1 else 'ies'}, newest first" if rows
                             else "Nothing recorded yet.")

    def _on_changed(self, topics: frozenset[str]) -> None:
        if topics & self.topics:
            self.refresh()

    def add_note(self) -> None:
        """Log a call, message, letter or note by hand."""
        if self.patient_id is None or not self.add_button.isEnabled():
            return
        entry = ContactNoteDialog.ask(self, self.uictx, self.patient_id)
        if entry is not None:
            self._status("Added to the contact history.")
