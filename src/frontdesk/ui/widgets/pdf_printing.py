"""Print a generated PDF at actual size: each page rendered (pypdfium2) at the printer's resolution.

Pre-printed red CMS-1500 forms need exact placement, so nothing here scales to fit: the page's
top-left corner goes to the paper's top-left corner and one PDF inch is one paper inch.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import QRectF, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from frontdesk.errors import StorageError

POINTS_PER_INCH = 72.0
_QT_FORMATS = {
    "RGB": QImage.Format.Format_RGB888,
    "RGBX": QImage.Format.Format_RGBX8888,
    "RGBA": QImage.Format.Format_RGBA8888,
    "L": QImage.Format.Format_Grayscale8,
}


def render_page(page: pdfium.PdfPage, dpi: float) -> QImage:
    """One page as an opaque image at ``dpi`` pixels per inch (a deep copy: pdfium's buffer is freed)."""
    bitmap = page.render(scale=dpi / POINTS_PER_INCH, rev_byteorder=True, fill_color=(255, 255, 255, 255))
    try:
        fmt = _QT_FORMATS.get(bitmap.mode)
        if fmt is None:
            raise ValueError(f"unexpected pdfium bitmap mode {bitmap.mode}")
        image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, fmt)
        return image.copy()
    finally:
        bitmap.close()


def print_pdf(printer: QPrinter, pdf_path: Path | str) -> int:
    """Paint every page of ``pdf_path`` onto ``printer`` at actual size; returns the pages printed."""
    try:
        document = pdfium.PdfDocument(str(pdf_path))
    except (OSError, pdfium.PdfiumError) as exc:
        raise StorageError(f"The file to print could not be read ({Path(pdf_path).name}).") from exc
    try:
        if len(document) == 0:
            return 0
        width_pt, height_pt = document[0].get_size()
        printer.setFullPage(True)  # origin at the paper's corner, not inside the printable margins
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter) if round(width_pt) == 612
                            else QPageSize(QSizeF(width_pt, height_pt), QPageSize.Unit.Point))
        printer.setPageOrientation(QPageLayout.Orientation.Portrait)
        dpi = float(printer.resolution())
        painter = QPainter()
        if not painter.begin(printer):
            raise StorageError("The printer could not be started. Check that it is on and try again.")
        try:
            for number in range(len(document)):
                if number:
                    printer.newPage()
                page = document[number]
                page_w, page_h = page.get_size()
                image = render_page(page, dpi)
                # Device pixels: points * dpi / 72, so a PDF inch lands on a paper inch.
                target = QRectF(0, 0, page_w * dpi / POINTS_PER_INCH, page_h * dpi / POINTS_PER_INCH)
                painter.drawImage(target, image)
        finally:
            painter.end()
        return len(document)
    finally:
        document.close()


def print_written(printer: QPrinter, write: Callable[[Path], None], folder: Path | str | None = None) -> int:
    """Print a PDF that ``write`` makes into a temporary file, then remove the file; the number of pages.

    ``folder``: where the temporary file goes (beside the practice data, the same protected disk); None, a
    private temporary folder (mode 0700) of its own, for pages made before a practice exists.
    """
    with tempfile.TemporaryDirectory(prefix="frontdesk-print-", dir=folder) as scratch:
        page = Path(scratch) / "print.pdf"
        write(page)
        return print_pdf(printer, page)


class PrinterDialog:
    """The system print dialog; tests replace :meth:`ask` with a function returning a (PDF-file) printer."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str = "Print") -> QPrinter | None:
        """A configured printer, or None when cancelled."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle(title)
        try:
            return printer if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
