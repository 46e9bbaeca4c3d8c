"""Saving and printing the Emergency Kit: the file and print dialogs, and painting the kit on a printer."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QPageLayout, QPageSize, QPainter, QPen
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QWidget

from frontdesk.errors import StorageError
from frontdesk.reports import emergency_kit as kit_text
from frontdesk.reports.emergency_kit import EmergencyKit
from frontdesk.ui.widgets.file_folders import documents_folder

KIT_FILENAME = "FrontDesk Emergency Kit.pdf"


def suggested_kit_path() -> Path:
    """Where the save dialog starts: the Documents folder (the user may pick a USB stick instead)."""
    return documents_folder() / KIT_FILENAME


class KitFileDialog:
    """Asks where to save the Emergency Kit PDF; tests replace :meth:`ask`."""

    @classmethod
    def ask(cls, parent: QWidget | None, suggested: Path) -> Path | None:
        """The chosen file (always ending in .pdf), or None if cancelled."""
        name, _filter = QFileDialog.getSaveFileName(parent, "Save Emergency Kit", str(suggested),
                                                    "PDF documents (*.pdf)")
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")


class KitPrintDialog:
    """The system print dialog for the kit; tests replace :meth:`ask` (e.g. to print to a PDF file)."""

    @classmethod
    def ask(cls, parent: QWidget | None, printer: QPrinter) -> bool:
        """True when the user chose a printer and pressed Print (``printer`` is then set up)."""
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle("Print Emergency Kit")
        return dialog.exec() == QPrintDialog.DialogCode.Accepted


def new_kit_printer() -> QPrinter:
    """A printer set up for one US Letter page with the same margins as the PDF."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(kit_text.TITLE)
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.Letter), QPageLayout.Orientation.Portrait,
                                      QMarginsF(54, 54, 54, 54), QPageLayout.Unit.Point))
    return printer


class _Pen:
    """Lays text out top to bottom in points, converted to the device's pixels."""

    def __init__(self, painter: QPainter, dpi: float, width_px: float) -> None:
        self.p = painter
        self.k = dpi / 72.0  # device pixels per point
        self.width = width_px
        self.y = 0.0

    def font(self, size: float, *, bold: bool = False, mono: bool = False) -> None:
        kind = QFontDatabase.SystemFont.FixedFont if mono else QFontDatabase.SystemFont.GeneralFont
        font = QFontDatabase.systemFont(kind)
        font.setStyleHint(QFont.StyleHint.TypeWriter if mono else QFont.StyleHint.SansSerif)
        font.setPointSizeF(size)
        font.setBold(bold)
        self.p.setFont(font)

    def text(self, text: str, *, indent: float = 0, after: float = 4, color: str = "#1a1a1a") -> None:
        # Plain drawText: user values are never interpreted as markup here.
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap)
        rect = QRectF(indent * self.k, self.y, self.width - indent * self.k, 10_000)
        self.p.setPen(QColor(color))
        used = self.p.drawText(rect, flags, text)
        self.y += used.height() + after * self.k

    def gap(self, points: float) -> None:
        self.y += points * self.k

    def lines(self, count: int) -> None:
        self.p.setPen(QPen(QColor("#777777"), 0.75 * self.k))
        for _ in range(count):
            self.y += 27 * self.k
            self.p.drawLine(0, int(self.y), int(self.width), int(self.y))
        self.y += 6 * self.k


def paint_kit(printer: QPrinter, kit: EmergencyKit) -> None:
    """Paint the kit on one page of ``printer`` (the same words as the PDF, via QPainter)."""
    painter = QPainter()
    if not painter.begin(printer):
        raise StorageError("The printer could not be started; check that it is connected and try again.")
    try:
        pen = _Pen(painter, printer.resolution(), printer.width())
        pen.font(22, bold=True)
        pen.text(kit_text.TITLE, after=2)
        pen.font(10.5, bold=True)
        pen.text(kit_text.WARNING, after=10, color="#8a1c1c")
        for label, value in kit.facts():
            pen.font(10.5, bold=True)
            top = pen.y
            pen.text(label, after=0)
            pen.y = top
            pen.font(10.5)
            pen.text(value, indent=80, after=3)
        pen.font(12, bold=True)
        pen.gap(8)
        pen.text(kit_text.KEY_HEADING, after=5)
        _key_box(pen, kit.recovery_key)
        pen.gap(3)
        pen.font(8.5)
        pen.text(kit_text.KEY_NOTE, after=0, color="#555555")
        pen.font(12, bold=True)
        pen.gap(12)
        pen.text(kit_text.INSTRUCTIONS_HEADING, after=5)
        pen.font(10.5)
        for line in kit_text.INSTRUCTIONS:
            top = pen.y
            pen.text("\u2022", indent=2, after=0)
            pen.y = top
            pen.text(line, indent=14, after=3)
        for heading, count in ((kit_text.HELP_HEADING, kit_text.HELP_LINES),
                               (kit_text.HINT_HEADING, kit_text.HINT_LINES)):
            pen.font(12, bold=True)
            pen.gap(8)
            pen.text(heading, after=0)
            pen.lines(count)
    finally:
        painter.end()


def _key_box(pen: _Pen, key: str) -> None:
    height = 54 * pen.k
    box = QRectF(0, pen.y, pen.width, height)
    pen.p.setPen(QPen(QColor("#1a1a1a"), 2 * pen.k))
    pen.p.setBrush(QColor("#f2f2f2"))
    pen.p.drawRect(box)
    pen.p.setBrush(Qt.BrushStyle.NoBrush)
    pen.font(20, bold=True, mono=True)
    pen.p.setPen(QColor("#1a1a1a"))
    pen.p.drawText(box, int(Qt.AlignmentFlag.AlignCenter), key)
    pen.y += height
