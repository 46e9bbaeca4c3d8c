"""Steps of the synthetic billing service: find the visits to bill, check what a caller asks, write encounters
and claims, send claims on a past day, and read what patients owe. They take the operation's session.

Encounters and claims are made with the steps the billing services use (fee lookup, line snapshot, scrub,
submit), so every demo claim got where it is the way a real one would.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, time

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from frontdesk.domain import schedule_time as st
from frontdesk.domain.appointment_statuses import CHECKED_OUT
from frontdesk.domain.claim_form import DIAGNOSIS_LETTERS
from frontdesk.errors import ValidationError
from frontdesk.models import (
    Appointment,
    AppointmentType,
    Claim,
    ClaimBatch,
    ClaimLine,
    Encounter,
    EncounterDiagnosis,
    InsurancePolicy,
    Patient,
    Payer,
    Provider,
    ServiceLine,
)
from frontdesk.services._ledger_queries import line_states
from frontdesk.services._lookups import in_effect_on, policy_in_effect
from frontdesk.services._practice_clock import schedule_settings
from frontdesk.services.billing._claim_build import snapshot_lines
from frontdesk.services.billing._claim_scrubber import blocking, scrub
from frontdesk.services.billing._fees import MAX_UNITS, fee_for
from frontdesk.services.billing._synthetic_types import (
    BilledClaims,
    BilledLine,
    BilledVisit,
    ClaimedLine,
    ClaimSent,
    PatientShare,
    PolicyOnFile,
    SentClaim,
    VisitToBill,
)
from frontdesk.services.billing.claim_states import SUBMISSION_KINDS, apply_scrub, record_event, submit

MAX_DIAGNOSES = len(DIAGNOSIS_LETTERS)
MAX_LINES = 50
MAX_POINTERS = 4
_DIAGNOSIS_RE = re.compile(r"^[A-Z][0-9][0-9A-Z]{1,5}$")  # ICD-10-CM without the dot
_MODIFIER_RE = re.compile(r"^[0-9A-Z]{2}$")
_POS_RE = re.compile(r"^[0-9]{2}$")


def _window(tz, since: date, until: date) -> tuple:  # type: ignore[no-untyped-def]
    """Checked-out visits of active providers and unmerged patients in [since, until), not billed yet."""
    return (Appointment.status == CHECKED_OUT, Patient.status != "merged", Provider.active.is_(True),
            Appointment.start_utc >= st.wall_to_utc(since, time(0), tz),
            Appointment.start_utc < st.wall_to_utc(until, time(0), tz),
            ~exists(select(Encounter.id).where(Encounter.appointment_id == Appointment.id)))


def visits_to_bill(session: Session, since: date, until: date) -> list[VisitToBill]:
    """The visits of the window in appointment order, each with its primary and secondary policy that day."""
    tz = schedule_settings(session).tz
    rows = session.execute(
        select(Appointment.id, Appointment.patient_id, Patient.dob, Appointment.start_utc, AppointmentType.name)
        .join(Patient, Patient.id == Appointment.patient_id)
        .join(AppointmentType, AppointmentType.id == Appointment.type_id)
        .join(Provider, Provider.id == Appointment.provider_id)
        .where(*_window(tz, since, until)).order_by(Appointment.id)).all()
    days = {appt_id: st.local_date(start, tz) for appt_id, _p, _dob, start, _name in rows}
    on_day: dict[date, set[int]] = defaultdict(set)
    for appt_id, patient_id, *_rest in rows:
        on_day[days[appt_id]].add(patient_id)
    active = dict(session.execute(select(Payer.id, Payer.active)).all())
    policies: dict[tuple[date, int, int], PolicyOnFile] = {}
    for day, patient_ids in on_day.items():
        # One query a day, newest coverage first per patient and rank: the same pick as policy_in_effect.
        for p in session.execute(
                select(InsurancePolicy.id, InsurancePolicy.patient_id, InsurancePolicy.rank, InsurancePolicy.payer_id,
                       InsurancePolicy.release_signed_on)
                .where(InsurancePolicy.patient_id.in_(sorted(patient_ids)), InsurancePolicy.rank.in_((1, 2)),
                       in_effect_on(day))
                .order_by(InsurancePolicy.effective_date.desc(), InsurancePolicy.id.desc())):
            policies.setdefault((day, p.patient_id, p.rank), PolicyOnFile(
                p.id, p.payer_id, bool(active.get(p.payer_id)), p.release_signed_on is not None))
    return [VisitToBill(appt_id, patient_id, dob, days[appt_id], name, policies.get((days[appt_id], patient_id, 1)),
                        policies.get((days[appt_id], patient_id, 2)))
            for appt_id, patient_id, dob, _start, name in rows]


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _codes(value: object, field: str, what: str) -> tuple[str, ...]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise ValidationError(field, f"List the {what} (a list of codes).")
    return tuple(str(code or "").strip().upper() for code in value)


def clean_line(session: Session, field: str, line: object, diagnoses: tuple[str, ...],
               payer_id: int) -> tuple[BilledLine, int]:
    """A line checked against the visit's diagnoses and the fee schedule, with its per-unit fee (cents)."""
    if not isinstance(line, BilledLine):
        raise ValidationError(field, "A line is a BilledLine.")
    code = str(line.code or "").strip().upper()
    item, unit_fee = fee_for(session, code, payer_id)
    if item is None or unit_fee is None or not item.active:
        raise ValidationError(f"{field}.code", f"{code or 'A blank code'} is not in the fee schedule (or is retired).")
    if not _is_int(line.units) or line.units > MAX_UNITS:
        raise ValidationError(f"{field}.units", f"Units must be a whole number from 1 to {MAX_UNITS}.")
    modifiers = str(line.modifiers or "").upper().split()
    if len(modifiers) > 4 or not all(_MODIFIER_RE.match(m) for m in modifiers):
        raise ValidationError(f"{field}.modifiers", "Up to four two-character modifiers, separated by spaces.")
    points = _codes(line.points_at, f"{field}.points_at", "diagnoses the line points at")
    if not 1 <= len(points) <= MAX_POINTERS or any(code not in diagnoses for code in points):
        raise ValidationError(f"{field}.points_at", f"Point at one to {MAX_POINTERS} of the visit's diagnoses.")
    return BilledLine(code, line.units, " ".join(modifiers), points), unit_fee


