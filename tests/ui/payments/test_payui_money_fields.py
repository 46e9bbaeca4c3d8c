"""Money fields refuse "70.70.00" as it is typed (the payment amount, a refund, an EOB's total and its Allowed
and Paid cells), and take "$1,234.56", "1234.5" and "70" as typed."""

from __future__ import annotations

from decimal import Decimal

import pytest
import shiboken6
from payui_lib import DOS, Clinic
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QTableView
from pytestqt.qtbot import QtBot

from frontdesk.services.billing.billing_types import FeeItem
from frontdesk.services.day_close.end_of_day_types import DrawerExpectation
from frontdesk.ui.admin.fee_item_dialog import FeeItemDialog, PayerFeeDialog
from frontdesk.ui.billing.payments.correction_dialogs import RefundDialog
from frontdesk.ui.billing.payments.eob_page import EobPage
from frontdesk.ui.billing.payments.take_payment_dialog import TakePaymentDialog
from frontdesk.ui.billing.service_lines import LineEditor
from frontdesk.ui.billing.statements.statements_page import StatementsPage
from frontdesk.ui.context import UiContext
from frontdesk.ui.end_of_day.dialogs import DrawerCountDialog
from frontdesk.ui.patients.intake_steps import CopayStep
from frontdesk.ui.patients.policy_dialog import PolicyDialog
from frontdesk.ui.widgets.money_field import MoneyValidator

ALLOWED, PAID, ADJUSTMENTS = 5, 6, 7
TYPED = [("70.70.00", "70.70"), ("$1,234.56", "$1,234.56"), ("1234.5", "1234.5"), ("70", "70"),
         ("7o0", "70"), ("12.345", "12.34"), ("1,,5", "1,5")]


def _typed(qtbot: QtBot, edit: QLineEdit, text: str) -> str:
    edit.setFocus()
    edit.clear()
    qtbot.keyClicks(edit, text)
    return edit.text()


@pytest.mark.parametrize(("typed", "kept"), TYPED)
def test_take_payment_and_refund_amounts(qtbot: QtBot, biller_ui: UiContext, clinic: Clinic, typed: str,
                                         kept: str) -> None:
    pid = clinic.patient("Reyes")
    payment = TakePaymentDialog(biller_ui, pid, "Reyes, Jane")
    refund = RefundDialog(biller_ui, pid, "$10.00")
    for dialog in (payment, refund):
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert _typed(qtbot, dialog.amount, typed) == kept  # before: "70.70.00" stayed in the box


def _cell_editor(qtbot: QtBot, view: QTableView, column: int) -> QLineEdit:
    index = view.model().index(0, column)
    view.setCurrentIndex(index)
    if not any(e.isVisible() for e in view.findChildren(QLineEdit)):
        view.edit(index)
    [editor] = [e for e in view.findChildren(QLineEdit) if e.isVisible()]
    return editor


def test_eob_total_and_the_amount_cells(qtbot: QtBot, biller_ui: UiContext, clinic: Clinic) -> None:
    clinic.visit(clinic.patient("Avery"), (12500,))
    page = EobPage(biller_ui, lambda _text: None)
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    qtbot.waitExposed(page)
    header = page.header
    header.reload()
    header.kind.setCurrentIndex(header.kind.findData("check"))
    qtbot.keyClicks(header.number, "1042")
    assert _typed(qtbot, header.total, "70.70.00") == "70.70"
    qtbot.mouseClick(header.enter_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.search, "Avery")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    qtbot.keyClick(page.results_view, Qt.Key.Key_Return)
    [box] = page.boxes
    for column in (ALLOWED, PAID):
        editor = _cell_editor(qtbot, box.view, column)
        assert isinstance(editor.validator(), MoneyValidator)
        editor.selectAll()
        qtbot.keyClicks(editor, "70.70.00")
        assert editor.text() == "70.70"
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda e=editor: not shiboken6.isValid(e) or not e.isVisible())
        assert box.model.data(box.model.index(0, column)) == "70.70"
    # Adjustments hold codes and amounts ("CO-45 25.00"): not a money field.
    editor = _cell_editor(qtbot, box.view, ADJUSTMENTS)
    assert editor.validator() is None
    qtbot.keyClick(editor, Qt.Key.Key_Escape)


def test_every_other_money_field_refuses_it_too(qtbot: QtBot, biller_ui: UiContext, clinic: Clinic) -> None:
    """The copay on a policy and at check-in, a fee, a payer's fee, a line's charge, the drawer count and the
    statements' minimum balance: each is the one money field."""
    pid = clinic.patient("Reyes")
    item = FeeItem(1, "99213", "cpt", "Visit", 13000, 1, (), True)
    drawer = DrawerCountDialog(None, biller_ui, DOS, DrawerExpectation(DOS, Decimal(0), Decimal(0)))
    policy = PolicyDialog(biller_ui, pid)
    fee = FeeItemDialog(biller_ui)
    payer_fee = PayerFeeDialog(biller_ui, 1, "Aetna", item, None)
    line = LineEditor(biller_ui.clock)
    copay = CopayStep(biller_ui)
    statements = StatementsPage(biller_ui, lambda _text: None)
    fields = {"policy copay": policy.copay, "check-in copay": copay.amount, "fee": fee.fee,
              "payer fee": payer_fee.fee, "line charge": line.charge, "opening float": drawer.float_edit,
              "counted cash": drawer.cash_edit, "counted checks": drawer.checks_edit,
              "minimum balance": statements.min_balance}
    for widget in (drawer, policy, fee, payer_fee, line, copay, statements):
        qtbot.addWidget(widget)
    for name, edit in fields.items():
        assert (name, _typed(qtbot, edit, "70.70.00")) == (name, "70.70")
        assert (name, _typed(qtbot, edit, "$1,234.56")) == (name, "$1,234.56")
