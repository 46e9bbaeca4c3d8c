"""The Ledger tab: a patient's or guarantor's entries with a running balance, its insurance / patient split, totals."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.formats import format_date, format_money
from frontdesk.error_messages import to_user_message
from frontdesk.services.admin import providers
from frontdesk.services.payments import ledger
from frontdesk.services.payments.payment_types import FamilyAccount, Ledger
from frontdesk.ui.billing.payments.models import LEDGER_PATIENT_COLUMN, ledger_model
from frontdesk.ui.billing.payments.patient_bar import ChosenPatient, PatientBar
from frontdesk.ui.context import UiContext
from frontdesk.ui.widgets.common import fit_columns, guarded, make_table
from frontdesk.ui.widgets.form import FieldError
from frontdesk.ui.widgets.pdf_output import print_generated, save_generated
from frontdesk.ui.widgets.schedule_inputs import date_edit, from_qdate
from frontdesk.ui.widgets.view_audit import ViewOpening

StatusFn = Callable[[str], None]
TOPICS = frozenset({"payments", "ledger", "claims", "encounters"})


def totals_text(data: Ledger) -> str:
    """The ledger's totals in one paragraph (what the PDF prints at the bottom)."""
    parts = [f"Charges {format_money(data.charges)}", f"Insurance paid {format_money(data.insurance_payments)}",
             f"Adjustments {format_money(data.adjustments)}", f"Patient paid {format_money(data.payments)}"]
    if data.refunds:
        parts.append(f"Refunds {format_money(data.refunds)}")
    opening = f"Opening balance {format_money(data.opening_balance)}; " if data.since else ""
    return (f"{opening}{'; '.join(parts)}; closing balance {format_money(data.closing_balance)}.\n"
            f"Balance today {format_money(data.balance)}: {portions_text(data)}.")


def portions_text(data: Ledger) -> str:
    """'insurance pending $110.00, patient owes $5.00' (or 'patient has $30.00 credit'), credit noted."""
    patient = (f"patient owes {format_money(data.patient_portion)}" if data.patient_portion >= 0
               else f"patient has {format_money(-data.patient_portion)} credit")
    credit = f" (unapplied credit on account {format_money(data.credit)})" if data.credit > 0 else ""
    return f"insurance pending {format_money(data.insurance_portion)}, {patient}{credit}"


