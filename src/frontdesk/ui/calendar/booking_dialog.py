"""The booking dialog: patient (search or register), type, length, date and time, provider, room, reason,
notes, weekly repeat; conflicts explained in the dialog, with 'Book anyway' for those allowed to. A series
with some weeks taken offers to book the free weeks (listing the others with their next opening)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import pairwise
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from frontdesk.errors import ValidationError, ValidationErrors
from frontdesk.services.scheduling import appointments, series_plan
from frontdesk.services.scheduling.appointments import (
    AppointmentInfo,
    BookingRequest,
    Recurrence,
    ScheduleConflict,
    SeriesInfo,
)
from frontdesk.services.scheduling.series_plan import SeriesPlan
from frontdesk.ui.calendar.appointment_fields import (
    LengthSpin,
    ProviderCombo,
    RepeatEdit,
    RoomCombo,
    StartEdit,
    TypeCombo,
)
from frontdesk.ui.calendar.booking_picker import BookingPatientPicker
from frontdesk.ui.calendar.catalog import Catalog
from frontdesk.ui.calendar.conflict_panel import ConflictPanel
from frontdesk.ui.calendar.series_skip_dialog import SeriesSkipDialog
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.widgets.common import guarded
from frontdesk.ui.widgets.form import ValidatedForm

# Service field names that belong to a widget other than the one of the same name.
FIELD_ALIASES = {"end": "length_minutes", "start_time": "start", "day": "start"}


@dataclass(frozen=True)
class BookingPrefill:
    """What the grid already knows when the dialog opens (length 0 = the type's default)."""

    start: datetime | None = None  # naive practice-local wall time
    length: int = 0
    provider_id: int | None = None
    room_id: int | None = None
    type_id: int | None = None
    patient_id: int | None = None
    patient_label: str = ""
    reason: str = ""


def show_service_error(form: ValidatedForm, exc: BaseException, parent: QWidget) -> None:
    """A field error beside its field (aliases mapped), other expected errors on top, bugs in the error box."""
    if isinstance(exc, ValidationErrors):
        exc = ValidationErrors(ValidationError(FIELD_ALIASES.get(e.field, e.field), e.message) for e in exc.errors)
    elif isinstance(exc, ValidationError) and exc.field in FIELD_ALIASES:
        exc = ValidationError(FIELD_ALIASES[exc.field], exc.message)
    if not form.show_exception(exc):
        ErrorPresenter(parent)(exc)


class BookingDialog(QDialog):
    """Book one appointment or a weekly series; ``outcome`` holds the AppointmentInfo / SeriesInfo."""

    def __init__(self, uictx: UiContext, catalog: Catalog, prefill: BookingPrefill,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("booking_dialog")
        self.setWindowTitle("New appointment")
        self.setModal(True)
        self.uictx = uictx
        self.catalog = catalog
        self.outcome: AppointmentInfo | SeriesInfo | None = None
        self._busy = False
        # A series refused for some taken weeks may be booked without them, once per press of Book.
        self._series_sent: tuple[BookingRequest, Recurrence] | None = None
        slot = catalog.settings.slot_minutes

        self.picker = BookingPatientPicker(uictx, self)
        patient_box = QGroupBox("Patient", self)
        QVBoxLayout(patient_box).addWidget(self.picker)

        self.form = ValidatedForm(self)
        self.type_combo = TypeCombo(catalog, self)
        self.length = LengthSpin(slot, self)
        self.start = StartEdit(slot, self)
        self.provider = ProviderCombo(catalog, self)
        self.room = RoomCombo(catalog, self)
        self.reason = QLineEdit(self)
        self.reason.setMaxLength(200)
        self.reason.setPlaceholderText("e.g. cough for two weeks")
        self.notes = QPlainTextEdit(self)
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(54)
        self.repeat = RepeatEdit(self)
        for name, label, widget in (("type_id", "&Type:", self.type_combo), ("length_minutes", "&Length:", self.length),
                                    ("start", "&Date and time:", self.start), ("provider_id", "Pro&vider:", self.provider),
                                    ("room_id", "R&oom:", self.room), ("reason", "&Reason for visit:", self.reason),
                                    ("notes", "N&otes:", self.notes), ("recurrence", "Re&peat:", self.repeat)):
            self.form.add_field(name, label, widget)
        details = QGroupBox("Appointment", self)
        details_layout = QVBoxLayout(details)
        details_layout.addWidget(self.form)
        details_layout.addStretch(1)  # spare height below the fields, not between them

        self.conflict = ConflictPanel(uictx, self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("&Book")
        self.ok_button.setObjectName("book_button")
        self.ok_button.setDefault(True)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        columns = QHBoxLayout()
        columns.addWidget(patient_box, 5)
        columns.addWidget(details, 6)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.conflict)
        layout.addWidget(self.buttons)

        self.picker.patient_done.connect(self.type_combo.setFocus)
        order = [self.picker.search, self.picker.new_button, self.picker.table, self.type_combo, self.length,
                 self.start.date_edit, self.start.time_edit, self.provider, self.room, self.reason, self.notes,
                 self.repeat.enabled, self.ok_button]
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)
        self._apply(prefill)
        self.type_combo.currentIndexChanged.connect(self._type_changed)
        for signal in (self.type_combo.currentIndexChanged, self.provider.currentIndexChanged,
                       self.room.currentIndexChanged, self.length.valueChanged, self.start.changed,
                       self.repeat.enabled.toggled, self.picker.chosen):
            signal.connect(lambda *_a: self.conflict.clear())
        self.resize(980, 600)

    def _apply(self, prefill: BookingPrefill) -> None:
        start = prefill.start or self._next_slot()
        self.start.set_value(start)
        self.repeat.set_first_day(start.date())
        if prefill.provider_id is not None:
            self.provider.set_value(prefill.provider_id)
        self.room.set_value(prefill.room_id)
        offered = self.catalog.types_for(self.provider.value())
        type_id = prefill.type_id or (offered[0].id if offered else None)
        self.type_combo.set_value(type_id)
        self.length.setValue(prefill.length or self.type_combo.default_minutes() or self.catalog.settings.slot_minutes)
        self.reason.setText(prefill.reason)
        if prefill.patient_id is not None:
            self.picker.set_patient(prefill.patient_id, prefill.patient_label)
            self.type_combo.setFocus()
        else:
            self.picker.setFocus()

    def _next_slot(self) -> datetime:
        now = self.catalog.now_local().replace(tzinfo=None, second=0, microsecond=0)
        slot = self.catalog.settings.slot_minutes
        return now + timedelta(minutes=slot - now.minute % slot)

    def _type_changed(self) -> None:
        minutes = self.type_combo.default_minutes()
        if minutes:
            self.length.setValue(minutes)

    # -- submitting ---------------------------------------------------------------------------------
    def request(self) -> BookingRequest:
        return BookingRequest(patient_id=self.picker.patient_id() or 0, provider_id=self.provider.value() or 0,
                              type_id=self.type_combo.value() or 0, start=self.start.value(),
                              length_minutes=self.length.value(), room_id=self.room.value(),
                              reason=self.reason.text(), notes=self.notes.toPlainText())

    def submit(self) -> None:
        """Send the booking (a series when Repeat is ticked); the answer decides whether the dialog closes."""
        if self._busy:
            return  # Enter pressed twice while the first booking runs
        self.form.clear_errors()
        self.picker.error.clear_error()
        override = self.conflict.override_reason()
        recurrence = self.repeat.value()
        self._busy = True
        self.ok_button.setEnabled(False)
        done, failed = guarded(self, self._succeeded), guarded(self, self._failed)
        try:
            request = self.request()
        except ValidationError as exc:  # a time typed that is not one: beside the field, nothing sent
            self._failed(exc)
            self.start.time_edit.setFocus()  # the field is the date and time: the time is what to fix
            return
        self._series_sent = (request, recurrence) if recurrence is not None and override is None else None
        if recurrence is None:
            self.uictx.call(appointments.book_appointment, request, override, on_done=done, on_error=failed)
        else:
            self.uictx.call(appointments.book_series, request, recurrence, override, on_done=done, on_error=failed)

    def _succeeded(self, result: Any) -> None:
        self._busy = False
        self.ok_button.setEnabled(True)
        self.outcome = result
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ScheduleConflict) and self._series_sent is not None:
            self._plan_free_weeks(exc, *self._series_sent)
            return
        self._busy = False
        self.ok_button.setEnabled(True)
        if isinstance(exc, ScheduleConflict):
            self.conflict.show_conflict(exc)
            return
        if isinstance(exc, ValidationError) and exc.field == "override_reason":
            self.conflict.show_reason_error(exc.message)
        elif isinstance(exc, ValidationError) and exc.field == "patient_id":
            self.picker.show_error(exc.message)
        else:
            show_service_error(self.form, exc, self)

    def _plan_free_weeks(self, conflict: ScheduleConflict, request: BookingRequest, recurrence: Recurrence) -> None:
        """Some weeks taken: find which, and offer to book the others (at most once per press of Book)."""
        self._series_sent = None
        self.uictx.call(series_plan.plan_series, request, recurrence,
                        on_done=guarded(self, lambda plan: self._planned(plan, conflict, request, recurrence)),
                        on_error=guarded(self, lambda _exc: self._failed(conflict)))

    def _planned(self, plan: SeriesPlan, conflict: ScheduleConflict, request: BookingRequest,
                 recurrence: Recurrence) -> None:
        if not 0 < plan.free_count < len(plan.visits) or not SeriesSkipDialog.ask(self, plan):
            self._failed(conflict)  # nothing free, or No: the conflict as it was, with 'Book anyway' if allowed
            return
        self.uictx.call(appointments.book_series, request, recurrence, None, plan.skip_dates,
                        on_done=guarded(self, self._succeeded), on_error=guarded(self, self._failed))

    def reject(self) -> None:
        if not self._busy:  # the outcome of a running booking is not known yet
            super().reject()

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext, catalog: Catalog,
            prefill: BookingPrefill | None = None) -> AppointmentInfo | SeriesInfo | None:
        """Show the dialog; what was booked, or None when cancelled."""
        dialog = cls(uictx, catalog, prefill or BookingPrefill(), parent)
        dialog.exec()
        return dialog.outcome
