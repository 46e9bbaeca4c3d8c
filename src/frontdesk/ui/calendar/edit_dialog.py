"""Edit an appointment (or this and following / all of its series): type, length, time of day, provider,
room, reason, notes. Only what was changed is sent; conflicts show in the dialog like a booking's."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.formats import format_date
from frontdesk.errors import ValidationError
from frontdesk.services.scheduling import appointments
from frontdesk.services.scheduling.appointments import AppointmentChanges, AppointmentInfo, ScheduleConflict
from frontdesk.ui.calendar.appointment_fields import (
    LengthSpin,
    ProviderCombo,
    RoomCombo,
    StartEdit,
    TypeCombo,
)
from frontdesk.ui.calendar.booking_dialog import show_service_error
from frontdesk.ui.calendar.catalog import Catalog
from frontdesk.ui.calendar.conflict_panel import ConflictPanel
from frontdesk.ui.calendar.reason_dialogs import ScopeChoice
from frontdesk.ui.context import UiContext
from frontdesk.ui.widgets.common import guarded
from frontdesk.ui.widgets.form import ValidatedForm


class EditAppointmentDialog(QDialog):
    """``outcome`` is the list of changed appointments (one, or several of a series)."""

    def __init__(self, uictx: UiContext, catalog: Catalog, info: AppointmentInfo,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("edit_appointment_dialog")
        self.setWindowTitle("Edit appointment")
        self.setModal(True)
        self.uictx, self.catalog, self.info = uictx, catalog, info
        self.outcome: list[AppointmentInfo] | None = None
        self._busy = False
        heading = QLabel(f"<b>{info.patient_name}</b> \u2014 {format_date(info.start)}", self)
        self.form = ValidatedForm(self)
        self.type_combo = TypeCombo(catalog, self)
        self.type_combo.set_value(info.type_id)
        self.length = LengthSpin(catalog.settings.slot_minutes, self)
        self.length.setValue(info.length_minutes)
        self.start = StartEdit(catalog.settings.slot_minutes, self, with_date=False)
        self.start.set_value(info.start.replace(tzinfo=None))
        self.provider = ProviderCombo(catalog, self)
        self.provider.set_value(info.provider_id)
        self.room = RoomCombo(catalog, self)
        self.room.set_value(info.room_id)
        self.reason = QLineEdit(info.reason, self)
        self.reason.setMaxLength(200)
        self.notes = QPlainTextEdit(info.notes, self)
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(60)
        self.scope = ScopeChoice(self)
        for name, label, widget in (("type_id", "&Type:", self.type_combo), ("length_minutes", "&Length:", self.length),
                                    ("start", "Ti&me:", self.start), ("provider_id", "Pro&vider:", self.provider),
                                    ("room_id", "R&oom:", self.room), ("reason", "&Reason for visit:", self.reason),
                                    ("notes", "N&otes:", self.notes), ("scope", "Appl&y to:", self.scope)):
            self.form.add_field(name, label, widget)
        # An out-of-use type, provider or room stays selectable as it is, so opening the dialog changes nothing.
        for combo, value, label in ((self.type_combo, info.type_id, info.type_name),
                                    (self.provider, info.provider_id, info.provider_name),
                                    (self.room, info.room_id, info.room_name)):
            if combo.findData(value) < 0:
                combo.addItem(f"{label} (no longer in use)", value)
            combo.set_value(value)
        self.form.layout_.setRowVisible(self.form.layout_.rowCount() - 1, info.series_id is not None)
        hint = QLabel("To move it to another day, drag it or use Reschedule (cut) and paste.", self)
        hint.setWordWrap(True)
        self.conflict = ConflictPanel(uictx, self, verb="Save")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("&Save")
        self.ok_button.setDefault(True)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (heading, self.form, hint, self.conflict, buttons):
            layout.addWidget(widget)
        for signal in (self.type_combo.currentIndexChanged, self.provider.currentIndexChanged,
                       self.room.currentIndexChanged, self.length.valueChanged, self.start.changed):
            signal.connect(lambda *_a: self.conflict.clear())
        self.setMinimumWidth(560)
        self.type_combo.setFocus()

    def changes(self) -> AppointmentChanges:
        """Only the fields that differ from the appointment as it was opened."""
        info = self.info
        start = self.start.time_of_day()
        room = self.room.value()
        return AppointmentChanges(
            provider_id=self.provider.value() if self.provider.value() != info.provider_id else None,
            room_id=room if room is not None and room != info.room_id else None,
            clear_room=room is None and info.room_id is not None,
            type_id=self.type_combo.value() if self.type_combo.value() != info.type_id else None,
            length_minutes=self.length.value() if self.length.value() != info.length_minutes else None,
            start_time=start if (start.hour, start.minute) != (info.start.hour, info.start.minute) else None,
            reason=self.reason.text() if self.reason.text() != info.reason else None,
            notes=self.notes.toPlainText() if self.notes.toPlainText() != info.notes else None)

    def submit(self) -> None:
        if self._busy:
            return
        self.form.clear_errors()
        try:
            changes = self.changes()
        except ValidationError as exc:  # a time typed that is not one: beside the field, nothing sent
            self.form.show_exception(exc)
            return
        if changes == AppointmentChanges():
            self.reject()  # nothing changed: nothing to save or audit
            return
        self._busy = True
        self.ok_button.setEnabled(False)
        scope = self.scope.value() if self.info.series_id is not None else "this"
        self.uictx.call(appointments.update_appointment, self.info.id, changes, scope,
                        self.conflict.override_reason(), on_done=guarded(self, self._succeeded),
                        on_error=guarded(self, self._failed))

    def _succeeded(self, result: Any) -> None:
        self._busy = False
        self.ok_button.setEnabled(True)
        self.outcome = result
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self.ok_button.setEnabled(True)
        if isinstance(exc, ScheduleConflict):
            self.conflict.show_conflict(exc)
        elif isinstance(exc, ValidationError) and exc.field == "override_reason":
            self.conflict.show_reason_error(exc.message)
        else:
            show_service_error(self.form, exc, self)

    def reject(self) -> None:
        if not self._busy:
            super().reject()

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext, catalog: Catalog,
            info: AppointmentInfo) -> list[AppointmentInfo] | None:
        """The changed appointments, or None when cancelled (or nothing changed)."""
        dialog = cls(uictx, catalog, info, parent)
        dialog.exec()
        return dialog.outcome
