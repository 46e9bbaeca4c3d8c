"""Eligibility files: export a 270 for the insured patients scheduled, import the payer's 271 answer.

Each patient in a 270 gets a trace number (kept in eligibility_request); the 271 echoes it, so each
answer lands on the right policy as an eligibility check (source "271", method "271") with the plan,
office-visit copay, coinsurance and deductible left, or the payer's rejection in words. An answer
whose trace number is unknown is matched by member id, name and date of birth; failing that it is
kept in the unmatched list until the desk resolves it (never dropped). The same 271 file twice is refused.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select

from frontdesk.domain import schedule_time as st
from frontdesk.domain.appointment_statuses import INACTIVE_STATUSES
from frontdesk.domain.claim_form import PersonName
from frontdesk.domain.insurance_fields import CHECK_RESULTS, clean_date, member_key
from frontdesk.domain.permissions import Permission
from frontdesk.domain.text import clean_text
from frontdesk.errors import ConflictError, NotFoundError, ValidationError
from frontdesk.models import (
    Appointment,
    BillingSettings,
    EligibilityCheck,
    EligibilityExport,
    EligibilityImport,
    EligibilityRequest,
    EligibilityUnmatched,
    InsurancePolicy,
    Patient,
    Payer,
    Practice,
)
from frontdesk.models.base import utcnow
from frontdesk.reports import x12_270
from frontdesk.reports.x12_270 import Inquiry, Person, Reply
from frontdesk.reports.x12_837p import ControlNumbers, Submitter
from frontdesk.services._base import Tx, operation, require_actor
from frontdesk.services._contact_log import add_contact_event
from frontdesk.services._lookups import policy_in_effect
from frontdesk.services._practice_clock import practice_today, schedule_settings
from frontdesk.services._x12_files import check_out_path, next_interchange_number
from frontdesk.services.patients._insurance_records import check_info

MAX_DAYS = 31  # one 270 covers at most a month of appointments


@dataclass(frozen=True)
class ExportResult:
    """The 270 written: how many patients it asks about, and who was left out and why (no PHI beyond names)."""

    export_id: int
    out_path: str
    interchange_control_number: int
    inquiries: int
    left_out: tuple[str, ...]  # "Account 000123: the payer has no electronic payer ID"


@dataclass(frozen=True)
class UnmatchedInfo:
    """A 271 answer no policy was found for, as the desk resolves it."""

    id: int
    trace_number: str
    payer_name: str
    member_id: str
    last_name: str
    first_name: str
    dob: date | None
    service_date: date | None
    result: str
    summary: str
    resolved_at: datetime | None
    resolution: str

    @property
    def result_label(self) -> str:
        return CHECK_RESULTS.get(self.result, self.result)


@dataclass(frozen=True)
class MatchedAnswer:
    """One answer recorded on a policy."""

    check_id: int
    patient_id: int
    policy_id: int
    patient_name: str  # 'Last, First'
    result: str
    summary: str  # plan and costs, or the rejection in words


@dataclass(frozen=True)
class ImportResult:
    """What one 271 file did: answers recorded, answers listed as unmatched, rejections among both."""

    import_id: int
    matched: tuple[MatchedAnswer, ...]
    unmatched: tuple[UnmatchedInfo, ...]

    @property
    def rejections(self) -> int:
        return sum(1 for m in self.matched if m.result not in ("active", "inactive")) + sum(
            1 for u in self.unmatched if u.result not in ("active", "inactive"))

    @property
    def summary(self) -> str:
        """'Recorded 3 answers; 1 unmatched; 1 rejection.' (the CLI and the dialog say it the same way)."""
        answers = len(self.matched)
        return (f"Recorded {answers} answer{'' if answers == 1 else 's'}; {len(self.unmatched)} unmatched; "
                f"{self.rejections} rejection{'' if self.rejections == 1 else 's'}.")


def _clean_range(start: date | str, end: date | str | None) -> tuple[date, date]:
    first = clean_date(start, "from_date", "From")
    last = clean_date(end, "to_date", "To") if end not in (None, "") else first
    assert first is not None and last is not None  # required dates
    if last < first:
        raise ValidationError("to_date", "The last day comes before the first.")
    if (last - first).days >= MAX_DAYS:
        raise ValidationError("to_date", f"Export at most {MAX_DAYS} days at a time.")
    return first, last


def _scheduled(tx: Tx, first: date, last: date) -> list[Appointment]:
    tz = schedule_settings(tx.session).tz
    start, _ = st.day_bounds_utc(first, tz)
    _, end = st.day_bounds_utc(last, tz)
    return list(tx.session.scalars(
        select(Appointment).where(Appointment.start_utc >= start, Appointment.start_utc < end,
                                  Appointment.status.not_in(INACTIVE_STATUSES))
        .order_by(Appointment.start_utc, Appointment.id)))


def _inquiry(policy: InsurancePolicy, patient: Patient, payer: Payer, trace: str, day: date) -> Inquiry:
    me = Person(PersonName(patient.last_name, patient.first_name, patient.middle_name, patient.suffix),
                patient.dob, patient.sex)
    if policy.relationship == "self":
        return Inquiry(trace, payer.name, payer.edi_payer_id, policy.member_id, me, None, day)
    subscriber = Person(PersonName(policy.subscriber_last_name, policy.subscriber_first_name,
                                   policy.subscriber_middle_name), policy.subscriber_dob, policy.subscriber_sex)
    return Inquiry(trace, payer.name, payer.edi_payer_id, policy.member_id, subscriber, me, day)


@operation(Permission.EDIT_PATIENTS)
def export_270(tx: Tx, out_path: str, from_date: date | str, to_date: date | str | None = None) -> ExportResult:
    """Write one 270 asking about every insured patient scheduled from ``from_date`` to ``to_date``
    (one day when no end is given): their primary policy in effect on the visit date, one question a visit."""
    out = check_out_path(out_path)
    actor = require_actor(tx)
    first, last = _clean_range(from_date, to_date)
    settings = tx.session.scalar(select(BillingSettings).order_by(BillingSettings.id).limit(1))
    if settings is None or not settings.submitter_id or not settings.receiver_id:
        raise ValidationError("submitter_id", "Fill in the submitter and receiver (Admin, Billing settings) "
                                              "before exporting eligibility inquiries.")
    practice = tx.session.scalar(select(Practice).limit(1))
    if practice is None or not practice.billing_npi:
        raise ValidationError("billing_npi", "The practice's billing NPI is needed to ask payers about eligibility.")
    tz = schedule_settings(tx.session).tz
    number = next_interchange_number(tx.session)
    export = EligibilityExport(interchange_control_number=number, from_date=first, to_date=last,
                               file_name=Path(out).name, created_by=actor.user_id)
    tx.session.add(export)
    tx.session.flush()
    inquiries, left_out, seen = [], [], set()
    for appt in _scheduled(tx, first, last):
        day = st.local_date(appt.start_utc, tz)
        if (appt.patient_id, day) in seen:
            continue  # two visits on one day: one question
        seen.add((appt.patient_id, day))
        patient = tx.session.get(Patient, appt.patient_id)
        policy = policy_in_effect(tx.session, appt.patient_id, day)
        if patient is None or policy is None:
            continue  # self-pay: nothing to ask
        payer = tx.session.get(Payer, policy.payer_id)
        if payer is None or not payer.edi_payer_id:
            left_out.append(f"Account {patient.account_number}: {payer.name if payer else 'the payer'} has no "
                            "electronic payer ID (Admin, Payers)")
            continue
        request = EligibilityRequest(export_id=export.id, trace_number=f"FD{number:09d}{len(inquiries) + 1:04d}",
                                     policy_id=policy.id, patient_id=patient.id, service_date=day)
        tx.session.add(request)
        inquiries.append(_inquiry(policy, patient, payer, request.trace_number, day))
    if not inquiries:
        raise ConflictError("No insured patient with an electronic payer is scheduled then; no 270 was written.")
    submitter = Submitter(settings.submitter_id, settings.submitter_name, settings.contact_name,
                          settings.contact_phone.removeprefix("+1"), settings.receiver_id, settings.receiver_name,
                          settings.usage_indicator or "T")
    x12_270.write_270(inquiries, receiver=x12_270.Receiver(practice.legal_name, practice.billing_npi),
                      submitter=submitter, control=ControlNumbers(number, number),
                      created_at=st.utc_now().astimezone(tz), out=out)
    tx.audit("eligibility.export_270", entity_type="eligibility_export", entity_id=export.id,
             detail=f"{len(inquiries)} inquiries, interchange {number}")
    tx.changed("eligibility")
    return ExportResult(export.id, out, number, len(inquiries), tuple(left_out))


def _unmatched_info(row: EligibilityUnmatched) -> UnmatchedInfo:
    return UnmatchedInfo(row.id, row.trace_number, row.payer_name, row.member_id, row.last_name, row.first_name,
                         row.dob, row.service_date, row.result, row.summary, row.resolved_at, row.resolution)


def _summary(reply: Reply) -> str:
    """The answer in words for the log's note: the rejection(s), else nothing (the numbers have columns)."""
    return "; ".join(r.text for r in reply.rejections)[:500]


