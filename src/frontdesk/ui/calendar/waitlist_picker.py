"""Choose a patient inside the waitlist form: type to search (the Patients pane's service), arrow down, Enter."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from frontdesk.services.patients import patients as patients_service
from frontdesk.services.patients.patients import PatientSummary
from frontdesk.ui.context import UiContext
from frontdesk.ui.widgets.common import guarded
from frontdesk.ui.widgets.patient_display import display_name, dob_with_age
from frontdesk.ui.widgets.patient_results_model import (
    COLUMNS,
    PatientResultsModel,
    make_sort_proxy,
)
from frontdesk.ui.widgets.patient_results_view import ResultsView
from frontdesk.ui.widgets.patient_search_bar import SearchBar

MIN_QUERY = 2
MAX_RESULTS = 50


class WaitlistPatientPicker(QWidget):
    """A search box over a small results table; the selected row is the chosen patient.

    ``chosen`` fires when Enter (or a double-click) picks a row, so the form can move on; merely
    moving the selection never steals the focus.
    """

    chosen = Signal()

    def __init__(self, uictx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.uictx = uictx
        self.search = SearchBar(self)
        self.search.setPlaceholderText("Type a name, date of birth, phone or account #")
        self.model = PatientResultsModel(uictx.clock, self)
        self.proxy = make_sort_proxy(self.model, self)
        self.view = ResultsView(self)
        self.view.setModel(self.proxy)
        self.view.setAccessibleName("Patients found")
        for name in ("Next appointment", "Balance"):  # not what tells two patients apart here
            if name in COLUMNS:
                self.view.setColumnHidden(COLUMNS.index(name), True)
        row_height = self.view.fontMetrics().height() + 10
        self.view.verticalHeader().setDefaultSectionSize(row_height)
        self.view.setFixedHeight(row_height * 4 + self.view.horizontalHeader().sizeHint().height() + 4)
        self.picked = QLabel("No patient chosen yet.", self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.search)
        layout.addWidget(self.view)
        layout.addWidget(self.picked)
        self.setFocusProxy(self.search)

        self.search.search_requested.connect(self._search)
        self.search.accepted.connect(self.view.focus_first_row)
        self.search.down_pressed.connect(self.view.focus_first_row)
        self.view.up_from_top.connect(self.search.setFocus)
        self.view.open_requested.connect(self._open)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.modelReset.connect(self._selection_changed)

    def _search(self, text: str) -> None:
        request = self.model.new_request()
        if len(text.strip()) < MIN_QUERY:
            self.model.apply_results(request, [])
            return
        self.uictx.call(patients_service.search_patients, text, limit=MAX_RESULTS,
                        on_done=guarded(self, lambda rows: self._show(request, rows)))

    def _show(self, request: int, rows: Sequence[PatientSummary]) -> None:
        if self.model.apply_results(request, rows) and rows:
            self.view.selectRow(0)

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            self.view.selectRow(index.row())
            self.chosen.emit()

    def _selection_changed(self) -> None:
        patient = self.patient()
        self.picked.setText("No patient chosen yet." if patient is None else
                            f"\u2714 Chosen: {display_name(patient.last_name, patient.first_name, patient.middle_name)}"
                            f", born {dob_with_age(patient.dob, self.uictx.clock.today())}")

    def patient(self) -> PatientSummary | None:
        """The patient on the selected row, or None."""
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.patient_at(self.proxy.mapToSource(rows[0]).row())
