"""Test data for the end-of-day tests: the payment tests' clinic plus appointments of a day with a status."""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "payments" / "posting"))

from pay_lib import Clinic, make_clinic

from frontdesk.domain import schedule_time as st
from frontdesk.models import Appointment, AppointmentType
from frontdesk.services._practice_clock import schedule_settings
from frontdesk.storage.engine import Database

__all__ = ["Clinic", "add_appointment", "make_clinic", "practice_day"]


def practice_day(db: Database, days_back: int = 0) -> date:
    """Today (or ``days_back`` days ago) in the practice's time zone."""
    with db.session(write=False) as s:
        tz = schedule_settings(s).tz
    return datetime.now(UTC).astimezone(tz).date() - timedelta(days=days_back)


def add_appointment(clinic: Clinic, patient_id: int, day: date, *, status: str, hour: int = 0,
                    minute: int = 1) -> int:
    """An appointment at ``hour:minute`` practice time on ``day`` with the given status (past by default)."""
    with clinic.db.session(write=True) as s:
        tz = schedule_settings(s).tz
        kind = s.scalar(select(AppointmentType).limit(1))
        if kind is None:
            kind = AppointmentType(name="Follow-up", default_minutes=15, colour="#3366AA")
            s.add(kind)
            s.flush()
        start = st.wall_to_utc(day, time(hour, minute), tz)
        appt = Appointment(patient_id=patient_id, provider_id=clinic.provider_id, type_id=kind.id, start_utc=start,
                           end_utc=start + timedelta(minutes=15), length_minutes=15, status=status)
        s.add(appt)
        s.flush()
        return appt.id
