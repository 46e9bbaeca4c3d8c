"""The Payments and Ledger tabs: take, reverse (reason required), refund credit, reprint; ledger filters and PDF."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest
from payui_lib import DOS, Clinic, Driver
from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from frontdesk.services.patients._patient_types import PatientSummary
from frontdesk.ui.billing import BillingPane
from frontdesk.ui.billing.payments.correction_dialogs import RefundDialog, ReverseDialog
from frontdesk.ui.billing.payments.ledger_page import LedgerPage
from frontdesk.ui.billing.payments.models import checks_model, claims_model
from frontdesk.ui.billing.payments.patient_bar import ChosenPatient
from frontdesk.ui.billing.payments.payments_page import PaymentsPage
from frontdesk.ui.billing.payments.take_payment_dialog import TakePaymentDialog
from frontdesk.ui.context import UiContext
from frontdesk.ui.widgets.file_dialog import SaveFileDialog
from frontdesk.ui.widgets.patient_picker import PatientPickerDialog


def _shown(qtbot: QtBot, widget):  # type: ignore[no-untyped-def]
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


def _choose(monkeypatch: pytest.MonkeyPatch, qtbot: QtBot, bar, patient_id: int, last: str) -> None:  # type: ignore[no-untyped-def]
    found = PatientSummary(patient_id, "U1", last, "Jane", date(1970, 1, 1), "")
    monkeypatch.setattr(PatientPickerDialog, "ask", classmethod(lambda cls, *a, **k: found))
    qtbot.mouseClick(bar.button, Qt.MouseButton.LeftButton)


def _column(model, title: str) -> int:  # type: ignore[no-untyped-def]
    """The ledger column with this header (columns move when one is added)."""
    return next(c for c in range(model.columnCount()) if model.headerData(c, Qt.Orientation.Horizontal) == title)


def _cash(amount: str, apply_index: int = 0):  # type: ignore[no-untyped-def]
    def drive(dialog: TakePaymentDialog) -> None:
        dialog.amount.clear()
        dialog.amount.setFocus()
        dialog.amount.insert(amount)
        dialog.apply_to.setCurrentIndex(apply_index)
        dialog.receipt_group.buttons()[2].click()  # no receipt
        dialog.submit()
    return drive


def test_take_reverse_refund_and_reprint(qtbot: QtBot, biller_ui: UiContext, clinic: Clinic, dialogs: Driver,
                                         printed: list[Path], monkeypatch, qtmodeltester) -> None:
    statuses: list[str] = []
    page = _shown(qtbot, PaymentsPage(biller_ui, statuses.append))
    pid = clinic.patient("Reyes")
    clinic.visit(pid, (12500,))
    assert not page.buttons["take"].isEnabled()
    _choose(monkeypatch, qtbot, page.bar, pid, "Reyes")
    assert page.bar.label.text().startswith("Reyes, Jane") and page.buttons["take"].isEnabled()
    dialogs.on(TakePaymentDialog, _cash("200"))
    qtbot.keyClick(page, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)  # Ctrl+T
    assert statuses[-1] == "Payment of $200.00 saved (Cash)."
    assert page.model.rowCount() == 1 and page.credit == Decimal("75.00")
    assert page.credit_label.text() == "Credit on account: $75.00"
    qtmodeltester.check(page.model)
    # Reverse: the reason is required, and the service's refusal sits under the reason field.
    page.view.selectRow(0)

    def reverse(dialog: ReverseDialog) -> None:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        error = dialog.form.error_label("reason")
        assert error.isVisible() and "reason" in error.text().lower()
        qtbot.keyClicks(dialog.reason, "Entered on the wrong account")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    dialogs.on(ReverseDialog, reverse)
    qtbot.mouseClick(page.buttons["reverse"], Qt.MouseButton.LeftButton)
    assert statuses[-1].startswith("Entry #1 reversed by entry #2")
    assert page.model.rowCount() == 2 and page.credit == 0 and not page.buttons["refund"].isEnabled()
    states = {page.model.record(r).id: page.model.data(page.model.index(r, 6)) for r in range(2)}
    assert states[1] == "Reversed (#2)" and states[2].startswith("Reverses #1: Entered on the wrong account")
    # Money kept as credit, then part of it refunded.
    dialogs.on(TakePaymentDialog, _cash("50", apply_index=1))
    qtbot.mouseClick(page.buttons["take"], Qt.MouseButton.LeftButton)
    assert page.credit == Decimal("50.00") and page.buttons["refund"].isEnabled()

    def refund(dialog: RefundDialog) -> None:
        qtbot.keyClicks(dialog.amount, "20")
        qtbot.keyClicks(dialog.reason, "Overpaid copay")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    dialogs.on(RefundDialog, refund)
    qtbot.mouseClick(page.buttons["refund"], Qt.MouseButton.LeftButton)
    assert statuses[-1].startswith("Refund of $20.00 saved (Cash)") and page.credit == Decimal("30.00")
    # Apply the rest of the credit to the open charge; then reprint the newest entry's receipt with Ctrl+R.
    qtbot.mouseClick(page.buttons["apply"], Qt.MouseButton.LeftButton)
    assert "applied" in statuses[-1] and page.credit == 0
    page.view.selectRow(0)
    qtbot.keyClick(page, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert "sent to the printer" in statuses[-1] and len(printed) == 1


def test_front_desk_cannot_reverse_or_refund(qtbot: QtBot, desk_ui: UiContext, clinic: Clinic, dialogs: Driver,
                                             monkeypatch) -> None:
    page = _shown(qtbot, PaymentsPage(desk_ui, lambda _t: None))
    pid = clinic.patient("Singh")
    page.show_patient(ChosenPatient(pid, "Singh, Jane", "U1"))
    dialogs.on(TakePaymentDialog, _cash("10", apply_index=1))
    page.take_payment()
    page.view.selectRow(0)
    assert page.buttons["take"].isEnabled() and page.buttons["receipt"].isEnabled()
    assert not page.buttons["reverse"].isEnabled() and not page.buttons["refund"].isEnabled()


def test_ledger_with_running_balance_filters_and_pdf(qtbot: QtBot, biller_ui: UiContext, clinic: Clinic,
                                                     dialogs: Driver, monkeypatch, tmp_path: Path,
                                                     qtmodeltester) -> None:
    statuses: list[str] = []
    page = _shown(qtbot, LedgerPage(biller_ui, statuses.append))
    pid = clinic.patient("Lopez")
    clinic.visit(pid, (12500, 2500))
    from frontdesk.services.payments import payments

    payments.take_payment(biller_ui.services, pid, method="check", amount="40", check_number="311")
    _choose(monkeypatch, qtbot, page.bar, pid, "Lopez")
    assert page.model.rowCount() == 3
    qtmodeltester.check(page.model)
    balance, insurance = _column(page.model, "Balance"), _column(page.model, "Insurance owes")
    balances = [page.model.data(page.model.index(r, balance)) for r in range(3)]
    assert balances == ["$125.00", "$150.00", "$110.00"]
    # The claim awaits the payer, so what is open on the charge (less the $40 applied to it) is insurance's.
    assert page.model.data(page.model.index(0, insurance)) == "$85.00"
    assert page.model.data(page.model.index(2, insurance)) == ""
    assert page.view.isColumnHidden(_column(page.model, "Patient"))  # one patient: the name would only repeat
    assert "Balance today $110.00" in page.totals.text() and "Patient paid $40.00" in page.totals.text()
    assert not page.whole_guarantor.isEnabled()  # own guarantor
    # From the day after the visit: the charges become the opening balance.
    page.since.setDate(QDate(DOS.year, DOS.month, DOS.day).addDays(1))
    page.since_box.setChecked(True)
    assert page.model.rowCount() == 1 and "Opening balance $150.00" in page.totals.text()
    saved_to = tmp_path / "ledger.pdf"
    monkeypatch.setattr(SaveFileDialog, "ask", classmethod(lambda cls, *a, **k: saved_to))
    qtbot.mouseClick(page.pdf_button, Qt.MouseButton.LeftButton)
    assert statuses[-1].endswith("saved as ledger.pdf.")
    with pdfplumber.open(saved_to) as pdf:
        text = "\n".join(p.extract_text() or "" for p in pdf.pages)
    assert "Lopez" in text and "$110.00" in text


def test_a_parent_who_is_a_patient_reaches_the_family_ledger(qtbot: QtBot, biller_ui: UiContext, clinic: Clinic,
                                                              monkeypatch, tmp_path: Path) -> None:
    page = _shown(qtbot, LedgerPage(biller_ui, lambda _t: None))
    from frontdesk.models import Guarantor

    parent = clinic.patient("Okafor", "Ada")
    with clinic.db.session(write=True) as s:
        row = Guarantor(patient_id=parent)
        s.add(row)
        s.flush()
        guarantor_id = row.id
    kid = clinic.patient("Okafor", "Obi", guarantor_id=guarantor_id)
    clinic.visit(parent, (10000,))
    clinic.visit(kid, (2500,))
    _choose(monkeypatch, qtbot, page.bar, parent, "Okafor")
    qtbot.waitUntil(page.whole_guarantor.isEnabled)
    assert "Ada Okafor" in page.whole_guarantor.text() and "2 patients" in page.whole_guarantor.text()
    assert page.model.rowCount() == 1
    page.whole_guarantor.setChecked(True)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    assert "Balance today $125.00" in page.totals.text()
    # Issue 15 item 11: each line of the family ledger says whose it is, on screen and on the PDF.
    who = _column(page.model, "Patient")
    assert not page.view.isColumnHidden(who)
    assert {page.model.data(page.model.index(r, who)) for r in range(2)} == {"Ada Okafor", "Obi Okafor"}
    assert page.model.data(page.model.index(0, who)) == ("Ada Okafor" if page.model.record(0).patient_id == parent
                                                         else "Obi Okafor")
    saved_to = tmp_path / "family.pdf"
    monkeypatch.setattr(SaveFileDialog, "ask", classmethod(lambda cls, *a, **k: saved_to))
    qtbot.mouseClick(page.pdf_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(saved_to.exists)
    with pdfplumber.open(saved_to) as pdf:
        lines = (pdf.pages[0].extract_text() or "").splitlines()
    assert any(line.startswith("Date Patient Kind Description") for line in lines), lines
    charges = [line for line in lines if " Charge " in line]
    assert len(charges) == 2 and {line.split(" Charge ")[0].split(" ", 1)[1] for line in charges} == {
        "Ada Okafor", "Obi Okafor"}, charges


def test_pane_has_the_payment_tabs(qtbot: QtBot, biller_ui: UiContext, clinic: Clinic, qtmodeltester) -> None:
    pane = _shown(qtbot, BillingPane(biller_ui))
    titles = [pane.tabs.tabText(i) for i in range(pane.tabs.count())]
    assert titles == ["Claims", "Visits to bill", "Encounters", "Payments", "Post EOB", "Ledger", "Statements", "Aging", "Billing setup",
                      "Reports"]
    qtbot.keyClick(pane, Qt.Key.Key_6, Qt.KeyboardModifier.AltModifier)
    assert pane.tabs.currentWidget() is pane.ledger_page
    pid = clinic.patient("Kim")
    pane.show_payments(ChosenPatient(pid, "Kim, Jane", "U9"))
    assert pane.tabs.currentWidget() is pane.payments_page and pane.payments_page.patient.id == pid
    pane.show_ledger(ChosenPatient(pid, "Kim, Jane", "U9"))
    assert pane.tabs.currentWidget() is pane.ledger_page and "Kim" in pane.ledger_page.bar.label.text()
    for model in (claims_model(), checks_model()):
        qtmodeltester.check(model)
