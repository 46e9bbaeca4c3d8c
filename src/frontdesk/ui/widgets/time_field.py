"""The one time-of-day field: typed the way a receptionist types ("3:15 PM", "15:15", "315p", "9a"),
shown back as "3:15 PM", stepped by the slot size with the Up/Down arrow keys.

A QTimeEdit with an AM/PM format ignores a typed hour ("3:15 PM" left 9:15 AM), so this is a plain line
edit over ``domain.time_entry.parse_time``. Text that is not a time is left exactly as typed and refused:
``problem`` carries the message for the form's error label when the field is left, and ``value()`` raises
the ValidationError (naming the form's field) when the form is submitted.
"""

from __future__ import annotations

from datetime import time

from PySide6.QtCore import Qt, QTime, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from frontdesk.domain.time_entry import EXAMPLES, format_time, parse_time
from frontdesk.errors import ValidationError

_DAY_MINUTES = 24 * 60


class TimeField(QLineEdit):
    """``value()``/``set_value()`` with datetime.time; ``time()``/``setTime()`` with QTime as a QTimeEdit has.

    ``timeChanged(QTime)`` fires when what is typed (or set) reads as a different time; ``problem(str)``
    gives the message when the field is left holding something that is not a time ('' once it is fixed).
    """

    timeChanged = Signal(QTime)
    problem = Signal(str)

    def __init__(self, parent: QWidget | None = None, at: time | None = None, *, field: str = "time",
                 label: str = "Time", step_minutes: int = 15) -> None:
        super().__init__(parent)
        self.field = field
        self.label = label
        self.step_minutes = max(1, step_minutes)
        self._last: time | None = None
        self._problem = ""
        self.setMaxLength(20)
        self.setPlaceholderText("e.g. 3:15 PM")
        self.setToolTip(f"Type a time ({EXAMPLES}); \u2191/\u2193 step by {self.step_minutes} minutes.")
        # About as wide as the QTimeEdit it replaces: rows of times (weekly hours, windows) stay compact.
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("12:45 PM") + 20)
        self.setMaximumWidth(self.fontMetrics().horizontalAdvance("12:45 PM") + 40)
        self.textChanged.connect(self._text_changed)
        self.textEdited.connect(lambda _text: self._say(""))  # typing on: the old message is out of date
        self.editingFinished.connect(self._finished)
        if at is not None:
            self.set_value(at)

    # -- values ----------------------------------------------------------------------------------
    def value(self) -> time:
        """The time typed; ValidationError naming this field's form field when the text is not a time."""
        return parse_time(self.text(), self.field, self.label)

    def set_value(self, at: time) -> None:
        self.setText(format_time(at))

    def time(self) -> QTime:
        """As QTimeEdit.time() (raises ValidationError like ``value()`` when the text is not a time)."""
        at = self.value()
        return QTime(at.hour, at.minute)

    def setTime(self, value: QTime) -> None:  # noqa: N802 - QTimeEdit's name, kept for its callers
        self.set_value(time(value.hour(), value.minute()))

    def _parsed(self) -> time | None:
        try:
            return self.value()
        except ValidationError:
            return None

    def _text_changed(self, _text: str) -> None:
        at = self._parsed()
        if at is not None and at != self._last:
            self._last = at
            self.timeChanged.emit(QTime(at.hour, at.minute))

    def _finished(self) -> None:
        """Leaving the field: a time is shown back in US format; anything else stays as typed, refused."""
        try:
            at = self.value()
        except ValidationError as exc:
            self._say(exc.message)
            return
        if self.text() != format_time(at):
            self.set_value(at)
        self._say("")

    def _say(self, message: str) -> None:
        # Only changes are told: two fields may share one error label ("9:00 AM to 1:00 PM"), and one being
        # fine must not wipe what the other said.
        if message != self._problem:
            self._problem = message
            self.problem.emit(message)

    # -- keyboard --------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Up/Down step to the next/previous multiple of the step (9:07 -> 9:15 / 9:00), within the day."""
        direction = {Qt.Key.Key_Up: 1, Qt.Key.Key_Down: -1}.get(Qt.Key(event.key()))
        at = self._parsed() if direction else None
        if direction is None or at is None or self.isReadOnly():
            super().keyPressEvent(event)
            return
        minutes = at.hour * 60 + at.minute
        step = self.step_minutes
        # The next multiple above, or the one below (ceil - 1): 9:07 -> 9:15 / 9:00, 9:00 -> 9:15 / 8:45.
        target = (minutes // step + 1) * step if direction > 0 else (-(-minutes // step) - 1) * step
        if 0 <= target < _DAY_MINUTES:
            self.set_value(time(target // 60, target % 60))
            self._say("")
        event.accept()
