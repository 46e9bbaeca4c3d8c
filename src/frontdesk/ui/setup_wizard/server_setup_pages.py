"""The setup wizard's "Set up a practice server on this PC" pages: what to connect with, then setting it up.

ServerSetupPage asks for the PostgreSQL server (address, port), its superuser and password, the practice's
administrator passphrase (twice; the single-PC setup's strength rule) and, optionally, the single-PC data folder
whose practice moves in. Each problem sits beside its field before anything goes on the network. SettingUpPage
runs server_setup.set_up_practice_server (the CLI's own setup) on the runner; a refusal about one field (wrong
password, unreachable address, not a superuser, wrong passphrase of the moved-in practice) sends the person back
to it, any other (PostgreSQL too old, no TLS, already set up) is said here. Setup undoes its own steps on failure.
A server set up before is explained in the wizard's own words (connect with an enrolment code, or whom to ask),
with the command-line message kept below it for the person who looks after the computers.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtWidgets import (QAbstractButton, QCheckBox, QFileDialog, QHBoxLayout, QLineEdit, QPushButton,
                               QVBoxLayout, QWidget, QWizard, QWizardPage)

from frontdesk.error_messages import to_user_message
from frontdesk.errors import FieldErrors, ServerAlreadySetUpError, ValidationError
from frontdesk.paths import DataPaths, resolve_data_dir
from frontdesk.server_setup import MOVE_IN_FIELD, PASSPHRASE_FIELD, ServerSetup, superuser_url
from frontdesk.storage.enrol import parse_server_address
from frontdesk.storage.keys import MIN_PASSPHRASE_LENGTH, check_passphrase_strength
from frontdesk.storage.pg_grants import CODE_DAYS
from frontdesk.storage.pg_superuser import ADDRESS_FIELD, PASSWORD_FIELD, SUPERUSER_FIELD
from frontdesk.storage.server_config import DEFAULT_PORT, host_port
from frontdesk.ui.setup_wizard.pages import CheckedPage, indented, plain_label
from frontdesk.ui.setup_wizard.step_page import StepPage
from frontdesk.ui.widgets.form import ValidatedForm

PORT_FIELD = "Port"
CONFIRM_FIELD = "confirm_passphrase"
_LOCAL = ("localhost", "127.0.0.1", "::1")


@dataclass(frozen=True)
class SetupEntries:
    """What the page holds, checked: how to reach the superuser, and what the new server needs."""

    superuser_url: str
    password: str
    passphrase: str
    hosts: tuple[str, ...]  # names in the practice certificate: the typed address and this PC's name
    move_in_from: str | None
    enrol_address: str  # what this PC types to enrol with the server it just set up
    workstation_address: str  # what the other PCs type


class DataFolderDialog:
    """'Choose the data folder'; tests replace :meth:`ask` with a function returning a path."""

    @classmethod
    def ask(cls, parent: QWidget | None, start: str) -> Path | None:
        chosen = QFileDialog.getExistingDirectory(parent, "The single-PC practice's data folder", start)
        return Path(chosen) if chosen else None


def single_pc_folder(paths: DataPaths) -> str:
    """The folder a single-PC practice lives in on this PC (the usual one, else the wizard's), or ''."""
    for candidate in (resolve_data_dir(None), paths):
        if candidate.exists():
            return str(candidate.root)
    return ""


def _line(text: str = "", *, secret: bool = False, width: int = 420) -> QLineEdit:
    edit = QLineEdit(text)
    edit.setMaximumWidth(width)
    if secret:
        edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class ServerSetupPage(CheckedPage):
    """The PostgreSQL server to set up and the practice that goes on it."""

    def __init__(self, paths: DataPaths) -> None:
        super().__init__()
        self.setTitle("Set up the practice server")
        self.setSubTitle("FrontDesk connects once as the PostgreSQL superuser to create the practice database, its "
                         "roles, TLS and the first enrolment code. The superuser's password is not kept.")
        self.form = ValidatedForm(self)
        f = self.form
        self.address = f.add_field(ADDRESS_FIELD, "Server &address", _line("localhost"))
        self.port = f.add_field(PORT_FIELD, "P&ort", _line(str(DEFAULT_PORT), width=100))
        self.superuser = f.add_field(SUPERUSER_FIELD, "PostgreSQL s&uperuser", _line("postgres", width=240))
        self.password = f.add_field(PASSWORD_FIELD, "Superuser pass&word", _line(secret=True))
        self.passphrase = f.add_field(PASSPHRASE_FIELD, "Practice &passphrase", _line(secret=True))
        self.passphrase.setPlaceholderText(f"At least {MIN_PASSPHRASE_LENGTH} characters")
        self.confirm = f.add_field(CONFIRM_FIELD, "Con&firm passphrase", _line(secret=True))
        self.move_in = QCheckBox("&Move in the practice from this PC's data folder")
        self.move_in.setObjectName("move_in")
        f.layout_.addRow(self.move_in)  # the choice sits right above the folder it enables
        self.folder = _line(single_pc_folder(paths), width=560)
        self.folder.setMinimumWidth(420)
        self.browse = QPushButton("Choos&e\u2026")
        self.browse.setObjectName("browse_folder")
        self.browse.clicked.connect(self._browse)
        folder_row = QWidget()
        row = QHBoxLayout(folder_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.folder)
        row.addWidget(self.browse)
        row.addStretch(1)
        f.add_field(MOVE_IN_FIELD, "Data fol&der", folder_row)
        self.folder.setObjectName("move_in_folder")
        self.passphrase_note = indented(plain_label(""))
        self.passphrase_note.setObjectName("passphrase_note")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.form)
        layout.addWidget(self.passphrase_note)
        layout.addStretch(1)
        self.move_in.toggled.connect(self._moving_in)
        self._moving_in(False)
        self.setButtonText(QWizard.WizardButton.NextButton, "&Set up server")

    def _moving_in(self, on: bool) -> None:
        self.folder.setEnabled(on)
        self.browse.setEnabled(on)
        self.passphrase_note.setText(
            "The practice keeps its own administrator passphrase and recovery key: type that passphrase above "
            "(or leave both boxes empty if this PC remembers its key). Its folder is only read, never changed."
            if on else
            "The passphrase opens the practice's backups on any PC; the next page shows a recovery key for the "
            "day it is forgotten. Single-PC practice moving to the server? Tick Move in.")

    def _browse(self) -> None:
        chosen = DataFolderDialog.ask(self, self.folder.text())
        if chosen is not None:
            self.folder.setText(str(chosen))

    def check(self) -> None:
        """Every problem in what was typed, each beside its field (nothing leaves the PC yet)."""
        self.entries()

    def entries(self) -> SetupEntries:
        errors = FieldErrors()
        host = errors.check(self._host)
        port = errors.check(self._port)
        user = self.superuser.text().strip()
        if not user:
            errors.add(ValidationError(SUPERUSER_FIELD, "Type the PostgreSQL superuser's name (usually postgres)."))
        passphrase = self.passphrase.text()
        moving = self.move_in.isChecked()
        if not moving:
            errors.check(check_passphrase_strength, passphrase)
        if self.confirm.text() != passphrase:
            errors.add(ValidationError(CONFIRM_FIELD, "The two passphrases do not match; type the same one twice."))
        folder = self.folder.text().strip()
        if moving and not (folder and DataPaths(Path(folder).expanduser()).exists()):
            errors.add(ValidationError(MOVE_IN_FIELD, "Choose the folder that holds the single-PC practice (its "
                                                      "database and key file)."))
        errors.raise_any()
        assert host is not None and port is not None
        this_pc = socket.gethostname()
        return SetupEntries(
            superuser_url=superuser_url(host, port, user), password=self.password.text(), passphrase=passphrase,
            hosts=tuple(dict.fromkeys((host, this_pc))), move_in_from=folder if moving else None,
            enrol_address=host_port(host, port),
            workstation_address=host_port(this_pc if host in _LOCAL else host, port))

    def _host(self) -> str:
        typed = self.address.text().strip()
        parsed = parse_server_address(typed)  # a name or IP address, the same rule workstations type it by
        if parsed.host != typed.strip("[]"):
            raise ValidationError(ADDRESS_FIELD, "Type only the server's name or IP address here (the port has its "
                                                 "own box).")
        return parsed.host

    def _port(self) -> int:
        text = self.port.text().strip()
        if not text.isdigit() or not 1 <= int(text) <= 65535:
            raise ValidationError(PORT_FIELD, f"The port is a number from 1 to 65535 (PostgreSQL's is {DEFAULT_PORT}).")
        return int(text)

    def clear_secrets(self) -> None:
        """Forget the superuser's password and the passphrase once the server is set up."""
        for edit in (self.password, self.passphrase, self.confirm):
            edit.clear()