class LedgerPage(QWidget):
    """Filters on top, the entries, the totals, Print / Save as PDF."""

    def __init__(self, uictx: UiContext, status: StatusFn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ledger_page")
        self.uictx = uictx
        self._status = status
        self.account: FamilyAccount | None = None
        self.data: Ledger | None = None
        self._opening = ViewOpening()  # a patient's or a family's ledger: audited once per opening
        self.bar = PatientBar(uictx, "Ledger: choose the patient", self)
        self.this_patient = QRadioButton("This pa&tient", self)
        self.this_patient.setChecked(True)
        self.whole_guarantor = QRadioButton("Everyone the &guarantor answers for", self)
        self.whole_guarantor.setObjectName("ledger_guarantor")
        self.since_box = QCheckBox("&From", self)
        self.since = date_edit(self, uictx.clock.today())
        self.until_box = QCheckBox("T&o", self)
        self.until = date_edit(self, uictx.clock.today())
        self.provider = QComboBox(self)
        self.provider.setObjectName("ledger_provider")
        self.provider.addItem("All providers", None)
        provider_label = QLabel("Pro&vider:", self)
        provider_label.setBuddy(self.provider)
        filters = QHBoxLayout()
        for widget in (self.this_patient, self.whole_guarantor, self.since_box, self.since, self.until_box,
                       self.until, provider_label, self.provider):
            filters.addWidget(widget)
        filters.addStretch(1)
        self.error = FieldError(self)
        self.model = ledger_model(self)
        self.view, _proxy = make_table(self, self.model)
        self.view.setObjectName("ledger_table")
        self.totals = QLabel(self)
        self.totals.setObjectName("ledger_totals")
        # Two explicit lines, no word wrap: a wrapped label in this layout is given one line's height.
        self.print_button = QPushButton("Print le&dger\u2026", self)
        self.pdf_button = QPushButton("Save as PDF\u2026", self)
        self.pdf_button.setObjectName("ledger_pdf")
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.print_button)
        actions.addWidget(self.pdf_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.bar)
        layout.addLayout(filters)
        layout.addWidget(self.error)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.totals)
        layout.addLayout(actions)
        self.bar.chosen.connect(self._patient_chosen)
        for radio in (self.this_patient, self.whole_guarantor):
            radio.toggled.connect(lambda on: on and self.reload())
        for box in (self.since_box, self.until_box):
            box.toggled.connect(lambda _on: self.reload())
        self.since.dateChanged.connect(lambda _d: self.since_box.isChecked() and self.reload())
        self.until.dateChanged.connect(lambda _d: self.until_box.isChecked() and self.reload())
        self.provider.currentIndexChanged.connect(lambda _i: self.reload())
        self.print_button.clicked.connect(self.print_ledger)
        self.pdf_button.clicked.connect(self.save_pdf)
        uictx.changed.connect(self._on_changed)  # a bound slot: disconnected when this page goes
        uictx.actor_changed.connect(self._on_actor_changed)
        self._enable()
        uictx.call(providers.list_providers, on_done=guarded(self, self._providers))

    def _on_changed(self, topics: frozenset[str]) -> None:
        if topics & TOPICS:
            self.reload()

    def _on_actor_changed(self, _actor: object) -> None:
        self._opening.forget()  # what the next user reads of a ledger left on screen is their own view

    def _providers(self, rows: list) -> None:
        for p in rows:
            self.provider.addItem(p.display_name, p.id)

    def show_patient(self, patient: ChosenPatient) -> None:
        """Show this patient's ledger (from the Patients pane or the Payments tab)."""
        self.bar.set_patient(patient)

    def _patient_chosen(self, patient: ChosenPatient) -> None:
        self.account = None
        self._opening.forget()  # choosing a patient (even the same one again) opens their ledger
        self.this_patient.setChecked(True)
        self.uictx.call(ledger.family_account, patient.id, on_done=guarded(self, self._family))
        self.reload()

    def _family(self, account: FamilyAccount) -> None:
        # The guarantor's family, or the patient's own when they answer for others (a parent who is a patient).
        self.account = account if account.guarantor_id is not None else None
        self.whole_guarantor.setText(
            f"Everyone &guarantor {account.name} answers for ({account.member_count} patients)" if self.account
            else "Everyone the &guarantor answers for (no one else shares this account)")
        self._enable()

    def _enable(self) -> None:
        self.whole_guarantor.setEnabled(self.account is not None)
        has = self.data is not None
        self.print_button.setEnabled(has)
        self.pdf_button.setEnabled(has)

    def filters(self) -> dict[str, Any] | None:
        """The service's keyword arguments for what is on screen (None without a patient)."""
        patient = self.bar.patient
        if patient is None:
            return None
        who: dict[str, Any] = {"patient_id": patient.id}
        if self.whole_guarantor.isChecked() and self.account is not None:
            who = {"guarantor_id": self.account.guarantor_id}
        since: date | None = from_qdate(self.since.date()) if self.since_box.isChecked() else None
        until: date | None = from_qdate(self.until.date()) if self.until_box.isChecked() else None
        return {**who, "since": since, "until": until, "provider_id": self.provider.currentData()}

    def reload(self) -> None:
        """Ask the service for the ledger with the filters on screen."""
        kwargs = self.filters()
        if kwargs is None:
            return
        self.error.clear_error()
        # Switching between the patient's and the family's ledger opens another view; dates, provider and
        # data-changed refreshes re-read the one on screen.
        who = ("guarantor", kwargs["guarantor_id"]) if "guarantor_id" in kwargs else ("patient", kwargs["patient_id"])
        service = self._opening.pick(who, ledger.open_ledger, ledger.ledger)
        self.uictx.call(service, on_done=guarded(self, self._show), on_error=guarded(self, self._failed),
                        **kwargs)

    def _failed(self, exc: BaseException) -> None:
        self._opening.forget()
        self.error.show_error(to_user_message(exc).text)

    def _show(self, data: Ledger) -> None:
        self.data = data
        self.model.set_rows(data.entries)
        # The Patient column says whose each line is; on one patient's ledger it would only repeat the name.
        self.view.setColumnHidden(LEDGER_PATIENT_COLUMN, len(data.patient_ids) <= 1)
        fit_columns(self.view)
        if data.entries:
            self.view.scrollToBottom()  # the latest entries and today's balance matter most
        self.totals.setText(totals_text(data))
        self._enable()

    def _report(self, data: Ledger) -> str:
        return f"Ledger ({len(data.entries)} entries, balance {format_money(data.balance)})"

    def print_ledger(self) -> None:
        kwargs = self.filters()
        if kwargs is not None:
            print_generated(self, self.uictx, "Print ledger", ledger.write_ledger_pdf, report=self._report,
                            status=self._status, **kwargs)

    def save_pdf(self) -> None:
        kwargs = self.filters()
        if kwargs is None or self.bar.patient is None:
            return
        stem = f"ledger-{self.bar.patient.account_number}-{format_date(self.uictx.clock.today()).replace('/', '-')}.pdf"
        save_generated(self, self.uictx, "Save ledger as PDF", stem, ledger.write_ledger_pdf, report=self._report,
                       status=self._status, **kwargs)
