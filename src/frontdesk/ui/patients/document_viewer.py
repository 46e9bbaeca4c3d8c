"""The document viewer: one page at a time, drawn in the background (the first page first, the others when
asked for, the next one ahead), PgUp/PgDn to turn pages, Print… and Save as PDF….

Opening it follows ``documents.open_document``, which recorded the view; printing and saving are recorded too.
Pages are drawn on the runner's worker (pdfium and Pillow, Qt-free) and shown on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QCursor, QGuiApplication, QImage, QKeySequence, QPixmap, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from frontdesk.document_pages import page_rgb
from frontdesk.domain.formats import format_date
from frontdesk.error_messages import to_user_message
from frontdesk.services.patients import documents
from frontdesk.services.patients.documents import DocumentFile
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.patients.disclosure_dialogs import CopyPurposeDialog, DisclosureDialog
from frontdesk.ui.patients.document_printing import print_document, qimage_of, save_as_pdf
from frontdesk.ui.widgets.common import guarded, local_action, no_status
from frontdesk.ui.widgets.file_dialog import SaveFileDialog
from frontdesk.ui.widgets.pdf_printing import PrinterDialog

WIDEST_PAGE = 2400  # pixels: a page drawn wider than this shows nothing more on a workstation screen


class DocumentViewer(QDialog):
    """One opened document; ``page`` is the page shown (0-based), ``pages`` what has been drawn so far."""

    def __init__(self, parent: QWidget | None, uictx: UiContext, document: DocumentFile,
                 status: Callable[[str], None] = no_status) -> None:
        super().__init__(parent)
        self.uictx = uictx
        self.document = document
        self.status = status
        info = document.info
        self.page = 0
        self.pages: dict[int, QImage] = {}
        self._drawing: set[int] = set()
        self.setObjectName("document_viewer")
        self.setWindowTitle(f"{info.category_text} \u2013 {format_date(info.document_date)}")
        heading = QLabel(f"{info.category_text}, {format_date(info.document_date)}"
                         + (f" \u2013 {info.description}" if info.description else ""), self)
        heading.setTextFormat(Qt.TextFormat.PlainText)  # typed text is never read as markup
        heading.setWordWrap(True)
        self.image = QLabel(self)
        self.image.setObjectName("document_page")
        self.image.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.scroll = QScrollArea(self)
        self.scroll.setWidget(self.image)
        self.scroll.setWidgetResizable(True)
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.page_label = QLabel(self)
        self.page_label.setObjectName("page_label")
        self.previous_button = self._button("\u25c0 &Previous", "Previous page (Page Up)", lambda: self.turn(-1))
        self.next_button = self._button("&Next \u25b6", "Next page (Page Down)", lambda: self.turn(1))
        self.print_button = self._button("P&rint\u2026", "Print the whole document (Ctrl+P)", self.print_document)
        self.save_button = self._button("&Save as PDF\u2026", "Save a copy as a PDF file (Ctrl+S)", self.save_pdf)
        close = self._button("&Close", "", self.reject)
        bar = QHBoxLayout()
        for widget in (self.previous_button, self.page_label, self.next_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        for widget in (self.print_button, self.save_button, close):
            bar.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(bar)
        for keys, slot in ((QKeySequence.StandardKey.MoveToNextPage, lambda: self.turn(1)),
                           (QKeySequence.StandardKey.MoveToPreviousPage, lambda: self.turn(-1)),
                           (Qt.Key.Key_Home, lambda: self.go_to(0)),
                           (Qt.Key.Key_End, lambda: self.go_to(info.page_count - 1)),
                           (QKeySequence.StandardKey.Print, self.print_document),
                           (QKeySequence.StandardKey.Save, self.save_pdf)):
            local_action(self, "", keys, slot)
        self.resize(900, 700)  # inside 1366x768 with the taskbar
        self.go_to(0, draw=False)  # drawn once shown, at the width the page then has on screen

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.pages and not self._drawing:
            self.go_to(self.page)

    def _button(self, text: str, tip: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text, self)
        button.setToolTip(tip)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # -- pages ---------------------------------------------------------------------------------
    def page_width(self) -> int:
        """How wide (in device pixels) a page is drawn: the viewing area's width."""
        # Room kept for the vertical scroll bar a tall page brings, so the page never needs a horizontal one.
        usable = self.scroll.width() - self.scroll.verticalScrollBar().sizeHint().width() - 8
        return max(300, min(WIDEST_PAGE, round(usable * self.devicePixelRatioF())))

    def go_to(self, index: int, *, draw: bool = True) -> None:
        """Show page ``index`` (drawn if it is not yet), and draw the next one ahead."""
        count = self.document.info.page_count
        self.page = max(0, min(index, count - 1))
        self.page_label.setText(f"Page {self.page + 1} of {count}")
        self.previous_button.setEnabled(self.page > 0)
        self.next_button.setEnabled(self.page < count - 1)
        if self.page in self.pages:
            self._show(self.pages[self.page])
        else:
            self.image.setPixmap(QPixmap())
            self.image.setText(f"Drawing page {self.page + 1}\u2026")
        if draw:
            self._draw(self.page)

    def turn(self, step: int) -> None:
        self.go_to(self.page + step)

    def _draw(self, index: int) -> None:
        info, data = self.document.info, self.document.data
        width = self.page_width()
        if index in self._drawing or index in self.pages:
            if index + 1 < info.page_count and index + 1 not in self.pages and index + 1 not in self._drawing:
                self._draw(index + 1)  # read ahead: the next page is ready when asked for
            return
        self._drawing.add(index)
        self.uictx.runner.submit(lambda: page_rgb(data, info.media_type, index, width),
                                 on_done=guarded(self, lambda rgb: self._drawn(index, rgb)),
                                 on_error=guarded(self, self._failed), receiver=self)

    def _drawn(self, index: int, rgb: tuple[int, int, bytes]) -> None:
        self._drawing.discard(index)
        self.pages[index] = qimage_of(rgb)
        if index == self.page:
            self._show(self.pages[index])
            self._draw(index)  # then the next one ahead

    def _show(self, image: QImage) -> None:
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(self.devicePixelRatioF())
        self.image.setText("")
        self.image.setPixmap(pixmap)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # Wider than drawn: draw again at the new width (the pages drawn so far are dropped).
        if self.pages and self.page_width() > max(img.width() for img in self.pages.values()) * 1.25:
            self.pages.clear()
            self.go_to(self.page)

    # -- print, save ---------------------------------------------------------------------------
    def _log_disclosure(self, use: str) -> bool:
        """Ask for the disclosure entry; True once it is recorded (with the use), False when cancelled."""
        info = self.document.info

        def record(entry, on_done, on_error):  # type: ignore[no-untyped-def]
            self.uictx.call(documents.record_document_use, info.id, use, disclosure=entry, on_done=on_done,
                            on_error=on_error)

        what = f"{info.category.replace('_', ' ').capitalize()} dated {format_date(info.document_date)}"
        return DisclosureDialog.ask(self, self.uictx, info.patient_id, what=what, submit=record,
                                    ok_text=f"&Record and {use}") is not None

    def print_document(self) -> None:
        """Ask who the copy is for, then the printer; a disclosure is logged before the first page prints."""
        info = self.document.info
        disclose = CopyPurposeDialog.ask(self)
        if disclose is None:
            return
        printer = PrinterDialog.ask(self, "Print document")
        if printer is None or (disclose and not self._log_disclosure("print")):
            return
        QGuiApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))
        try:
            print_document(printer, self.document.data, info.media_type, info.page_count)
        except Exception as exc:  # noqa: BLE001 (a printer problem is shown, a bug goes to the presenter)
            self._failed(exc)
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        done = f"Sent {info.page_count} page{'s' if info.page_count != 1 else ''} to the printer"
        if disclose:
            self.status(done + " (disclosure recorded)")
        else:
            self._record("print", done)

    def save_pdf(self) -> None:
        """Ask who the copy is for, then where; a disclosure is logged before the file is written."""
        info = self.document.info
        disclose = CopyPurposeDialog.ask(self)
        if disclose is None:
            return
        # The category and date, never the file's name or the patient's (names on disk are PHI).
        suggested = f"{info.category.replace('_', '-')}-{info.document_date:%Y-%m-%d}.pdf"
        path = SaveFileDialog.ask(self, "Save document as PDF", suggested, "PDF files (*.pdf)", ".pdf")
        if path is None or (disclose and not self._log_disclosure("save")):
            return
        try:
            save_as_pdf(path, self.document.data, info.media_type)
        except Exception as exc:  # noqa: BLE001
            self._failed(exc)
            return
        if disclose:
            self.status(f"Saved {path.name} (disclosure recorded)")
        else:
            self._record("save", f"Saved {path.name}")

    def _record(self, use: str, done_text: str) -> None:
        self.uictx.call(documents.record_document_use, self.document.info.id, use,
                        on_done=lambda _none: self.status(done_text), on_error=guarded(self, self._failed))

    def _failed(self, exc: BaseException) -> None:
        message = to_user_message(exc)
        if message.expected and not self.pages:  # the page could not be drawn: said where it would be
            self.image.setText("\u26a0 " + message.text)
        elif message.expected:
            self.status("\u26a0 " + message.text)
        else:
            ErrorPresenter(self)(exc)

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext, document: DocumentFile,
            status: Callable[[str], None] = no_status) -> None:
        """Show the document until the user closes the viewer."""
        dialog = cls(parent, uictx, document, status)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()