def clean_visit(session: Session, field: str, visit: object, seen: set[int]) -> tuple[Appointment, BilledVisit]:
    """The visit's appointment (checked out, not billed, insured that day) and its cleaned diagnoses."""
    if not isinstance(visit, BilledVisit):
        raise ValidationError(field, "A visit is a BilledVisit.")
    appt = session.get(Appointment, visit.appointment_id) if _is_int(visit.appointment_id) else None
    if appt is None or appt.status != CHECKED_OUT:
        raise ValidationError(f"{field}.appointment_id", "Choose a checked-out visit.")
    if appt.id in seen or session.scalar(select(Encounter.id).where(Encounter.appointment_id == appt.id)):
        raise ValidationError(f"{field}.appointment_id", "This visit already has charges.")
    seen.add(appt.id)
    if not _POS_RE.match(str(visit.place_of_service or "")):
        raise ValidationError(f"{field}.place_of_service", "The place of service is two digits (11 = office).")
    diagnoses = _codes(visit.diagnoses, f"{field}.diagnoses", "diagnoses")
    if not 1 <= len(diagnoses) <= MAX_DIAGNOSES or len(set(diagnoses)) != len(diagnoses) or not all(
            _DIAGNOSIS_RE.match(code) for code in diagnoses):
        raise ValidationError(f"{field}.diagnoses", f"List one to {MAX_DIAGNOSES} different ICD-10-CM codes "
                                                    "(without the dot).")
    if isinstance(visit.lines, (str, bytes)) or not isinstance(visit.lines, Sequence) or not (
            1 <= len(visit.lines) <= MAX_LINES):
        raise ValidationError(f"{field}.lines", f"Charge one to {MAX_LINES} lines.")
    return appt, BilledVisit(appt.id, diagnoses, tuple(visit.lines), visit.place_of_service)


