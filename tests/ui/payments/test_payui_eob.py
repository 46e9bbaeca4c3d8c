"""Post EOB: a payer's check, two claims found by search, lines typed in the grid, errors on the cell, save, close."""

# Fixed dates are data here: the dated line is a row given to the model, shown as text.

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from payui_lib import DOS, Clinic
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot
from testsupport import type_cell
from sqlalchemy import select

from frontdesk.errors import ValidationError
from frontdesk.models import InsuranceLinePosting
from frontdesk.services.payments import insurance_payments as ins
from frontdesk.services.payments.payment_types import ClaimLineOpen
from frontdesk.ui.billing.payments.eob_lines_model import (
    EobLinesModel,
    split_adjustments,
)
from frontdesk.ui.billing.payments.eob_page import EobPage
from frontdesk.ui.context import UiContext

PAID, ADJUSTMENTS, REMARKS, DENIAL = 6, 7, 8, 9
ALLOWED = 5


def fill_line(qtbot: QtBot, view: QTableView, row: int, allowed: str, paid: str, adjustments: str = "",
              remarks: str = "", denial: str = "") -> None:
    for column, text in ((ALLOWED, allowed), (PAID, paid), (ADJUSTMENTS, adjustments), (REMARKS, remarks),
                         (DENIAL, denial)):
        if text:
            type_cell(qtbot, view, row, column, text)


@pytest.fixture
def page(qtbot: QtBot, biller_ui: UiContext) -> tuple[EobPage, list[str]]:
    statuses: list[str] = []
    widget = EobPage(biller_ui, statuses.append)
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget, statuses


def _enter_check(qtbot: QtBot, page: EobPage, number: str, total: str) -> None:
    header = page.header
    header.reload()
    header.kind.setCurrentIndex(header.kind.findData("check"))
    qtbot.keyClicks(header.number, number)
    header.paid_on.setDate(QDate(DOS + timedelta(days=10)))
    qtbot.keyClicks(header.total, total)
    qtbot.mouseClick(header.enter_button, Qt.MouseButton.LeftButton)


def _add_claim(qtbot: QtBot, page: EobPage, search: str) -> None:
    page.search.clear()
    qtbot.keyClicks(page.search, search)
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert page.results.rowCount() >= 1
    qtbot.keyClick(page.results_view, Qt.Key.Key_Return)  # Enter on the first result adds it


