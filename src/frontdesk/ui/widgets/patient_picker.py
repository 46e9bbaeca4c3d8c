"""Choose a patient by searching (family links, guarantors, merges, billing, letters): PatientPickerDialog.ask()."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from frontdesk.error_messages import to_user_message
from frontdesk.services.patients import patients
from frontdesk.services.patients.patients import PatientSummary
from frontdesk.ui.context import UiContext
from frontdesk.ui.widgets.patient_results_model import (
    PATIENT_ROLE,
    PatientResultsModel,
    make_sort_proxy,
)
from frontdesk.ui.widgets.patient_results_view import ResultsView
from frontdesk.ui.widgets.patient_search_bar import SearchBar


class PatientPickerDialog(QDialog):
    """Type to search, Down/Enter or double-click to choose; ``exclude_id`` (the open patient) is never offered."""

    def __init__(self, uictx: UiContext, title: str, exclude_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("patient_picker")
        self.uictx = uictx
        self.exclude_id = exclude_id
        self.chosen: PatientSummary | None = None
        self.search = SearchBar(self)
        self.search.setPlaceholderText("Name, date of birth, phone, account or member id")
        label = QLabel("Sear&ch:", self)
        label.setBuddy(self.search)
        self.model = PatientResultsModel(uictx.clock, self)
        self.proxy = make_sort_proxy(self.model, self)
        self.view = ResultsView(self)
        self.view.setModel(self.proxy)
        self.message = QLabel(self)
        self.message.setObjectName("picker_message")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("C&hoose")
        buttons.accepted.connect(self._choose_current)
        buttons.rejected.connect(self.reject)
        self.search.search_requested.connect(self.run_search)
        self.search.accepted.connect(self._choose_current)
        self.search.down_pressed.connect(self.view.focus_first_row)
        self.view.open_requested.connect(self._choose)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.search)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(720, 420)

    def run_search(self, text: str) -> None:
        """Search now (the box debounces typing)."""
        request = self.model.new_request()
        if not text.strip():
            self.model.apply_results(request, [])
            return
        self.uictx.call(patients.search_patients, text.strip(),
                        on_done=lambda rows: self._found(request, rows),
                        on_error=lambda exc: self.message.setText("\u26a0 " + to_user_message(exc).text))

    def _found(self, request: int, rows: list[PatientSummary]) -> None:
        shown = [r for r in rows if r.id != self.exclude_id]
        if self.model.apply_results(request, shown):
            self.message.setText("" if shown else "No other patient matches this search.")

    def _choose_current(self) -> None:
        self.search.flush()
        index = self.view.currentIndex()
        self._choose(index if index.isValid() else self.proxy.index(0, 0))

    def _choose(self, index: QModelIndex) -> None:
        patient = index.data(PATIENT_ROLE) if index.isValid() else None
        if isinstance(patient, PatientSummary):
            self.chosen = patient
            self.accept()
        else:
            self.message.setText("Type a search, then choose a patient from the list.")
            self.search.setFocus(Qt.FocusReason.OtherFocusReason)

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext, title: str,
            exclude_id: int | None = None) -> PatientSummary | None:
        """The patient chosen, or None when cancelled."""
        dialog = cls(uictx, title, exclude_id, parent)
        try:
            return dialog.chosen if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
