"""Post EOB corrections: resume a closed check, reverse a claim's posting and post it again; void a mistyped check."""

# Fixed dates are data here: the dated claim is a row given to the model, shown as text.

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from payui_lib import DOS, Clinic
from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot
from test_payui_eob import fill_line

from frontdesk.error_messages import UserMessage
from frontdesk.models import Deposit, DepositItem
from frontdesk.services.payments import insurance_payments as ins
from frontdesk.services.payments.payment_types import LinePostingInput, PostedClaim
from frontdesk.ui.billing.dialogs import ReasonPromptDialog
from frontdesk.ui.billing.payments.eob_page import CLOSED_NOTE, EobPage
from frontdesk.ui.billing.payments.posted_claims import STATE_COLUMN, PostedClaimsModel
from frontdesk.ui.context import UiContext
from testsupport import practice_today

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
PAID_ON = DOS + timedelta(days=10)


class Reasons(list):
    """Each (title, prompt) the reason dialog was asked with; ``answer`` is what it returns."""

    answer = "Posted to the wrong patient"


@pytest.fixture
def reasons(monkeypatch: pytest.MonkeyPatch) -> Reasons:
    asked = Reasons()

    def ask(cls, parent, title, prompt, ok_text):  # type: ignore[no-untyped-def]
        asked.append((title, prompt))
        return asked.answer

    monkeypatch.setattr(ReasonPromptDialog, "ask", classmethod(ask))
    return asked


def _page(qtbot: QtBot, uictx: UiContext) -> tuple[EobPage, list[str]]:
    statuses: list[str] = []
    widget = EobPage(uictx, statuses.append)
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget, statuses


def _enter_check(qtbot: QtBot, page: EobPage, number: str, total: str) -> None:
    header = page.header
    header.kind.setCurrentIndex(header.kind.findData("check"))
    header.number.clear()
    qtbot.keyClicks(header.number, number)
    header.paid_on.setDate(QDate(PAID_ON))
    header.total.clear()
    qtbot.keyClicks(header.total, total)
    qtbot.mouseClick(header.enter_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.payment is not None)


def _add_claim(qtbot: QtBot, page: EobPage, search: str | None = None) -> None:
    """Find claims by ``search`` (or what the search box holds) and add the first one found."""
    if search is not None:
        page.search.clear()
        qtbot.keyClicks(page.search, search)
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.results.rowCount() >= 1)
    before = len(page.boxes)
    qtbot.keyClick(page.results_view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(page.boxes) == before + 1)


def _resume(qtbot: QtBot, page: EobPage, label_part: str) -> None:
    combo = page.header.open_payments
    index = next(i for i in range(combo.count()) if label_part in combo.itemText(i))
    combo.setCurrentIndex(index)
    qtbot.mouseClick(page.header.resume_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.payment is not None and page.posted.isVisible())


def _posted(page: EobPage, claim_id: int) -> tuple[int, PostedClaim]:
    row = page.posted.model.row_of(claim_id)
    assert row >= 0
    return row, page.posted.model.record(row)


