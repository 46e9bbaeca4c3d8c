"""'Book N of M visits?': a weekly series with some weeks taken; lists each week left out with why and the
next opening after it. Yes books the free weeks; No goes back to the booking form with the conflict."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QVBoxLayout, QWidget

from frontdesk.domain.formats import format_date
from frontdesk.services.scheduling.series_plan import NEXT_OPENING_DAYS, SeriesPlan, SeriesVisit
from frontdesk.ui.calendar.grid_paint import clock


def when_text(at: datetime) -> str:
    """'01/05/2027 2:30 PM' for an aware practice-local time."""
    return f"{format_date(at)} {clock(at.hour * 60 + at.minute)}"


def skipped_line(visit: SeriesVisit) -> str:
    """One week left out: its date, why, and the next opening (or that there is none soon)."""
    opening = (f"next opening {when_text(visit.next_opening)}" if visit.next_opening is not None
               else f"no opening in the next {NEXT_OPENING_DAYS} days")
    return f"{when_text(visit.start)} ({visit.problem.rstrip('.')}) \u2014 {opening}"


class SeriesSkipDialog(QDialog):
    """Asks whether to book the free weeks of a series; ``ask`` returns True for Yes."""

    def __init__(self, plan: SeriesPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("series_skip_dialog")
        self.setWindowTitle("Some weeks are taken")
        self.setModal(True)
        total, free = len(plan.visits), plan.free_count
        self.question = QLabel(f"<b>Book {free} of {total} visits?</b>", self)
        self.question.setObjectName("series_skip_question")
        intro = QLabel(f"{len(plan.taken)} of the weekly visits cannot be booked at that time. They are left out; "
                       "the next opening after each is shown so you can book it separately.", self)
        intro.setWordWrap(True)
        skipped_label = QLabel("&Skipped:", self)
        self.skipped = QListWidget(self)
        self.skipped.setObjectName("series_skipped_list")
        self.skipped.addItems([skipped_line(v) for v in plan.taken])
        self.skipped.setWordWrap(True)
        skipped_label.setBuddy(self.skipped)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Yes | QDialogButtonBox.StandardButton.No, self)
        self.yes_button = buttons.button(QDialogButtonBox.StandardButton.Yes)
        self.yes_button.setText(f"&Book {free} visit{'s' if free != 1 else ''}")
        self.yes_button.setDefault(True)
        self.no_button = buttons.button(QDialogButtonBox.StandardButton.No)
        self.no_button.setText("&Don't book")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.question, intro, skipped_label, self.skipped, buttons):
            layout.addWidget(widget)
        self.resize(720, 340)
        self.yes_button.setFocus()

    @classmethod
    def ask(cls, parent: QWidget | None, plan: SeriesPlan) -> bool:
        """True when the free weeks are to be booked."""
        dialog = cls(plan, parent)
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()
