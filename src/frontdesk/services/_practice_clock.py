"""The practice clock: the practice's time zone and slot size, and today / now on its wall clock.

Every area reads "today" through here (one clock, :func:`frontdesk.domain.schedule_time.utc_now`, which
tests patch), so a late-evening entry never lands on tomorrow's UTC date. They take a session, never commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.domain import schedule_time as st
from frontdesk.errors import ConflictError
from frontdesk.models import Appointment, Practice


@dataclass(frozen=True)
class ScheduleSettings:
    """The practice's calendar settings."""

    time_zone: str
    slot_minutes: int

    @property
    def tz(self) -> ZoneInfo:
        return st.zone(self.time_zone)


def schedule_settings(session: Session) -> ScheduleSettings:
    """The practice's time zone and slot granularity (defaults before the practice exists)."""
    row = session.execute(select(Practice.time_zone, Practice.slot_minutes).limit(1)).first()
    if row is None:
        return ScheduleSettings(st.DEFAULT_TIME_ZONE, 15)
    return ScheduleSettings(row.time_zone or st.DEFAULT_TIME_ZONE, row.slot_minutes or 15)


def practice_today(session: Session) -> date:
    """Today in the practice's time zone (the one clock, :func:`st.utc_now`, so tests can move it)."""
    return st.practice_today(schedule_settings(session).tz)


def practice_now(session: Session) -> datetime:
    """Now on the practice's wall clock (aware, in its zone): the 'Printed' time of a document."""
    return st.practice_now(schedule_settings(session).tz)


def require_check_in_day(session: Session, appt: Appointment, what: str = "a patient is checked in") -> None:
    """No checking in (nor a check-in copay) for a later day, a wrong row clicked; past days stay open for
    entering late. ``what`` finishes the sentence of the refusal."""
    tz = schedule_settings(session).tz
    day = st.local_date(appt.start_utc, tz)
    if day > st.local_date(st.utc_now(), tz):
        raise ConflictError(f"This appointment is on {day.strftime('%m/%d/%Y')}; {what} on the day of the visit.")
