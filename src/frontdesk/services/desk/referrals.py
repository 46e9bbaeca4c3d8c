"""Outgoing referrals and orders (status steps with history), the open-referral tracking list, the referral
letter's data, and incoming referrals recorded on the patient (they fill the referring provider on claims)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time

from sqlalchemy import select

from frontdesk.codes.icd10cm import lookup
from frontdesk.domain import schedule_time as st
from frontdesk.domain.document_kinds import NewDocument
from frontdesk.domain.formats import format_phone
from frontdesk.domain.permissions import Permission
from frontdesk.domain.text import clean_text
from frontdesk.domain.time_entry import format_time
from frontdesk.errors import ConflictError, NotFoundError, ValidationError
from frontdesk.models import Patient, Payer, Practice, Provider
from frontdesk.models.referral import IncomingReferral, Referral, ReferralEvent
from frontdesk.services._base import Tx, operation
from frontdesk.services._contact_log import add_contact_event
from frontdesk.services._practice_clock import practice_today
from frontdesk.services._lookups import policy_in_effect
from frontdesk.services._patient_documents import store_document
from frontdesk.services.desk._outside_entries import directory_row, load_entry
from frontdesk.services._lookups import load_editable, load_patient, phone_to_print
from frontdesk.services.desk._referral_fields import (
    check_completion,
    clean_appointment,
    clean_incoming,
    clean_referral,
)
from frontdesk.services.desk._referral_rows import (
    detail_of,
    incoming_row,
    open_rows,
    patient_rows,
)
from frontdesk.services.desk.referral_types import (
    CLOSED_STATUSES,
    REFERRAL_KINDS,
    REFERRAL_STATUSES,
    IncomingReferralInput,
    IncomingReferralRow,
    ReferralDetail,
    ReferralInput,
    ReferralLetterData,
    ReferralPage,
    ReferralRow,
)

MAX_PAGE = 500
# These steps need the appointment at the facility to be known.
NEEDS_APPOINTMENT = ("scheduled", "confirmed")


def _load(tx: Tx, referral_id: object) -> Referral:
    ref = tx.session.get(Referral, referral_id) if isinstance(referral_id, int) else None
    if ref is None:
        raise NotFoundError("That referral no longer exists.")
    return ref


def _time_text(at: time) -> str:
    return format_time(at)


def _log(tx: Tx, ref: Referral, from_status: str, to_status: str, note: str, destination: str) -> None:
    """History row, contact-history entry and audit for one step, all in this transaction."""
    user_id = tx.actor.user_id if tx.actor else None
    # The services' clock (not the model default), so the history agrees with the request and status dates.
    tx.session.add(ReferralEvent(referral_id=ref.id, user_id=user_id, at=st.utc_now(), from_status=from_status,
                                 to_status=to_status, note=note[:200]))
    summary = f"{REFERRAL_KINDS[ref.kind]} referral to {destination}: {REFERRAL_STATUSES[to_status]}"
    if to_status in NEEDS_APPOINTMENT and ref.appointment_date and ref.appointment_time:
        summary += f" for {ref.appointment_date:%m/%d/%Y} {_time_text(ref.appointment_time)}"
    if note:
        summary += f" ({note})"
    add_contact_event(tx.session, patient_id=ref.patient_id, kind="referral", user_id=user_id, direction="out",
                      outcome=REFERRAL_STATUSES[to_status], summary=summary, ref_type="referral", ref_id=ref.id)
    tx.audit("referral.create" if not from_status else "referral.status", entity_type="referral",
             entity_id=ref.id, patient_id=ref.patient_id, detail=to_status)
    tx.changed("referrals", "contacts")


@operation(Permission.MANAGE_REFERRALS)
def create_referral(tx: Tx, data: ReferralInput) -> ReferralDetail:
    """A new outgoing referral (status: requested); a directory destination is required."""
    if not isinstance(data, ReferralInput):
        raise TypeError("data must be a ReferralInput")
    if data.patient_id is None:
        raise ValidationError("patient_id", "Choose the patient being referred.")
    patient = load_editable(tx.session, data.patient_id)
    values = clean_referral(tx.session, data)
    today = practice_today(tx.session)
    ref = Referral(patient_id=patient.id, status="requested", requested_on=today, status_at=st.utc_now(),
                   created_by=tx.actor.user_id if tx.actor else None, **values)
    tx.session.add(ref)
    tx.session.flush()
    _log(tx, ref, "", "requested", "", load_entry(tx.session, ref.outside_provider_id).name)
    return detail_of(tx.session, ref, today)


@operation(Permission.MANAGE_REFERRALS)
def update_referral(tx: Tx, referral_id: int, data: ReferralInput) -> ReferralDetail:
    """Change the referral's details (destination, reason, diagnoses, authorization...); not its status."""
    ref = _load(tx, referral_id)
    if ref.status in CLOSED_STATUSES:
        raise ConflictError("This referral is closed; start a new one instead.")
    values = clean_referral(tx.session, data)
    for key, value in values.items():
        setattr(ref, key, value)
    tx.audit("referral.update", entity_type="referral", entity_id=ref.id, patient_id=ref.patient_id)
    tx.changed("referrals")
    return detail_of(tx.session, ref, practice_today(tx.session))


