"""The main window's closing-time actions: Back up now, End of day, Export to QuickBooks from Billing > Reports,
and reopening after a restore."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from PySide6.QtWidgets import QWidget

from frontdesk.ui.context import UiContext


class ClosingHost(Protocol):
    """What these actions need of the main window (which passes itself; it is also the dialogs' parent)."""

    uictx: UiContext

    def is_locked(self) -> bool: ...
    def show_status(self, text: str) -> None: ...
    def enter_charges(self, appointment_id: int) -> None: ...
    def go(self, key: str) -> QWidget | None: ...


def back_up_now(window: ClosingHost) -> bool:
    """File > Back up now (and a click on the backup age): the backup dialog with progress; True if verified."""
    from frontdesk.ui.backup import BackupDialog

    if window.is_locked():
        return False
    outcome = BackupDialog.ask(window, window.uictx, window.uictx.paths, status=window.show_status)
    return outcome is not None


def end_of_day(window: ClosingHost) -> None:
    """File > End of day: the closing checklist; it may send the user to an appointment or to its charges."""
    from frontdesk.ui.backup.backup_dialog import make_backup_runner
    from frontdesk.ui.end_of_day import EndOfDayDialog

    if window.is_locked():
        return
    runner = make_backup_runner(window.uictx, window.uictx.paths, window.show_status)
    outcome = EndOfDayDialog.ask(window, window.uictx, runner)
    if outcome.go_to == "charges" and outcome.appointment_id is not None:
        window.enter_charges(outcome.appointment_id)
    elif outcome.go_to == "appointment" and outcome.appointment_id is not None:
        calendar = window.go("calendar")
        if calendar is not None:
            calendar.show_appointment(outcome.appointment_id)


def export_journal(window: ClosingHost, start: date, end: date) -> None:
    """Billing > Reports' "Export to QuickBooks…": End of day's own export dialog on the report's range (routed
    through here: the Billing pane cannot import the End of day dialogs without an import cycle)."""
    from frontdesk.ui.end_of_day.journal_dialog import JournalExportDialog, exported_text

    if window.is_locked():
        return
    period = JournalExportDialog.ask(window, window.uictx, start, end)  # type: ignore[arg-type]
    if period is not None:
        window.show_status(exported_text(period))
