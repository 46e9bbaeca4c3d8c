"""The Patients pane's search: run it as the desk types, show a result set only for the text it was found for.

A mixin of :class:`frontdesk.ui.patients.pane.PatientsPane` (which owns the widgets named below), kept apart so
the pane stays one screenful of layout and opening logic.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QSortFilterProxyModel
from PySide6.QtWidgets import QCheckBox, QLabel

from frontdesk.error_messages import to_user_message
from frontdesk.services.patients import patients
from frontdesk.services.patients.patients import SEARCH_LIMIT, PatientSummary
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.widgets.patient_results_model import PATIENT_ROLE, PatientResultsModel
from frontdesk.ui.widgets.patient_results_view import ResultsView
from frontdesk.ui.widgets.patient_search_bar import SearchBar

RESULTS = "Res&ults"
SEARCHING = "Res&ults: searching\u2026 (the rows greyed out are for the earlier text)"


class PaneSearch:
    """Searching, the results label, the greyed-out rows of older text, refreshing on patient changes."""

    uictx: UiContext
    search: SearchBar
    include_inactive: QCheckBox
    results_model: PatientResultsModel
    results_proxy: QSortFilterProxyModel
    results_view: ResultsView
    results_label: QLabel
    _query: str
    _shown_query: str
    _results_text: str
    _awaiting: int | None
    _open_when_ready: bool
    _open_current_or_first: Callable[[], None]  # the pane's: Enter pressed before the answer came

    def _run_search(self, text: str) -> None:
        self._query = text.strip()
        request = self.results_model.new_request()
        if not self._query:
            self._awaiting = None
            self.results_model.apply_results(request, [])
            self._shown_query = ""
            self._set_results_text(RESULTS)
            return
        self._awaiting = request
        self.uictx.call(patients.search_patients, self._query, include_inactive=self.include_inactive.isChecked(),
                        on_done=partial(self._on_results, request),
                        on_error=partial(self._on_search_error, request))

    def _on_results(self, request: int, rows: list[PatientSummary]) -> None:
        keep = self._selected_patient_id()
        if not self.results_model.apply_results(request, rows):
            return  # an older query answered after a newer one: ignore it
        self._awaiting = None
        self._shown_query = self._query  # only the newest request applies, and it asked for self._query
        count = len(rows)
        if count == 0:
            text = "Res&ults: no patient matches this search"
        elif count >= SEARCH_LIMIT:
            text = f"Res&ults: the first {count} matches \u2014 type more to narrow the search"
        else:
            text = f"Res&ults: {count} patient" + ("" if count == 1 else "s")
        self._set_results_text(text)
        if keep is not None:
            self._select_patient(keep)
        if self._open_when_ready:
            self._open_when_ready = False
            self._open_current_or_first()

    def _on_search_error(self, request: int, exc: BaseException) -> None:
        if not self.results_model.is_current(request):
            return
        self._awaiting = None
        self._open_when_ready = False
        message = to_user_message(exc)
        if message.expected:
            self._set_results_text("\u26a0 " + message.text)
        else:
            ErrorPresenter(self)(exc)  # type: ignore[arg-type]  (self is the pane, a QWidget)

    def _set_results_text(self, text: str) -> None:
        self._results_text = text
        self._mark_stale()

    def _mark_stale(self) -> None:
        """Rows found for other text than the one typed are greyed out and say so, never shown as matches
        ("Salas" while "smi" is typed and its search is still on its way)."""
        stale = self.search.text().strip() != self._shown_query and self.results_model.rowCount() > 0
        self.results_model.set_stale(stale)
        self.results_label.setText(SEARCHING if stale else self._results_text)

    def _step_into_results(self) -> None:
        if not self.results_model.is_stale():
            self.results_view.focus_first_row()

    def _on_data_changed(self, topics: frozenset[str]) -> None:
        if "patients" in topics and self._query:
            self._run_search(self._query)

    def _selected_patient_id(self) -> int | None:
        index = self.results_view.currentIndex()
        return index.data(PATIENT_ROLE).id if index.isValid() else None

    def _select_patient(self, patient_id: int) -> None:
        row = self.results_model.row_of(patient_id)
        if row >= 0:
            self.results_view.setCurrentIndex(self.results_proxy.mapFromSource(self.results_model.index(row, 0)))
