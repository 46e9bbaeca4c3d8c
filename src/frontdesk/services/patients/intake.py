"""Check-in intake: demographics confirmed, insurance verified, consents current, copay due; each stamped."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from frontdesk.domain.money import parse_money, to_cents
from frontdesk.domain.permissions import Permission
from frontdesk.domain.text import clean_text
from frontdesk.errors import ConflictError, NotFoundError, ValidationError
from frontdesk.models import EligibilityCheck, IntakeRecord, Patient
from frontdesk.models.base import utcnow
from frontdesk.services._base import Tx, operation, require_actor
from frontdesk.services.patients._consent_rules import STATE_LABELS, patient_consent_status
from frontdesk.domain.insurance_fields import clean_past_date
from frontdesk.services._lookups import policies_in_effect, policy_in_effect
from frontdesk.services.patients._intake_summary import STEP_LABELS, VERIFY_METHODS, IntakeStep, IntakeSummary, summarize
from frontdesk.services._practice_clock import practice_today
from frontdesk.services.patients.insurance import MAX_COPAY

__all__ = [
    "STEP_LABELS",
    "VERIFY_METHODS",
    "IntakeStep",
    "IntakeSummary",
    "confirm_consents",
    "confirm_demographics",
    "get_intake",
    "intake_for_appointment",
    "set_copay_due",
    "start_intake",
    "verify_insurance",
]


def _load(tx: Tx, intake_id: int) -> IntakeRecord:
    intake = tx.session.get(IntakeRecord, intake_id)
    if intake is None:
        raise NotFoundError("That check-in no longer exists.")
    return intake


def _audit(tx: Tx, action: str, intake: IntakeRecord, detail: str) -> None:
    tx.audit(action, entity_type="intake", entity_id=intake.id, patient_id=intake.patient_id, detail=detail)
    tx.changed("intake")


def _clean_appointment_id(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValidationError("appointment_id", "That is not an appointment.")
    return value


def _existing(tx: Tx, patient_id: int, day: date, appointment_id: int | None) -> IntakeRecord | None:
    if appointment_id is not None:
        linked = tx.session.scalar(select(IntakeRecord).where(IntakeRecord.appointment_id == appointment_id))
        if linked is not None:
            if linked.patient_id != patient_id:
                raise ConflictError("That appointment's check-in belongs to another patient.")
            return linked
    stmt = select(IntakeRecord).where(IntakeRecord.patient_id == patient_id, IntakeRecord.visit_date == day)
    if appointment_id is not None:
        # A check-in begun without the appointment that day is the same visit: link it rather than start over.
        stmt = stmt.where(IntakeRecord.appointment_id.is_(None))
    return tx.session.scalar(stmt.order_by(IntakeRecord.id.desc()).limit(1))


@operation(Permission.EDIT_PATIENTS)
def start_intake(tx: Tx, patient_id: int, *, appointment_id: int | None = None,
                 visit_date: date | str | None = None) -> IntakeSummary:
    """Start, or resume, the patient's check-in for the visit (today unless given; never a future day)."""
    actor = require_actor(tx)
    if tx.session.get(Patient, patient_id) is None:
        raise NotFoundError("That patient record no longer exists.")
    today = practice_today(tx.session)
    day = clean_past_date(visit_date, "visit_date", "Visit date", today=today, required=False) or today
    appointment_id = _clean_appointment_id(appointment_id)
    intake = _existing(tx, patient_id, day, appointment_id)
    if intake is None:
        intake = IntakeRecord(patient_id=patient_id, visit_date=day, appointment_id=appointment_id,
                              started_by=actor.user_id, started_at=utcnow(), updated_at=utcnow())
        tx.session.add(intake)
        tx.session.flush()
        _audit(tx, "intake.start", intake, "appointment: " + ("linked" if appointment_id else "none"))
    elif appointment_id is not None and intake.appointment_id is None:
        intake.appointment_id = appointment_id
        intake.updated_at = utcnow()
        tx.session.flush()
        _audit(tx, "intake.update", intake, "fields: appointment_id")
    return summarize(tx.session, intake)


@operation(Permission.VIEW_PATIENTS, write=False)
def get_intake(tx: Tx, intake_id: int) -> IntakeSummary:
    """The checklist with each step's time and user, and what the desk needs to finish it."""
    return summarize(tx.session, _load(tx, intake_id))


@operation(Permission.VIEW_PATIENTS, write=False)
def intake_for_appointment(tx: Tx, appointment_id: int) -> IntakeSummary | None:
    """The check-in linked to an appointment, or None if it has not started."""
    intake = tx.session.scalar(select(IntakeRecord).where(IntakeRecord.appointment_id == appointment_id))
    return summarize(tx.session, intake) if intake is not None else None


@operation(Permission.EDIT_PATIENTS)
def confirm_demographics(tx: Tx, intake_id: int) -> IntakeSummary:
    """The patient confirmed their name, date of birth, address and phone are right."""
    actor = require_actor(tx)
    intake = _load(tx, intake_id)
    intake.demographics_at, intake.demographics_by = utcnow(), actor.user_id
    intake.updated_at = utcnow()
    _audit(tx, "intake.demographics", intake, "fields: demographics_at")
    return summarize(tx.session, intake)


