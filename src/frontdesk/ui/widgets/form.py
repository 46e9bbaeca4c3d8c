"""Forms whose errors sit next to the field they are about.

A save may find several wrong fields at once (a ValidationErrors): each message goes beside its own
field, in whichever of the dialog's forms holds it, and the keyboard goes to the first of them in the
form's order. Messages about no field on the form go to the message at the top of the first form.
"""

from __future__ import annotations

from collections.abc import Sequence

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

    def has_field(self, name: str) -> bool:
        return name in self._fields

    def field_names(self) -> list[str]:
        """The fields in the order they were added (the form's reading order)."""
        return list(self._fields)

    def show_exception(self, exc: BaseException) -> bool:
        """Every field error beside its field, the first focused; False (nothing shown) for a bug."""
        return show_on_forms((self,), exc)


def show_on_forms(forms: Sequence[ValidatedForm], exc: BaseException) -> bool:
    """Show an expected error on several forms that act as one (columns of a dialog).

    Each (field, message) lands beside its field in the form that holds it; messages about fields none
    of them holds are listed at the top of the first form. The first marked field (forms in order, fields
    in reading order) gets the focus. Returns False, showing nothing, when ``exc`` is a bug.
    """
    message = to_user_message(exc)
    if not message.expected:
        return False
    for form in forms:
        form.clear_errors()
    problems = dict(message.fields)
    marked: list[QWidget] = []
    for form in forms:
        for name in form.field_names():
            if name in problems:
                widget, error = form._fields[name]
                error.show_error(problems.pop(name))
                marked.append(widget)
    if problems or not marked:
        forms[0].form_error.show_error("\n".join(problems.values()) if marked else message.text)
    if marked:
        marked[0].setFocus(Qt.FocusReason.OtherFocusReason)
    return True
