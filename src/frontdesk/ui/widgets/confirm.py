"""A yes/no question before an action that cannot be undone (tests replace ``ask``)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


class ConfirmDialog:
    """'Remove Cole, Cy from the waitlist?' with a button that names the action and a safe default."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, text: str, action: str, keep: str = "&Keep it") -> bool:
        """True when the person chose ``action`` (a button label such as '&Remove')."""
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(title)
        box.setText(text)
        do_it = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
        keep_button = box.addButton(keep, QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep_button)  # Enter alone never does the irreversible thing
        box.exec()
        return box.clickedButton() is do_it
