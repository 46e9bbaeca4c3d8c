"""The lock screen page: practice name, who is signed in, and a password to get back in."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from frontdesk.errors import AuthenticationError, ValidationError
from frontdesk.services.admin import auth
from frontdesk.services.session import Actor
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.widgets.form import ValidatedForm


class SwitchUserConfirm:
    """Asks before another user takes over a locked session (the locked user's unsaved input is lost)."""

    @classmethod
    def ask(cls, parent: QWidget | None, locked_username: str, new_username: str) -> bool:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Switch user")
        box.setText(f"Sign in as {new_username}?")
        box.setInformativeText(f"Anything {locked_username} typed but did not save will be discarded, "
                               "and every open window of theirs will close.")
        switch = box.addButton("&Switch user", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is switch


class LockScreen(QWidget):
    """Shows no patient data. Emits ``unlocked(actor)`` (same user) or ``switched(actor)`` (another user)."""

    unlocked = Signal(object)
    switched = Signal(object)

    def __init__(self, uictx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lock_screen")
        self.uictx = uictx
        self._username = ""
        self._busy = False

        self.practice_label = QLabel(self)
        self.practice_label.setObjectName("lock_practice")
        font = self.practice_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.practice_label.setFont(font)
        self.practice_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.practice_label.setWordWrap(True)
        self.who_label = QLabel(self)
        self.who_label.setObjectName("lock_who")
        self.who_label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        # Page 0: the same user types their password.
        self.unlock_page = QWidget(self)
        self.unlock_form = ValidatedForm(self.unlock_page)
        self.password = self.unlock_form.add_field("password", "&Password:", QLineEdit(self.unlock_page))
        assert isinstance(self.password, QLineEdit)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.unlock_button = QPushButton("&Unlock", self.unlock_page)
        self.unlock_button.setObjectName("unlock")
        self.unlock_button.setDefault(True)
        self.switch_button = QPushButton("S&witch user…", self.unlock_page)
        self.switch_button.setObjectName("switch_user")
        row = QHBoxLayout()
        row.addWidget(self.switch_button)
        row.addStretch(1)
        row.addWidget(self.unlock_button)
        col = QVBoxLayout(self.unlock_page)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.unlock_form)
        col.addLayout(row)

        # Page 1: another user signs in and takes over the workstation.
        self.switch_page = QWidget(self)
        self.switch_form = ValidatedForm(self.switch_page)
        self.switch_username = self.switch_form.add_field("username", "User&name:", QLineEdit(self.switch_page))
        self.switch_password = self.switch_form.add_field("password", "Pass&word:", QLineEdit(self.switch_page))
        assert isinstance(self.switch_username, QLineEdit) and isinstance(self.switch_password, QLineEdit)
        self.switch_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.switch_sign_in = QPushButton("&Sign in", self.switch_page)
        self.switch_sign_in.setObjectName("switch_sign_in")
        self.back_button = QPushButton("&Back", self.switch_page)
        row = QHBoxLayout()
        row.addWidget(self.back_button)
        row.addStretch(1)
        row.addWidget(self.switch_sign_in)
        col = QVBoxLayout(self.switch_page)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.switch_form)
        col.addLayout(row)

        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.unlock_page)
        self.pages.addWidget(self.switch_page)

        card = QFrame(self)
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setFixedWidth(460)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(24, 20, 24, 20)
        inner.addWidget(self.practice_label)
        inner.addWidget(self.who_label)
        inner.addSpacing(12)
        inner.addWidget(self.pages)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)

        self.password.returnPressed.connect(self.submit_unlock)
        self.unlock_button.clicked.connect(self.submit_unlock)
        self.switch_button.clicked.connect(self.show_switch_user)
        self.back_button.clicked.connect(self.show_unlock)
        self.switch_username.returnPressed.connect(self.switch_password.setFocus)
        self.switch_password.returnPressed.connect(self.submit_switch)
        self.switch_sign_in.clicked.connect(self.submit_switch)

    # -- state --------------------------------------------------------------------------------------
    def prepare(self, practice_name: str, username: str) -> None:
        """Reset for a new lock: no leftover text from earlier attempts."""
        self._username = username
        self.practice_label.setText(practice_name)
        self.who_label.setText(f"Locked — signed in as {username}")
        for edit in (self.password, self.switch_username, self.switch_password):
            edit.clear()
        self.unlock_form.clear_errors()
        self.switch_form.clear_errors()
        self.show_unlock()

    def show_unlock(self) -> None:
        self.pages.setCurrentWidget(self.unlock_page)
        self.switch_form.clear_errors()
        self.switch_password.clear()
        self.password.setFocus()

    def show_switch_user(self) -> None:
        self.pages.setCurrentWidget(self.switch_page)
        self.unlock_form.clear_errors()
        self.password.clear()
        self.switch_username.setFocus()

    def is_busy(self) -> bool:
        return self._busy

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for button in (self.unlock_button, self.switch_sign_in, self.switch_button, self.back_button):
            button.setEnabled(not busy)

    # -- unlocking --------------------------------------------------------------------------------
    def submit_unlock(self) -> None:
        """The locked user's own password; failures count toward the account lockout."""
        if self._busy:
            return
        self.unlock_form.clear_errors()
        self._set_busy(True)
        self.uictx.call(auth.unlock_session, self._username, self.password.text(),
                        on_done=self._unlock_done,
                        on_error=lambda exc: self._failed(exc, self.unlock_form, self.password))

    def submit_switch(self) -> None:
        """Another user's credentials; confirm first that the locked user's unsaved input goes."""
        if self._busy:
            return
        self.switch_form.clear_errors()
        name = self.switch_username.text().strip()
        if name.lower() == self._username.lower():
            # Same person: this is an ordinary unlock, nothing is discarded.
            self._set_busy(True)
            self.uictx.call(auth.unlock_session, name, self.switch_password.text(), on_done=self._unlock_done,
                            on_error=lambda exc: self._failed(exc, self.switch_form, self.switch_password))
            return
        if name and not SwitchUserConfirm.ask(self.window(), self._username, name):
            return
        self._set_busy(True)
        self.uictx.call(auth.unlock_session, name, self.switch_password.text(), on_done=self._switch_done,
                        on_error=lambda exc: self._failed(exc, self.switch_form, self.switch_password))

    def _unlock_done(self, actor: Actor) -> None:
        self._set_busy(False)
        self.password.clear()
        self.switch_password.clear()
        self.unlocked.emit(actor)

    def _switch_done(self, actor: Actor) -> None:
        self._set_busy(False)
        self.switch_password.clear()
        current = self.uictx.actor
        if current is not None and actor.user_id == current.user_id:
            self.unlocked.emit(actor)
        else:
            self.switched.emit(actor)

    def _failed(self, exc: BaseException, form: ValidatedForm, password: QLineEdit) -> None:
        self._set_busy(False)
        if isinstance(exc, ValidationError):
            form.show_exception(exc)
        elif isinstance(exc, AuthenticationError):  # wrong password or locked account
            password.clear()
            form.error_label("password").show_error(str(exc))
            password.setFocus()
        else:
            ErrorPresenter(self.window())(exc)

    def error_text(self) -> str:
        """The message beside the visible password field ('' when none)."""
        form = self.unlock_form if self.pages.currentWidget() is self.unlock_page else self.switch_form
        label = form.error_label("password")
        return "" if label.isHidden() else label.text()
