"""Helpers for the Calendar pane tests: the frozen test week, local times, patients, booking shortcuts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from frontdesk.domain import schedule_time as st
from frontdesk.services import appointments
from frontdesk.services._base import ServiceContext
from frontdesk.services.appointments import AppointmentInfo, BookingRequest
from frontdesk.services.patients import PatientInput

TZ = st.zone("America/New_York")
# Monday 03/04/2030, 8:00 AM Eastern (the services' clock is frozen here).
MONDAY = date(2030, 3, 4)
NOW = datetime(2030, 3, 4, 13, 0, tzinfo=UTC)


class Clock:
    """The scheduling services' clock, moved by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def set_local(self, day: date, at: time) -> None:
        self.now = st.to_utc(datetime.combine(day, at), TZ)


@dataclass
class Clinic:
    admin: ServiceContext
    desk: ServiceContext
    dr_a: int  # Maria Alvarez, MD
    dr_b: int  # James Okafor, DO
    room_1: int
    room_2: int
    visit: int  # 30-minute office visit, both providers
    physical: int  # 60 minutes, Dr A only
    pat: list[int]  # Able Ann, Baker Bob, Cole Cy


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute)


def person(first: str, last: str, phone: str = "(518) 555-0142") -> PatientInput:
    return PatientInput(first_name=first, last_name=last, dob="03/14/1962", sex="F", phone=phone)


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
