"""The audit trail's filter bar: dates, user, patient ID and action, with errors under each field."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QDateEdit, QGridLayout, QLabel, QLineEdit, QWidget

from frontdesk.domain.schedule_time import PracticeClock
from frontdesk.errors import ValidationError
from frontdesk.services.admin.audit import AuditFilter
from frontdesk.ui.widgets.form import FieldError

ANY_USER = "Any"
DEFAULT_DAYS = 7


def default_range(today: date) -> tuple[date, date]:
    """The last seven days, the practice's ``today`` included."""
    return today - timedelta(days=DEFAULT_DAYS - 1), today


def _date_edit(parent: QWidget) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setDisplayFormat("MM/dd/yyyy")
    edit.setCalendarPopup(True)
    return edit


class AuditFilterBar(QWidget):
    """Collects an AuditFilter; Enter in any field emits ``submitted``."""

    submitted = Signal()

    def __init__(self, clock: PracticeClock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.clock = clock  # the practice's days, not the workstation's
        self.start = _date_edit(self)
        self.end = _date_edit(self)
        self.user = QComboBox(self)
        self.user.setMinimumContentsLength(12)
        self.user.addItem(ANY_USER, "")
        self.patient_id = QLineEdit(self)
        self.patient_id.setPlaceholderText("optional")
        self.patient_id.setMaxLength(12)
        self.action = QLineEdit(self)
        self.action.setPlaceholderText("e.g. login, user., patient.")
        self.action.setMaxLength(40)
        self.errors: dict[str, FieldError] = {}
        self.widgets: dict[str, QWidget] = {
            "start": self.start, "end": self.end, "username": self.user,
            "patient_id": self.patient_id, "action": self.action,
        }
        labels = {"start": "Fro&m:", "end": "T&o:", "username": "U&ser:", "patient_id": "Patient &ID:",
                  "action": "A&ction starts with:"}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(2)
        for col, (name, widget) in enumerate(self.widgets.items()):
            label = QLabel(labels[name], self)
            label.setBuddy(widget)
            widget.setObjectName(name)
            error = FieldError(self)
            error.setObjectName(f"{name}_error")
            self.errors[name] = error
            grid.addWidget(label, 0, col * 2)
            grid.addWidget(widget, 0, col * 2 + 1)
            # The error sits right under its own field.
            grid.addWidget(error, 1, col * 2, 1, 2)
        grid.setColumnStretch(9, 1)  # the action field takes the spare width
        self._defaults = default_range(clock.today())
        self.set_range(*self._defaults)

    def set_range(self, start: date, end: date) -> None:
        self.start.setDate(QDate(start.year, start.month, start.day))
        self.end.setDate(QDate(end.year, end.month, end.day))

    def roll_default_range(self) -> None:
        """After midnight the default 'last 7 days' moves on, unless someone picked other dates."""
        current = (self.start.date().toPython(), self.end.date().toPython())
        fresh = default_range(self.clock.today())
        if current == self._defaults and fresh != self._defaults:
            self.set_range(*fresh)
        self._defaults = fresh

    def set_usernames(self, usernames: list[str]) -> None:
        """Fill the user combo (keeping the current choice if it still exists)."""
        keep = self.user.currentData()
        self.user.clear()
        self.user.addItem(ANY_USER, "")
        for name in usernames:
            self.user.addItem(name, name)
        index = self.user.findData(keep)
        self.user.setCurrentIndex(max(index, 0))

    def select_user(self, username: str) -> bool:
        index = self.user.findData(username)
        if index >= 0:
            self.user.setCurrentIndex(index)
        return index >= 0

    # -- the filter ------------------------------------------------------------------------------
    def audit_filter(self) -> AuditFilter:
        """The filter as typed; ValidationError (naming the field) when it makes no sense."""
        text = self.patient_id.text().strip()
        if text and not (text.isascii() and text.isdigit()):
            raise ValidationError("patient_id", "Patient ID is a number (e.g. 1042); leave it empty for all.")
        return AuditFilter(
            start=self.start.date().toPython(),
            end=self.end.date().toPython(),
            username=self.user.currentData() or "",
            patient_id=int(text) if text else None,
            action=self.action.text().strip(),
        )

    def clear_errors(self) -> None:
        for error in self.errors.values():
            error.clear_error()

    def show_error(self, exc: ValidationError) -> bool:
        """Put a validation error under its field; False when it names no field of this bar."""
        self.clear_errors()
        if exc.field not in self.errors:
            return False
        self.errors[exc.field].show_error(exc.message)
        self.widgets[exc.field].setFocus()
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Date edits, the combo and line edits pass Enter on to their parent: this is Apply.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submitted.emit()
            event.accept()
            return
        super().keyPressEvent(event)
