"""The appointment menu (right click, Menu key, and the toolbar's Appointment button): one QAction per
action, enabled for the selected appointment's status."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from frontdesk.services.scheduling.appointment_status import AppointmentInfo
from frontdesk.ui.calendar.appointment_actions import ACTIONS, applies
from frontdesk.ui.calendar.status_style import status_text

SEPARATE_AFTER = {"undo_check_in", "cut", "edit"}  # group lifecycle, changes and outputs


class AppointmentMenu(QMenu):
    """``run(key, info)`` is called with the target appointment when an entry is chosen."""

    def __init__(self, run: Callable[[str, AppointmentInfo], None], parent: QWidget | None = None) -> None:
        super().__init__("&Appointment", parent)
        self.setObjectName("appointment_menu")
        self._run = run
        self._target: AppointmentInfo | None = None
        self.heading = QAction(self)
        self.heading.setEnabled(False)
        self.addAction(self.heading)
        # Said in words when the role hides the entries that change an appointment (its tooltip: who can).
        self.note = QAction("View only: your role does not book or change appointments", self)
        self.note.setObjectName("appointment_view_only")
        self.note.setEnabled(False)
        self.note.setVisible(False)
        self.addAction(self.note)
        self.setToolTipsVisible(True)
        self.addSeparator()
        self.entries: dict[str, QAction] = {}
        self._hidden: frozenset[str] = frozenset()
        for key, text, _statuses in ACTIONS:
            action = QAction(text, self)
            action.setObjectName(f"appointment_{key}")
            action.triggered.connect(lambda _checked=False, k=key: self._trigger(k))
            self.addAction(action)
            self.entries[key] = action
            if key in SEPARATE_AFTER:
                self.addSeparator()
        self.set_target(None)

    def target(self) -> AppointmentInfo | None:
        return self._target

    def set_hidden(self, keys: frozenset[str], *, note: str = "") -> None:
        """Hide the entries the signed-in user's role cannot use (offering them would only end in a refusal);
        ``note`` (the reason) shows the view-only line."""
        self._hidden = keys
        for key, action in self.entries.items():
            action.setVisible(key not in keys)
        self.note.setVisible(bool(note))
        self.note.setToolTip(note)
        self.set_target(self._target)

    def set_target(self, info: AppointmentInfo | None) -> None:
        """Enable what applies to this appointment's status (everything off when none is selected)."""
        self._target = info
        if info is None:
            self.heading.setText("No appointment selected")
        else:
            self.heading.setText(f"{info.patient_name} \u2014 {status_text(info.status)}")
        for key, action in self.entries.items():
            action.setEnabled(info is not None and key not in self._hidden and applies(key, info.status))

    def _trigger(self, key: str) -> None:
        if self._target is not None and key not in self._hidden and applies(key, self._target.status):
            self._run(key, self._target)
