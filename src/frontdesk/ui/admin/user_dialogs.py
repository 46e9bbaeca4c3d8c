"""Dialogs of the Users tab: add a user, reset a password, change a role."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QWidget

from frontdesk.domain.passwords import MIN_LENGTH
from frontdesk.domain.permissions import Role
from frontdesk.errors import ValidationError
from frontdesk.services.admin import users as users_service
from frontdesk.services.admin.users import UserInfo
from frontdesk.ui.admin.dialog_base import Done, Failed, ServiceFormDialog
from frontdesk.ui.context import UiContext

PASSWORD_HINT = f"At least {MIN_LENGTH} characters; three or four uncommon words are easy to remember."


def role_combo(parent: QWidget, current: Role | None = None) -> QComboBox:
    """A combo of the roles by their labels; the item data is the role value."""
    combo = QComboBox(parent)
    for role in Role:
        combo.addItem(role.label, role.value)
    if current is not None:
        combo.setCurrentIndex(combo.findData(current.value))
    return combo


class _PasswordPair:
    """A password and its confirmation, with a 'show' switch; both named for ValidatedForm."""

    def __init__(self, dialog: ServiceFormDialog, label: str) -> None:
        self.password = QLineEdit(dialog)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(PASSWORD_HINT)
        self.confirm = QLineEdit(dialog)
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.show_box = QCheckBox("S&how passwords", dialog)
        self.show_box.toggled.connect(self._toggle)
        dialog.form.add_field("password", label, self.password)
        dialog.form.add_field("password_confirm", "Con&firm password:", self.confirm)
        dialog.form.layout_.addRow("", self.show_box)

    def _toggle(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.password.setEchoMode(mode)
        self.confirm.setEchoMode(mode)

    def check(self) -> None:
        # Only the match is checked here; the password policy itself is the service's rule.
        if self.password.text() != self.confirm.text():
            raise ValidationError("password_confirm", "The two passwords do not match.")


class AddUserDialog(ServiceFormDialog):
    """Username, full name, role and an initial password -> users.add_user."""

    def __init__(self, uictx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(uictx, "Add user", "&Add user", parent)
        self.username = QLineEdit(self)
        self.username.setMaxLength(40)
        self.username.setPlaceholderText("e.g. rita.r (lower-case, no spaces)")
        self.full_name = QLineEdit(self)
        self.full_name.setMaxLength(120)
        self.role = role_combo(self, Role.FRONT_DESK)
        self.form.add_field("username", "&Username:", self.username)
        self.form.add_field("full_name", "Full &name:", self.full_name)
        self.form.add_field("role", "&Role:", self.role)
        self.passwords = _PasswordPair(self, "&Password:")
        self.username.setFocus()

    def check(self) -> None:
        self.passwords.check()

    def start(self, on_done: Done, on_error: Failed) -> None:
        self.uictx.call(users_service.add_user, self.username.text(), self.full_name.text(),
                        self.role.currentData(), self.passwords.password.text(),
                        on_done=on_done, on_error=on_error)

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext) -> UserInfo | None:
        """Show the dialog; the new user, or None when cancelled."""
        return cls.run(cls(uictx, parent))


class ResetPasswordDialog(ServiceFormDialog):
    """A new password for another user -> users.reset_password (also lifts a lockout)."""

    def __init__(self, uictx: UiContext, user: UserInfo, parent: QWidget | None = None) -> None:
        super().__init__(uictx, "Reset password", "&Reset password", parent)
        self.user = user
        intro = QLabel(f"Set a new password for <b>{_escape(user.username)}</b> ({_escape(user.full_name)}). "
                       "Tell them in person; it also lifts any lockout.", self)
        intro.setWordWrap(True)
        # Above the form, not a spanning form row: a wrapped label spanning a QFormLayout keeps the rows below
        # from growing, which cut a two-line password reason in half.
        self.layout().insertWidget(0, intro)
        self.passwords = _PasswordPair(self, "New &password:")
        self.passwords.password.setFocus()

    def check(self) -> None:
        self.passwords.check()

    def start(self, on_done: Done, on_error: Failed) -> None:
        self.uictx.call(users_service.reset_password, self.user.id, self.passwords.password.text(),
                        on_done=on_done, on_error=on_error)

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext, user: UserInfo) -> UserInfo | None:
        """Show the dialog; the updated user, or None when cancelled."""
        return cls.run(cls(uictx, user, parent))


class ChangeRoleDialog(ServiceFormDialog):
    """Pick a different role -> users.change_role."""

    def __init__(self, uictx: UiContext, user: UserInfo, parent: QWidget | None = None) -> None:
        super().__init__(uictx, "Change role", "&Change role", parent)
        self.user = user
        intro = QLabel(f"Role of <b>{_escape(user.username)}</b> ({_escape(user.full_name)}), "
                       f"now {user.role.label}:", self)
        intro.setWordWrap(True)
        self.form.layout_.addRow(intro)
        self.role = role_combo(self, user.role)
        self.form.add_field("role", "New &role:", self.role)
        # Saving the same role would only add noise to the audit trail.
        self.role.currentIndexChanged.connect(self._update_ok)
        self._update_ok()
        self.role.setFocus()

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(self.role.currentData() != self.user.role.value)

    def start(self, on_done: Done, on_error: Failed) -> None:
        self.uictx.call(users_service.change_role, self.user.id, self.role.currentData(),
                        on_done=on_done, on_error=on_error)

    def _failed(self, exc: BaseException) -> None:
        super()._failed(exc)
        self._update_ok()

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext, user: UserInfo) -> UserInfo | None:
        """Show the dialog; the updated user, or None when cancelled."""
        return cls.run(cls(uictx, user, parent))


def _escape(text: str) -> str:
    """Names go into rich-text labels: never let them be read as markup."""
    return html.escape(text, quote=False)
