"""The End of day screen as a window of its own: EndOfDayDialog.ask(parent, uictx, backup_runner, day=None)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from frontdesk.ui.context import UiContext
from frontdesk.ui.end_of_day.pane import BackupRunner, EndOfDayPane


@dataclass(frozen=True)
class EndOfDayOutcome:
    """How the window was left: was the day closed, and where the user asked to go next (if anywhere)."""

    closed: bool
    go_to: str = ""  # "" (just closed the window), "appointment" (the calendar) or "charges" (Billing)
    appointment_id: int | None = None


class EndOfDayDialog(QDialog):
    """Hosts the EndOfDayPane; leaving for an appointment or for charges closes it and says where to go."""

    def __init__(self, parent: QWidget | None, uictx: UiContext, backup_runner: BackupRunner,
                 day: date | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("End of day")
        self.setObjectName("end_of_day_dialog")
        self.status_line = QLabel(self)
        self.status_line.setObjectName("status_line")
        self.pane = EndOfDayPane(uictx, backup_runner, day=day, status=self.status_line.setText, parent=self)
        self.pane.open_appointment_requested.connect(lambda appt: self._leave("appointment", appt))
        self.pane.enter_charges_requested.connect(lambda appt: self._leave("charges", appt))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pane, 1)
        layout.addWidget(self.status_line)
        layout.addWidget(buttons)
        self.resize(1000, 700)  # fits 1366x768 with the window frame and task bar
        self._go_to, self._appointment_id = "", None

    def _leave(self, where: str, appointment_id: int) -> None:
        self._go_to, self._appointment_id = where, appointment_id
        self.accept()

    def outcome(self) -> EndOfDayOutcome:
        current = self.pane.current
        return EndOfDayOutcome(bool(current and current.closed), self._go_to, self._appointment_id)

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext, backup_runner: BackupRunner,
            day: date | None = None) -> EndOfDayOutcome:
        """Show the closing checklist of ``day`` (default today) until the user leaves it."""
        dialog = cls(parent, uictx, backup_runner, day)
        try:
            dialog.exec()
            return dialog.outcome()
        finally:
            dialog.deleteLater()  # a closed window is gone, not left behind under the main window
