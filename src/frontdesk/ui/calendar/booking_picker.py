"""Choosing the patient in the booking dialog: debounced search (the Patients service), a result table,
and 'New patient…' that registers someone without leaving the booking."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtGui import QKeyEvent
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

from frontdesk.domain.formats import format_date, format_phone
from frontdesk.services.patients import patients
from frontdesk.services.patients.patients import PatientSummary
from frontdesk.ui.calendar.models import PatientResultsModel
from frontdesk.ui.context import UiContext
from frontdesk.ui.widgets.common import guarded
from frontdesk.ui.widgets.form import FieldError
from frontdesk.ui.widgets.patient_search_bar import SearchBar

RESULT_LIMIT = 25
MIN_QUERY = 2


class ResultsTable(QTableView):
    """Enter on a row means 'this one' and is used up here, so it never presses the dialog's Book button."""

    picked = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            self.picked.emit()
            return
        super().keyPressEvent(event)


class BookingPatientPicker(QWidget):
    """Emits ``chosen(patient_id or None)``; ``patient_id()`` is what the booking sends."""

    chosen = Signal(object)
    patient_done = Signal()  # Enter on a result: the dialog moves the focus to the appointment fields

    def __init__(self, uictx: UiContext, parent: QWidget | None = None, *, chosen_prefix: str = "Booking for") -> None:
        super().__init__(parent)
        self.uictx = uictx
        self._chosen_prefix = chosen_prefix  # what the choice is for: a booking, a referral...
        self._patient_id: int | None = None
        self._summary: PatientSummary | None = None
        self._query_seq = 0
        self.search = SearchBar(self)
        self.search.setObjectName("booking_patient_search")
        self.search.setPlaceholderText("Find patient: last, first \u00b7 DOB \u00b7 phone \u00b7 account #")
        self.search_label = QLabel("&Patient:", self)
        self.search_label.setBuddy(self.search)
        self.model = PatientResultsModel(self)
        self.table = ResultsTable(self)
        self.table.setObjectName("booking_patient_results")
        self.table.setAccessibleName("Matching patients")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMinimumHeight(150)
        self.hint = QLabel("Type at least two letters of a name, a date of birth or a phone number.", self)
        self.hint.setObjectName("booking_patient_hint")
        self.hint.setWordWrap(True)
        self.selected = QLabel("No patient chosen yet.", self)
        self.selected.setObjectName("booking_patient_selected")
        self.selected.setWordWrap(True)
        self.selected.setTextFormat(Qt.TextFormat.PlainText)
        self.error = FieldError(self)
        self.error.setObjectName("patient_id_error")
        self.new_button = QPushButton("&New patient\u2026", self)
        self.new_button.setObjectName("booking_new_patient")
        self.new_button.setAutoDefault(False)
        self.new_button.setToolTip("Register a new patient and book them (the booking stays as you typed it)")

        top = QHBoxLayout()
        top.addWidget(self.search_label)
        top.addWidget(self.search, 1)
        top.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.selected)
        layout.addWidget(self.error)
        self.setFocusProxy(self.search)

        self.search.search_requested.connect(self._search)
        self.search.accepted.connect(self._accept_first)
        self.search.down_pressed.connect(self._step_into_results)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.table.picked.connect(self.done_choosing)
        self.table.doubleClicked.connect(lambda _index: self.done_choosing())
        self.new_button.clicked.connect(self._new_patient)

    # -- choosing -----------------------------------------------------------------------------------
    def patient_id(self) -> int | None:
        return self._patient_id

    def patient(self) -> PatientSummary | None:
        """The chosen search result (None when preset by id or nothing chosen)."""
        return self._summary

    def set_patient(self, patient_id: int, label: str, summary: PatientSummary | None = None) -> None:
        """Preset the patient (rebooking someone known), without a search."""
        self._patient_id, self._summary = patient_id, summary
        self.selected.setText(f"\u2714 {self._chosen_prefix}: {label}")
        self.error.clear_error()
        self.chosen.emit(patient_id)

    def choose(self, summary: PatientSummary) -> None:
        phone = format_phone(summary.phone)
        label = f"{summary.last_name}, {summary.first_name} \u2014 DOB {format_date(summary.dob)}"
        self.set_patient(summary.id, label + (f" \u2014 {phone}" if phone else "") + f" \u2014 #{summary.account_number}",
                         summary)

    def show_error(self, text: str) -> None:
        self.error.show_error(text)
        self.search.setFocus()

    # -- searching ----------------------------------------------------------------------------------
    def _search(self, text: str) -> None:
        query = text.strip()
        self._query_seq += 1
        seq = self._query_seq
        if len(query) < MIN_QUERY:
            self.model.set_rows([])
            self.hint.setText("Type at least two letters of a name, a date of birth or a phone number.")
            return
        self.uictx.call(patients.search_patients, query, limit=RESULT_LIMIT,
                        on_done=guarded(self, lambda rows: self._show(seq, rows)),
                        on_error=guarded(self, lambda exc: self._failed(seq, exc)))

    def _show(self, seq: int, rows: list[PatientSummary]) -> None:
        if seq != self._query_seq:
            return  # an older search answered after a newer one was typed
        self.model.set_rows(rows)
        if rows:
            self.hint.setText(f"{len(rows)} match{'es' if len(rows) != 1 else ''}: click one, or press Down and Enter.")
        else:
            self.hint.setText("No patient matches. Check the spelling, or use New patient\u2026")
        if len(rows) == 1:
            self.table.selectRow(0)

    def _failed(self, seq: int, exc: BaseException) -> None:
        if seq == self._query_seq:
            self.model.set_rows([])
            from frontdesk.error_messages import to_user_message

            self.hint.setText(to_user_message(exc).text)

    def _accept_first(self) -> None:
        if self.model.rowCount() and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)
        self.done_choosing()

    def done_choosing(self) -> None:
        """A patient is chosen: on to the appointment fields."""
        if self._patient_id is not None:
            self.patient_done.emit()

    def _step_into_results(self) -> None:
        if self.model.rowCount():
            self.table.setFocus()
            if not self.table.selectionModel().hasSelection():
                self.table.selectRow(0)

    def _on_selection(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.choose(self.model.record(rows[0].row()))

    def _new_patient(self) -> None:
        from frontdesk.ui.calendar.new_patient_dialog import NewPatientDialog

        record = NewPatientDialog.ask(self, self.uictx, self.search.text())
        if record is None:
            return
        summary = PatientSummary(record.id, record.account_number, record.last_name, record.first_name, record.dob,
                                 record.phone, record.middle_name)
        self.model.set_rows([summary])
        self.table.selectRow(0)
        self.choose(summary)
