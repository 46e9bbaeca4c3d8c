"""Admin > Users > "New enrolment code...": let one more PC join the practice server.

Server mode only (a single-PC practice has no workstations to enrol: the button stays disabled and says why).
The code seals this workstation's own connection secret (from its OS keyring) and is bound to the certificate
it pinned, so the service gets both from here; it is shown once, large and selectable, with its expiry at the
practice's clock, a Copy button, Print (the system dialog) and Save as PDF. Nothing keeps it afterwards.
"""

from __future__ import annotations

import socket
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from frontdesk.domain.formats import format_datetime
from frontdesk.reports.enrolment_code_pdf import EnrolmentCodePage, write_enrolment_code_pdf
from frontdesk.services.admin import workstations
from frontdesk.services.admin.workstations import IssuedCode
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.widgets.common import StatusFn, guarded
from frontdesk.ui.widgets.file_dialog import SaveFileDialog
from frontdesk.ui.widgets.pdf_printing import PrinterDialog, print_written

SINGLE_PC_REASON = ("Only a practice server has workstations to enrol: this is a single-PC practice (README, "
                    "\"Server mode\").")
BUTTON_TIP = "A one-time code (valid 7 days) that lets one more PC connect to the practice server"


def server_mode(uictx: UiContext) -> bool:
    from frontdesk.storage.server_config import is_server_mode

    return is_server_mode(uictx.paths)


def issue_new_code(owner: QWidget, uictx: UiContext, status: StatusFn) -> None:
    """Issue a code with this workstation's secret and pinned certificate, then show it once."""
    from frontdesk.storage.keyring_cache import KeyCache
    from frontdesk.storage.server_config import load_secret, load_server_config

    try:
        config = load_server_config(uictx.paths)
        secret = load_secret(uictx.key_cache or KeyCache(), config)
    except Exception as exc:  # noqa: BLE001 (a missing keyring entry or settings file is said, not swallowed)
        ErrorPresenter(owner)(exc)
        return

    def show(issued: IssuedCode) -> None:
        expires = format_datetime(issued.expires_at, uictx.clock.tz)
        status(f"New enrolment code issued, valid until {expires}.")
        EnrolmentCodeDialog.ask(owner, issued, expires, config.address,
                                uictx.actor.full_name if uictx.actor else "", uictx.paths.root)

    uictx.call(workstations.issue_enrolment_code, secret, config.certificate_der, socket.gethostname(),
               on_done=guarded(owner, show), on_error=guarded(owner, ErrorPresenter(owner)))


class EnrolmentCodeDialog(QDialog):
    """Shows one new code; tests replace :meth:`ask`."""

    def __init__(self, issued: IssuedCode, expires: str, server_address: str, issued_by: str, scratch: Path,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scratch = scratch  # where the page to print is written a moment: the data folder's protected disk
        self.setWindowTitle("New enrolment code")
        self.setModal(True)
        self.page = EnrolmentCodePage(server_address=server_address, code=issued.code, expires=expires,
                                      issued_by=issued_by or "an administrator")
        self.status_text = ""
        intro = QLabel(f"Type this code on the new PC with the server address <b>{escape(server_address)}</b>. "
                       "It lets one PC join, once. It is shown only now: copy, print or save it before closing.",
                       self)
        intro.setWordWrap(True)
        self.code_label = QLabel(issued.code, self)
        self.code_label.setObjectName("enrolment_code")
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSize(20)
        font.setWeight(QFont.Weight.Bold)
        self.code_label.setFont(font)
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                                | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.expiry_label = QLabel(f"Valid until {expires} (practice time), for one PC.", self)
        self.copy_button = QPushButton("&Copy", self)
        self.print_button = QPushButton("&Print\u2026", self)
        self.pdf_button = QPushButton("Save as P&DF\u2026", self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        for button in (self.copy_button, self.print_button, self.pdf_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.copy_button.clicked.connect(self.copy)
        self.print_button.clicked.connect(self.print_code)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.note = QLabel("", self)
        layout = QVBoxLayout(self)
        for widget in (intro, self.code_label, self.expiry_label, self.note, buttons):
            layout.addWidget(widget)
        self.code_label.setFocus()

    @classmethod
    def ask(cls, parent: QWidget | None, issued: IssuedCode, expires: str, server_address: str,
            issued_by: str, scratch: Path) -> None:
        dialog = cls(issued, expires, server_address, issued_by, scratch, parent)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()

    def _said(self, text: str) -> None:
        self.note.setText(text)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.page.code)
        self._said("Copied. Paste it only where the new PC will read it.")

    def save_pdf(self) -> None:
        path = SaveFileDialog.ask(self, "Save the enrolment code", "FrontDesk enrolment code.pdf",
                                  "PDF files (*.pdf)", ".pdf")
        if path is None:
            return
        try:
            write_enrolment_code_pdf(path, self.page)
        except Exception as exc:  # noqa: BLE001
            ErrorPresenter(self)(exc)
            return
        self._said(f"Saved as {path.name}. Delete it once the PC has joined.")

    def print_code(self) -> None:
        printer = PrinterDialog.ask(self, "Print the enrolment code")
        if printer is None:
            return
        try:
            print_written(printer, lambda path: write_enrolment_code_pdf(path, self.page), self.scratch)
        except Exception as exc:  # noqa: BLE001 (a printer problem is shown, never swallowed)
            ErrorPresenter(self)(exc)
            return
        self._said("Sent to the printer. Shred the page once the PC has joined.")
