"""Billing pane: claims by status with their problems, visits to bill, encounters, the encounter screen, setup."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.permissions import Permission
from frontdesk.services.admin import providers as provider_service
from frontdesk.services.billing import claims as claim_service
from frontdesk.services.billing.billing_types import ClaimDetail, ClaimProblem, ClaimRow
from frontdesk.ui.billing.batch_actions import BatchActions
from frontdesk.ui.billing.claims_page import ClaimsPage
from frontdesk.ui.billing.dialogs import WalkInDialog
from frontdesk.ui.billing.encounter_screen import EncounterScreen
from frontdesk.ui.billing.lists_pages import EncountersPage, VisitsPage
from frontdesk.ui.billing.payments import (
    ChosenPatient,
    EobPage,
    LedgerPage,
    PaymentsPage,
)
from frontdesk.ui.billing.reports_page import ReportsPage
from frontdesk.ui.billing.setup_section import BillingSetupSection
from frontdesk.ui.billing.statements import AgingPage, StatementsPage
from frontdesk.ui.context import UiContext
from frontdesk.ui.widgets.common import allowed, guarded
from frontdesk.ui.widgets.patient_picker import PatientPickerDialog

# Where a problem outside the encounter is fixed: target kind -> Admin pane section.
ADMIN_SECTIONS = {"provider": "providers", "practice": "practice", "payer": "payers",
                  "billing_settings": "billing_settings"}
ENCOUNTER_KINDS = frozenset({"encounter", "diagnosis", "service_line"})
PATIENT_RECORD_KINDS = frozenset({"patient", "policy"})
# Changes made elsewhere that can fix a claim problem: the claim being fixed is re-checked after them.
FIXING_TOPICS = frozenset({"patients", "insurance", "payers", "providers", "practice", "billing_settings"})
CLAIM_TOPICS = frozenset({"claims", "encounters"})
LIST_TOPICS = CLAIM_TOPICS | {"appointments"}  # a check-out adds a visit to bill
TABS = ("claims", "visits", "encounters", "payments", "eob", "ledger", "statements", "aging", "setup", "reports")


def tab_key(n: int) -> str:
    """The Alt shortcut of the n-th tab (0-based): Alt+1 ... Alt+9, then Alt+0 for the tenth."""
    return f"Alt+{(n + 1) % 10}"


class BillingPane(QWidget):
    """``fix_in_patient_requested(ProblemTarget)``, ``open_admin_requested(section, record id, field)`` and
    ``export_journal_requested(start, end)`` (Reports' Export to QuickBooks) go to the main window."""

    fix_in_patient_requested = Signal(object)  # a ProblemTarget of kind patient or policy
    open_admin_requested = Signal(str, int, str)
    export_journal_requested = Signal(object, object)  # dates: End of day's export dialog on that range

    def __init__(self, uictx: UiContext, parent: QWidget | None = None, *,
                 status: Callable[[str], None] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("billing_pane")
        self.uictx = uictx
        self._status = status or (lambda _text: None)
        self.fixing_claim_id: int | None = None
        self.claims_page = ClaimsPage(uictx, self._status, self)
        self.visits_page = VisitsPage(uictx, self)
        self.encounters_page = EncountersPage(uictx, self)
        self.setup = BillingSetupSection(uictx, self, status=self._status)
        self.payments_page = PaymentsPage(uictx, self._status, self)
        self.eob_page = EobPage(uictx, self._status, self)
        self.ledger_page = LedgerPage(uictx, self._status, self)
        self.statements_page = StatementsPage(uictx, self._status, self)
        self.aging_page = AgingPage(uictx, self._status, self)
        self.reports_page = ReportsPage(uictx, self._status, self)
        self.reports_page.journal_requested.connect(self.export_journal_requested)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("billing_tabs")
        self.tabs.setDocumentMode(True)
        for page, title in ((self.claims_page, "Claims"), (self.visits_page, "Visits to bill"),
                            (self.encounters_page, "Encounters"), (self.payments_page, "Payments"),
                            (self.eob_page, "Post EOB"), (self.ledger_page, "Ledger"),
                            (self.statements_page, "Statements"), (self.aging_page, "Aging"),
                            (self.setup, "Billing setup"), (self.reports_page, "Reports")):
            index = self.tabs.addTab(page, title)
            self.tabs.setTabToolTip(index, tab_key(index))
        self.encounter = EncounterScreen(uictx, self._status, self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.tabs)
        self.stack.addWidget(self.encounter)
        self.new_button = QPushButton("&New encounter (Ctrl+N)", self)
        self.new_button.setObjectName("new_encounter")
        self.print_button = QPushButton("&Print ready claims\u2026 (Ctrl+P)", self)
        self.print_button.setObjectName("print_ready")
        self.export_button = QPushButton("E&xport 837P\u2026 (Ctrl+E)", self)
        self.export_button.setObjectName("export_837p")
        self.busy = QProgressBar(self)
        self.busy.setObjectName("billing_busy")
        self.busy.setRange(0, 0)  # indeterminate: the service does not report progress
        self.busy.setFormat("Working\u2026")
        self.busy.setTextVisible(True)
        self.busy.setMaximumWidth(160)
        self.busy.hide()
        self.busy_label = QLabel("Working\u2026", self)
        self.busy_label.hide()
        self.batch = BatchActions(self, uictx, self._status, self.set_busy)
        bar = QHBoxLayout()
        for button in (self.new_button, self.print_button, self.export_button):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.busy_label)
        bar.addWidget(self.busy)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        self._connect()
        self.apply_permissions()
        self.claims_page.reload()

    # The Billing setup section's widgets, under the names the main window's tests know.
    @property
    def identity_labels(self) -> dict[str, QLabel]:
        return self.setup.identity_labels

    @property
    def model(self):  # type: ignore[no-untyped-def]
        """The providers' NPI model of the Billing setup section."""
        return self.setup.model

    def _connect(self) -> None:
        self.new_button.clicked.connect(self.new_encounter)
        self.print_button.clicked.connect(self.batch.print_ready)
        self.export_button.clicked.connect(self.batch.export_837p)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.claims_page.problem_activated.connect(self.open_problem)
        self.claims_page.edit_encounter_requested.connect(self.open_encounter)
        self.visits_page.enter_charges.connect(self.open_appointment)
        self.encounters_page.open_encounter.connect(self.open_encounter)
        self.encounter.closed.connect(self.show_lists)
        self.encounter.claims_created.connect(self._claims_created)
        self.uictx.changed.connect(self._on_changed)
        self.uictx.actor_changed.connect(self._on_actor_changed)
        keys: tuple[tuple[str, Callable[[], None]], ...] = (
            ("Ctrl+N", self.new_encounter), ("Ctrl+P", self.batch.print_ready), ("Ctrl+E", self.batch.export_837p),
            *((tab_key(n), lambda n=n: self.show_tab(TABS[n])) for n in range(len(TABS))))
        for sequence, slot in keys:
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda s=slot, seq=sequence: self._shortcut(seq, s))

    def _shortcut(self, sequence: str, slot: Callable[[], None]) -> None:
        button = {"Ctrl+N": self.new_button, "Ctrl+P": self.print_button, "Ctrl+E": self.export_button}.get(sequence)
        if button is None or button.isEnabled():
            slot()

    def _on_actor_changed(self, _actor: object) -> None:
        self.apply_permissions()

    def apply_permissions(self) -> None:
        """Front desk sees billing; entering charges and sending claims need the billing role."""
        charges = allowed(self.uictx, Permission.ENTER_CHARGES)
        submit = allowed(self.uictx, Permission.SUBMIT_CLAIMS)
        self.new_button.setEnabled(charges)
        self.visits_page.button.setEnabled(charges)
        self.print_button.setEnabled(submit)
        self.export_button.setEnabled(submit)
        for name in ("correct", "void", "change_status"):
            self.claims_page.detail.buttons[name].setVisible(submit)
        self.claims_page.detail.buttons["recheck"].setVisible(charges)
        self.eob_page.header.enter_button.setEnabled(allowed(self.uictx, Permission.POST_INSURANCE_PAYMENTS))

    def set_busy(self, busy: bool) -> None:
        """The busy indicator beside the batch buttons (printing 500 claims takes a while)."""
        self.busy.setVisible(busy)
        self.busy_label.setVisible(busy)
        for button in (self.print_button, self.export_button):
            button.setEnabled(not busy and allowed(self.uictx, Permission.SUBMIT_CLAIMS))

    # -- navigation -----------------------------------------------------------------------------------
    def show_tab(self, name: str) -> None:
        """Bring a tab forward (a name in TABS), leaving the encounter screen."""
        self.stack.setCurrentWidget(self.tabs)
        self.tabs.setCurrentIndex(TABS.index(name))

    def show_lists(self) -> None:
        self.stack.setCurrentWidget(self.tabs)
        self.tabs.currentWidget().setFocus()

    def _tab_changed(self, index: int) -> None:
        page = self.tabs.widget(index)
        if page is self.visits_page or page is self.encounters_page:
            page.reload()

    def show_payments(self, patient: ChosenPatient, *, take: bool = False) -> None:
        """The Payments tab for ``patient`` (from the Patients pane); ``take`` opens Take payment at once."""
        self.show_tab("payments")
        self.payments_page.show_patient(patient)
        if take:
            self.payments_page.take_payment()

    def show_ledger(self, patient: ChosenPatient) -> None:
        """The Ledger tab for ``patient`` (from the Patients pane)."""
        self.show_tab("ledger")
        self.ledger_page.show_patient(patient)

    def open_encounter(self, encounter_id: int, then: Callable[[], None] | None = None) -> None:
        """Show the encounter screen for an encounter."""
        self.stack.setCurrentWidget(self.encounter)
        self.encounter.open_encounter(encounter_id, then)

    def open_appointment(self, appointment_id: int) -> None:
        """'Enter charges' for a checked-out appointment (from here or from the Calendar)."""
        self.stack.setCurrentWidget(self.encounter)
        self.encounter.open_for_appointment(appointment_id)

    def new_encounter(self) -> None:
        """A walk-in: choose the patient (Patients search), then the provider and date."""
        if not allowed(self.uictx, Permission.ENTER_CHARGES):
            return
        patient = PatientPickerDialog.ask(self, self.uictx, "New encounter: choose the patient")
        if patient is None:
            return
        name = f"{patient.last_name}, {patient.first_name}"
        self.uictx.call(provider_service.list_providers,
                        on_done=guarded(self, lambda providers: self._ask_walk_in(patient.id, name, providers)))

    def _ask_walk_in(self, patient_id: int, name: str, providers: list) -> None:
        header = WalkInDialog.ask(self, name, providers, self.uictx.clock.today())
        if header is not None:
            self.stack.setCurrentWidget(self.encounter)
            self.encounter.start_new(patient_id, header)

    def _claims_created(self, rows: list[ClaimRow]) -> None:
        first = next((r for r in rows if r.status != "held"), rows[0] if rows else None)
        if first is not None and first.status == "ready":
            return  # nothing to fix: stay on the encounter (the next visit is one click away)
        self.show_tab("claims")
        self.claims_page.reload(select_claim=first.id if first else None)

    # -- problems -------------------------------------------------------------------------------------
    def open_problem(self, detail: ClaimDetail, problem: ClaimProblem) -> None:
        """Open the place where ``problem`` is fixed; the claim is re-checked after the fix."""
        target = problem.target
        self.fixing_claim_id = detail.row.id
        if target.kind in ENCOUNTER_KINDS:
            self.open_encounter(target.encounter_id or detail.row.encounter_id,
                                lambda: self.encounter.focus_target(target))
        elif target.kind in PATIENT_RECORD_KINDS:
            # The patient's own record: the demographics field, or that policy's dialog on the Insurance tab.
            self.fix_in_patient_requested.emit(target)
        elif target.kind in ADMIN_SECTIONS:
            self.open_admin_requested.emit(ADMIN_SECTIONS[target.kind], target.id, target.field)
        else:  # the claim itself (box 22): its original number is given when the corrected claim is made
            self._status(f"Box {problem.box} is filled in when you make the corrected or void claim "
                         "(Make corrected claim…).")

    def _on_changed(self, topics: frozenset[str]) -> None:
        if self.fixing_claim_id is not None and topics & FIXING_TOPICS:
            # A fix made in another pane: scrub the claim again so its problem goes away by itself.
            claim_id = self.fixing_claim_id
            if allowed(self.uictx, Permission.ENTER_CHARGES):
                self.uictx.call(claim_service.check_claims, [claim_id], on_done=guarded(self, lambda _rows: None))
        if topics & CLAIM_TOPICS:
            self.claims_page.reload()
        if topics & LIST_TOPICS:
            page = self.tabs.currentWidget()
            if page is self.visits_page or page is self.encounters_page:
                page.reload()
