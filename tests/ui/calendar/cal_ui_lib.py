"""Helpers for the Calendar pane tests: the frozen test week, local times, patients, booking shortcuts."""

from __future__ import annotations

from datetime import date, datetime

from calendar_support import MONDAY, START_OF_TEST, TZ, Clinic, Clock, local, person  # noqa: F401

from frontdesk.services.scheduling import appointments
from frontdesk.services._base import ServiceContext
from frontdesk.services.scheduling.appointments import AppointmentInfo, BookingRequest

NOW = START_OF_TEST  # Monday 03/04/2030, 8:00 AM Eastern (the services' clock is frozen here)


def book(ctx: ServiceContext, patient: int, provider: int, type_id: int, day: date, hour: int, minute: int = 0,
         *, length: int | None = None, reason: str = "", room: int | None = None) -> AppointmentInfo:
    return appointments.book_appointment(ctx, BookingRequest(patient, provider, type_id, local(day, hour, minute),
                                                             length_minutes=length, reason=reason, room_id=room))


def minutes(value: datetime) -> int:
    return value.hour * 60 + value.minute


def replace_ask(monkeypatch, cls, driver, *, build=None):  # type: ignore[no-untyped-def]
    """Replace ``cls.ask`` by: build the dialog (non-modal), show it, let ``driver(dialog)`` use it like a
    person would, and return what the real ask() returns. ``build(*args, **kwargs)`` makes the dialog."""
    calls: list[object] = []

    def fake(klass, parent, *args, **kwargs):  # type: ignore[no-untyped-def]
        dialog = build(klass, parent, *args, **kwargs)
        dialog.show()
        calls.append(dialog)
        return driver(dialog)

    monkeypatch.setattr(cls, "ask", classmethod(fake))
    return calls


def drag(qtbot, grid, start, end) -> None:  # type: ignore[no-untyped-def]
    """Press at ``start``, move through the middle to ``end`` and release there (viewport points)."""
    from PySide6.QtCore import QPoint, Qt

    viewport = grid.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, QPoint((start.x() + end.x()) // 2, (start.y() + end.y()) // 2))
    qtbot.mouseMove(viewport, end)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)
