"""The frozen records insurance services return, and building them from rows (no commits here)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.domain.money import from_cents
from frontdesk.models import EligibilityCheck, InsuranceCardImage, InsurancePolicy, Payer, User
from frontdesk.domain.insurance_fields import CHECK_METHODS, CHECK_RESULTS, CLAIM_TYPES, RANK_LABELS, RELATIONSHIPS
from frontdesk.services.patients._insurance_queries import latest_check

# How a check was made when it came from a file rather than a person (not a choice on the manual form).
FILE_METHODS = {"271": "271 file"}


@dataclass(frozen=True)
class EligibilityCheckInfo:
    id: int
    policy_id: int
    checked_on: date
    checked_by: str  # username ('' if the account is gone)
    method: str
    payer_contact: str
    reference_number: str
    result: str
    note: str
    recorded_at: datetime
    # From a payer's 271 (source "271"); blank / None for a check logged by hand.
    source: str = "manual"
    plan_name: str = ""
    copay_cents: int | None = None
    coinsurance_basis_points: int | None = None
    deductible_remaining_cents: int | None = None
    rejection_code: str = ""

    @property
    def method_label(self) -> str:
        return CHECK_METHODS.get(self.method, FILE_METHODS.get(self.method, self.method))

    @property
    def benefits_text(self) -> str:
        """What the 271 said a visit costs: 'Plan ACME GOLD; copay $25.00; coinsurance 20%; deductible left $350.50'."""
        parts = [f"plan {self.plan_name}"] if self.plan_name else []
        if self.copay_cents is not None:
            parts.append(f"office visit copay ${from_cents(self.copay_cents):,.2f}")
        if self.coinsurance_basis_points is not None:
            parts.append(f"coinsurance {self.coinsurance_basis_points / 100:g}%")
        if self.deductible_remaining_cents is not None:
            parts.append(f"deductible left ${from_cents(self.deductible_remaining_cents):,.2f}")
        return "; ".join(parts)

    @property
    def result_label(self) -> str:
        return CHECK_RESULTS.get(self.result, self.result)


@dataclass(frozen=True)
class PolicyRecord:
    id: int
    patient_id: int
    payer_id: int
    payer_name: str
    claim_type: str
    rank: int
    member_id: str
    group_number: str
    plan_name: str
    relationship: str
    subscriber_first_name: str
    subscriber_middle_name: str
    subscriber_last_name: str
    subscriber_dob: date | None
    subscriber_sex: str
    subscriber_address_line1: str
    subscriber_address_line2: str
    subscriber_city: str
    subscriber_state: str
    subscriber_zip_code: str
    subscriber_phone: str
    subscriber_employer: str
    effective_date: date
    end_date: date | None
    copay: Decimal
    accept_assignment: bool
    release_signed_on: date | None
    assignment_signed_on: date | None
    updated_at: datetime
    status: str  # active (covers today), future, ended
    latest_check: EligibilityCheckInfo | None
    card_sides: tuple[str, ...]  # which card images are attached: ('front', 'back')
    version: int = 1  # what the edit dialog sends back to update_policy (a save from a stale dialog is refused)

    @property
    def rank_label(self) -> str:
        return RANK_LABELS.get(self.rank, str(self.rank))

    @property
    def relationship_label(self) -> str:
        return RELATIONSHIPS.get(self.relationship, self.relationship)

    @property
    def claim_type_label(self) -> str:
        return CLAIM_TYPES.get(self.claim_type, self.claim_type)

    @property
    def subscriber_name(self) -> str:
        """'Last, First M.' of the subscriber; '' when the patient is the subscriber."""
        if self.relationship == "self":
            return ""
        middle = f" {self.subscriber_middle_name[:1]}." if self.subscriber_middle_name else ""
        return f"{self.subscriber_last_name}, {self.subscriber_first_name}{middle}"


def coverage_status(policy: InsurancePolicy, today: date) -> str:
    """active (covers today), future (starts later) or ended (history)."""
    if policy.end_date is not None and policy.end_date < today:
        return "ended"
    if policy.effective_date > today:
        return "future"
    return "active"


def username_of(session: Session, user_id: int | None) -> str:
    """Who did it, by username ("" when there is no user or the account is gone)."""
    if user_id is None:
        return ""
    user = session.get(User, user_id)
    return user.username if user is not None else ""


def check_info(session: Session, check: EligibilityCheck) -> EligibilityCheckInfo:
    """The frozen record of one eligibility check."""
    return EligibilityCheckInfo(check.id, check.policy_id, check.checked_on, username_of(session, check.checked_by),
                                check.method, check.payer_contact, check.reference_number, check.result,
                                check.note, check.recorded_at, check.source, check.plan_name, check.copay_cents,
                                check.coinsurance_basis_points, check.deductible_remaining_cents,
                                check.rejection_code)


def policy_record(session: Session, policy: InsurancePolicy, today: date) -> PolicyRecord:
    """The frozen record of one policy with its payer, latest check and card sides."""
    payer = session.get(Payer, policy.payer_id)
    assert payer is not None  # a foreign key guarantees it
    check = latest_check(session, policy.id)
    sides = tuple(session.scalars(select(InsuranceCardImage.side)
                                  .where(InsuranceCardImage.policy_id == policy.id)
                                  .order_by(InsuranceCardImage.side.desc())))  # front before back
    return PolicyRecord(
        id=policy.id, patient_id=policy.patient_id, payer_id=payer.id, payer_name=payer.name,
        claim_type=payer.claim_type, rank=policy.rank, member_id=policy.member_id,
        group_number=policy.group_number, plan_name=policy.plan_name, relationship=policy.relationship,
        subscriber_first_name=policy.subscriber_first_name, subscriber_middle_name=policy.subscriber_middle_name,
        subscriber_last_name=policy.subscriber_last_name, subscriber_dob=policy.subscriber_dob,
        subscriber_sex=policy.subscriber_sex, subscriber_address_line1=policy.subscriber_address_line1,
        subscriber_address_line2=policy.subscriber_address_line2, subscriber_city=policy.subscriber_city,
        subscriber_state=policy.subscriber_state, subscriber_zip_code=policy.subscriber_zip_code,
        subscriber_phone=policy.subscriber_phone, subscriber_employer=policy.subscriber_employer,
        effective_date=policy.effective_date, end_date=policy.end_date, copay=from_cents(policy.copay_cents),
        accept_assignment=policy.accept_assignment, release_signed_on=policy.release_signed_on,
        assignment_signed_on=policy.assignment_signed_on, updated_at=policy.updated_at,
        status=coverage_status(policy, today), latest_check=check_info(session, check) if check else None,
        card_sides=sides, version=policy.version,
    )
