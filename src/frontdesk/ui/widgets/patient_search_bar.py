"""The patient search box: debounced typing, Enter to open, Down to step into the results."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

PLACEHOLDER = "Search: last, first \u00b7 DOB \u00b7 phone \u00b7 account #"
DEBOUNCE_MS = 150
MAX_QUERY = 200  # the service refuses longer search text


class SearchBar(QLineEdit):
    """Emits ``search_requested(text)`` once typing pauses for DEBOUNCE_MS.

    Each keystroke restarts one single-shot timer, so a fast typist causes one query, not
    one per letter. ``accepted`` fires on Enter (after any pending search was started) and
    ``down_pressed`` on the Down arrow.
    """

    search_requested = Signal(str)
    accepted = Signal()
    down_pressed = Signal()

    def __init__(self, parent: QWidget | None = None, *, debounce_ms: int = DEBOUNCE_MS) -> None:
        super().__init__(parent)
        self.setObjectName("patient_search")
        self.setPlaceholderText(PLACEHOLDER)
        self.setClearButtonEnabled(True)
        self.setMaxLength(MAX_QUERY)
        self.setAccessibleName("Patient search")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self._fire)
        self.textChanged.connect(self._timer.start)

    def is_pending(self) -> bool:
        """True while a typed change is waiting for the debounce to run its search."""
        return self._timer.isActive()

    def flush(self) -> bool:
        """Run the pending search now; False when nothing was pending."""
        if not self._timer.isActive():
            return False
        self._timer.stop()
        self._fire()
        return True

    def reset(self) -> None:
        """Empty the box without starting a search."""
        self.clear()
        self._timer.stop()  # clear() restarted it through textChanged

    def _fire(self) -> None:
        self.search_requested.emit(self.text())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.flush()
            self.accepted.emit()
            event.accept()
        elif key == Qt.Key.Key_Down:
            self.down_pressed.emit()
            event.accept()
        elif key == Qt.Key.Key_Escape and self.text():
            self.clear()  # Escape empties the box first; a second Escape goes to the parent
            event.accept()
        else:
            super().keyPressEvent(event)