def _cell(page: EobPage, row: int, column: int, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
    model = page.posted.model
    return model.data(model.index(row, column), role)


def test_reverse_a_claim_on_a_closed_check_and_post_it_again(
        qtbot: QtBot, biller_ui: UiContext, clinic: Clinic, reasons, shown_errors: list[UserMessage]) -> None:
    page, statuses = _page(qtbot, biller_ui)
    a = clinic.visit(clinic.patient("Avery"), (12500,))
    b = clinic.visit(clinic.patient("Blake"), (10000,))
    _enter_check(qtbot, page, "1042", "180.00")
    _add_claim(qtbot, page, "Avery")
    _add_claim(qtbot, page, f"#{b.claim_id}")
    box_a, box_b = page.boxes
    fill_line(qtbot, box_a.view, 0, "125", "100", "PR-2 25")
    fill_line(qtbot, box_b.view, 0, "100", "80", "PR-2 20")
    qtbot.keyClick(page, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.posted.model.rowCount() == 2)
    assert [c.claim_id for c in page.posted.model.records()] == [a.claim_id, b.claim_id]
    qtbot.mouseClick(page.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.payment is None)
    assert not page.posted.isVisible()

    # The closed check is offered for correction, said so in words, and shown read-only for posting.
    combo = page.header.open_payments
    assert combo.count() == 1 and combo.itemText(0).endswith("$180.00, closed")
    _resume(qtbot, page, "1042")
    assert page.payment.status == "closed"
    assert page.note.isVisible() and CLOSED_NOTE in page.note.text()
    for widget in (page.search, page.find_button, page.add_button, page.save_button, page.close_button):
        assert not widget.isEnabled()
    assert page.header.current.text().startswith("Payment: Blue Prairie Health check 1042")
    qtbot.waitUntil(lambda: page.posted.model.rowCount() == 2)
    row_a, claim_a = _posted(page, a.claim_id)
    assert (claim_a.paid, claim_a.adjusted, claim_a.lines) == (Decimal("100.00"), Decimal("25.00"), 1)
    assert _cell(page, row_a, 3) == DOS.strftime("%m/%d/%Y")
    assert _cell(page, row_a, 5) == "$100.00" and _cell(page, row_a, 7) == "Paid"
    assert _cell(page, row_a, STATE_COLUMN) == f"#{a.claim_id}"
    assert _cell(page, row_a, STATE_COLUMN, Qt.ItemDataRole.DecorationRole) is None
    assert not page.posted.reverse_button.isEnabled()  # nothing chosen yet
    assert page.posted.void_button.isEnabled()

    # Select Avery's claim and reverse it from the keyboard.
    page.posted.view.setFocus()
    page.posted.view.selectRow(row_a)
    assert page.posted.reverse_button.isEnabled()
    with qtbot.waitSignal(biller_ui.changed):
        qtbot.keyClick(page.posted.view, Qt.Key.Key_R, CTRL_SHIFT)
    [(title, prompt)] = reasons
    assert f"#{a.claim_id}" in title and "$100.00 paid" in prompt and "Avery" in prompt
    qtbot.waitUntil(lambda: _posted(page, a.claim_id)[1].reversed)
    row_a, claim_a = _posted(page, a.claim_id)
    assert _cell(page, row_a, STATE_COLUMN) == f"#{a.claim_id} reversed"
    assert not _cell(page, row_a, STATE_COLUMN, Qt.ItemDataRole.DecorationRole).isNull()  # an icon, not colour only
    assert _cell(page, row_a, 5) == "$0.00" and _cell(page, row_a, 7) == "Submitted"
    assert not _posted(page, b.claim_id)[1].reversed
    assert statuses[-1] == (f"Claim #{a.claim_id}'s posting reversed; $100.00 is unposted on this payment "
                            f"($100.00 left to post).")
    assert not shown_errors and not page.posted.error.isVisible()
    # The check is open again with the money left; the claim search is ready, holding the claim reversed.
    assert page.payment.status == "open" and page.payment.remaining == Decimal("100.00")
    assert "($100.00 left to post)" in page.header.current.text()
    assert "Posting against:" in page.header.current.text()
    assert not page.note.isVisible() and page.search.isEnabled()
    assert page.search.text() == f"#{a.claim_id}" and page.search.hasFocus()
    assert page.posted.view.selectionModel().selectedRows()[0].row() == row_a
    assert not page.posted.reverse_button.isEnabled()  # a reversal is not reversed again
    assert clinic.claim_status(a.claim_id) == "submitted"
    assert "$100.00 left to post" in combo.itemText(combo.findData(page.payment.id))

    # Post it again, this time with the right figures, and close the check once more.
    _add_claim(qtbot, page)
    [box] = page.boxes
    assert box.claim.id == a.claim_id
    fill_line(qtbot, box.view, 0, "120", "100", "CO-45 5; PR-2 20")
    qtbot.keyClick(page, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not _posted(page, a.claim_id)[1].reversed)
    assert statuses[-1] == "EOB posted: 1 claim, $100.00 paid; the check balances: close it."
    assert _cell(page, page.posted.model.row_of(a.claim_id), STATE_COLUMN) == f"#{a.claim_id}"
    assert clinic.claim_status(a.claim_id) == "paid"
    qtbot.mouseClick(page.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.payment is None)
    assert ins.get_insurance_payment(biller_ui.services, combo.itemData(0)).status == "closed"


def test_void_a_mistyped_check_and_enter_it_again(
        qtbot: QtBot, biller_ui: UiContext, clinic: Clinic, reasons, shown_errors: list[UserMessage]) -> None:
    page, statuses = _page(qtbot, biller_ui)
    visit = clinic.visit(clinic.patient("Casey"), (12500,))
    _enter_check(qtbot, page, "2002", "800")  # the check says $80.00
    _add_claim(qtbot, page, "Casey")
    fill_line(qtbot, page.boxes[0].view, 0, "100", "80", "CO-45 25")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.posted.model.rowCount() == 1)
    assert "$720.00 left to post" in statuses[-1]
    voided_id = page.payment.id
    page.posted.void_button.setFocus()
    with qtbot.waitSignal(biller_ui.changed):
        qtbot.keyClick(page.posted.void_button, Qt.Key.Key_V, CTRL_SHIFT)
    [(title, prompt)] = reasons
    assert "2002" in title and "$800.00" in prompt and "enter the check again" in prompt
    qtbot.waitUntil(lambda: page.payment is None)
    assert statuses[-1].startswith("Blue Prairie Health check 2002 voided")
    assert not shown_errors
    header = page.header
    # Ready for the same check with the right total: payer, kind, number and date kept, total empty.
    assert header.form.isVisible() and not page.posted.isVisible()
    assert header.number.text() == "2002" and header.total.text() == ""
    assert header.payer.currentData() == clinic.payer_id and header.kind.currentData() == "check"
    assert header.paid_on.date() == QDate(PAID_ON)
    qtbot.waitUntil(header.total.hasFocus)
    assert header.open_payments.findData(voided_id) < 0 and header.open_payments.count() == 0  # void is final
    assert ins.get_insurance_payment(biller_ui.services, voided_id).void_reason == "Posted to the wrong patient"
    assert clinic.claim_status(visit.claim_id) == "submitted"
    qtbot.keyClicks(header.total, "80")
    qtbot.keyClick(header.total, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.payment is not None)
    assert page.payment.id != voided_id and page.payment.number == "2002"
    assert page.payment.total == Decimal("80.00") and page.search.isEnabled()
    assert page.posted.isVisible() and page.posted.model.rowCount() == 0 and page.posted.empty.isVisible()


