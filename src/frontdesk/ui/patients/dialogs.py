"""Small modal questions the Patients pane asks (each behind an ask() that tests replace)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QMessageBox, QPlainTextEdit, QWidget

from frontdesk.ui.widgets.form import ValidatedForm

Shown = dict[str, tuple[str, str]]  # field name -> (label, value as the person sees it)


class DiscardChangesDialog:
    """'Discard the changes you typed?' Yes discards, anything else keeps the form open."""

    @classmethod
    def ask(cls, parent: QWidget | None) -> bool:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Discard changes?")
        box.setText("You typed changes that are not saved. Discard them?")
        discard = box.addButton("&Discard changes", QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton("&Keep editing", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.exec()
        return box.clickedButton() == discard


class ChangedMeanwhileDialog:
    """Someone else saved the record while this form was open: 'Reload' shows their version (the typed
    changes listed here are replaced by it); 'Keep my typing' leaves the form as typed (to copy from)."""

    @classmethod
    def ask(cls, parent: QWidget | None, message: str, typed: list[tuple[str, str]]) -> bool:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Changed by someone else")
        box.setText(message)
        lines = "\n".join(f"  • {label}: {value or '(empty)'}" for label, value in typed)
        box.setInformativeText(
            "Reload shows their saved version in the form. "
            + (f"What you typed here is then replaced:\n{lines}\n\n" if typed else "")
            + "Keep my typing leaves the form as it is; saving it stays refused until you reload.")
        reload = box.addButton("&Reload", QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton("&Keep my typing", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(reload)
        box.setEscapeButton(keep)
        box.exec()
        return box.clickedButton() == reload


def _shown_text(widget: QWidget) -> str:
    if isinstance(widget, QCheckBox):
        return "yes" if widget.isChecked() else "no"
    if isinstance(widget, QComboBox):
        return widget.currentText() if widget.currentIndex() >= 0 else ""
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    edit = widget if isinstance(widget, QLineEdit) else widget.findChild(QLineEdit)  # a box around its line edit
    return edit.text() if edit is not None else ""


def shown_fields(*forms: ValidatedForm) -> Shown:
    """Every field of the forms as the person sees it, with its label (a check box's own text), for
    telling them what they typed."""
    shown: Shown = {}
    for form in forms:
        for name in form.field_names():
            widget = form.field(name)
            label = form.layout_.labelForField(widget.parentWidget())
            text = widget.text() if isinstance(widget, QCheckBox) else label.text() if isinstance(label, QLabel) else name
            shown[name] = (text.replace("&", "").rstrip(":"), _shown_text(widget))
    return shown


def typed_since(before: Shown, now: Shown) -> list[tuple[str, str]]:
    """(label, value) of every field whose shown value differs from ``before``, in the form's order."""
    return [value for name, value in now.items() if value != before.get(name)]
