"""Printing and exporting from the calendar: the day schedule and appointment card (Save as PDF through the
reports module, or Print through Qt), and an appointment's .ics file.

Printing re-draws the same data with a QTextDocument (QtPdf is not part of PySide6-Essentials, so the
saved PDF itself cannot be rasterised here); the PDF files are made by the reportlab reports.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from html import escape
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.formats import format_phone
from frontdesk.reports._pdf import UNKNOWN, clock_text
from frontdesk.reports.appointment_card import (
    CANCEL_NOTE,
    AppointmentCard,
    write_appointment_card_pdf,
)
from frontdesk.reports.day_schedule import (
    COLUMNS,
    TITLE,
    DaySheet,
    write_day_schedule_pdf,
)
from frontdesk.reports.ics import write_ics
from frontdesk.services.scheduling import schedule_print
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.widgets.common import guarded
from frontdesk.ui.widgets.file_dialog import SaveFileDialog

PDF_FILTER = "PDF files (*.pdf)"


@dataclass(frozen=True)
class DayPrintRequest:
    provider_ids: list[int] | None  # None = every active provider
    include_cancelled: bool
    action: str  # "pdf" or "print"
    open_after: bool = False


class DayPrintDialog(QDialog):
    """Which providers, whether to list cancelled visits, and Save as PDF or Print."""

    def __init__(self, providers: list[tuple[int, str]], current: int | None, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Print day schedule")
        self.who = QComboBox(self)
        self.who.setObjectName("print_who")
        self.who.addItem("All providers", None)
        for pid, name in providers:
            self.who.addItem(name, pid)
        if current is not None and self.who.findData(current) >= 0:
            self.who.setCurrentIndex(self.who.findData(current))
        self.cancelled = QCheckBox("&List cancelled and no-show visits too", self)
        self.as_pdf = QRadioButton("&Save as PDF\u2026", self)
        self.as_pdf.setChecked(True)
        self.to_printer = QRadioButton("&Print\u2026", self)
        group = QButtonGroup(self)
        group.addButton(self.as_pdf)
        group.addButton(self.to_printer)
        self.open_after = QCheckBox("&Open the PDF in the system viewer after saving", self)
        self.as_pdf.toggled.connect(self.open_after.setEnabled)
        form = QFormLayout()
        form.addRow("Pro&vider:", self.who)
        form.addRow("", self.cancelled)
        form.addRow("Output:", self.as_pdf)
        form.addRow("", self.open_after)
        form.addRow("", self.to_printer)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("C&ontinue")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def request(self) -> DayPrintRequest:
        pid = self.who.currentData()
        return DayPrintRequest(None if pid is None else [pid], self.cancelled.isChecked(),
                               "pdf" if self.as_pdf.isChecked() else "print",
                               self.as_pdf.isChecked() and self.open_after.isChecked())

    @classmethod
    def ask(cls, parent: QWidget | None, providers: list[tuple[int, str]],
            current: int | None = None) -> DayPrintRequest | None:
        dialog = cls(providers, current, parent)
        return dialog.request() if dialog.exec() == QDialog.DialogCode.Accepted else None


class PrinterDialog:
    """The system print dialog; tests replace :meth:`ask` (e.g. to print into a PDF file)."""

    @classmethod
    def ask(cls, parent: QWidget | None, printer: QPrinter) -> bool:
        return QPrintDialog(printer, parent).exec() == QDialog.DialogCode.Accepted


class SystemViewer:
    """Opens a saved file with the system's default application; tests replace :meth:`open`."""

    @classmethod
    def open(cls, path: Path) -> bool:
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def day_sheet_html(sheet: DaySheet) -> str:
    """The day schedule as HTML for printing (the same columns as the PDF; balances '—' until billing)."""
    head = "".join(f"<th align='left'>{escape(c)}</th>" for c in COLUMNS)
    parts = [f"<h2>{TITLE} \u2014 {sheet.day.strftime('%A')} {sheet.day.strftime('%m/%d/%Y')}</h2>",
             (f"<p>{escape(sheet.practice_name)} \u2022 printed {sheet.printed_at.strftime('%m/%d/%Y')} "
              f"{clock_text(sheet.printed_at)}</p>")]
    for provider in sheet.providers:
        count = len(provider.rows)
        parts.append(f"<h3>{escape(provider.provider_name)} ({count} appointment{'s' if count != 1 else ''})</h3>")
        if not provider.rows:
            parts.append("<p>No appointments.</p>")
            continue
        rows = "".join(
            "<tr>" + "".join(f"<td>{escape(v)}</td>" for v in (
                f"{clock_text(r.start)}-{clock_text(r.end)}", r.patient_name, format_phone(r.patient_phone) or UNKNOWN,
                r.type_name, r.reason, r.room_name, r.status_label, UNKNOWN)) + "</tr>" for r in provider.rows)
        parts.append(f"<table border='1' cellspacing='0' cellpadding='3' width='100%'><tr>{head}</tr>{rows}</table>")
    parts.append("<p><small>Confidential: patient information.</small></p>")
    return "".join(parts)


