"""The Patients pane: search, recent patients, results, and the open patient's view or form."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.permissions import Permission, denied_reason
from frontdesk.services.billing.billing_types import ProblemTarget
from frontdesk.services.patients import patients
from frontdesk.services.patients.patients import PatientRecord, PatientSummary
from frontdesk.ui.context import UiContext
from frontdesk.ui.patients.merge_dialog import MergeDialog
from frontdesk.ui.patients.pane_pages import build_pages
from frontdesk.ui.patients.pane_search import RESULTS, PaneSearch
from frontdesk.ui.patients.patient_form import PatientForm
from frontdesk.ui.patients.patient_view import INSURANCE_TAB, PatientView
from frontdesk.ui.patients.print_actions import PatientPrinter
from frontdesk.ui.patients.recent import (
    PATIENT_ID_ROLE,
    RecentPatient,
    RecentPatientsModel,
)
from frontdesk.ui.widgets.common import allowed, local_action
from frontdesk.ui.widgets.patient_results_model import (
    BALANCE,
    NEXT,
    PATIENT_ROLE,
    PatientResultsModel,
    make_sort_proxy,
)
from frontdesk.ui.widgets.patient_results_view import RecentList, ResultsView
from frontdesk.ui.widgets.patient_search_bar import SearchBar
from frontdesk.ui.widgets.splitter_memory import SplitterMemory

SPLITTER_KEY = "patients_pane_splitter"  # workstation.json: the results / open patient split


class PatientsPane(PaneSearch, QWidget):
    """Find a patient, open their record (audited), register or edit them. Keyboard first.

    Left: search box, recent patients, results. Right: a hint, the open patient, or the form.
    """

    def __init__(self, uictx: UiContext, parent: QWidget | None = None, *,
                 status: Callable[[str], None] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("patients_pane")
        self.uictx = uictx
        self._status = status or (lambda _text: None)
        self._query = ""
        self._shown_query = ""  # the text the rows on screen were found for
        self._results_text = RESULTS  # the label's text for those rows
        self._awaiting: int | None = None  # request id of the search still running, if any
        self._open_when_ready = False  # Enter was pressed before the current search answered
        self._actor_id = uictx.actor.user_id if uictx.actor else None
        self._return_page: QWidget | None = None  # the page the form was opened from

        self.search = SearchBar(self)
        search_label = QLabel("Sear&ch:", self)
        search_label.setBuddy(self.search)
        self.new_button = QPushButton("&New patient (Ctrl+N)", self)
        self.new_button.setObjectName("new_patient")
        self.include_inactive = QCheckBox("Show inac&tive/deceased", self)
        self.include_inactive.setObjectName("include_inactive")
        self.include_inactive.setToolTip("Also list inactive and deceased patients")

        self.recent_model = RecentPatientsModel(self)
        self.recent_view = RecentList(self)
        self.recent_view.setModel(self.recent_model)
        recent_label = QLabel("&Recent patients (this session)", self)
        recent_label.setBuddy(self.recent_view)

        self.results_model = PatientResultsModel(uictx.clock, self)
        self.results_model.headers[NEXT] = "Next visit"  # the column is as wide as its header when empty
        self.results_proxy = make_sort_proxy(self.results_model, self)
        self.results_view = ResultsView(self)
        self.results_view.setModel(self.results_proxy)
        # The search never knows a balance (services/patients: too slow per keystroke): a column of dashes.
        self.results_view.setColumnHidden(BALANCE, True)
        # The next visit shows when the pane has room for it after whole names, DOB, phone and account.
        self.results_view.set_optional_columns(NEXT)
        self.results_label = QLabel(RESULTS, self)
        self.results_label.setObjectName("results_label")
        self.results_label.setBuddy(self.results_view)

        self.view = PatientView(uictx, self, status=self._status)
        self.printer = PatientPrinter(self, uictx, self._status)
        self.form = PatientForm(uictx, self)
        self.stack, self.hint, self._form_page = build_pages(self, self.view, self.form)

        self._build_layout(search_label, recent_label)
        self._build_actions()
        self._connect()
        QWidget.setTabOrder(self.search, self.new_button)
        QWidget.setTabOrder(self.new_button, self.recent_view)
        QWidget.setTabOrder(self.recent_view, self.results_view)
        self._show_page(self.hint)

    # -- construction --------------------------------------------------------------------
    def _build_layout(self, search_label: QLabel, recent_label: QLabel) -> None:
        top = QHBoxLayout()
        top.addWidget(search_label)
        top.addWidget(self.search, 1)
        top.addWidget(self.include_inactive)
        top.addWidget(self.new_button)

        left = QWidget(self)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(recent_label)
        # Ten short lines are plenty; the results get the rest of the height.
        self.recent_view.setMaximumHeight(self.recent_view.fontMetrics().height() * 6 + 8)
        column.addWidget(self.recent_view)
        column.addWidget(self.results_label)
        column.addWidget(self.results_view, 1)

        self.splitter = splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("patients_splitter")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(self.stack)
        # At first the open patient gets the ~780 px its tabs and two-column form need at 1366 px, and the results
        # the rest: name, date of birth, phone and account whole (the next visit when there is room). The
        # handle's position is this workstation's from then on.
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        left.setMinimumWidth(360)
        self.stack.setMinimumWidth(560)
        self.splitter_memory = SplitterMemory(splitter, self.uictx.paths.settings_file, SPLITTER_KEY, (7, 10))

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

    def _build_actions(self) -> None:
        self.new_action = local_action(self, "New patient", "Ctrl+N", self.new_patient)
        self.edit_action = local_action(self, "Edit patient", "Ctrl+E", self.edit_patient)
        self.save_action = local_action(self, "Save patient", "Ctrl+S", self.form.save)
        self.print_action = local_action(self, "Print patient", "Ctrl+P", self.print_patient)

    def _connect(self) -> None:
        self.search.search_requested.connect(self._run_search)
        self.search.textChanged.connect(lambda _text: self._mark_stale())
        self.search.accepted.connect(self._open_from_search)
        self.search.down_pressed.connect(self._step_into_results)
        self.results_view.up_from_top.connect(self.focus_search)
        self.results_view.open_requested.connect(self._open_result)
        self.recent_view.open_requested.connect(self._open_recent)
        self.new_button.clicked.connect(self.new_patient)
        self.view.edit_requested.connect(self.edit_patient)
        self.view.print_requested.connect(self.print_patient)
        self.view.merge_requested.connect(self.merge_duplicate)
        self.form.open_other.connect(self.open_patient)
        self.include_inactive.toggled.connect(lambda _on: self._run_search(self.search.text()))
        self.form.saved.connect(self._on_saved)
        self.form.cancelled.connect(self._on_form_cancelled)
        self.form.notice.connect(self._status)
        # Bound methods of this QObject: signals emitted on the DB thread are queued to the GUI thread.
        self.uictx.changed.connect(self._on_data_changed)
        self.uictx.actor_changed.connect(self._on_actor_changed)
        self._gate_registration()

    # -- public --------------------------------------------------------------------------
    def focus_search(self) -> None:
        """Put the cursor in the search box with its text selected, ready to type over."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def open_patient(self, patient_id: int, *, tab: int | None = None) -> None:
        """Open a record (the service writes the 'patient.view' audit event) and show it, on ``tab`` if given."""
        if not self._may_leave_form():
            return
        self.uictx.call(patients.open_patient, patient_id,
                        on_done=lambda record: self._show_record(record, tab))

    def new_patient(self) -> None:
        """Show an empty registration form (not for a read-only role: the button says why)."""
        if not allowed(self.uictx, Permission.EDIT_PATIENTS):
            return
        if self.stack.currentWidget() is self._form_page and self.form.record is None and not self.form.is_dirty():
            self.form.focus_first()
            return
        if not self._may_leave_form():
            return
        self._open_form(None)

    def edit_patient(self) -> None:
        """Switch the open patient's view to the form."""
        record = self.view.record
        if record is None or self.stack.currentWidget() is not self.view or not self.view.edit_button.isEnabled():
            return
        self._open_form(record)

    def print_patient(self) -> None:
        """Ctrl+P on an open patient: choose the face sheet or intake form, save it as PDF."""
        record = self.current_record()
        if record is not None:
            self.printer.start(record.id, record.account_number)

    def merge_duplicate(self) -> None:
        """Admin: merge a duplicate record into the open patient, after a preview."""
        record = self.current_record()
        if record is None or not allowed(self.uictx, Permission.MERGE_PATIENTS):
            return
        result = MergeDialog.ask(self, self.uictx, record.id)
        if result is not None:
            self._status(f"Merged account # {result.preview.duplicate.account_number} into "
                         f"{result.survivor.display_name}")
            self._show_record(result.survivor)

    def current_record(self) -> PatientRecord | None:
        """The patient whose view is showing, if any."""
        return self.view.record if self.stack.currentWidget() is self.view else None

    # -- opening -------------------------------------------------------------------------
    def _open_from_search(self) -> None:
        if self._awaiting is not None:
            self._open_when_ready = True  # the table still shows the previous query's rows
            return
        self._open_current_or_first()

    def _open_current_or_first(self) -> None:
        index = self.results_view.currentIndex()
        if not index.isValid():
            index = self.results_proxy.index(0, 0)
        if index.isValid():
            self._open_result(index)

    def _open_result(self, index: QModelIndex) -> None:
        if self.results_model.is_stale():
            return  # greyed rows of an older search: the current one decides
        patient = index.data(PATIENT_ROLE)
        if isinstance(patient, PatientSummary):
            self.open_patient(patient.id)

    def _open_recent(self, index: QModelIndex) -> None:
        patient_id = index.data(PATIENT_ID_ROLE)
        if patient_id is not None:
            self.open_patient(int(patient_id))

    def _show_record(self, record: PatientRecord, tab: int | None = None) -> None:
        self._remember(record)
        self.view.show_record(record)
        self._show_page(self.view)
        self._highlight(record.id)
        if tab is not None:  # e.g. Billing opens the insurance tab to fix a claim problem
            self.view.tabs.setCurrentIndex(tab)

    def _highlight(self, patient_id: int) -> None:
        """The lists point at the open patient, never at another one (a record opened from another pane)."""
        self.recent_view.setCurrentIndex(self.recent_model.index(0, 0))  # _remember put it on top
        if self.results_model.row_of(patient_id) >= 0:
            self._select_patient(patient_id)
            self.results_view.selectRow(self.results_view.currentIndex().row())
        else:
            self.results_view.clearSelection()
            self.results_view.setCurrentIndex(QModelIndex())

    def open_to_fix(self, target: ProblemTarget) -> None:
        """A claim problem on this patient's record: the patient open and the field's own editor, i.e. the
        edit form on a demographics field, or the policy's dialog (from the Insurance tab) on a policy field."""
        if not self._may_leave_form():
            return
        self.uictx.call(patients.open_patient, target.patient_id,
                        on_done=lambda record: self._open_fix(record, target))

    def _open_fix(self, record: PatientRecord, target: ProblemTarget) -> None:
        if target.kind == "policy":
            self._show_record(record, INSURANCE_TAB)
            self.view.insurance.edit_record_field(target.id, target.field)
            return
        self._show_record(record, 0)
        if allowed(self.uictx, Permission.EDIT_PATIENTS):
            self._open_form(record)
            self.form.focus_field(target.field)

    def _remember(self, record: PatientRecord) -> None:
        self.recent_model.remember(RecentPatient(record.id, record.last_name, record.first_name,
                                                 record.middle_name, record.dob))

    # -- form ----------------------------------------------------------------------------
    def _may_leave_form(self) -> bool:
        if self.stack.currentWidget() is not self._form_page:
            return True
        return self.form.confirm_discard()

    def _open_form(self, record: PatientRecord | None) -> None:
        if self.stack.currentWidget() is not self._form_page:
            self._return_page = self.stack.currentWidget()  # where Escape goes back to
        if record is None:
            self.form.start_new()
        else:
            self.form.start_edit(record)
        self._show_page(self._form_page)
        self.form.focus_first()

    def _on_saved(self, record: PatientRecord) -> None:
        self._status(f"Saved {record.last_name}, {record.first_name}")
        self._show_record(record)
        self.view.edit_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_form_cancelled(self) -> None:
        if self._return_page is self.view and self.view.record is not None:
            self._show_page(self.view)
            self.view.edit_button.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self._show_page(self.hint)
            self.focus_search()

    def _show_page(self, page: QWidget) -> None:
        self.stack.setCurrentWidget(page)
        on_view = page is self.view and self.view.record is not None
        self.edit_action.setEnabled(on_view and allowed(self.uictx, Permission.EDIT_PATIENTS))
        self.print_action.setEnabled(on_view)
        self.save_action.setEnabled(page is self._form_page)

    def hideEvent(self, event: QHideEvent) -> None:
        self.splitter_memory.flush()  # a handle moved just before switching panes or closing is kept too
        super().hideEvent(event)

    # -- session -------------------------------------------------------------------------
    def _on_actor_changed(self, actor: object) -> None:
        self._gate_registration()  # the role is re-read on every sign-in and unlock
        user_id = getattr(actor, "user_id", None)
        if actor is not None and user_id == self._actor_id:
            return  # the same person signing back in keeps their place
        self._actor_id = user_id
        self.reset()

    def _gate_registration(self) -> None:
        may = allowed(self.uictx, Permission.EDIT_PATIENTS)
        self.new_button.setEnabled(may)
        self.new_action.setEnabled(may)
        actor = self.uictx.actor
        self.new_button.setToolTip("" if may or actor is None else denied_reason("Registering patients", actor.role))

    def reset(self) -> None:
        """Forget everything on screen (another user signed in, or nobody is signed in)."""
        self._open_when_ready = False
        self._awaiting = None
        self.search.reset()
        self._query = ""
        self.results_model.clear()
        self._shown_query = ""
        self._set_results_text(RESULTS)
        self.recent_model.clear()
        self.view.clear()
        self.form.start_new()
        self._show_page(self.hint)