@operation(Permission.MANAGE_REFERRALS)
def change_referral_status(tx: Tx, referral_id: int, status: str, *, appointment_date: date | None = None,
                           appointment_time: time | None = None, note: str = "",
                           report: NewDocument | None = None) -> ReferralDetail:
    """Move a referral to another step; scheduled and confirmed need the outside appointment's date and time.

    Steps may be skipped (no authorization needed) or go back (the facility rescheduled); closed is final.
    At "report received" the report itself may come along: it is attached to the patient's documents as a
    referral result linked to this referral, in the same transaction (a refused file refuses the step).
    """
    if report is not None and status != "report_received":
        raise ValidationError("file", "A report is attached at the \u201cReport received\u201d step.")
    ref = _load(tx, referral_id)
    if status not in REFERRAL_STATUSES:
        raise ValidationError("status", "Choose one of the referral's steps.")
    if ref.status in CLOSED_STATUSES:
        raise ConflictError(f"This referral is already {REFERRAL_STATUSES[ref.status].lower()}; it stays closed.")
    note = clean_text(note, "note", "Note", max_len=200)
    before = (ref.appointment_date, ref.appointment_time)
    if appointment_date is not None or appointment_time is not None:
        ref.appointment_date, ref.appointment_time = clean_appointment(appointment_date, appointment_time,
                                                                       ref.requested_on)
    elif status in NEEDS_APPOINTMENT and ref.appointment_date is None:
        raise ValidationError("appointment_date", "Type the appointment date and time at the facility first.")
    check_completion(status, ref.appointment_date, practice_today(tx.session))
    if status == ref.status and (ref.appointment_date, ref.appointment_time) == before:
        # The same step again is only a change when the appointment moved (a reschedule).
        raise ConflictError(f"The referral is already {REFERRAL_STATUSES[status].lower()}.")
    previous = ref.status
    ref.status, ref.status_at = status, st.utc_now()
    tx.session.flush()
    destination = load_entry(tx.session, ref.outside_provider_id).name
    if report is not None:
        store_document(tx, ref.patient_id, replace(report, category="referral_result",
                                                   description=report.description or f"Report from {destination}"),
                       referral_id=ref.id)
    _log(tx, ref, previous, status, note, destination)
    return detail_of(tx.session, ref, practice_today(tx.session))