def _by_trace(tx: Tx, reply: Reply) -> EligibilityRequest | None:
    for trace in reply.trace_numbers:
        request = tx.session.scalar(select(EligibilityRequest).where(EligibilityRequest.trace_number == trace))
        if request is not None:
            return request
    return None


def _by_member(tx: Tx, reply: Reply) -> InsurancePolicy | None:
    """Fallback: one policy with this member id whose patient (or subscriber) has this name and birth date."""
    key = member_key(reply.member_id)
    if not key or reply.dob is None:
        return None
    found = []
    for policy in tx.session.scalars(select(InsurancePolicy).where(InsurancePolicy.member_key == key)):
        patient = tx.session.get(Patient, policy.patient_id)
        if patient is None:
            continue
        if reply.level == "subscriber" and policy.relationship != "self":
            last, first, dob = policy.subscriber_last_name, policy.subscriber_first_name, policy.subscriber_dob
        else:
            last, first, dob = patient.last_name, patient.first_name, patient.dob
        if (last.upper(), first.upper(), dob) == (reply.last_name.upper(), reply.first_name.upper(), reply.dob):
            found.append(policy)
    return found[0] if len(found) == 1 else None  # two candidates: the desk decides


def _record(tx: Tx, policy: InsurancePolicy, request: EligibilityRequest | None, reply: Reply,
            user_id: int | None, today: date) -> MatchedAnswer:
    day = reply.service_date or (request.service_date if request is not None else today)
    rejection = reply.rejections[0].code if reply.rejections else ""
    check = EligibilityCheck(
        policy_id=policy.id, checked_on=day, checked_by=user_id, method="271", source="271",
        reference_number=(reply.trace_numbers[0] if reply.trace_numbers else "")[:40], result=reply.result,
        note=_summary(reply), plan_name=reply.plan_name[:80], copay_cents=reply.copay_cents,
        coinsurance_basis_points=reply.coinsurance_basis_points,
        deductible_remaining_cents=reply.deductible_remaining_cents, rejection_code=rejection[:2],
        request_id=request.id if request is not None else None)
    tx.session.add(check)
    tx.session.flush()
    patient = tx.session.get(Patient, policy.patient_id)
    assert patient is not None
    add_contact_event(tx.session, patient_id=patient.id, kind="eligibility", user_id=user_id, direction="in",
                      outcome=CHECK_RESULTS[check.result], summary=f"Eligibility answer (271) from {reply.payer_name}",
                      ref_type="insurance_policy", ref_id=policy.id)
    tx.audit("eligibility.import_271", entity_type="eligibility_check", entity_id=check.id, patient_id=patient.id,
             detail=f"result: {check.result}")
    info = check_info(tx.session, check)
    return MatchedAnswer(check.id, patient.id, policy.id, f"{patient.last_name}, {patient.first_name}", check.result,
                         check.note or info.benefits_text)


