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
