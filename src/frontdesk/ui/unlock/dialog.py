"""Asking for the database passphrase (or the recovery key) when no key is cached."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from frontdesk.errors import StorageError, WrongKeyError
from frontdesk.paths import DataPaths
from frontdesk.storage.keyring_cache import BackendVerdict
from frontdesk.ui.runner import Runner
from frontdesk.ui.widgets.form import ValidatedForm


@dataclass(frozen=True)
class UnlockResult:
    """The database key, and whether the person asked to remember it on this computer."""

    key: bytes
    remember: bool


def explanation(verdict: BackendVerdict) -> str:
    """Why the dialog is asking, in words the office manager understands."""
    if verdict.usable:
        return ("Enter the administrator passphrase to open this practice's encrypted data. "
                "FrontDesk can remember it in this computer's credential store so you are not asked again.")
    return ("Enter the administrator passphrase to open this practice's encrypted data.\n"
            f"FrontDesk cannot remember it on this computer because {verdict.reason}, "
            "so it asks each time it starts.")


class UnlockDatabaseDialog(QDialog):
    """Passphrase, or recovery key mode; a wrong one is reported beside the field and the dialog stays.

    A damaged key file is not something retyping can fix: the dialog closes and :meth:`ask` raises it.
    """

    def __init__(self, parent: QWidget | None, paths: DataPaths, runner: Runner, verdict: BackendVerdict, *,
                 initial_error: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("unlock_dialog")
        self.setWindowTitle("FrontDesk — Open practice data")
        self.paths = paths
        self.runner = runner
        self.verdict = verdict
        self.result_value: UnlockResult | None = None
        self.failure: StorageError | None = None
        self._busy = False

        self.explain_label = QLabel(explanation(verdict), self)
        self.explain_label.setObjectName("unlock_explanation")
        self.explain_label.setWordWrap(True)
        folder = QLabel(f"Data folder: {paths.root}", self)
        folder.setWordWrap(True)
        folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.passphrase_form = ValidatedForm(self)
        self.passphrase = self.passphrase_form.add_field("passphrase", "&Passphrase:", QLineEdit(self))
        self.recovery_form = ValidatedForm(self)
        self.recovery_key = self.recovery_form.add_field("recovery_key", "&Recovery key:", QLineEdit(self))
        assert isinstance(self.passphrase, QLineEdit) and isinstance(self.recovery_key, QLineEdit)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.recovery_key.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        self.modes = QStackedWidget(self)
        self.modes.addWidget(self.passphrase_form)
        self.modes.addWidget(self.recovery_form)
        self.mode_button = QPushButton(self)
        self.mode_button.setObjectName("unlock_mode")
        self.mode_button.setFlat(True)
        self.mode_button.clicked.connect(self.toggle_mode)

        self.remember = QCheckBox("Re&member on this computer", self)
        self.remember.setObjectName("remember")
        self.remember.setEnabled(verdict.usable)
        if not verdict.usable:
            self.remember.setToolTip(f"Not available: {verdict.reason}.")
            self.remember.setText("Remember on this computer (not available here)")

        self.buttons = QDialogButtonBox(self)
        self.open_button = self.buttons.addButton("&Open", QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button.setObjectName("open")
        self.open_button.setDefault(True)
        self.buttons.addButton("&Quit", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.explain_label)
        layout.addWidget(folder)
        layout.addSpacing(8)
        layout.addWidget(self.modes)
        layout.addWidget(self.mode_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.remember)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)
        self._show_mode(recovery=False)
        if initial_error:
            self.passphrase_form.error_label("passphrase").show_error(initial_error)

    # -- modes --------------------------------------------------------------------------------------
    def recovery_mode(self) -> bool:
        return self.modes.currentWidget() is self.recovery_form

    def toggle_mode(self) -> None:
        self._show_mode(recovery=not self.recovery_mode())

    def _show_mode(self, *, recovery: bool) -> None:
        self.modes.setCurrentWidget(self.recovery_form if recovery else self.passphrase_form)
        self.mode_button.setText("Use the &passphrase instead" if recovery else "Use &recovery key instead")
        (self.recovery_key if recovery else self.passphrase).setFocus()

    def _active(self) -> tuple[ValidatedForm, QLineEdit, str]:
        if self.recovery_mode():
            return self.recovery_form, self.recovery_key, "recovery_key"
        return self.passphrase_form, self.passphrase, "passphrase"

    # -- unlocking ----------------------------------------------------------------------------------
    def error_text(self) -> str:
        """The message beside the active field ('' when none)."""
        form, _edit, name = self._active()
        label = form.error_label(name)
        return "" if label.isHidden() else label.text()

    def submit(self) -> None:
        """Derive the key on the background thread (Argon2id takes a moment); the dialog stays responsive."""
        if self._busy:
            return
        form, edit, name = self._active()
        form.clear_errors()
        text = edit.text()
        if not text.strip():
            form.error_label(name).show_error("Enter the recovery key." if name == "recovery_key"
                                              else "Enter the passphrase.")
            return
        from frontdesk.storage.store import KeySource, unlock_key

        source = KeySource(recovery_key=text) if name == "recovery_key" else KeySource(passphrase=text)
        self._set_busy(True)
        self.runner.submit(lambda: unlock_key(self.paths, source), on_done=self._unlocked, on_error=self._failed)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.open_button.setEnabled(not busy)
        self.mode_button.setEnabled(not busy)
        self.open_button.setText("Checking…" if busy else "&Open")

    def _unlocked(self, key: bytes) -> None:
        self._set_busy(False)
        self.passphrase.clear()
        self.recovery_key.clear()
        self.result_value = UnlockResult(key, self.remember.isChecked() and self.verdict.usable)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        form, edit, name = self._active()
        if isinstance(exc, WrongKeyError):
            edit.selectAll()
            form.error_label(name).show_error(str(exc))
            edit.setFocus()
            return
        if isinstance(exc, StorageError):
            self.failure = exc  # damaged or missing key file: retyping cannot fix it
            self.reject()
            return
        raise exc  # a bug: the app's exception hook shows it with a reference id

    @classmethod
    def ask(cls, parent: QWidget | None, paths: DataPaths, runner: Runner, verdict: BackendVerdict, *,
            initial_error: str = "") -> UnlockResult | None:
        """The key and the remember choice; None when the person quits. Raises StorageError if damaged."""
        dialog = cls(parent, paths, runner, verdict, initial_error=initial_error)
        dialog.exec()
        if dialog.failure is not None:
            raise dialog.failure
        return dialog.result_value