def _unmatched(tx: Tx, import_id: int, reply: Reply) -> EligibilityUnmatched:
    summary = _summary(reply) if reply.rejections else ", ".join(
        p for p in (CHECK_RESULTS.get(reply.result, reply.result), reply.plan_name) if p)
    row = EligibilityUnmatched(
        import_id=import_id, trace_number=(reply.trace_numbers[0] if reply.trace_numbers else "")[:50],
        payer_name=reply.payer_name[:60], member_id=reply.member_id[:80],
        last_name=reply.last_name[:60], first_name=reply.first_name[:35], dob=reply.dob,
        service_date=reply.service_date, result=reply.result, summary=summary[:500], resolution="")
    tx.session.add(row)
    return row


@operation(Permission.EDIT_PATIENTS)
def import_271(tx: Tx, path: str) -> ImportResult:
    """Read a payer's 271 and record each answer on its policy; unknown answers go to the unmatched list.

    A file that is not a valid 271 is refused (the message names the segment and why); the same file
    imported twice is refused with the date it was first imported. All or nothing: one transaction.
    """
    actor = require_actor(tx)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ValidationError("path", f"The file could not be read: {exc.strerror or exc}.") from None
    digest = hashlib.sha256(raw).hexdigest()
    earlier = tx.session.scalar(select(EligibilityImport).where(EligibilityImport.sha256 == digest))
    if earlier is not None:
        when = st.local_date(earlier.imported_at, schedule_settings(tx.session).tz)
        raise ConflictError(f"This 271 file was already imported on {when:%m/%d/%Y}.")
    try:
        response = x12_270.parse_271(raw.decode("ascii"))
    except UnicodeDecodeError:
        raise ValidationError("path", "This is not a 271 file: it holds characters an X12 file cannot.") from None
    except x12_270.Not271Error as exc:
        raise ValidationError("path", f"This is not a valid 271 eligibility file: {exc}") from None
    record = EligibilityImport(sha256=digest, file_name=Path(path).name, imported_by=actor.user_id)
    tx.session.add(record)
    tx.session.flush()
    today = practice_today(tx.session)
    matched, unmatched = [], []
    for reply in response.replies:
        request = _by_trace(tx, reply)
        policy = tx.session.get(InsurancePolicy, request.policy_id) if request is not None else _by_member(tx, reply)
        if policy is None:
            unmatched.append(_unmatched(tx, record.id, reply))
        else:
            matched.append(_record(tx, policy, request, reply, actor.user_id, today))
    for payer_name, rejection in response.inquiry_rejections:
        whole = Reply("inquiry", (), payer_name, "", "", "", None, None, "rejected", "", None, None, None,
                      (rejection,))
        unmatched.append(_unmatched(tx, record.id, whole))
    record.matched, record.unmatched = len(matched), len(unmatched)
    tx.session.flush()
    tx.audit("eligibility.import_file", entity_type="eligibility_import", entity_id=record.id,
             detail=f"{len(matched)} matched, {len(unmatched)} unmatched")
    tx.changed("insurance", "contacts", "eligibility")
    return ImportResult(record.id, tuple(matched), tuple(_unmatched_info(u) for u in unmatched))