def _todays_active_check(tx: Tx, intake: IntakeRecord, check_id: int | None) -> EligibilityCheck:
    policies = {p.id: p for p in policies_in_effect(tx.session, intake.patient_id, intake.visit_date)}
    if not policies:
        raise ValidationError("insurance_method", "The patient has no policy in effect for this visit; add one "
                                                  "or mark the visit self-pay.")
    stmt = (select(EligibilityCheck)
            .where(EligibilityCheck.policy_id.in_(list(policies)), EligibilityCheck.checked_on == intake.visit_date)
            .order_by(EligibilityCheck.id.desc()))
    checks = list(tx.session.scalars(stmt))
    if check_id is not None:
        checks = [c for c in checks if c.id == check_id]
        if not checks:
            raise ValidationError("check_id", "That eligibility check is not one logged for this visit's "
                                              "policies on the visit date.")
    if not checks:
        raise ValidationError("insurance_method", "No eligibility check is logged for the visit date; log one "
                                                  "first, or verify from the card.")
    # The primary's latest check speaks for the visit unless the desk picked one.
    checks.sort(key=lambda c: (policies[c.policy_id].rank, -c.id))
    check = checks[0]
    if check.result != "active":
        raise ValidationError("insurance_method", "The eligibility check did not find active coverage; update "
                                                  "or end the policy, or mark the visit self-pay.")
    return check


@operation(Permission.EDIT_PATIENTS)
def verify_insurance(tx: Tx, intake_id: int, method: str, *, check_id: int | None = None) -> IntakeSummary:
    """Insurance verified by an eligibility check logged for the visit date, from the card, or self-pay."""
    actor = require_actor(tx)
    intake = _load(tx, intake_id)
    method = str(method or "").strip().lower()
    if method not in VERIFY_METHODS:
        raise ValidationError("insurance_method", "Choose how insurance was verified: "
                                                  + ", ".join(VERIFY_METHODS.values()) + ".")
    check = None
    if method == "eligibility":
        check = _todays_active_check(tx, intake, check_id)
    elif method == "card" and not policies_in_effect(tx.session, intake.patient_id, intake.visit_date):
        raise ValidationError("insurance_method", "The patient has no policy in effect for this visit to verify "
                                                  "from a card; add the policy first.")
    intake.insurance_at, intake.insurance_by = utcnow(), actor.user_id
    intake.insurance_method = method
    intake.eligibility_check_id = check.id if check is not None else None
    intake.updated_at = utcnow()
    _audit(tx, "intake.insurance", intake, f"method: {method}")
    return summarize(tx.session, intake)


@operation(Permission.EDIT_PATIENTS)
def confirm_consents(tx: Tx, intake_id: int, *, override_reason: str = "") -> IntakeSummary:
    """Consents are current; a required one missing, outdated or expired needs a reason to go ahead."""
    actor = require_actor(tx)
    intake = _load(tx, intake_id)
    reason = clean_text(override_reason, "override_reason", "Reason", max_len=200)
    problems = [s for s in patient_consent_status(tx.session, intake.patient_id, intake.visit_date)
                if s.needs_attention]
    if problems and not reason:
        listed = "; ".join(f"{s.type.name} ({STATE_LABELS[s.state].lower()})" for s in problems)
        raise ValidationError("override_reason", f"Not current: {listed}. Record the signatures first, or give "
                                                 "a reason to go ahead without them.")
    intake.consents_at, intake.consents_by = utcnow(), actor.user_id
    intake.consents_override_reason = reason if problems else ""
    intake.updated_at = utcnow()
    names = ["consents_at"] + (["consents_override_reason"] if problems else [])
    _audit(tx, "intake.consents", intake, "fields: " + ", ".join(names))
    return summarize(tx.session, intake)


@operation(Permission.EDIT_PATIENTS)
def set_copay_due(tx: Tx, intake_id: int, amount: str | Decimal | None = None) -> IntakeSummary:
    """Record the copay due: the primary policy's copay unless ``amount`` is typed (collection is billing's)."""
    actor = require_actor(tx)
    intake = _load(tx, intake_id)
    primary = policy_in_effect(tx.session, intake.patient_id, intake.visit_date)
    if amount is None or (isinstance(amount, str) and not amount.strip()):
        cents = primary.copay_cents if primary is not None else 0
    else:
        cents = to_cents(parse_money(amount, "copay_due", "Copay due", maximum=MAX_COPAY))
    intake.copay_due_cents = cents
    intake.copay_policy_id = primary.id if primary is not None else None
    intake.copay_at, intake.copay_by = utcnow(), actor.user_id
    intake.updated_at = utcnow()
    _audit(tx, "intake.copay", intake, "fields: copay_due_cents")
    return summarize(tx.session, intake)
