"""The typed confirmation before a restore replaces the practice's data."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

CONFIRM_WORD = "RESTORE"


class ConfirmRestoreDialog(QDialog):
    """OK is enabled only once RESTORE is typed: a restore is not something to click through by habit."""

    def __init__(self, description: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Replace the practice data?")
        layout = QVBoxLayout(self)
        text = QLabel("\u26a0 Everything entered since this backup was made will be replaced by the backup's data. "
                      "The current data is kept aside as a pre-restore copy in the data folder. Everyone signs in "
                      "again afterwards.\n\n" + description, self)
        text.setWordWrap(True)
        layout.addWidget(text)
        prompt = QLabel(f"&Type {CONFIRM_WORD} to confirm:", self)
        self.word = QLineEdit(self)
        self.word.setObjectName("confirm_word")
        prompt.setBuddy(self.word)
        layout.addWidget(prompt)
        layout.addWidget(self.word)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("Replace the data")
        self.ok.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.word.textChanged.connect(lambda text: self.ok.setEnabled(text.strip() == CONFIRM_WORD))
        layout.addWidget(self.buttons)
        self.word.setFocus()

    @classmethod
    def ask(cls, parent: QWidget | None, description: str) -> bool:
        """True when the person typed the word and confirmed."""
        dialog = cls(description, parent)
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted and dialog.word.text().strip() == CONFIRM_WORD
        finally:
            dialog.deleteLater()
