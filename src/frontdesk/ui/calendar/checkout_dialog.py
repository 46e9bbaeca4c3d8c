"""After check-out: the patient's next appointment (or openings to book one) and the appointment card."""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.formats import format_date
from frontdesk.services.scheduling.appointment_status import CheckOutResult
from frontdesk.services.scheduling.availability import Opening
from frontdesk.ui.calendar.grid_paint import clock


class CheckOutChoice(Enum):
    DONE = "done"
    PRINT_CARD = "print_card"  # the next appointment's card
    BOOK = "book"  # book a follow-up (at the chosen opening, if any)


def when(start) -> str:  # type: ignore[no-untyped-def]
    return f"{start.strftime('%A')} {format_date(start)} at {clock(start.hour * 60 + start.minute)}"


class CheckOutDialog(QDialog):
    """``choice`` says what to do next; ``opening`` the follow-up slot picked from the suggestions."""

    def __init__(self, result: CheckOutResult, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Checked out")
        self.choice = CheckOutChoice.DONE
        self.opening: Opening | None = None
        info, upcoming = result.appointment, result.next_appointment
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"\u23cf <b>{info.patient_name}</b> is checked out.", self))
        self.suggestions = QListWidget(self)
        self.suggestions.setObjectName("followup_openings")
        buttons = QHBoxLayout()
        if upcoming is not None:
            next_text = f"Next appointment: {when(upcoming.start)} with {upcoming.provider_name}."
            layout.addWidget(QLabel(next_text, self))
            card = QPushButton("&Print appointment card\u2026", self)
            card.setObjectName("print_card_button")
            card.setDefault(True)
            card.clicked.connect(lambda: self._finish(CheckOutChoice.PRINT_CARD))
            buttons.addWidget(card)
            self.suggestions.hide()
        else:
            layout.addWidget(QLabel("No next appointment is booked.", self))
            for opening in result.suggestions:
                item = QListWidgetItem(f"{when(opening.start)} \u2014 {opening.provider_name}")
                item.setData(Qt.ItemDataRole.UserRole, opening)
                self.suggestions.addItem(item)
            if result.suggestions:
                layout.addWidget(QLabel("Openings with the same provider:", self))
                self.suggestions.setCurrentRow(0)
            else:
                self.suggestions.hide()
            book = QPushButton("&Book next appointment\u2026", self)
            book.setObjectName("book_next_button")
            book.setDefault(True)
            book.clicked.connect(lambda: self._finish(CheckOutChoice.BOOK))
            buttons.addWidget(book)
        layout.addWidget(self.suggestions)
        close = QPushButton("&Done", self)
        close.clicked.connect(lambda: self._finish(CheckOutChoice.DONE))
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.setMinimumWidth(480)

    def _finish(self, choice: CheckOutChoice) -> None:
        self.choice = choice
        item = self.suggestions.currentItem()
        self.opening = item.data(Qt.ItemDataRole.UserRole) if item is not None and self.suggestions.isVisibleTo(self) else None
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, result: CheckOutResult) -> tuple[CheckOutChoice, Opening | None]:
        dialog = cls(result, parent)
        dialog.exec()
        return dialog.choice, dialog.opening
