"""The Aging tab: totals match services.aging, the as-of date, CSV that reads back, PDF, front desk gating."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pdfplumber
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from st_lib import TODAY, Clinic, ago

from frontdesk.domain.formats import format_money
from frontdesk.services.payments import aging, payments
from frontdesk.ui.billing.statements.aging_page import AgingPage
from frontdesk.ui.context import UiContext
from frontdesk.ui.widgets.file_dialog import SaveFileDialog
from frontdesk.ui.widgets.schedule_inputs import to_qdate


def _page(qtbot: QtBot, uictx: UiContext, statuses: list[str]) -> AgingPage:
    page = AgingPage(uictx, statuses.append)
    page.as_of.setDate(to_qdate(TODAY))  # the clinic's fixed clock, not the machine's date
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    qtbot.waitExposed(page)
    return page


def _clinic_with_ar(biller, clinic: Clinic) -> None:  # type: ignore[no-untyped-def]
    clinic.visit(clinic.patient(last="Older"), (10000,), on=ago(45), claims=("submitted",))
    clinic.visit(clinic.patient(last="Recent"), (2500,), on=ago(5), claims=())
    clinic.visit(clinic.patient(last="Ancient"), (4000,), on=ago(200), claims=())
    payments.take_payment(biller, clinic.patient(last="Credit"), method="cash", amount="7.50", apply_to=[])


def test_totals_match_the_report_and_the_as_of_date_moves_them(qtbot: QtBot, biller_ui: UiContext, biller,
                                                               clinic: Clinic, qtmodeltester, shown_errors) -> None:
    _clinic_with_ar(biller, clinic)
    page = _page(qtbot, biller_ui, [])
    report = aging.aging_report(biller, TODAY)
    assert page.report == report
    assert page.accounts.rowCount() == len(report.by_account) == 4
    assert page.payers.rowCount() == len(report.by_payer) + 1
    totals_row = page.payers.rowCount() - 1
    headers = [page.payers.headerData(c, Qt.Orientation.Horizontal) for c in range(page.payers.columnCount())]
    cell = {h: page.payers.index(totals_row, c).data() for c, h in enumerate(headers)}
    assert cell["Payer"] == "Total" and cell["Total"] == format_money(report.totals.total)
    assert cell["31-60"] == format_money(Decimal("100.00")) and cell["Over 120"] == "$40.00"
    assert cell["Insurance"] == format_money(report.totals.insurance_total)
    assert cell["Unapplied credit"] == format_money(Decimal("-7.50"))
    assert format_money(report.totals.total) in page.totals.text()
    assert report.totals.total == Decimal("100.00") + Decimal("25.00") + Decimal("40.00") - Decimal("7.50")
    # Sorted by name through the proxy; every model passes Qt's checks.
    view_names = [page.account_view.model().index(r, 1).data() for r in range(page.accounts.rowCount())]
    assert view_names == sorted(view_names, key=str.lower)
    # An earlier as-of date leaves out the later visits.
    page.as_of.setDate(to_qdate(ago(30)))
    assert page.report is not None and page.report.as_of == ago(30)
    assert page.report.totals.total == Decimal("100.00") + Decimal("40.00")
    qtmodeltester.check(page.accounts)
    qtmodeltester.check(page.payers)
    assert shown_errors == []


def test_csv_and_pdf_exports(qtbot: QtBot, biller_ui: UiContext, biller, clinic: Clinic, monkeypatch,
                             tmp_path: Path) -> None:
    _clinic_with_ar(biller, clinic)
    statuses: list[str] = []
    page = _page(qtbot, biller_ui, statuses)
    asked: list[tuple[str, str]] = []

    def ask(cls, parent, caption, suggested, *args):  # type: ignore[no-untyped-def]
        asked.append((caption, suggested))
        return tmp_path / suggested

    monkeypatch.setattr(SaveFileDialog, "ask", classmethod(ask))
    qtbot.mouseClick(page.csv_button, Qt.MouseButton.LeftButton)
    out = tmp_path / "aging-2026-11-27.csv"
    assert asked[-1][1] == out.name and statuses[-1] == f"Aging exported to {out.name}."
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    total = next(r for r in rows if r[0] == "Total")
    assert Decimal(total[-1]) == page.report.totals.total
    assert sum(1 for r in rows if r[0] == "By account") == page.accounts.rowCount()
    qtbot.mouseClick(page.pdf_button, Qt.MouseButton.LeftButton)
    pdf = tmp_path / "aging-2026-11-27.pdf"
    with pdfplumber.open(pdf) as doc:
        text = "\n".join(p.extract_text() or "" for p in doc.pages)
    assert "Older" in text and statuses[-1] == f"Aging saved as {pdf.name}."


def test_cancelled_save_writes_nothing(qtbot: QtBot, biller_ui: UiContext, monkeypatch, tmp_path: Path) -> None:
    statuses: list[str] = []
    page = _page(qtbot, biller_ui, statuses)
    monkeypatch.setattr(SaveFileDialog, "ask", classmethod(lambda cls, *a: None))
    qtbot.mouseClick(page.csv_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.pdf_button, Qt.MouseButton.LeftButton)
    assert statuses == [] and list(tmp_path.glob("aging*")) == []


def test_front_desk_cannot_see_the_aging(qtbot: QtBot, desk_ui: UiContext, shown_errors) -> None:
    page = _page(qtbot, desk_ui, [])
    assert "billing role" in page.totals.text() and not page.csv_button.isEnabled()
    assert page.report is None and shown_errors == []


def test_opening_the_aging_is_one_audited_view_and_its_reloads_are_none(qtbot: QtBot, biller_ui: UiContext, biller,
                                                                         clinic: Clinic, admin_ctx) -> None:
    from frontdesk.services.admin import audit

    def views() -> list[str]:
        return [e.entity_id for e in reversed(audit.list_events(admin_ctx, audit.AuditFilter(action="aging.view")))]

    _clinic_with_ar(biller, clinic)
    page = _page(qtbot, biller_ui, [])
    qtbot.waitUntil(lambda: page.report is not None)
    assert views() == [TODAY.isoformat()]
    before = page.report
    payments.take_payment(biller, clinic.patient(last="Recent"), method="cash", amount="5.00", apply_to=[])
    biller_ui.changed.emit(frozenset({"payments"}))  # as the payment's notice reaches the screen
    qtbot.waitUntil(lambda: page.report is not before)  # the change reloaded what is on screen...
    assert views() == [TODAY.isoformat()]  # ...which is not a new view
    page.as_of.setDate(to_qdate(ago(30)))  # another date is
    qtbot.waitUntil(lambda: page.report is not None and page.report.as_of == ago(30))
    assert views() == [TODAY.isoformat(), ago(30).isoformat()]
