"""Calendar > Reports: the schedule reports (utilisation, no-show and late-cancel rates, new patients by referral
source) in a window of their own over the calendar, on the shared report view (ui/widgets/report_view.py) with
the appointment-type filter where Billing has the payer. Opened from the Calendar's Print arrow ("Schedule
reports…", Ctrl+Shift+R) and from the main window's Reports menu."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from frontdesk.domain.permissions import Permission
from frontdesk.services.scheduling import schedule_reports as service
from frontdesk.ui.context import UiContext
from frontdesk.ui.widgets.report_view import Operation, ReportSource, ReportView, StatusFn

# Bookings, status changes, hours, holidays, blockouts and patients' referral sources change the figures.
TOPICS = frozenset({"appointments", "schedule_setup", "providers", "patients"})
OPERATIONS = {"view": service.schedule_report, "pdf": service.write_schedule_report_pdf,
              "csv": service.export_schedule_report_csv}


def _operation(what: str, key: str) -> tuple[Operation, tuple[Any, ...]]:
    return OPERATIONS[what], (key,)


SOURCE = ReportSource(
    kinds=tuple((kind.key, kind.title) for kind in service.KINDS), permission=Permission.MANAGE_SCHEDULE_SETUP,
    denied_text="The schedule reports are the office manager's (the administrator role).", topics=TOPICS,
    choices=service.schedule_report_choices, operation=_operation, filter_name="type",
    filter_label="Appointment t&ype", filter_field="type_id", stacked=True)  # up to 9 columns: full width


class ScheduleReportsWindow(QDialog):
    """A window (not modal: the calendar stays usable beside it) holding the schedule reports."""

    def __init__(self, uictx: UiContext, status: StatusFn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("schedule_reports")
        self.setWindowTitle("Calendar reports")
        self.view = ReportView(uictx, status, SOURCE, self)
        self.view.setObjectName("schedule_report_view")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(close)
        self.resize(1200, 700)


__all__ = ["ScheduleReportsWindow"]