CONNECT_INSTEAD = ("To use the practice on this PC, press Back until the first page, choose \u201cConnect to a "
                   "practice server\u201d and type the enrolment code")
IT_PERSON = "For the person who looks after your computers:"


def already_set_up_text(exc: ServerAlreadySetUpError) -> str:
    """What the person at the wizard can do about a server set up before, then the technical line."""
    if exc.enrolled == 0:
        what = ("This practice server was set up before, but no PC has connected to it yet. Nothing on it was "
                f"changed. {CONNECT_INSTEAD} printed or saved when it was set up. If that code was lost or has "
                f"expired (a code lasts {CODE_DAYS} days), ask the person who looks after your computers to set "
                "the server up again.")
    else:
        what = ("This practice server is already set up and holds the practice. Nothing on it was changed. "
                f"{CONNECT_INSTEAD} your practice administrator gives you (they make one on a connected PC: "
                "Admin > Users > New enrolment code\u2026).")
    return f"{what}\n\n{IT_PERSON} {exc}"


class SettingUpState(Protocol):
    """What SettingUpPage needs of the SetupWizard (the wizard imports the pages, not back)."""

    server_setup_page: ServerSetupPage
    server_setup: ServerSetup | None

    def start_server_setup(self, on_done: Callable[[Any], None], on_error: Callable[[BaseException], None],
                           on_progress: Callable[[float | None, str], None]) -> None: ...
    def button(self, which: QWizard.WizardButton) -> QAbstractButton: ...
    def currentPage(self) -> QWizardPage: ...
    def back(self) -> None: ...
    def next(self) -> None: ...


