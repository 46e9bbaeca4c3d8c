"""Synthetic records for the demo practice: who the demo Desk's messages, tasks, referrals and recalls are about.

A read only, and only in a demo practice (``require_demo_practice``); the seeded choice among these
candidates is the demo's own (``frontdesk.demo.desk_cast``), the items are then written through the Desk's
public operations.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import exists, select

from frontdesk.domain import schedule_time as st
from frontdesk.domain.permissions import Permission
from frontdesk.models import Appointment, Patient, PhoneMessage, Provider, StaffTask
from frontdesk.models.referral import OutsideProvider
from frontdesk.services._base import Tx, operation
from frontdesk.services._demo_practice import require_demo_practice
from frontdesk.services._practice_clock import schedule_settings


@dataclass(frozen=True)
class DeskCandidate:
    """An active adult patient with a phone (E.164): the caller of a seeded message is the patient themself."""

    id: int
    first_name: str
    last_name: str
    phone: str


@dataclass(frozen=True)
class DeskCastCandidates:
    """Whom the demo Desk may name, and whether it has been seeded already."""

    already_seeded: bool  # messages, tasks or directory entries exist (seeding again would duplicate them)
    time_zone: str
    adults: tuple[DeskCandidate, ...]  # by id
    unbooked_ids: frozenset[int]  # of the adults, those with nothing booked from today on (recall material)
    provider_ids: tuple[int, ...]  # the active ones, by id


@operation(Permission.MANAGE_PRACTICE, write=False)
def desk_cast_candidates(tx: Tx) -> DeskCastCandidates:
    """The patients and providers the demo Desk's items may be about; demo practice only."""
    require_demo_practice(tx.session)
    session = tx.session
    tz = schedule_settings(session).tz
    today = st.practice_today(tz)
    adults = (select(Patient.id, Patient.first_name, Patient.last_name, Patient.phone)
              .where(Patient.status == "active", Patient.phone != "",
                     Patient.dob <= today - timedelta(days=18 * 366)).order_by(Patient.id))
    # A recall is for someone not booked yet; one already booked would show as "booked", not on the list.
    since = st.day_bounds_utc(today, tz)[0]
    unbooked = adults.with_only_columns(Patient.id).where(
        ~exists().where(Appointment.patient_id == Patient.id, Appointment.start_utc >= since))
    return DeskCastCandidates(
        already_seeded=any(session.scalar(select(model.id).limit(1)) is not None
                           for model in (PhoneMessage, StaffTask, OutsideProvider)),
        time_zone=tz.key,
        adults=tuple(DeskCandidate(*row) for row in session.execute(adults)),
        unbooked_ids=frozenset(session.scalars(unbooked)),
        provider_ids=tuple(session.scalars(select(Provider.id).where(Provider.active.is_(True))
                                           .order_by(Provider.id))))
