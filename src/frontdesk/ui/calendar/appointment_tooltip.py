"""Hover text of an appointment: patient, phone, reason, balance ('—' until billing) and no-show count."""

from __future__ import annotations

from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QToolTip, QWidget

from frontdesk.domain.formats import format_phone
from frontdesk.reports._pdf import UNKNOWN
from frontdesk.services.scheduling import schedule_views
from frontdesk.services.scheduling.appointment_types import AppointmentInfo
from frontdesk.services.scheduling.schedule_views import Attendance
from frontdesk.ui.admin.common import guarded
from frontdesk.ui.calendar.grid_paint import clock
from frontdesk.ui.calendar.status_style import status_text
from frontdesk.ui.context import UiContext

LOADING = "loading\u2026"


def attendance_text(attendance: Attendance | None) -> str:
    if attendance is None:
        return LOADING
    recent = f" ({attendance.recent_no_shows} in the last {attendance.recent_days} days)" \
        if attendance.no_shows else ""
    late = f"; late cancels: {attendance.late_cancellations}" if attendance.late_cancellations else ""
    return f"{attendance.no_shows}{recent}{late}"


def tooltip_text(info: AppointmentInfo, attendance: Attendance | None) -> str:
    """The lines of the hover text (plain text; names are never read as markup)."""
    when = f"{clock(info.start.hour * 60 + info.start.minute)}\u2013{clock(info.end.hour * 60 + info.end.minute)}"
    lines = [
        info.patient_name,
        f"Phone: {format_phone(info.patient_phone) or UNKNOWN}",
        f"Reason: {info.reason or UNKNOWN}",
        f"Balance: {UNKNOWN}",  # billing does not exist yet: never a made-up figure
        f"No-shows: {attendance_text(attendance)}",
        f"{info.type_name}, {when}, {info.provider_name}" + (f", {info.room_name}" if info.room_name else ""),
        f"Status: {status_text(info.status)}",
    ]
    if info.cancel_reason:
        lines.append(f"Cancelled: {info.cancel_reason}" + (" (late cancel)" if info.late_cancel else ""))
    if info.override_rules:
        lines.append(f"\u26a0 Booked over: {info.override_rules} ({info.override_reason})")
    return "\n".join(lines)


class AttendanceTips:
    """Builds tooltips; fetches each patient's attendance once (through the runner) and caches it."""

    def __init__(self, uictx: UiContext, owner: QWidget) -> None:
        self.uictx, self.owner = uictx, owner
        self._cache: dict[int, Attendance] = {}
        self._asked: set[int] = set()

    def forget(self) -> None:
        """Appointments or patients changed: counts may have too."""
        self._cache.clear()
        self._asked.clear()

    def text(self, info: AppointmentInfo) -> str:
        attendance = self._cache.get(info.patient_id)
        if attendance is None and info.patient_id not in self._asked:
            self._asked.add(info.patient_id)
            self.uictx.call(schedule_views.patient_attendance, info.patient_id,
                            on_done=guarded(self.owner, lambda a: self._arrived(info, a)),
                            on_error=guarded(self.owner, lambda _exc: self._asked.discard(info.patient_id)))
            attendance = self._cache.get(info.patient_id)  # a synchronous runner has answered already
        return tooltip_text(info, attendance)

    def _arrived(self, info: AppointmentInfo, attendance: Attendance) -> None:
        self._cache[info.patient_id] = attendance
        if QToolTip.isVisible() and QToolTip.text().startswith(info.patient_name + "\n"):
            QToolTip.showText(QCursor.pos(), tooltip_text(info, attendance))
