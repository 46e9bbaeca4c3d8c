"""The open patient: a banner over tabs (demographics, insurance, guarantor & family, consents, contact history,
documents, disclosures)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.permissions import Permission, denied_reason
from frontdesk.error_messages import to_user_message
from frontdesk.services.patients.patients import PatientRecord
from frontdesk.services.payments import ledger
from frontdesk.services.scheduling import schedule_views
from frontdesk.services.scheduling.schedule_views import Attendance
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.patients.banner import PatientBanner
from frontdesk.ui.patients.consents_tab import ConsentsTab
from frontdesk.ui.patients.contact_history_tab import ContactHistoryTab
from frontdesk.ui.patients.demographics_tab import DemographicsTab
from frontdesk.ui.patients.disclosures_tab import DisclosuresTab
from frontdesk.ui.patients.documents_tab import DocumentsTab
from frontdesk.ui.patients.family_tab import FamilyTab
from frontdesk.ui.patients.insurance_tab import InsuranceTab
from frontdesk.ui.patients.intake_dialog import IntakeDialog
from frontdesk.ui.widgets.common import allowed, local_action

# "&&" shows one ampersand; the tabs are reached with Alt+1..7 rather than letter mnemonics.
# Changes that can move a patient's balance: charges, claims, payer and patient money, statements.
BALANCE_TOPICS = frozenset({"encounters", "claims", "payments", "ledger"})
TAB_TITLES = ("Demographics", "Insurance", "Guarantor && family", "Consents", "Contact history", "Documents",
              "Disclosures")
INSURANCE_TAB = TAB_TITLES.index("Insurance")


class PatientView(QWidget):
    """Everything about one patient; ``edit_requested`` asks the pane for the edit form."""

    edit_requested = Signal()
    print_requested = Signal()
    merge_requested = Signal()

    def __init__(self, uictx: UiContext, parent: QWidget | None = None, *,
                 status: Callable[[str], None] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("patient_view")
        self.uictx = uictx
        self._record: PatientRecord | None = None
        self.banner = PatientBanner(uictx.clock, self)
        self.demographics = DemographicsTab(uictx.clock, self)
        self.demographics.edit_requested.connect(self.edit_requested)
        self.insurance = InsuranceTab(uictx, self, status=status)
        self.family = FamilyTab(uictx, self, status=status)
        self.family.record_changed.connect(self.show_record)
        self.consents = ConsentsTab(uictx, self, status=status)
        self.consents.attention_changed.connect(self.banner.set_consent_attention)
        self.history = ContactHistoryTab(uictx, self, status=status)
        self.documents = DocumentsTab(uictx, self, status=status)
        self.disclosures = DisclosuresTab(uictx, self, status=status)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("patient_tabs")
        for page, title in zip((self.demographics, self.insurance, self.family, self.consents, self.history,
                                self.documents, self.disclosures), TAB_TITLES, strict=True):
            index = self.tabs.addTab(page, title)
            self.tabs.setTabToolTip(index, f"Alt+{index + 1}")
        self.print_button = QPushButton("Print\u2026 (Ctrl+P)", self)
        self.print_button.setObjectName("print_patient")
        self.print_button.clicked.connect(self.print_requested)
        self.intake_button = QPushButton("Check-in c&hecklist\u2026", self)
        self.intake_button.setObjectName("intake_patient")
        self.intake_button.setToolTip("Confirm demographics, insurance, consents and copay at check-in")
        self.intake_button.clicked.connect(self.run_intake)
        # Money for this patient without leaving the record: take a payment (receipt included), see the ledger.
        self._status = status or (lambda _text: None)
        self.payment_button = QPushButton("Take pa&yment\u2026", self)
        self.payment_button.setObjectName("take_payment_patient")
        self.payment_button.clicked.connect(self.take_payment)
        self.ledger_button = QPushButton("&Balance and ledger\u2026", self)
        self.ledger_button.setObjectName("ledger_patient")
        self.ledger_button.clicked.connect(self.show_ledger)
        self.merge_button = QPushButton("&Merge duplicate\u2026", self)
        self.merge_button.setObjectName("merge_patient")
        self.merge_button.clicked.connect(self.merge_requested)
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.intake_button)
        actions.addWidget(self.payment_button)
        actions.addWidget(self.ledger_button)
        actions.addWidget(self.print_button)
        actions.addWidget(self.merge_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(actions)
        self._tab_actions()
        self.uictx.changed.connect(self._on_changed)
        self.update_permissions()

    @property
    def edit_button(self) -> QPushButton:
        """The Demographics tab's Edit button (where focus goes back after saving)."""
        return self.demographics.edit_button

    @property
    def values(self) -> dict[str, QLabel]:
        """The Demographics tab's value labels, by key."""
        return self.demographics.values

    def _tab_actions(self) -> None:
        # Alt+1..6 pick a tab; Ctrl+PgUp/PgDn step through them (as in browsers).
        for number in range(self.tabs.count()):
            local_action(self, f"Alt+{number + 1}", f"Alt+{number + 1}", lambda n=number: self.tabs.setCurrentIndex(n))
        local_action(self, "Ctrl+PgDown", "Ctrl+PgDown", lambda: self.step_tab(1))
        local_action(self, "Ctrl+PgUp", "Ctrl+PgUp", lambda: self.step_tab(-1))

    def step_tab(self, step: int) -> None:
        """Next (1) or previous (-1) tab, wrapping around."""
        self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % self.tabs.count())

    def run_intake(self) -> None:
        """The check-in checklist for the open patient (it records each confirmation itself)."""
        if self._record is not None:
            IntakeDialog.ask(self, self.uictx, self._record.id)

    def _chosen(self):  # type: ignore[no-untyped-def]
        from frontdesk.ui.billing.payments.patient_bar import ChosenPatient

        r = self._record
        return None if r is None else ChosenPatient(r.id, f"{r.last_name}, {r.first_name}", r.account_number)

    def take_payment(self) -> None:
        """Take money from the open patient, then hand over the receipt as chosen in the dialog."""
        from frontdesk.domain.formats import format_money
        from frontdesk.ui.billing.payments.receipt import deliver_receipt
        from frontdesk.ui.billing.payments.take_payment_dialog import TakePaymentDialog

        patient = self._chosen()
        if patient is None or not self.payment_button.isEnabled():
            return
        taken = TakePaymentDialog.ask(self, self.uictx, patient.id, patient.name)
        if taken is not None:
            self._status(f"Payment of {format_money(taken.payment.amount)} saved ({taken.payment.method_text}).")
            deliver_receipt(self, self.uictx, taken.payment.id, taken.receipt, self._status)

    def show_ledger(self) -> None:
        """The open patient's ledger (or their guarantor's) in its own window."""
        from frontdesk.ui.billing.payments.ledger_dialog import LedgerDialog

        patient = self._chosen()
        if patient is not None and self.ledger_button.isEnabled():
            LedgerDialog.ask(self, self.uictx, patient)

    def update_permissions(self) -> None:
        """Merge is shown only to roles allowed to merge records; money buttons to roles that handle it."""
        self.merge_button.setVisible(allowed(self.uictx, Permission.MERGE_PATIENTS))
        self.payment_button.setVisible(allowed(self.uictx, Permission.TAKE_PAYMENTS))
        self.ledger_button.setVisible(allowed(self.uictx, Permission.VIEW_BILLING))
        # A read-only role (Clinical) sees demographics; Edit is greyed out with the reason, not refused at Save.
        may_edit = allowed(self.uictx, Permission.EDIT_PATIENTS)
        self.edit_button.setEnabled(may_edit)
        actor = self.uictx.actor
        self.edit_button.setToolTip("" if may_edit or actor is None else denied_reason("Editing patients", actor.role))

    @property
    def record(self) -> PatientRecord | None:
        return self._record

    def show_record(self, record: PatientRecord) -> None:
        """Show ``record``; each tab loads its own rows for this patient."""
        same = self._record is not None and self._record.id == record.id
        self._record = record
        self.banner.show_record(record)
        self.demographics.show_record(record)
        self.update_permissions()
        if not same:
            self.tabs.setCurrentIndex(0)
            for tab in (self.insurance, self.family, self.consents, self.history, self.documents):
                tab.set_patient(record.id)
            self.disclosures.set_patient(record.id, record.account_number)
            self.load_attendance()
            self.load_balance()

    def load_attendance(self) -> None:
        """Recent no-shows for the banner (skipped for roles that may not see the schedule)."""
        record = self._record
        if record is None or not allowed(self.uictx, Permission.VIEW_SCHEDULE):
            self.banner.set_attendance(None)
            return
        patient_id = record.id
        self.uictx.call(schedule_views.patient_attendance, patient_id,
                        on_done=lambda att: self._attendance(patient_id, att),
                        on_error=self._attendance_failed)

    def _attendance_failed(self, exc: BaseException) -> None:
        self.banner.set_attendance(None)  # an expected refusal: the banner just omits the line
        if not to_user_message(exc).expected:
            ErrorPresenter(self)(exc)

    def _attendance(self, patient_id: int, attendance: Attendance) -> None:
        if self._record is not None and self._record.id == patient_id:
            self.banner.set_attendance(attendance)

    def load_balance(self) -> None:
        """What the patient owes and what awaits insurance, for the banner (omitted for roles without billing)."""
        record = self._record
        if record is None or not allowed(self.uictx, Permission.VIEW_BILLING):
            self.banner.set_balance(None)
            return
        self.uictx.call(ledger.patient_balance, record.id, on_done=self.banner.set_balance,
                        on_error=self._balance_failed)

    def _balance_failed(self, exc: BaseException) -> None:
        self.banner.set_balance(None)  # an expected refusal: the banner just omits the figures
        if not to_user_message(exc).expected:
            ErrorPresenter(self)(exc)

    def _on_changed(self, topics: frozenset[str]) -> None:
        if "appointments" in topics:
            self.load_attendance()
        if topics & BALANCE_TOPICS:
            self.load_balance()

    def clear(self) -> None:
        """Forget the record (e.g. when the user changes) so no PHI stays on screen."""
        self._record = None
        self.banner.clear()
        self.demographics.clear()
        for tab in (self.insurance, self.family, self.consents, self.history, self.documents, self.disclosures):
            tab.set_patient(None)
