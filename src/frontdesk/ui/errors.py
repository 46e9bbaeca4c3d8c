"""Showing errors: field errors beside the field, expected errors in a dialog, bugs with a reference id."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget

from frontdesk.error_messages import UserMessage, to_user_message

log = logging.getLogger(__name__)


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


def install_excepthook(presenter: Callable[[BaseException], Any]) -> Callable[..., Any]:
    """Route unexpected exceptions (e.g. from a slot) to the presenter instead of crashing.

    The presenter shows a friendly dialog with a reference id; the details go to the log without
    the exception's message (it may quote patient data). Returns the previous hook.
    """
    previous = sys.excepthook
    presenting = False

    def hook(exc_type: type[BaseException], exc: BaseException, tb: Any) -> None:
        nonlocal presenting
        if issubclass(exc_type, KeyboardInterrupt):
            previous(exc_type, exc, tb)
            return
        if exc.__traceback__ is None and tb is not None:
            exc = exc.with_traceback(tb)
        if presenting:  # an error while showing an error: log it, do not stack dialogs
            log.error("error while presenting an error: %s", exc_type.__name__)
            return
        presenting = True
        try:
            presenter(exc)
        except Exception as inner:  # the last line of defence must not raise
            log.error("error presenter failed: %s", type(inner).__name__)
        finally:
            presenting = False

    sys.excepthook = hook
    return previous
