"""Showing errors: field errors beside the field, expected errors in a dialog, bugs with a reference id."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from frontdesk.error_messages import UserMessage, to_user_message


class ErrorDialog:
    """The modal error box; tests replace :meth:`ask` to see what would have been shown."""

    @classmethod
    def ask(cls, parent: QWidget | None, message: UserMessage) -> None:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning if message.expected else QMessageBox.Icon.Critical)
        box.setWindowTitle(message.title)
        box.setText(message.text)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.exec()


class ErrorPresenter:
    """Turns any exception from a service call into what the user sees."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self._parent = parent
        self.last: UserMessage | None = None

    def set_parent(self, parent: QWidget | None) -> None:
        self._parent = parent

    def __call__(self, exc: BaseException) -> UserMessage:
        message = to_user_message(exc)
        self.last = message
        ErrorDialog.ask(self._parent, message)
        return message
