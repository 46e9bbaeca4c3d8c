"""The intake checklist as a frozen summary: steps with time and user, plus what is needed to finish."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.domain.money import cents_or_none, from_cents
from frontdesk.models import EligibilityCheck, IntakeRecord
from frontdesk.services.patients._consent_rules import ConsentStatus, patient_consent_status
from frontdesk.services._lookups import policies_in_effect
from frontdesk.services.patients._insurance_records import (
    EligibilityCheckInfo,
    PolicyRecord,
    check_info,
    policy_record,
    username_of,
)
from frontdesk.services._practice_clock import practice_today

STEP_LABELS = {
    "demographics": "Demographics confirmed",
    "insurance": "Insurance verified",
    "consents": "Consents current",
    "copay": "Copay due",
}
VERIFY_METHODS = {"eligibility": "Eligibility check", "card": "Verified from card", "self_pay": "Self-pay"}


@dataclass(frozen=True)
class IntakeStep:
    code: str  # demographics, insurance, consents, copay
    label: str
    done: bool
    at: datetime | None
    by: str  # username of who confirmed it
    note: str  # e.g. 'Verified from card', 'Reason given: ...', '$25.00'


@dataclass(frozen=True)
class IntakeSummary:
    id: int
    patient_id: int
    visit_date: date
    appointment_id: int | None
    started_at: datetime
    started_by: str
    steps: tuple[IntakeStep, ...]
    insurance_method: str
    eligibility_check_id: int | None
    consents_override_reason: str
    copay_due: Decimal | None
    copay_collected: bool
    # What the desk needs while walking the list (as of the visit date).
    policies: tuple[PolicyRecord, ...]
    visit_checks: tuple[EligibilityCheckInfo, ...]  # checks logged for the visit date, newest first
    consent_problems: tuple[ConsentStatus, ...]  # required consents missing, outdated or expired
    suggested_copay: Decimal  # the primary policy's copay ($0.00 without one)

    @property
    def complete(self) -> bool:
        return all(step.done for step in self.steps)

    def step(self, code: str) -> IntakeStep:
        return next(s for s in self.steps if s.code == code)


def _step(session: Session, code: str, at: datetime | None, by: int | None, note: str = "") -> IntakeStep:
    return IntakeStep(code, STEP_LABELS[code], at is not None, at, username_of(session, by) if at else "",
                      note if at else "")


def summarize(session: Session, intake: IntakeRecord) -> IntakeSummary:
    """The checklist as the desk sees it, evaluated for the visit date."""
    today = practice_today(session)
    policies = policies_in_effect(session, intake.patient_id, intake.visit_date)
    checks = []
    if policies:
        checks = list(session.scalars(
            select(EligibilityCheck)
            .where(EligibilityCheck.policy_id.in_([p.id for p in policies]),
                   EligibilityCheck.checked_on == intake.visit_date)
            .order_by(EligibilityCheck.id.desc())))
    problems = [s for s in patient_consent_status(session, intake.patient_id, intake.visit_date)
                if s.needs_attention]
    primary = next((p for p in policies if p.rank == 1), None)
    copay_note = f"${from_cents(intake.copay_due_cents):,.2f}" if intake.copay_due_cents is not None else ""
    reason = intake.consents_override_reason
    steps = (
        _step(session, "demographics", intake.demographics_at, intake.demographics_by),
        _step(session, "insurance", intake.insurance_at, intake.insurance_by,
              VERIFY_METHODS.get(intake.insurance_method, "")),
        _step(session, "consents", intake.consents_at, intake.consents_by,
              f"Went ahead: {reason}" if reason else "All required consents current"),
        _step(session, "copay", intake.copay_at, intake.copay_by, copay_note),
    )
    return IntakeSummary(
        id=intake.id, patient_id=intake.patient_id, visit_date=intake.visit_date,
        appointment_id=intake.appointment_id, started_at=intake.started_at,
        started_by=username_of(session, intake.started_by), steps=steps,
        insurance_method=intake.insurance_method, eligibility_check_id=intake.eligibility_check_id,
        consents_override_reason=reason, copay_due=cents_or_none(intake.copay_due_cents),
        copay_collected=intake.copay_collected,
        policies=tuple(policy_record(session, p, today) for p in policies),
        visit_checks=tuple(check_info(session, c) for c in checks),
        consent_problems=tuple(problems),
        suggested_copay=from_cents(primary.copay_cents if primary is not None else 0),
    )