def test_a_deposited_check_is_not_voided_and_says_why_beside_the_list(
        qtbot: QtBot, biller_ui: UiContext, clinic: Clinic, db, reasons, shown_errors: list[UserMessage]) -> None:
    check = ins.enter_insurance_payment(biller_ui.services, clinic.payer_id, kind="check", number="3003",
                                        paid_on=PAID_ON, total="0")
    with db.session(write=True) as s:
        deposit = Deposit(deposit_date=practice_today(), cash_cents=0, check_cents=0, check_count=1, total_cents=0)
        s.add(deposit)
        s.flush()
        s.add(DepositItem(deposit_id=deposit.id, insurance_payment_id=check.id, method="check", amount_cents=0))
    page, statuses = _page(qtbot, biller_ui)
    _resume(qtbot, page, "3003")
    reasons.answer = "no"  # the service wants a few words
    qtbot.mouseClick(page.posted.void_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(page.posted.error.isVisible)
    assert "few words" in page.posted.error.text()
    reasons.answer = "Keyed the wrong number"
    qtbot.mouseClick(page.posted.void_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "few words" not in page.posted.error.text())
    assert "on deposit" in page.posted.error.text() and page.posted.error.text().startswith("\u26a0")
    assert page.payment is not None and page.payment.status == "open" and not statuses and not shown_errors


def test_front_desk_sees_the_list_but_not_the_corrections(
        qtbot: QtBot, biller_ui: UiContext, desk_ui: UiContext, clinic: Clinic, reasons) -> None:
    visit = clinic.visit(clinic.patient("Drew"), (10000,))
    svc = biller_ui.services
    check = ins.enter_insurance_payment(svc, clinic.payer_id, kind="check", number="4004", paid_on=PAID_ON,
                                        total="60")
    ins.post_claim_lines(svc, check.id, visit.claim_id, [LinePostingInput(visit.line_ids[0], "80", "60",
                                                                          (("CO", "45", "20"), ("PR", "2", "20")))])
    ins.close_insurance_payment(svc, check.id)
    page, _statuses = _page(qtbot, desk_ui)
    _resume(qtbot, page, "4004")
    qtbot.waitUntil(lambda: page.posted.model.rowCount() == 1)
    page.posted.view.selectRow(0)
    posted = page.posted
    assert not posted.reverse_button.isEnabled() and not posted.void_button.isEnabled()
    assert "role" in posted.reverse_button.toolTip()
    qtbot.keyClick(posted.view, Qt.Key.Key_R, CTRL_SHIFT)
    qtbot.keyClick(posted.view, Qt.Key.Key_V, CTRL_SHIFT)
    qtbot.keyClick(posted.view, Qt.Key.Key_Return)  # Enter on a row asks to reverse it, for a biller
    assert reasons == [] and page.payment.status == "closed"
    # The page re-checks when a biller signs in on the same screen.
    desk_ui.set_actor(biller_ui.actor)
    assert posted.reverse_button.isEnabled() and posted.void_button.isEnabled()
    assert posted.reverse_button.toolTip() == ""


def test_posted_claims_model(qtmodeltester) -> None:
    model = PostedClaimsModel()
    model.set_rows([
        PostedClaim(12, "Avery, Jane", "U000001", date(2026, 10, 1), 2, Decimal("1234.5"), Decimal(25), "paid",
                    False),
        PostedClaim(13, "Blake, Jane", "U000002", None, 0, Decimal(0), Decimal(0), "submitted", True),
    ])
    qtmodeltester.check(model)
    shown = [[model.data(model.index(r, c)) for c in range(model.columnCount())] for r in range(2)]
    assert shown[0] == ["#12", "Avery, Jane", "U000001", "10/01/2026", "2", "$1,234.50", "$25.00", "Paid"]
    assert shown[1][0] == "#13 reversed" and shown[1][3] == "" and shown[1][-1] == "Submitted"
    decoration = Qt.ItemDataRole.DecorationRole
    assert not model.data(model.index(1, STATE_COLUMN), decoration).isNull()
    assert model.data(model.index(0, STATE_COLUMN), decoration) is None
    assert model.data(model.index(1, 0), Qt.ItemDataRole.ForegroundRole) is not None  # muted, besides the text
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ForegroundRole) is None
    assert model.row_of(13) == 1 and model.row_of(99) == -1


