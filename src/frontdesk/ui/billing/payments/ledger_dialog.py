"""The Ledger tab's screen in a window of its own, opened from a patient's record."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from frontdesk.ui.billing.payments.ledger_page import LedgerPage
from frontdesk.ui.billing.payments.patient_bar import ChosenPatient
from frontdesk.ui.context import UiContext


class LedgerDialog(QDialog):
    """The patient's (or their guarantor's) ledger with its filters, Print and Save as PDF; messages at the bottom."""

    def __init__(self, uictx: UiContext, patient: ChosenPatient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ledger_dialog")
        self.setWindowTitle(f"Ledger \u2013 {patient.name}")
        self.message = QLabel(self)
        self.message.setObjectName("ledger_dialog_message")
        self.page = LedgerPage(uictx, self.message.setText, self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.page, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(1200, 640)  # fits a 1366x768 screen with the task bar
        self.page.bar.button.hide()  # this window belongs to one record; the Ledger tab can switch patients
        self.page.show_patient(patient)

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext, patient: ChosenPatient) -> None:
        """Show the ledger until the desk closes it."""
        dialog = cls(uictx, patient, parent)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()