def card_html(card: AppointmentCard) -> str:
    facts = "".join(f"<tr><td><b>{escape(k)}</b></td><td>{escape(v)}</td></tr>" for k, v in card.lines())
    return (f"<h3>Appointment reminder</h3><table cellpadding='2'>{facts}</table>"
            f"<p><b>{escape(card.practice_name)}</b><br/>{escape(card.practice_address)}<br/>"
            f"{escape(format_phone(card.practice_phone))}</p><p><small>{escape(CANCEL_NOTE)}</small></p>")


def new_printer(*, landscape: bool) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))
    printer.setPageOrientation(QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait)
    return printer


def print_html(printer: QPrinter, html: str) -> None:
    document = QTextDocument()
    document.setHtml(html)
    document.print_(printer)


def _write(write: Callable[[], None], on_error: Callable[[BaseException], None]) -> bool:
    try:
        write()
    except Exception as exc:  # noqa: BLE001 - a StorageError (disk full, read-only...) goes to the error box
        on_error(exc)
        return False
    return True


class CalendarPrinting:
    """The calendar's print and export commands. The destination is chosen first, so a cancelled file or
    printer choice fetches (and audits) nothing; then the data comes through the runner."""

    def __init__(self, parent: QWidget, uictx: UiContext, status: Callable[[str], None]) -> None:
        self.parent, self.uictx, self.status = parent, uictx, status

    def _error(self, exc: BaseException) -> None:
        ErrorPresenter(self.parent)(exc)

    def _fetch(self, service, *args, then: Callable[[object], None], **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.uictx.call(service, *args, on_done=guarded(self.parent, then), on_error=guarded(self.parent, self._error),
                        **kwargs)

    def print_day(self, day: date, providers: list[tuple[int, str]], current: int | None = None) -> None:
        """Ask which providers and where to, then save the PDF or print (balances show '—' until billing)."""
        request = DayPrintDialog.ask(self.parent, providers, current)
        if request is None:
            return
        stamp = day.strftime("%m/%d/%Y")
        if request.action == "print":
            printer = new_printer(landscape=True)
            if PrinterDialog.ask(self.parent, printer):
                self._fetch(schedule_print.day_sheet, day, request.provider_ids,
                            include_inactive=request.include_cancelled,
                            then=lambda sheet: (print_html(printer, day_sheet_html(sheet)),  # type: ignore[arg-type]
                                                self.status(f"Day schedule for {stamp} sent to the printer.")))
            return
        path = SaveFileDialog.ask(self.parent, "Save day schedule", f"day-schedule-{day.isoformat()}.pdf",
                                  PDF_FILTER, ".pdf")
        if path is not None:
            self._fetch(schedule_print.day_sheet, day, request.provider_ids, include_inactive=request.include_cancelled,
                        then=lambda sheet: self._saved_day(path, sheet, request))  # type: ignore[arg-type]

    def _saved_day(self, path: Path, sheet: DaySheet, request: DayPrintRequest) -> None:
        if _write(lambda: write_day_schedule_pdf(path, sheet), self._error):
            self.status(f"Day schedule saved to {path.name}.")
            if request.open_after:
                SystemViewer.open(path)

    def print_card(self, appointment_id: int, *, to_printer: bool = False) -> None:
        """The patient's appointment card: saved as PDF (default) or printed."""
        if to_printer:
            printer = new_printer(landscape=False)
            if PrinterDialog.ask(self.parent, printer):
                self._fetch(schedule_print.appointment_card, appointment_id,
                            then=lambda card: (print_html(printer, card_html(card)),  # type: ignore[arg-type]
                                               self.status("Appointment card sent to the printer.")))
            return
        path = SaveFileDialog.ask(self.parent, "Save appointment card", "appointment-card.pdf", PDF_FILTER, ".pdf")
        if path is not None:
            self._fetch(schedule_print.appointment_card, appointment_id, then=lambda card: _write(
                lambda: write_appointment_card_pdf(path, card), self._error)  # type: ignore[arg-type]
                and self.status(f"Appointment card saved to {path.name}."))

    def export_ics(self, appointment_id: int) -> None:
        """The appointment as an .ics file for the patient's own calendar (no visit details in it)."""
        path = SaveFileDialog.ask(self.parent, "Export calendar file", "appointment.ics", "Calendar files (*.ics)",
                                  ".ics")
        if path is not None:
            self._fetch(schedule_print.appointment_calendar_event, appointment_id, then=lambda event: _write(
                lambda: write_ics(path, event), self._error)  # type: ignore[arg-type]
                and self.status(f"Calendar file saved to {path.name}."))