def test_alt_keys_stay_unique_with_the_posted_list_and_a_claim_box(
        qtbot: QtBot, biller_ui: UiContext, clinic: Clinic, reasons) -> None:
    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel

    from frontdesk.ui.billing import BillingPane

    visit = clinic.visit(clinic.patient("Ellis"), (10000,))
    pane = BillingPane(biller_ui)
    qtbot.addWidget(pane)
    pane.resize(1166, 680)  # 1366 less the main window's navigation list
    pane.show()
    qtbot.waitExposed(pane)
    pane.tabs.setCurrentWidget(pane.eob_page)
    page = pane.eob_page
    _enter_check(qtbot, page, "5005", "50")
    _add_claim(qtbot, page, f"#{visit.claim_id}")
    assert page.posted.isVisible()
    keys: list[str] = []
    for widget in page.findChildren(QAbstractButton) + page.findChildren(QLabel) + page.findChildren(QGroupBox) + [
            pane.new_button, pane.print_button, pane.export_button]:
        if widget.isVisibleTo(pane):
            text = (widget.title() if isinstance(widget, QGroupBox) else widget.text()).replace("&&", "")
            if "&" in text:
                keys.append(text[text.index("&") + 1].lower())
    assert {"g", "i"} <= set(keys) and sorted(k for k in set(keys) if keys.count(k) > 1) == []
    assert pane.minimumSizeHint().width() <= 1166
