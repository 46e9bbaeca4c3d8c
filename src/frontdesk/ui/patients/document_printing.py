"""Printing a patient document through the system print dialog, each page fitted to the paper, and saving it as
a PDF file (a picture becomes a PDF page). Both are recorded in the audit trail (the document leaves the app).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QImage, QPageLayout, QPainter
from PySide6.QtPrintSupport import QPrinter

from frontdesk.document_pages import as_pdf, page_rgb
from frontdesk.errors import StorageError, storage_error_from_os
from frontdesk.storage.atomic import write_atomically

PRINT_DPI = 300  # enough for any scan; a 600 dpi printer gets each page scaled up, not re-drawn at 600


def qimage_of(rgb: tuple[int, int, bytes]) -> QImage:
    """A QImage owning its own copy of ``page_rgb``'s pixels."""
    width, height, pixels = rgb
    return QImage(pixels, width, height, width * 3, QImage.Format.Format_RGB888).copy()


def fitted(size: QSize, box: QRectF) -> QRectF:
    """``size`` scaled to fit ``box`` (aspect kept), centred in it."""
    scaled = size.scaled(box.size().toSize(), Qt.AspectRatioMode.KeepAspectRatio)
    left = box.left() + (box.width() - scaled.width()) / 2
    top = box.top() + (box.height() - scaled.height()) / 2
    return QRectF(left, top, scaled.width(), scaled.height())


def print_document(printer: QPrinter, data: bytes, media_type: str, page_count: int) -> int:
    """Paint every page onto ``printer``, fitted inside its margins; returns the pages printed."""
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    painter = QPainter()
    if not painter.begin(printer):
        raise StorageError("The printer could not be started. Check that it is on and try again.")
    try:
        box = QRectF(printer.pageLayout().paintRectPixels(printer.resolution()))
        box.moveTo(0, 0)  # the painter's origin is already the printable area's corner
        render_width = max(1, round(box.width() * min(PRINT_DPI, printer.resolution()) / printer.resolution()))
        for number in range(page_count):
            if number:
                printer.newPage()
            image = qimage_of(page_rgb(data, media_type, number, render_width))
            painter.drawImage(fitted(image.size(), box), image)
    finally:
        painter.end()
    return page_count


def save_as_pdf(path: Path, data: bytes, media_type: str) -> None:
    """Write the document to ``path`` as a PDF (never half-written: a temporary file, then a rename)."""
    try:
        write_atomically(path, as_pdf(data, media_type, path.name))
    except OSError as exc:
        raise storage_error_from_os(exc, f"the file {path.name}") from exc
