"""The setup wizard's last pages: creating the practice off the GUI thread, then the recovery key."""

from __future__ import annotations

from dataclasses import asdict
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (QAbstractButton, QCheckBox, QFrame, QHBoxLayout, QLabel, QPushButton,
                               QVBoxLayout, QWizard, QWizardPage)

from frontdesk.domain import schedule_time as st
from frontdesk.error_messages import to_user_message
from frontdesk.first_run import FirstRunResult
from frontdesk.paths import DataPaths
from frontdesk.reports.emergency_kit import EmergencyKit, write_emergency_kit
from frontdesk.services.admin import security
from frontdesk.services.session import ServiceContext
from frontdesk.storage.keyring_cache import BackendVerdict
from frontdesk.ui.runner import Runner
from frontdesk.ui.setup_wizard.kit_output import KitFileDialog, KitPrintDialog, new_kit_printer, paint_kit, \
    suggested_kit_path
from frontdesk.ui.setup_wizard.pages import plain_label
from frontdesk.ui.setup_wizard.step_page import StepPage
from frontdesk.ui.widgets.form import FieldError


class WizardState(Protocol):
    """What these pages need of the SetupWizard that hosts them (the wizard imports the pages, not back)."""

    paths: DataPaths
    created: FirstRunResult | None
    remember_verdict: BackendVerdict | None
    runner: Runner

    def start_creation(self, on_done: Callable[[Any], None], on_error: Callable[[BaseException], None]) -> None: ...
    def where_created(self) -> str: ...
    def nextId(self) -> int: ...
    def accept(self) -> None: ...
    def button(self, which: QWizard.WizardButton) -> QAbstractButton: ...
    def currentPage(self) -> QWizardPage: ...
    def next(self) -> None: ...
    def setOption(self, option: QWizard.WizardOption, on: bool = True) -> None: ...


class CreatingPage(StepPage):
    """Runs first_run.create_practice on the runner with a busy indicator; shows failures here."""

    def __init__(self) -> None:
        # after this page there is no going back: the practice exists
        super().__init__("creating", "Creating the practice", retry_name="retry", status="Getting ready\u2026")
        self.setTitle("Creating the practice")
        self.setSubTitle("Encrypting and writing the practice data. This takes a few seconds.")

    def _wizard(self) -> WizardState:
        return self.wizard()  # type: ignore[return-value]

    def is_done(self) -> bool:
        return self._wizard().created is not None

    def begin(self) -> None:
        wizard = self._wizard()
        self.status.setText(f"Creating the encrypted practice data {wizard.where_created()}\u2026")
        wizard.start_creation(self._created, lambda exc: self.failed("The practice could not be created.", exc))

    def _created(self, _result: object) -> None:
        self.finished("The practice has been created.")
        wizard = self._wizard()
        if wizard.nextId() == -1:  # a practice server's: no recovery key to show, the practice is ready
            wizard.accept()
        else:
            wizard.next()


