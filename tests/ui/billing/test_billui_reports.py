"""Billing > Reports through the real pane: reachable by keyboard, the table and chart of a report, the range
error beside the filters, PDF and CSV saved through the services, and print through the system dialog."""

from __future__ import annotations

import csv
from datetime import timedelta
from pathlib import Path

from billui_lib import DOS, make_claim
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot
from testsupport import screenshot_path

from frontdesk.ui.widgets import pdf_output, pdf_printing
from frontdesk.ui.widgets.file_dialog import SaveFileDialog
from frontdesk.ui.widgets.schedule_inputs import to_qdate


def _open_reports(qtbot: QtBot, harness, clinic, biller):  # type: ignore[no-untyped-def]
    make_claim(biller, clinic, lines=("99213", "99213"))
    pane = harness.pane
    qtbot.keyClick(pane, Qt.Key.Key_0, Qt.KeyboardModifier.AltModifier)
    page = pane.reports_page
    assert pane.tabs.currentWidget() is page
    page.start.setDate(to_qdate(DOS - timedelta(days=1)))
    page.end.setDate(to_qdate(DOS))
    qtbot.waitUntil(lambda: page.report is not None and page.report.filter.start == DOS - timedelta(days=1)
                    and page.report.filter.end == DOS)
    return page


def test_report_table_and_chart_and_the_range_error(qtbot: QtBot, harness, clinic, biller, qtmodeltester) -> None:
    page = _open_reports(qtbot, harness, clinic, biller)
    qtmodeltester.check(page.model)
    model = page.model
    assert model.headerData(3, Qt.Orientation.Horizontal) == "Charges"
    last = model.rowCount() - 1
    assert model.data(model.index(last, 0)) == "Total"
    assert model.data(model.index(last, 1)) == "2"  # two service lines
    assert model.data(model.index(last, 3)).startswith("$")
    assert not page.chart.pixmap().isNull() and page.chart.pixmap().width() > 400
    assert page.provider.count() >= 2 and page.provider.itemText(0) == "All"
    harness.pane.grab().save(str(screenshot_path("billing-reports.png")))

    page.picker.setCurrentIndex(page.picker.findData("net_collection"))
    qtbot.waitUntil(lambda: page.report is not None and page.report.key == "net_collection")
    qtmodeltester.check(page.model)

    page.end.setDate(to_qdate(DOS - timedelta(days=2)))  # before the From date
    qtbot.waitUntil(lambda: page.report is None and "To date is before its From date" in page.message.text())
    assert not page.pdf_button.isEnabled() and model.rowCount() == 0


def test_pdf_csv_and_print(qtbot: QtBot, harness, clinic, biller, tmp_path: Path, monkeypatch) -> None:
    page = _open_reports(qtbot, harness, clinic, biller)
    monkeypatch.setattr(SaveFileDialog, "ask", classmethod(lambda cls, *a, **k: tmp_path / "out.pdf"))
    page.pdf_button.click()
    qtbot.waitUntil(lambda: "Report saved as out.pdf." in harness.statuses)
    assert (tmp_path / "out.pdf").read_bytes().startswith(b"%PDF")
    monkeypatch.setattr(SaveFileDialog, "ask", classmethod(lambda cls, *a, **k: tmp_path / "out.csv"))
    page.csv_button.click()
    qtbot.waitUntil(lambda: "Report exported to out.csv." in harness.statuses)
    rows = list(csv.reader((tmp_path / "out.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert rows[1] == ["Provider", "Lines", "Units", "Charges", "Share"] and rows[-1][0] == "Total"

    printed: list[str] = []
    monkeypatch.setattr(pdf_printing.PrinterDialog, "ask", classmethod(lambda cls, *a, **k: QPrinter()))
    monkeypatch.setattr(pdf_output, "print_pdf", lambda _printer, path: printed.append(path) or 1)
    page.print_button.click()
    qtbot.waitUntil(lambda: "Production by provider: 1 page sent to the printer." in harness.statuses)
    assert printed and not Path(printed[0]).exists()  # the temporary PDF is removed after printing


def test_ar_trend_from_the_picker_and_its_filter_message(qtbot: QtBot, harness, clinic, biller,
                                                         qtmodeltester) -> None:
    page = _open_reports(qtbot, harness, clinic, biller)
    page.picker.setCurrentIndex(page.picker.findData("ar_trend"))
    qtbot.waitUntil(lambda: page.report is not None and page.report.key == "ar_trend")
    qtmodeltester.check(page.model)
    assert page.model.rowCount() == 13 and page.model.data(page.model.index(12, 0)) == "Latest"
    page.provider.setCurrentIndex(1)
    qtbot.waitUntil(lambda: page.report is None and "choose All providers" in page.message.text())



def test_export_to_quickbooks_asks_for_the_journal_of_the_report_range(qtbot: QtBot, harness, clinic,
                                                                       biller) -> None:
    page = _open_reports(qtbot, harness, clinic, biller)
    assert page.quickbooks_button.isEnabled()
    with qtbot.waitSignal(harness.pane.export_journal_requested) as asked:  # the main window opens the dialog
        page.quickbooks_button.click()
    assert asked.args == [DOS - timedelta(days=1), DOS]