@operation(Permission.MANAGE_REFERRALS)
def get_referral(tx: Tx, referral_id: int) -> ReferralDetail:
    """One referral with its history (viewing is audited: it shows PHI)."""
    ref = _load(tx, referral_id)
    tx.audit("referral.view", entity_type="referral", entity_id=ref.id, patient_id=ref.patient_id)
    return detail_of(tx.session, ref, practice_today(tx.session))


@operation(Permission.MANAGE_REFERRALS, write=False)
def referral_detail(tx: Tx, referral_id: int) -> ReferralDetail:
    """The referral as :func:`get_referral` gives it, for a screen re-reading the one it shows after a change
    (its opening was the audited view; a refresh is not another)."""
    return detail_of(tx.session, _load(tx, referral_id), practice_today(tx.session))


@operation(Permission.MANAGE_REFERRALS, write=False)
def open_referrals(tx: Tx, *, offset: int = 0, limit: int = 200) -> ReferralPage:
    """The tracking list: open referrals, oldest request first, with their age and any overdue reason."""
    limit = max(1, min(int(limit), MAX_PAGE))
    rows, total = open_rows(tx.session, practice_today(tx.session), offset=max(0, int(offset)), limit=limit)
    return ReferralPage(rows=tuple(rows), total=total)


@operation(Permission.MANAGE_REFERRALS, write=False)
def patient_referrals(tx: Tx, patient_id: int) -> list[ReferralRow]:
    """All outgoing referrals of one patient, newest first."""
    load_patient(tx.session, patient_id)
    return patient_rows(tx.session, patient_id, practice_today(tx.session))


def _practice_lines(practice: Practice | None) -> tuple[str, tuple[str, ...]]:
    if practice is None:
        return "", ()
    city = f"{practice.city}, {practice.state} {practice.zip_code}"
    lines = (practice.address_line1, practice.address_line2, city, f"Phone {format_phone(practice.phone)}")
    return practice.legal_name, tuple(line for line in lines if line)


@operation(Permission.MANAGE_REFERRALS)
def referral_letter(tx: Tx, referral_id: int) -> ReferralLetterData:
    """What the referral letter prints; the printing is audited and noted in the patient's contact history."""
    ref = _load(tx, referral_id)
    patient = tx.session.get(Patient, ref.patient_id)
    assert patient is not None  # a referral's patient is never deleted (merges keep the row)
    today = practice_today(tx.session)
    name, lines = _practice_lines(tx.session.scalar(select(Practice).limit(1)))
    ordering = tx.session.get(Provider, ref.ordering_provider_id) if ref.ordering_provider_id else None
    codes = [c for c in ref.diagnoses.split(",") if c]
    diagnoses = tuple((found.display_code, found.description) if (found := lookup(c)) else (c, "") for c in codes)
    policy = policy_in_effect(tx.session, patient.id, today)
    insurance: tuple[str, ...] = ()
    if policy is not None:
        payer = tx.session.get(Payer, policy.payer_id)
        insurance = (payer.name if payer else "Insurance on file", f"Member ID {policy.member_id}")
    phone = phone_to_print(tx.session, patient)
    data = ReferralLetterData(
        practice_name=name, practice_lines=lines, letter_date=today,
        destination=directory_row(load_entry(tx.session, ref.outside_provider_id)),
        patient_name=f"{patient.first_name} {patient.last_name}", patient_dob=patient.dob,
        patient_phone=format_phone(phone), account_number=patient.account_number,
        kind_text=REFERRAL_KINDS[ref.kind], reason=ref.reason, diagnoses=diagnoses,
        authorization_number=ref.authorization_number, visits_allowed=ref.visits_allowed,
        ordering_provider_name=f"{ordering.first_name} {ordering.last_name}"
        + (f", {ordering.credential}" if ordering.credential else "") if ordering else "",
        ordering_provider_npi=ordering.npi if ordering else "", insurance_lines=insurance)
    add_contact_event(tx.session, patient_id=patient.id, kind="referral", direction="out", outcome="Letter printed",
                      user_id=tx.actor.user_id if tx.actor else None, ref_type="referral", ref_id=ref.id,
                      summary=f"Referral letter to {data.destination.name}")
    tx.audit("referral.letter", entity_type="referral", entity_id=ref.id, patient_id=patient.id)
    tx.changed("contacts")
    return data


