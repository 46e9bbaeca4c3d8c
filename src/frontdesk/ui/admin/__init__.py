"""Admin pane (being written: owned by the admin-pane helper)."""

from PySide6.QtWidgets import QWidget


class AdminPane(QWidget):
    def __init__(self, uictx, parent=None):  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.uictx = uictx
