"""The Contact history tab: the patient's timeline, newest first, and Add note... ."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHeaderView, QPushButton, QWidget

from frontdesk.domain.formats import format_datetime
from frontdesk.domain.permissions import Permission
from frontdesk.domain.schedule_time import PracticeClock
from frontdesk.services.patients import contact_history
from frontdesk.services.patients.contact_history import ContactEntry
from frontdesk.ui.context import UiContext
from frontdesk.ui.patients.family_dialogs import ContactNoteDialog
from frontdesk.ui.patients.patient_log_tab import PatientLogTab
from frontdesk.ui.widgets.common import allowed
from frontdesk.ui.widgets.models import Column

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


class ContactHistoryTab(PatientLogTab[ContactEntry]):
    """Calls, messages, letters, notes and system events about the patient (the service orders them)."""

    topics = frozenset({"contacts", "patients", "appointments"})

    def __init__(self, uictx: UiContext, parent: QWidget | None = None, *,
                 status: Callable[[str], None] | None = None) -> None:
        super().__init__(uictx, contact_columns(uictx.clock), contact_history.list_contact_history,
                         name="contact_history", status=status, parent=parent)
        self.add_button = QPushButton("&Add note\u2026", self)
        self.add_button.setObjectName("add_contact_note")
        self.add_button.clicked.connect(self.add_note)
        self.bar.addWidget(self.add_button)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.column.addWidget(self.view, 1)

    def set_patient(self, patient_id: int | None) -> None:
        """Show ``patient_id``'s timeline (None: nothing)."""
        self.add_button.setEnabled(patient_id is not None and allowed(self.uictx, Permission.EDIT_PATIENTS))
        self.show_patient(patient_id)

    def show_rows(self, rows: list[ContactEntry]) -> None:
        self.message.setText(f"{len(rows)} entr{'y' if len(rows) == 1 else 'ies'}, newest first" if rows
                             else "Nothing recorded yet.")

    def add_note(self) -> None:
        """Log a call, message, letter or note by hand."""
        if self.patient_id is None or not self.add_button.isEnabled():
            return
        entry = ContactNoteDialog.ask(self, self.uictx, self.patient_id)
        if entry is not None:
            self._status("Added to the contact history.")