def test_post_an_eob_across_two_claims(qtbot: QtBot, page, clinic: Clinic, db, qtmodeltester) -> None:
    widget, statuses = page
    a = clinic.visit(clinic.patient("Avery"), (12500,))
    b = clinic.visit(clinic.patient("Blake"), (10000, 2500))
    _enter_check(qtbot, widget, "1042", "180.00")
    assert widget.payment is not None and widget.payment.total == Decimal("180.00")
    assert "Blue Prairie Health check 1042" in widget.header.current.text()
    _add_claim(qtbot, widget, "Avery")
    _add_claim(qtbot, widget, f"#{b.claim_id}")
    box_a, box_b = widget.boxes
    assert (box_a.claim.id, box_b.claim.id) == (a.claim_id, b.claim_id)
    qtmodeltester.check(box_b.model)
    fill_line(qtbot, box_a.view, 0, "100", "100", "CO-45 25.00")
    fill_line(qtbot, box_b.view, 0, "80", "80", "co 45 20")
    fill_line(qtbot, box_b.view, 1, "0", "5", "CO-97 25", "M15", "Bundled")  # denied, yet 'paid' 5: refused
    assert "this EOB $185.00" in widget.running.text() and "over by $5.00" in widget.running.text()
    qtbot.mouseClick(widget.save_button, Qt.MouseButton.LeftButton)
    # The service names claims[1].lines[1].paid: the error sits on that cell of Blake's claim.
    assert (1, PAID) in box_b.model.errors and box_b.error.isVisible()
    assert f"Claim #{b.claim_id}" in box_b.error.text()
    assert box_b.model.data(box_b.model.index(1, PAID), Qt.ItemDataRole.DecorationRole) is not None
    assert box_b.view.currentIndex() == box_b.model.index(1, PAID)
    with db.session(write=False) as s:
        assert s.scalar(select(InsuranceLinePosting.id)) is None  # all or nothing
    type_cell(qtbot, box_b.view, 1, PAID, "0")
    assert not box_b.model.errors and "balances" in widget.running.text()
    qtbot.keyClicks(box_b.payer_claim_number, "ICN 77-1")
    qtbot.keyClick(widget, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # Ctrl+S saves
    assert not widget.boxes
    assert statuses[-1] == "EOB posted: 2 claims, $180.00 paid; the check balances: close it."
    assert clinic.claim_status(a.claim_id) == "paid" and clinic.claim_status(b.claim_id) == "paid"
    assert widget.close_button.isEnabled()
    qtbot.mouseClick(widget.close_button, Qt.MouseButton.LeftButton)
    assert statuses[-1] == "Blue Prairie Health check 1042 closed: $180.00 posted."
    assert widget.payment is None and ins.list_insurance_payments(widget.uictx.services) == []


def test_partial_eob_can_be_resumed_and_malformed_adjustments_stay_on_screen(
        qtbot: QtBot, page, clinic: Clinic, db) -> None:
    widget, statuses = page
    a = clinic.visit(clinic.patient("Casey"), (12500,))
    _enter_check(qtbot, widget, "2001", "200")
    _add_claim(qtbot, widget, "Casey")
    [box] = widget.boxes
    fill_line(qtbot, box.view, 0, "100", "80", "CO45")  # not group-reason amount
    qtbot.mouseClick(widget.save_button, Qt.MouseButton.LeftButton)
    assert (0, ADJUSTMENTS) in box.model.errors and "CO-45 25.00" in box.error.text()
    type_cell(qtbot, box.view, 0, ADJUSTMENTS, "CO-45 25; PR-2 20")
    qtbot.mouseClick(widget.save_button, Qt.MouseButton.LeftButton)
    assert "$120.00 left to post" in statuses[-1] and not widget.close_button.isEnabled()
    assert clinic.claim_status(a.claim_id) == "paid"
    # Start over on another payment, then resume the open one from the list.
    qtbot.mouseClick(widget.header.new_button, Qt.MouseButton.LeftButton)
    assert widget.payment is None and widget.header.open_payments.count() == 1
    qtbot.mouseClick(widget.header.resume_button, Qt.MouseButton.LeftButton)
    assert widget.payment is not None and widget.payment.remaining == Decimal("120.00")
    with db.session(write=False) as s:
        assert s.scalar(select(InsuranceLinePosting.paid_cents)) == 8000


def test_header_errors_sit_next_to_their_field(qtbot: QtBot, page, clinic: Clinic) -> None:
    widget, _statuses = page
    widget.header.reload()
    qtbot.keyClicks(widget.header.total, "180")
    qtbot.mouseClick(widget.header.enter_button, Qt.MouseButton.LeftButton)  # no check number
    error = widget.header.form.error_label("number")
    assert error.isVisible() and "check number" in error.text().lower() and widget.payment is None
    widget.search.setFocus()
    qtbot.keyClicks(widget.search, "Nobody")
    qtbot.keyClick(widget.search, Qt.Key.Key_Return)
    assert widget.search_error.isVisible() and widget.results.rowCount() == 0


def test_lines_model_passes_the_model_tester_and_splits_adjustments(qtmodeltester) -> None:
    from datetime import date

    model = EobLinesModel([ClaimLineOpen(7, 1, date(2026, 10, 1), "99213", Decimal(125), Decimal(0),
                                         Decimal(125))])
    qtmodeltester.check(model)
    assert model.setData(model.index(0, PAID), "10") and model.postings()[0].paid == "10"
    assert not model.setData(model.index(0, 2), "X")  # the code is not editable
    assert split_adjustments("CO-45 25.00; pr 2 10,OA-23 1", 0) == (("CO", "45", "25.00"), ("pr", "2", "10"),
                                                                   ("OA", "23", "1"))
    with pytest.raises(ValidationError) as err:
        split_adjustments("CO-45", 3)
    assert err.value.field == "lines[3].adjustments"
