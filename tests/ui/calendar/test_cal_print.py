"""Printing the day schedule: Save as PDF (the reportlab report) and Print (Qt re-draws the same rows)."""

from __future__ import annotations

import pdfplumber
from cal_ui_lib import MONDAY, book
from PySide6.QtCore import Qt
from PySide6.QtGui import QPageLayout
from PySide6.QtPrintSupport import QPrinter

from frontdesk.ui.calendar.print_actions import (
    DayPrintDialog,
    DayPrintRequest,
    PrinterDialog,
    SystemViewer,
)
from frontdesk.ui.widgets.file_dialog import SaveFileDialog


def _text(path) -> str:  # type: ignore[no-untyped-def]
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def test_save_the_day_schedule_as_pdf_for_one_provider(qtbot, make_pane, clinic, monkeypatch, tmp_path,  # type: ignore[no-untyped-def]
                                                       statuses) -> None:
    c = clinic
    book(c.desk, c.pat[0], c.dr_a, c.visit, MONDAY, 9, reason="Cough")
    book(c.desk, c.pat[1], c.dr_b, c.visit, MONDAY, 10, reason="Back pain")
    target = tmp_path / "day.pdf"
    monkeypatch.setattr(DayPrintDialog, "ask", classmethod(lambda cls, parent, providers, current=None: (
        DayPrintRequest([providers[0][0]], False, "pdf", open_after=True))))
    monkeypatch.setattr(SaveFileDialog, "ask", classmethod(lambda cls, *a, **k: target))
    opened = []
    monkeypatch.setattr(SystemViewer, "open", classmethod(lambda cls, path: opened.append(path) or True))
    pane = make_pane()
    qtbot.keyClick(pane.day_grid, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    text = _text(target)
    assert "Day schedule" in text and "03/04/2030" in text and "Able, Ann" in text and "Cough" in text
    assert "(518) 555-0101" in text and "Baker" not in text  # Dr Alvarez only
    assert opened == [target] and statuses[-1] == "Day schedule saved to day.pdf."


def test_print_sends_the_same_rows_to_the_printer(qtbot, make_pane, clinic, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    c = clinic
    book(c.desk, c.pat[0], c.dr_a, c.visit, MONDAY, 9, reason="Cough")
    book(c.desk, c.pat[1], c.dr_b, c.visit, MONDAY, 10, reason="Back pain")
    printed = tmp_path / "printer.pdf"
    orientations = []

    def to_file(cls, parent, printer: QPrinter) -> bool:  # type: ignore[no-untyped-def]
        orientations.append(printer.pageLayout().orientation())
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # the "printer" is a file here
        printer.setOutputFileName(str(printed))
        return True

    monkeypatch.setattr(DayPrintDialog, "ask", classmethod(lambda cls, parent, providers, current=None: (
        DayPrintRequest(None, False, "print"))))
    monkeypatch.setattr(PrinterDialog, "ask", classmethod(to_file))
    pane = make_pane()
    pane.toolbar.print_button.click()
    text = _text(printed)
    assert "Able, Ann" in text and "Baker, Bob" in text and "Back pain" in text and "Balance due" in text
    assert orientations == [QPageLayout.Orientation.Landscape]


def test_cancelling_the_file_choice_fetches_and_audits_nothing(qtbot, make_pane, clinic, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from frontdesk.services.admin import audit
    from frontdesk.services.admin.audit import AuditFilter

    monkeypatch.setattr(DayPrintDialog, "ask", classmethod(lambda cls, *a, **k: DayPrintRequest(None, False, "pdf")))
    asked = []
    monkeypatch.setattr(SaveFileDialog, "ask", classmethod(lambda cls, *a, **k: asked.append(a) or None))
    pane = make_pane()
    pane.print_day()
    assert len(asked) == 1
    assert audit.list_events(clinic.admin, AuditFilter(action="schedule.print")) == []
