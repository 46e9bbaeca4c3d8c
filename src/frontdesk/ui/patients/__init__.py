"""Patients pane (being written: owned by the patients-pane helper)."""

from PySide6.QtWidgets import QWidget


class PatientsPane(QWidget):
    def __init__(self, uictx, parent=None):  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.uictx = uictx

    def focus_search(self) -> None:
        self.setFocus()
