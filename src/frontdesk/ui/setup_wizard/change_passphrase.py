"""Changing the administrator passphrase: re-wraps the database key; the data itself is untouched."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit, QVBoxLayout, QWidget

from frontdesk.domain.permissions import Role
from frontdesk.error_messages import to_user_message
from frontdesk.errors import PermissionDenied, ValidationError, WrongKeyError
from frontdesk.services.admin import security
from frontdesk.storage.keys import MIN_PASSPHRASE_LENGTH, check_passphrase_strength
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorDialog
from frontdesk.ui.setup_wizard.pages import plain_label
from frontdesk.ui.widgets.form import ValidatedForm


def _secret_line(placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setPlaceholderText(placeholder)
    return edit


class ChangePassphraseDialog(QDialog):
    """Current passphrase, new passphrase twice; errors beside the field they are about."""

    def __init__(self, uictx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Change administrator passphrase")
        self._uictx = uictx
        self._busy = False
        self.form = ValidatedForm(self)
        self.current = self.form.add_field("current_passphrase", "&Current passphrase", _secret_line())
        self.new = self.form.add_field("new_passphrase", "&New passphrase",
                                       _secret_line(f"At least {MIN_PASSPHRASE_LENGTH} characters"))
        self.confirm = self.form.add_field("confirm_passphrase", "C&onfirm new passphrase", _secret_line())
        self.status = plain_label("")
        self.status.setObjectName("status")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("C&hange passphrase")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(
            "The passphrase unlocks the encrypted data file. Changing it leaves the data, the recovery key and "
            "the Emergency Kit as they are, and a computer that remembers the key keeps opening without it."))
        layout.addWidget(self.form)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.resize(560, self.sizeHint().height())

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext) -> bool:
        """Administrators only; True when the passphrase was changed."""
        actor = uictx.actor
        if actor is None or actor.role != Role.ADMIN:
            ErrorDialog.ask(parent, to_user_message(PermissionDenied(
                "Only an administrator can change the administrator passphrase.")))
            return False
        dialog = cls(uictx, parent)
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()

    def check(self) -> None:
        """Raise the first ValidationError, naming its field."""
        if not self.current.text():
            raise ValidationError("current_passphrase", "Type the current passphrase.")
        try:
            check_passphrase_strength(self.new.text())
        except ValidationError as exc:
            raise ValidationError("new_passphrase", exc.message) from None
        if self.new.text() == self.current.text():
            raise ValidationError("new_passphrase", "The new passphrase is the same as the current one.")
        if self.confirm.text() != self.new.text():
            raise ValidationError("confirm_passphrase", "The two new passphrases do not match; type it again.")

    def accept(self) -> None:
        """Validate here, then the service re-wraps and audits on the runner (Argon2 takes a moment)."""
        if self._busy:
            return
        try:
            self.check()
        except ValidationError as exc:
            self.form.show_exception(exc)
            return
        self.form.clear_errors()
        self._set_busy(True)
        self._uictx.call(security.change_passphrase, self.current.text(), self.new.text(),
                         on_done=self._changed, on_error=self._failed)

    def reject(self) -> None:
        if self._busy:
            return  # the key file is being rewritten; closing now would hide the outcome
        super().reject()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.buttons.setEnabled(not busy)
        self.form.setEnabled(not busy)
        self.status.setText("Changing the passphrase\u2026" if busy else "")

    def _changed(self, _result: object) -> None:
        self._set_busy(False)
        for edit in (self.current, self.new, self.confirm):
            edit.clear()
        super().accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, WrongKeyError):
            exc = ValidationError("current_passphrase", "The current passphrase is not correct.")
        message = to_user_message(exc)
        if message.expected:
            self.form.show_exception(exc)
        else:
            ErrorDialog.ask(self, message)
