"""Questions the Statements tab asks: why a batch or a hold, and whether the batch really printed."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from frontdesk.ui.billing.dialogs import TextPromptDialog


class ReasonDialog(TextPromptDialog):
    """One required line saying why (discarding a batch, holding a patient's statements)."""

    def submit(self) -> None:
        """Accept only with a reason; say so beside the field otherwise."""
        if not self.edit.text().strip():
            self.error.show_error("Type a short reason; it is kept in the history and the audit log.")
            self.edit.setFocus()
            return
        super().submit()

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, prompt: str, ok_text: str) -> str | None:
        """The reason typed, or None when cancelled."""
        dialog = cls(parent, title, prompt, ok_text, max_length=200)
        try:
            return dialog.outcome if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()


class ConfirmPrintedDialog:
    """'Did every statement print?': only a yes makes the batch count as sent."""

    @classmethod
    def ask(cls, parent: QWidget | None, batch_id: int, count: int) -> bool:
        """True when the biller confirms the batch printed correctly."""
        answer = QMessageBox.question(
            parent, "Mark statements as printed",
            f"Did all {count} statement{'' if count == 1 else 's'} of batch #{batch_id} print correctly?\n\n"
            "Only then are they counted as sent: each account's last-statement date becomes today.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes
