"""Questions the Statements tab asks: why a batch or a hold, and whether the batch really printed."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from frontdesk.ui.billing.dialogs import ReasonPromptDialog


class ReasonDialog(ReasonPromptDialog):
    """Why a statement batch is discarded or a patient's statements are held."""


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
