"""The sign-in window: practice name, username, password; failures shown beside the password."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from frontdesk.errors import AuthenticationError, ValidationError
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.widgets.form import ValidatedForm

if TYPE_CHECKING:  # the services load with the database, not before the window appears
    from frontdesk.ui.context import UiContext

TITLE = "FrontDesk — Sign in"
OPENING_TEXT = "Opening the practice data…"


class LoginWindow(QWidget):
    """Top-level window; emits ``signed_in(actor)`` on success and ``cancelled`` when the user closes it.

    It can appear before the practice data is open (``uictx=None``): people type while the
    database opens in the background, and :meth:`attach` connects it once the data is ready
    (a Sign in pressed meanwhile goes ahead then). The practice name comes from
    ``practice_banner`` (a PUBLIC operation: nothing about patients).
    """

    signed_in = Signal(object)  # Actor
    cancelled = Signal()

    def __init__(self, uictx: UiContext | None = None, *, demo: bool = False, username: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("login_window")
        self.uictx: UiContext | None = None
        self._demo = demo
        self._dismissed = False
        self._busy = False
        self._pending_submit = False
        self._update_title()

        heading = QLabel("FrontDesk", self)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        heading.setFont(font)
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.practice_label = QLabel(self)
        self.practice_label.setObjectName("practice_name")
        self.practice_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.practice_label.setWordWrap(True)
        self.demo_label = QLabel("DEMO practice — every patient here is made up.\n"
                                 "Sign in as demo, password tulip lantern demo 7.", self)
        self.demo_label.setObjectName("demo_notice")
        self.demo_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.demo_label.setVisible(demo)
        self.opening_label = QLabel(OPENING_TEXT, self)
        self.opening_label.setObjectName("opening_notice")
        self.opening_label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.form = ValidatedForm(self)
        self.username = self.form.add_field("username", "&Username:", QLineEdit(self))
        self.password = self.form.add_field("password", "&Password:", QLineEdit(self))
        assert isinstance(self.username, QLineEdit) and isinstance(self.password, QLineEdit)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.username.setText(username)
        self.username.returnPressed.connect(self._next_from_username)
        self.password.returnPressed.connect(self.submit)

        self.sign_in_button = QPushButton("&Sign in", self)
        self.sign_in_button.setObjectName("sign_in")
        self.sign_in_button.setDefault(True)
        self.sign_in_button.clicked.connect(self.submit)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(heading)
        layout.addWidget(self.practice_label)
        layout.addWidget(self.demo_label)
        layout.addWidget(self.opening_label)
        layout.addSpacing(12)
        layout.addWidget(self.form)
        layout.addWidget(self.sign_in_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addStretch(1)
        self.setTabOrder(self.username, self.password)
        self.setTabOrder(self.password, self.sign_in_button)
        self.resize(440, 360)
        (self.password if username else self.username).setFocus()
        if uictx is not None:
            self.attach(uictx)

    def attach(self, uictx: UiContext) -> None:
        """The practice data is open: show its name, and sign in if the person already asked to."""
        from frontdesk.services.admin import practice as practice_service

        self.uictx = uictx
        self.opening_label.hide()
        uictx.call(practice_service.practice_banner, on_done=self._show_banner)
        if self._pending_submit:
            self._pending_submit = False
            self._busy = False
            self.submit()

    def is_ready(self) -> bool:
        return self.uictx is not None

    # -- banner -----------------------------------------------------------------------------------
    def _update_title(self) -> None:
        self.setWindowTitle(TITLE + (" — DEMO" if self._demo else ""))

    def _show_banner(self, banner: tuple[str, bool]) -> None:
        name, is_demo = banner
        self.practice_label.setText(name)
        if is_demo and not self._demo:
            self._demo = True
            self.demo_label.show()
            self._update_title()

    # -- signing in -------------------------------------------------------------------------------
    def _next_from_username(self) -> None:
        self.password.setFocus()

    def is_busy(self) -> bool:
        return self._busy

    def submit(self) -> None:
        """Check the credentials on the database thread; the result arrives in a callback."""
        if self._busy:
            return
        self.form.clear_errors()
        self._set_busy(True)
        if self.uictx is None:  # still opening: go ahead as soon as attach() is called
            self._pending_submit = True
            return
        from frontdesk.services.admin import auth

        self.uictx.call(auth.login, self.username.text(), self.password.text(),
                        on_done=self._on_success, on_error=self._on_failure)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.sign_in_button.setEnabled(not busy)
        self.sign_in_button.setText("Signing in…" if busy else "&Sign in")

    def _on_success(self, actor: object) -> None:
        self._set_busy(False)
        self.password.clear()  # the password does not linger in a widget once it has done its job
        self.signed_in.emit(actor)

    def _on_failure(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, ValidationError):
            self.form.show_exception(exc)
        elif isinstance(exc, AuthenticationError):  # includes AccountLocked
            self.show_password_error(str(exc))
        else:
            ErrorPresenter(self)(exc)

    def show_password_error(self, text: str) -> None:
        """Put a sign-in failure beside the password field (never a popup) and let them retype."""
        self.password.clear()
        self.form.error_label("password").show_error(text)
        self.password.setFocus()

    def password_error(self) -> str:
        """The message beside the password field ('' when none is shown)."""
        label = self.form.error_label("password")
        return "" if label.isHidden() else label.text()

    # -- closing ----------------------------------------------------------------------------------
    def dismiss(self) -> None:
        """Close after a successful sign-in (does not count as the user closing the app)."""
        self._dismissed = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        self.password.clear()
        super().closeEvent(event)
        if not self._dismissed:
            self.cancelled.emit()