@operation(Permission.VIEW_PATIENTS, write=False)
def list_unmatched(tx: Tx, *, include_resolved: bool = False) -> list[UnmatchedInfo]:
    """271 answers no policy was found for, oldest first (open ones only unless asked)."""
    stmt = select(EligibilityUnmatched).order_by(EligibilityUnmatched.id)
    if not include_resolved:
        stmt = stmt.where(EligibilityUnmatched.resolved_at.is_(None))
    return [_unmatched_info(row) for row in tx.session.scalars(stmt)]


@operation(Permission.EDIT_PATIENTS)
def resolve_unmatched(tx: Tx, unmatched_id: int, resolution: str) -> UnmatchedInfo:
    """The desk dealt with an unmatched answer (called the payer, fixed the member id...): say how."""
    actor = require_actor(tx)
    row = tx.session.get(EligibilityUnmatched, unmatched_id)
    if row is None:
        raise NotFoundError("That unmatched eligibility answer no longer exists.")
    if row.resolved_at is not None:
        raise ConflictError("That answer was already resolved.")
    row.resolution = clean_text(resolution, "resolution", "How it was resolved", max_len=200, required=True)
    row.resolved_at, row.resolved_by = utcnow(), actor.user_id
    tx.audit("eligibility.resolve_unmatched", entity_type="eligibility_unmatched", entity_id=row.id,
             detail="resolved")
    tx.changed("eligibility")
    return _unmatched_info(row)
