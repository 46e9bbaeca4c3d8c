"""From a patient's record: Take payment (with its receipt) and the balance and ledger window."""

from __future__ import annotations

from decimal import Decimal

from payui_lib import Clinic, Driver
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from frontdesk.services.payments import ledger, payments
from frontdesk.services.patients import patients
from frontdesk.ui.billing.payments.ledger_dialog import LedgerDialog
from frontdesk.ui.billing.payments.patient_bar import ChosenPatient
from frontdesk.ui.billing.payments.take_payment_dialog import TakePaymentDialog
from frontdesk.ui.context import UiContext
from frontdesk.ui.patients.patient_view import PatientView


def test_take_payment_and_open_the_ledger_from_the_record(qtbot: QtBot, desk_ui: UiContext, clinic: Clinic,
                                                          dialogs: Driver, monkeypatch, printed) -> None:
    pid = clinic.patient("Quinn")
    clinic.visit(pid, (8000,))
    statuses: list[str] = []
    view = PatientView(desk_ui, status=statuses.append)
    qtbot.addWidget(view)
    view.show_record(patients.open_patient(desk_ui.services, pid))
    view.show()
    qtbot.waitExposed(view)
    assert view.payment_button.isVisible() and view.ledger_button.isVisible()

    def drive(dialog: TakePaymentDialog) -> None:
        assert "Quinn, Jane" in dialog.windowTitle()
        qtbot.keyClicks(dialog.amount, "30")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    dialogs.on(TakePaymentDialog, drive)
    qtbot.mouseClick(view.payment_button, Qt.MouseButton.LeftButton)
    assert statuses[0] == "Payment of $30.00 saved (Cash)." and "sent to the printer" in statuses[-1]
    shown: list[ChosenPatient] = []
    monkeypatch.setattr(LedgerDialog, "ask", classmethod(lambda cls, parent, uictx, patient: shown.append(patient)))
    qtbot.mouseClick(view.ledger_button, Qt.MouseButton.LeftButton)
    assert shown == [ChosenPatient(pid, "Quinn, Jane", shown[0].account_number)]
    window = LedgerDialog(desk_ui, shown[0], view)
    assert window.page.model.rowCount() == 2 and window.page.data is not None
    assert window.page.data.balance == Decimal("50.00")
    window.close()


def test_patient_header_shows_what_is_owed_now_and_what_awaits_insurance(qtbot: QtBot, desk_ui: UiContext,
                                                                         clinic: Clinic) -> None:
    """Issue 15 item 11: the header said 'Balance \u2014' while money was owed; it now gives the ledger's two
    figures and follows a payment (the data-changed signal)."""
    pid = clinic.patient("Header")
    clinic.visit(pid, (12000,))  # the claim is with the payer
    own = clinic.visit(pid, (4500,))
    clinic.set_claim(own.claim_id, status="closed")  # the payer is done with it: the patient owes it
    view = PatientView(desk_ui)
    qtbot.addWidget(view)
    view.show_record(patients.open_patient(desk_ui.services, pid))
    view.resize(1366, 768)
    view.show()
    qtbot.waitExposed(view)
    facts = view.banner.facts
    qtbot.waitUntil(lambda: "Owes $45.00 \u00b7 Awaiting insurance $120.00" in facts.text())
    assert "\u2014" not in facts.text()
    figures = ledger.patient_balance(desk_ui.services, pid)
    assert (figures.owes, figures.awaiting_insurance) == (
        ledger.ledger(desk_ui.services, patient_id=pid).patient_portion, Decimal("120.00"))
    payments.take_payment(desk_ui.services, pid, method="cash", amount="45.00", apply_to=list(own.line_ids))
    qtbot.waitUntil(lambda: facts.text().endswith("Awaiting insurance $120.00") and "Owes" not in facts.text())
    payments.take_payment(desk_ui.services, pid, method="cash", amount="10.00", apply_to=[])
    qtbot.waitUntil(lambda: facts.text().endswith("Credit $10.00 \u00b7 Awaiting insurance $120.00"))


def test_patient_header_with_nothing_owed_says_so(qtbot: QtBot, desk_ui: UiContext, clinic: Clinic) -> None:
    pid = clinic.patient("Clear")
    view = PatientView(desk_ui)
    qtbot.addWidget(view)
    view.show_record(patients.open_patient(desk_ui.services, pid))
    qtbot.waitUntil(lambda: view.banner.facts.text().endswith("Balance $0.00"))