class RecoveryKeyPage(QWizardPage):
    """Shows the one-time recovery key; Finish waits until the user says it is stored safely."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Your recovery key")
        self.setSubTitle("Shown only this once. Store it before you finish.")
        explain = plain_label(
            "If the administrator passphrase is ever forgotten, this recovery key is the only way to open the "
            "practice's data. Save or print the Emergency Kit and keep the paper in the practice safe.")
        self.key_label = QLabel()
        self.key_label.setObjectName("recovery_key")
        self.key_label.setTextFormat(Qt.TextFormat.PlainText)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSize(18)
        font.setBold(True)
        self.key_label.setFont(font)
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_label.setFrameShape(QFrame.Shape.Box)
        self.key_label.setMargin(12)
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                               | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.key_label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.key_label.setAccessibleName("Recovery key")
        self.save_button = QPushButton("&Save Emergency Kit PDF\u2026")
        self.save_button.setObjectName("save_kit")
        self.save_button.clicked.connect(self.save_kit)
        self.print_button = QPushButton("&Print\u2026")
        self.print_button.setObjectName("print_kit")
        self.print_button.clicked.connect(self.print_kit)
        self.status = plain_label("")
        self.status.setObjectName("kit_status")
        self.error = FieldError(self)
        self.error.setObjectName("kit_error")
        self.remember_note = plain_label("")
        self.remember_note.setObjectName("remember_result")
        self.remember_note.hide()
        self.stored = QCheckBox("&I have stored the recovery key safely")
        self.stored.setObjectName("stored_safely")
        self.stored.toggled.connect(self.completeChanged)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(explain)
        layout.addWidget(self.key_label)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addWidget(self.remember_note)
        layout.addStretch(1)
        layout.addWidget(self.stored)
        self._kit: EmergencyKit | None = None

    def _wizard(self) -> WizardState:
        return self.wizard()  # type: ignore[return-value]

    def initializePage(self) -> None:  # noqa: N802 (Qt override)
        wizard = self._wizard()
        result = wizard.created
        assert result is not None  # this page follows a successful creation only
        self.key_label.setText(result.recovery_key)
        self._kit = EmergencyKit(practice_name=result.practice.legal_name, data_folder=str(wizard.paths.root),
                                 recovery_key=result.recovery_key, key_id=result.key_id,
                                 created=st.practice_now(st.zone(result.practice.time_zone)))
        verdict = wizard.remember_verdict
        if verdict is not None:
            self.remember_note.setText(
                "This computer now remembers the key, so FrontDesk opens here without the passphrase."
                if verdict.usable else
                f"The key could not be remembered on this computer ({verdict.reason}); FrontDesk will ask for "
                "the passphrase when it starts.")
            self.remember_note.show()
        wizard.setOption(QWizard.WizardOption.NoCancelButton, True)  # the practice exists: finish, don't cancel
        self.save_button.setFocus()

    def isComplete(self) -> bool:  # noqa: N802 (Qt override)
        return self.stored.isChecked()

    def _service_ctx(self) -> ServiceContext:
        result = self._wizard().created
        assert result is not None
        return ServiceContext(result.db, result.actor)

    def _set_working(self, working: bool) -> None:
        self.save_button.setEnabled(not working)
        self.print_button.setEnabled(not working)

    def save_kit(self) -> None:
        """Ask where, then write the PDF and audit it on the runner (a slow USB stick must not freeze us)."""
        kit = self._kit
        assert kit is not None
        path = KitFileDialog.ask(self, suggested_kit_path())
        if path is None:
            return
        ctx = self._service_ctx()

        def job() -> None:
            write_emergency_kit(path, **asdict(kit))
            security.record_emergency_kit(ctx, "saved")

        self.error.clear_error()
        self.status.setText("Saving the Emergency Kit\u2026")
        self._set_working(True)
        self._wizard().runner.submit(job, lambda _r: self._done(f"Emergency Kit saved to {path}."), self._failed)

    def print_kit(self) -> None:
        """Ask for a printer, paint the kit on it, then audit the printing."""
        kit = self._kit
        assert kit is not None
        printer = new_kit_printer()
        if not KitPrintDialog.ask(self, printer):
            return
        self.error.clear_error()
        try:
            paint_kit(printer, kit)  # QPainter on a printer belongs to the GUI thread
        except Exception as exc:
            self._failed(exc)
            return
        ctx = self._service_ctx()
        self._set_working(True)
        self._wizard().runner.submit(lambda: security.record_emergency_kit(ctx, "printed"),
                                     lambda _r: self._done("The Emergency Kit was sent to the printer."),
                                     self._failed)

    def _done(self, message: str) -> None:
        self._set_working(False)
        self.status.setText(message)

    def _failed(self, exc: BaseException) -> None:
        self._set_working(False)
        self.status.setText("")
        self.error.show_error(to_user_message(exc).text)
