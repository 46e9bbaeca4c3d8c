"""Small modal questions the Patients pane asks (each behind an ask() that tests replace)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


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
