"""Small questions the calendar asks: a reason (cancel, override), and which visits of a series to change."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.ui.widgets.form import FieldError

SCOPE_LABELS = (("this", "&Only this appointment"), ("following", "This and the &following ones in the series"),
                ("all", "&All upcoming appointments in the series"))


class ScopeChoice(QWidget):
    """Radio buttons: this / this and following / all (only shown for a series)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group = QButtonGroup(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[str, QRadioButton] = {}
        for key, label in SCOPE_LABELS:
            button = QRadioButton(label, self)
            button.setObjectName(f"scope_{key}")
            self.group.addButton(button)
            self.buttons[key] = button
            layout.addWidget(button)
        self.buttons["this"].setChecked(True)

    def value(self) -> str:
        return next(key for key, button in self.buttons.items() if button.isChecked())


@dataclass(frozen=True)
class ReasonAnswer:
    reason: str
    scope: str = "this"


class ReasonDialog(QDialog):
    """Asks for a reason (required unless told otherwise) and, for a series, the scope."""

    def __init__(self, parent: QWidget | None, title: str, prompt: str, ok_text: str, *, series: bool = False,
                 required: bool = True, placeholder: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.required = required
        self.prompt = QLabel(prompt, self)
        self.prompt.setWordWrap(True)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("reason_edit")
        self.reason.setMaxLength(200)
        self.reason.setPlaceholderText(placeholder)
        self.prompt.setBuddy(self.reason)
        self.error = FieldError(self)
        self.scope = ScopeChoice(self)
        self.scope.setVisible(series)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("&Keep it")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.prompt, self.reason, self.error, self.scope, buttons):
            layout.addWidget(widget)
        self.setMinimumWidth(440)
        self.answer: ReasonAnswer | None = None

    def submit(self) -> None:
        text = self.reason.text().strip()
        if self.required and not text:
            self.error.show_error("Please give a reason.")
            self.reason.setFocus()
            return
        self.answer = ReasonAnswer(text, self.scope.value() if self.scope.isVisibleTo(self) else "this")
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, prompt: str, ok_text: str, *, series: bool = False,
            required: bool = True, placeholder: str = "") -> ReasonAnswer | None:
        dialog = cls(parent, title, prompt, ok_text, series=series, required=required, placeholder=placeholder)
        dialog.exec()
        return dialog.answer


class CancelDialog(ReasonDialog):
    """'Cancel appointment': the reason (kept on the visit); late cancels are decided by the service."""

    @classmethod
    def ask_cancel(cls, parent: QWidget | None, what: str, *, series: bool) -> ReasonAnswer | None:
        return cls.ask(parent, "Cancel appointment", f"Why is {what} cancelled? (Cancelling less than 24 hours "
                       "before the visit counts as a late cancel.)", "&Cancel appointment", series=series,
                       placeholder="e.g. patient called, feeling better")


class OverrideDialog(ReasonDialog):
    """The reason for moving an appointment over a scheduling rule (audited)."""

    @classmethod
    def ask_override(cls, parent: QWidget | None, message: str) -> str | None:
        answer = cls.ask(parent, "Move anyway?", f"{message}\n\nWhy move it anyway? (Kept in the audit trail.)",
                         "&Move anyway")
        return None if answer is None else answer.reason