# -- incoming referrals ---------------------------------------------------------------------------------------
def _incoming(tx: Tx, incoming_id: object) -> IncomingReferral:
    ref = tx.session.get(IncomingReferral, incoming_id) if isinstance(incoming_id, int) else None
    if ref is None:
        raise NotFoundError("That incoming referral no longer exists.")
    return ref


def _incoming_values(tx: Tx, data: IncomingReferralInput) -> dict[str, object]:
    values = clean_incoming(data, today=practice_today(tx.session))
    values["outside_provider_id"] = load_entry(tx.session, data.outside_provider_id).id \
        if data.outside_provider_id is not None else None
    return values


@operation(Permission.MANAGE_REFERRALS)
def add_incoming_referral(tx: Tx, data: IncomingReferralInput) -> IncomingReferralRow:
    """Record a referral to this practice; from its date on, new encounters take box 17 from it."""
    if data.patient_id is None:
        raise ValidationError("patient_id", "Choose the patient who was referred.")
    patient = load_editable(tx.session, data.patient_id)
    ref = IncomingReferral(patient_id=patient.id, created_by=tx.actor.user_id if tx.actor else None,
                           active=True, **_incoming_values(tx, data))
    tx.session.add(ref)
    tx.session.flush()
    row = incoming_row(ref)
    add_contact_event(tx.session, patient_id=patient.id, kind="referral", direction="in", outcome="Received",
                      user_id=tx.actor.user_id if tx.actor else None, ref_type="incoming_referral", ref_id=ref.id,
                      summary=f"Referred by {row.referring_name} from {ref.starts_on:%m/%d/%Y}"
                              + (f": {ref.reason}" if ref.reason else ""))
    tx.audit("incoming_referral.create", entity_type="incoming_referral", entity_id=ref.id, patient_id=patient.id)
    tx.changed("referrals", "contacts")
    return row


@operation(Permission.MANAGE_REFERRALS)
def update_incoming_referral(tx: Tx, incoming_id: int, data: IncomingReferralInput) -> IncomingReferralRow:
    """Correct an incoming referral (encounters already made keep what they took)."""
    ref = _incoming(tx, incoming_id)
    for key, value in _incoming_values(tx, data).items():
        setattr(ref, key, value)
    tx.audit("incoming_referral.update", entity_type="incoming_referral", entity_id=ref.id, patient_id=ref.patient_id)
    tx.changed("referrals")
    return incoming_row(ref)


@operation(Permission.MANAGE_REFERRALS)
def withdraw_incoming_referral(tx: Tx, incoming_id: int) -> IncomingReferralRow:
    """Mark an incoming referral entered by mistake or revoked; it stays in the history, off the claims."""
    ref = _incoming(tx, incoming_id)
    if not ref.active:
        raise ConflictError("That referral was already withdrawn.")
    ref.active = False
    tx.audit("incoming_referral.withdraw", entity_type="incoming_referral", entity_id=ref.id,
             patient_id=ref.patient_id)
    tx.changed("referrals")
    return incoming_row(ref)


@operation(Permission.MANAGE_REFERRALS, write=False)
def list_incoming_referrals(tx: Tx, patient_id: int) -> list[IncomingReferralRow]:
    """The patient's incoming referrals, newest first (withdrawn ones included, marked inactive)."""
    load_patient(tx.session, patient_id)
    refs = tx.session.scalars(select(IncomingReferral).where(IncomingReferral.patient_id == patient_id)
                              .order_by(IncomingReferral.starts_on.desc(), IncomingReferral.id.desc()))
    return [incoming_row(r) for r in refs]
