"""Forms whose errors sit next to the field they are about."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from frontdesk.error_messages import to_user_message
from frontdesk.ui.widgets.time_field import TimeField


class FieldError(QLabel):
    """A red message (with a warning sign, not colour alone) under one field."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet("color: #b00020;")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_error(self, text: str) -> None:
        self.setText("\u26a0 " + text)
        self.show()

    def clear_error(self) -> None:
        self.clear()
        self.hide()


class ValidatedForm(QWidget):
    """A QFormLayout where each named field has a FieldError below it.

    ``show_exception`` puts a ValidationError beside its field and focuses it; other errors
    go to the form-level message at the top. Returns True when the error was shown here.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.form_error = FieldError(self)
        self.form_error.setObjectName("form_error")
        outer.addWidget(self.form_error)
        self.layout_ = QFormLayout()
        outer.addLayout(self.layout_)
        self._fields: dict[str, tuple[QWidget, FieldError]] = {}

    def add_field(self, name: str, label: str, widget: QWidget) -> QWidget:
        widget.setObjectName(name)
        error = FieldError(self)
        error.setObjectName(f"{name}_error")
        box = QWidget(self)
        col = QVBoxLayout(box)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(2)
        col.addWidget(widget)
        col.addWidget(error)
        lab = QLabel(label, self)
        lab.setBuddy(widget)
        self.layout_.addRow(lab, box)
        self._fields[name] = (widget, error)
        # A field that can tell a problem as soon as it is left (TimeField's ``problem``) says it here too.
        for part in (widget, *widget.findChildren(TimeField)):
            if isinstance(part, TimeField):
                part.problem.connect(lambda text, e=error: e.show_error(text) if text else e.clear_error())
        return widget

    def field(self, name: str) -> QWidget:
        return self._fields[name][0]

    def error_label(self, name: str) -> FieldError:
        return self._fields[name][1]

    def clear_errors(self) -> None:
        self.form_error.clear_error()
        for _widget, error in self._fields.values():
            error.clear_error()

    def show_exception(self, exc: BaseException) -> bool:
        message = to_user_message(exc)
        if not message.expected:
            return False
        self.clear_errors()
        if message.field and message.field in self._fields:
            widget, error = self._fields[message.field]
            error.show_error(message.text)
            widget.setFocus()
        else:
            self.form_error.show_error(message.text)
        return True