def write_visit(session: Session, field: str, appt: Appointment, visit: BilledVisit,
                user_id: int) -> tuple[BilledClaims, int]:
    """The encounter, diagnoses and lines of one visit, its scrubbed primary claim and a held secondary.

    Returns the claims and how many were made. The primary payer's own fees apply when it has them.
    """
    tz = schedule_settings(session).tz
    day = st.local_date(appt.start_utc, tz)
    primary = policy_in_effect(session, appt.patient_id, day, 1)
    payer = session.get(Payer, primary.payer_id) if primary else None
    if primary is None or payer is None or not payer.active:
        raise ValidationError(f"{field}.appointment_id", f"The patient has no active insurance on {day:%m/%d/%Y}: "
                                                         "a self-pay visit has no claim to make.")
    lines = [clean_line(session, f"{field}.lines[{j}]", line, visit.diagnoses, primary.payer_id)
             for j, line in enumerate(visit.lines)]
    pos = visit.place_of_service
    enc = Encounter(patient_id=appt.patient_id, appointment_id=appt.id, service_date=day,
                    rendering_provider_id=appt.provider_id, place_of_service=pos, status="open", created_by=user_id)
    session.add(enc)
    session.flush()
    for position, code in enumerate(visit.diagnoses, start=1):
        session.add(EncounterDiagnosis(encounter_id=enc.id, position=position, code=code))
    for number, (line, unit_fee) in enumerate(lines, start=1):
        pointers = "".join(DIAGNOSIS_LETTERS[visit.diagnoses.index(code)] for code in line.points_at)
        session.add(ServiceLine(encounter_id=enc.id, line_number=number, from_date=day, to_date=day,
                                place_of_service=pos, code=line.code, modifiers=line.modifiers, pointers=pointers,
                                units=line.units, charge_cents=unit_fee * line.units))
    session.flush()
    claim = _claim(session, enc, primary, 1, user_id)
    secondary = policy_in_effect(session, appt.patient_id, day, 2)
    second = _claim(session, enc, secondary, 2, user_id) if secondary is not None else None
    enc.status = "billed"
    claimed = tuple(ClaimedLine(*row) for row in session.execute(
        select(ClaimLine.service_line_id, ServiceLine.code, ClaimLine.charge_cents)
        .join(ServiceLine, ServiceLine.id == ClaimLine.service_line_id)
        .where(ClaimLine.claim_id == claim.id).order_by(ClaimLine.line_number)))
    return BilledClaims(appt.id, enc.id, claim.id, claim.status, second.id if second else None, claimed), \
        1 + (second is not None)


def _claim(session: Session, enc: Encounter, policy: InsurancePolicy, rank: int, user_id: int) -> Claim:
    """A primary (scrubbed: draft or ready) or a secondary held until the primary pays (as create_claims)."""
    claim = Claim(encounter_id=enc.id, patient_id=enc.patient_id, policy_id=policy.id, payer_id=policy.payer_id,
                  payer_rank=rank, status="draft" if rank == 1 else "held", created_by=user_id)
    session.add(claim)
    session.flush()
    snapshot_lines(session, claim)
    record_event(session, claim, user_id=user_id,
                 note="Created" if rank == 1 else "Created; held until the primary pays")
    if rank == 1:
        apply_scrub(session, claim, user_id=user_id)
    else:
        claim.problem_count = len(blocking(scrub(session, claim)))
    return claim


def clean_send(session: Session, field: str, send: object, today: date) -> tuple[Claim, ClaimSent]:
    """A send's claim, day (from its date of service to today) and method."""
    if not isinstance(send, ClaimSent):
        raise ValidationError(field, "A send is a ClaimSent.")
    claim = session.get(Claim, send.claim_id) if _is_int(send.claim_id) else None
    if claim is None:
        raise ValidationError(f"{field}.claim_id", "That claim does not exist.")
    if send.via not in SUBMISSION_KINDS:
        raise ValidationError(f"{field}.via", "Send it on paper or in an 837P file (paper, x12_837p).")
    served = session.scalar(select(Encounter.service_date).where(Encounter.id == claim.encounter_id))
    if not isinstance(send.on, date) or send.on > today or (served is not None and send.on < served):
        raise ValidationError(f"{field}.on", "A claim is sent between its date of service and today.")
    return claim, send


def send_claim(session: Session, claim: Claim, send: ClaimSent, user_id: int) -> SentClaim:
    """Submit a ready claim (scrubbed again) in the batch of its day and method, made on first use."""
    name = f"demo-{send.on:%Y%m%d}.{'837' if send.via != 'paper' else 'pdf'}"
    batch = session.scalar(select(ClaimBatch).where(ClaimBatch.kind == send.via, ClaimBatch.file_name == name))
    if batch is None:
        batch = ClaimBatch(kind=send.via, created_by=user_id, file_name=name)
        session.add(batch)
        session.flush()
    submit(session, claim, via=send.via, batch_id=batch.id, on_date=send.on, user_id=user_id)
    batch.claim_count += 1
    batch.total_cents += claim.total_cents
    return SentClaim(claim.id, claim.status, batch.id)


def patient_shares(session: Session, claim_ids: Sequence[int]) -> list[PatientShare]:
    """Lines of the claims on which the patient owes something now (the ledger's patient portion)."""
    owner = {line_id: (claim_id, patient_id) for claim_id, patient_id, line_id in session.execute(
        select(Claim.id, Claim.patient_id, ClaimLine.service_line_id).join(ClaimLine, ClaimLine.claim_id == Claim.id)
        .where(Claim.id.in_(list(claim_ids))))}
    states = line_states(session, [], line_ids=list(owner))
    return [PatientShare(owner[line_id][0], owner[line_id][1], line_id, state.patient_portion)
            for line_id, state in sorted(states.items()) if state.patient_portion > 0]