class SettingUpPage(StepPage):
    """Runs the server setup off the GUI thread; a commit page: a set-up server is not set up twice."""

    def __init__(self) -> None:
        super().__init__("setting_up", "Setting up the practice server", retry_name="retry_setup")
        self.setTitle("Setting up the practice server")
        self.setSubTitle("Creating the practice database and its roles, running the migrations, turning on TLS. "
                         "This takes up to a minute; a moved-in practice takes longer.")

    def _wizard(self) -> SettingUpState:
        return self.wizard()  # type: ignore[return-value]

    def is_done(self) -> bool:
        return self._wizard().server_setup is not None

    def begin(self) -> None:
        wizard = self._wizard()
        entries = wizard.server_setup_page.entries()
        moving = f" and moving in the practice from {entries.move_in_from}" if entries.move_in_from else ""
        self.status.setText(f"Setting up PostgreSQL at {entries.enrol_address}{moving}\u2026")
        self.busy.setRange(0, 0)
        wizard.start_server_setup(self._set_up, self._failed, self._progress)

    def _progress(self, fraction: float | None, step: str) -> None:
        """A step begun (the bar runs) or rows moved in (the bar fills)."""
        self.status.setText(f"{step}\u2026")
        if fraction is None:
            self.busy.setRange(0, 0)
        else:
            self.busy.setRange(0, 100)
            self.busy.setValue(int(100 * fraction))

    def _set_up(self, _result: object) -> None:
        self.finished("The practice server is set up.")
        self._wizard().next()

    def _failed(self, exc: BaseException) -> None:
        page = self._wizard().server_setup_page
        if any(page.form.has_field(name) for name, _text in to_user_message(exc).fields):
            self.set_busy(False)  # about something typed on the last page: fix it there
            self.status.setText("")
            self._wizard().back()
            page.form.show_exception(exc)
            return
        if isinstance(exc, ServerAlreadySetUpError):
            self.failed("The practice server was already set up.", exc, already_set_up_text(exc))
            return
        self.failed("The practice server was not set up; nothing on it was changed.", exc)
