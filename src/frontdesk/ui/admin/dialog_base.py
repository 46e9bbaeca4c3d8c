"""A modal form dialog that runs one service call on OK and keeps itself open on field errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton, QVBoxLayout, QWidget

from frontdesk.errors import ValidationError
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.widgets.common import guarded
from frontdesk.ui.widgets.form import ValidatedForm

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class ServiceFormDialog(QDialog):
    """Subclasses add fields to ``self.form`` and implement :meth:`start` (and maybe :meth:`check`).

    OK runs :meth:`check` (quick checks that need no data, e.g. 'passwords match'), then
    :meth:`start`, which hands one service call to the runner. A ValidationError lands beside
    its field and the dialog stays open with everything typed; success closes it and leaves
    the service's result in :attr:`outcome`.
    """

    def __init__(self, uictx: UiContext, title: str, ok_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.uictx = uictx
        self.outcome: Any = None
        self._busy = False
        self.setWindowTitle(title)
        self.setModal(True)
        self.form = ValidatedForm(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.ok_button.setDefault(True)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)

    # -- for subclasses ------------------------------------------------------------------------
    def check(self) -> None:
        """Raise ValidationError(field, message) for a problem the form can see on its own."""

    def start(self, on_done: Done, on_error: Failed) -> None:
        """Submit the one service call this dialog is for."""
        raise NotImplementedError

    # -- the submit cycle ----------------------------------------------------------------------
    def _submit(self) -> None:
        if not self.ok_button.isEnabled():
            return  # a call is already running (Enter pressed twice)
        self.form.clear_errors()
        try:
            self.check()
        except ValidationError as exc:
            self.form.show_exception(exc)
            self._fit()
            return
        self._busy = True
        self.ok_button.setEnabled(False)
        try:
            self.start(guarded(self, self._succeeded), guarded(self, self._failed))
        except ValidationError as exc:  # reading the form found a field that is not a value (a time typed wrong)
            self._failed(exc)

    def reject(self) -> None:
        # While the service call runs the outcome is unknown: closing now could hide a saved change.
        if not self._busy:
            super().reject()

    def _succeeded(self, result: Any) -> None:
        self._busy = False
        self.ok_button.setEnabled(True)
        self.outcome = result
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self.ok_button.setEnabled(True)
        # Expected errors sit in the form (beside their field, or at its top); bugs get the error box.
        if self.form.show_exception(exc):
            self._fit()
        else:
            ErrorPresenter(self)(exc)

    def _fit(self) -> None:
        """Grow (never shrink) to show an error message that has just appeared, wrapped lines and all."""
        layout = self.layout()
        layout.activate()
        wanted = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() else -1
        height = max(self.height(), wanted, self.sizeHint().height())
        if height > self.height():
            self.resize(self.width(), height)

    @staticmethod
    def run(dialog: "ServiceFormDialog") -> Any:
        """Show ``dialog`` modally; the service result if it succeeded, else None."""
        try:
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
            return dialog.outcome if accepted else None
        finally:
            dialog.deleteLater()  # it was parented to the pane; do not keep one per use
