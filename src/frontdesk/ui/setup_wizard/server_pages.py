"""The setup wizard's "Connect to a practice server" pages: the address and code, then connecting.

ServerPage checks what was typed (each problem beside its field) before anything goes on the network;
ConnectingPage enrols this PC on the runner (storage/enrol.py), opens the server's practice database and
asks whether it holds a practice yet. A problem with the address or the code sends the person back to the
field it concerns; any other (interception, unreachable, old server) is said here, with Try again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtWidgets import QAbstractButton, QLineEdit, QVBoxLayout, QWizard, QWizardPage

from frontdesk.errors import ValidationError
from frontdesk.storage.enrol import ADDRESS_FIELD, check_entries
from frontdesk.storage.enrolment_code import FIELD as CODE_FIELD
from frontdesk.storage.keyring_cache import BackendVerdict
from frontdesk.ui.setup_wizard.pages import CheckedPage, plain_label
from frontdesk.ui.setup_wizard.step_page import StepPage
from frontdesk.ui.widgets.form import ValidatedForm


class ConnectingState(Protocol):
    """What ConnectingPage needs of the SetupWizard (the wizard imports the pages, not back)."""

    server_page: ServerPage
    PAGE_SERVER: int

    def start_enrolment(self, on_done: Callable[[Any], None], on_error: Callable[[BaseException], None]) -> None: ...
    def button(self, which: QWizard.WizardButton) -> QAbstractButton: ...
    def currentPage(self) -> QWizardPage: ...
    def back(self) -> None: ...
    def next(self) -> None: ...
    def hasVisitedPage(self, page_id: int) -> bool: ...


class ServerPage(CheckedPage):
    """The practice server's address and this PC's enrolment code, as the practice administrator gave them."""

    def __init__(self, verdict: BackendVerdict) -> None:
        super().__init__()
        self.setTitle("Connect to the practice server")
        self.setSubTitle("The practice administrator gives you the server's address and an enrolment code. Each "
                         "code connects one PC, once, within 7 days.")
        self.form = ValidatedForm(self)
        self.address = self.form.add_field(ADDRESS_FIELD, "Server &address", QLineEdit())
        self.address.setPlaceholderText("e.g. frontdesk-server or 192.168.1.20:5432")
        self.address.setMaximumWidth(420)
        self.code = self.form.add_field(CODE_FIELD, "Enrolment &code", QLineEdit())
        self.code.setPlaceholderText("XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXX")
        self.code.setMaxLength(64)
        self.code.setMaximumWidth(420)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.form)
        layout.addSpacing(6)
        layout.addWidget(plain_label(
            "FrontDesk checks that the server is the practice's own (its certificate must match the code) before "
            "it sends anything, then keeps the connection secret in this PC's credential store. Staff then sign in "
            "with their own accounts, as on any FrontDesk PC."))
        self.keyring_note = plain_label("")
        self.keyring_note.setObjectName("keyring_note")
        if not verdict.usable:
            self.keyring_note.setText(f"This PC cannot keep the connection secret safely: {verdict.reason}. Set up "
                                      "the operating system's credential store first.")
        self.keyring_note.setVisible(not verdict.usable)
        layout.addWidget(self.keyring_note)
        layout.addStretch(1)

    def check(self) -> None:
        """Every problem in what was typed, beside its field (nothing leaves the PC yet)."""
        check_entries(self.address.text(), self.code.text())


class ConnectingPage(StepPage):
    """Enrols this PC with the server (off the GUI thread), then on to the practice or straight to sign-in."""

    def __init__(self) -> None:
        # once enrolled the code is spent: no going back to type it again
        super().__init__("connecting", "Connecting to the practice server", retry_name="retry_connect")
        self.setTitle("Connecting to the practice server")
        self.setSubTitle("Checking the server's certificate and redeeming the enrolment code.")
        self._enrolled = False

    def _wizard(self) -> ConnectingState:
        return self.wizard()  # type: ignore[return-value]

    def is_done(self) -> bool:
        return self._enrolled

    def begin(self) -> None:
        wizard = self._wizard()
        self.status.setText(f"Connecting to {wizard.server_page.address.text().strip()}\u2026")
        wizard.start_enrolment(self._connected, self._failed)

    def _connected(self, _result: object) -> None:
        self._enrolled = True
        self.finished("This PC is connected to the practice server.")
        self._wizard().next()

    def _failed(self, exc: BaseException) -> None:
        wizard = self._wizard()
        # about the address or the code: fix it where it was typed (a server set up here typed neither)
        if isinstance(exc, ValidationError) and wizard.hasVisitedPage(wizard.PAGE_SERVER):
            self.set_busy(False)
            self.status.setText("")
            wizard.back()
            wizard.server_page.form.show_exception(exc)
            return
        self.failed("This PC could not be connected to the practice server.", exc)
