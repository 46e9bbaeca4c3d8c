"""The EOB screen and a payment with the real threaded runner: answers arrive later, nothing blocks or errs."""

from __future__ import annotations

from decimal import Decimal

from payui_lib import Clinic, Driver
from PySide6.QtCore import Qt

from frontdesk.ui.billing.payments.eob_page import EobPage
from frontdesk.ui.billing.payments.patient_bar import ChosenPatient
from frontdesk.ui.billing.payments.payments_page import PaymentsPage
from frontdesk.ui.billing.payments.take_payment_dialog import TakePaymentDialog
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.runner import Runner
from testsupport import practice_today
from frontdesk.ui.widgets.schedule_inputs import to_qdate


def test_threaded_eob_and_payment(qtbot, practice, data_paths, biller_ui: UiContext, clinic: Clinic,
                                  dialogs: Driver, shown_errors) -> None:  # type: ignore[no-untyped-def]
    pid = clinic.patient("Tate")
    a = clinic.visit(pid, (12500,))
    runner = Runner(ErrorPresenter(), synchronous=False)
    try:
        ctx = UiContext(practice.db, data_paths, runner)
        ctx.set_actor(biller_ui.actor)
        statuses: list[str] = []
        page = EobPage(ctx, statuses.append)
        qtbot.addWidget(page)
        page.show()
        qtbot.waitExposed(page)
        header = page.header
        qtbot.waitUntil(lambda: header.payer.count() == 1)
        qtbot.keyClicks(header.number, "555")
        header.paid_on.setDate(to_qdate(practice_today()).addDays(-7))
        qtbot.keyClicks(header.total, "100")
        qtbot.keyClick(header.total, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: page.payment is not None)
        qtbot.keyClicks(page.search, "Tate")
        qtbot.keyClick(page.search, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: page.results.rowCount() == 1)
        qtbot.keyClick(page.results_view, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: len(page.boxes) == 1)
        model = page.boxes[0].model
        for column, text in ((5, "100"), (6, "100"), (7, "CO-45 25")):
            model.setData(model.index(0, column), text)
        assert "balances" in page.running.text()
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(statuses) and not page.boxes)
        qtbot.waitUntil(lambda: page.close_button.isEnabled())
        assert clinic.claim_status(a.claim_id) == "paid"

        payments_page = PaymentsPage(ctx, statuses.append)
        qtbot.addWidget(payments_page)
        payments_page.show_patient(ChosenPatient(pid, "Tate, Jane", "U1"))
        qtbot.waitUntil(lambda: payments_page.credit_label.text() != "")

        def drive(dialog: TakePaymentDialog) -> None:
            qtbot.waitUntil(lambda: dialog.balance.text().startswith("Balance $0.00"))
            dialog.amount.setText("12.50")
            dialog.receipt_group.buttons()[2].click()
            dialog.submit()
            qtbot.waitUntil(lambda: dialog.outcome is not None)

        dialogs.on(TakePaymentDialog, drive)
        payments_page.take_payment()
        qtbot.waitUntil(lambda: payments_page.credit == Decimal("12.50") and payments_page.model.rowCount() == 1)
        qtbot.waitUntil(lambda: not runner.is_busy())
    finally:
        runner.shutdown()
    assert shown_errors == []
