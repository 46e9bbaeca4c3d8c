"""Referral queries and row building (helpers for services/desk/referrals.py; they never commit)."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from frontdesk.models import Patient, Provider, User
from frontdesk.models.referral import (
    IncomingReferral,
    OutsideProvider,
    Referral,
    ReferralEvent,
)
from frontdesk.services.desk._outside_entries import directory_row
from frontdesk.domain.names import patient_display_name, provider_display_name
from frontdesk.services._practice_clock import schedule_settings
from frontdesk.services.desk.referral_types import (
    OPEN_STATUSES,
    IncomingReferralRow,
    ReferralDetail,
    ReferralHistoryItem,
    ReferralRow,
)

# Days after which a step that has not happened is worth a phone call.
FOLLOW_UP_DAYS = 14


def overdue_reason(status: str, requested_on: date, appointment_date: date | None, status_on: date,
                   today: date) -> str:
    """Why an open referral needs a follow-up today ('' when it is on track)."""
    if status in ("requested", "authorization_pending") and (today - requested_on).days > FOLLOW_UP_DAYS:
        return f"No appointment yet {(today - requested_on).days} days after the request"
    if status in ("scheduled", "confirmed") and appointment_date is not None and appointment_date < today:
        return "The appointment date has passed: was it kept?"
    if status == "completed":
        since = appointment_date or status_on
        if (today - since).days > FOLLOW_UP_DAYS:
            return f"No report {(today - since).days} days after the visit"
    return ""


def _row_select() -> Select:  # type: ignore[type-arg]
    return (select(Referral.id, Referral.patient_id, Patient.first_name, Patient.last_name, Patient.account_number,
                   OutsideProvider.name, OutsideProvider.specialty, Referral.kind, Referral.status,
                   Referral.requested_on, Referral.appointment_date, Referral.appointment_time, Referral.status_at)
            .join(Patient, Patient.id == Referral.patient_id)
            .join(OutsideProvider, OutsideProvider.id == Referral.outside_provider_id))


def _to_row(r, today: date, tz: ZoneInfo) -> ReferralRow:  # type: ignore[no-untyped-def]
    status_on = r.status_at.astimezone(tz).date()  # the practice's date of the step, like ``today``
    reason = overdue_reason(r.status, r.requested_on, r.appointment_date, status_on, today) \
        if r.status in OPEN_STATUSES else ""
    return ReferralRow(id=r.id, patient_id=r.patient_id, patient_name=patient_display_name(r.first_name, r.last_name),
                       account_number=r.account_number, destination=r.name, specialty=r.specialty, kind=r.kind,
                       status=r.status, requested_on=r.requested_on, age_days=max(0, (today - r.requested_on).days),
                       appointment_date=r.appointment_date, appointment_time=r.appointment_time,
                       overdue_reason=reason)


def open_rows(session: Session, today: date, *, offset: int, limit: int) -> tuple[list[ReferralRow], int]:
    """One page of open referrals, oldest request first, and how many are open in all (index on status, date)."""
    where = Referral.status.in_(OPEN_STATUSES)
    total = session.scalar(select(func.count()).select_from(Referral).where(where)) or 0
    stmt = _row_select().where(where).order_by(Referral.requested_on, Referral.id).offset(offset).limit(limit)
    tz = schedule_settings(session).tz
    return [_to_row(r, today, tz) for r in session.execute(stmt)], total


def patient_rows(session: Session, patient_id: int, today: date) -> list[ReferralRow]:
    """Every outgoing referral of one patient, newest first."""
    stmt = (_row_select().where(Referral.patient_id == patient_id)
            .order_by(Referral.requested_on.desc(), Referral.id.desc()))
    tz = schedule_settings(session).tz
    return [_to_row(r, today, tz) for r in session.execute(stmt)]


def row_of(session: Session, referral_id: int, today: date) -> ReferralRow:
    return _to_row(session.execute(_row_select().where(Referral.id == referral_id)).one(), today,
                   schedule_settings(session).tz)


def detail_of(session: Session, ref: Referral, today: date) -> ReferralDetail:
    """The referral with its destination, ordering provider and status history (oldest step first)."""
    from frontdesk.codes.icd10cm import (
        lookup,  # the code set loads lazily; most callers never need it
    )

    ordering = session.get(Provider, ref.ordering_provider_id) if ref.ordering_provider_id else None
    history = session.execute(
        select(ReferralEvent, User.username).outerjoin(User, User.id == ReferralEvent.user_id)
        .where(ReferralEvent.referral_id == ref.id).order_by(ReferralEvent.at, ReferralEvent.id)).all()
    codes = tuple(c for c in ref.diagnoses.split(",") if c)
    shown = tuple((found.display_code if (found := lookup(c)) else c) for c in codes)
    return ReferralDetail(
        row=row_of(session, ref.id, today), destination=directory_row(session.get(OutsideProvider,
                                                                                  ref.outside_provider_id)),
        reason=ref.reason, diagnoses=shown, authorization_number=ref.authorization_number,
        visits_allowed=ref.visits_allowed, ordering_provider_id=ref.ordering_provider_id,
        ordering_provider_name=provider_display_name(ordering.first_name, ordering.last_name, ordering.credential)
        if ordering else "", notes=ref.notes,
        history=tuple(ReferralHistoryItem(at=e.at, username=name or "", from_status=e.from_status,
                                          to_status=e.to_status, note=e.note) for e, name in history))


def incoming_row(ref: IncomingReferral) -> IncomingReferralRow:
    return IncomingReferralRow(
        id=ref.id, patient_id=ref.patient_id, referring_first_name=ref.referring_first_name,
        referring_last_name=ref.referring_last_name, referring_npi=ref.referring_npi, starts_on=ref.starts_on,
        ends_on=ref.ends_on, reason=ref.reason, authorization_number=ref.authorization_number,
        visits_allowed=ref.visits_allowed, active=ref.active)

