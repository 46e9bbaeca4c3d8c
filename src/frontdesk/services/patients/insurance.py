"""Patients' insurance policies: add, update, end, re-rank, list (ended ones stay as history)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import case, select

from frontdesk.domain.mbi import check_mbi
from frontdesk.domain.money import parse_money, to_cents
from frontdesk.domain.permissions import Permission
from frontdesk.domain.text import clean_text
from frontdesk.errors import ConflictError, FieldErrors, NotFoundError, ValidationError
from frontdesk.models import InsurancePolicy, Patient, Payer
from frontdesk.models.base import utcnow
from frontdesk.services._base import Tx, operation
from frontdesk.domain.insurance_fields import (
    RANK_LABELS,
    RELATIONSHIPS,
    changed_fields,
    choice,
    clean_coverage_dates,
    clean_group_number,
    clean_member_id,
    clean_past_date,
    clean_rank,
    clean_subscriber,
    fields_detail,
    member_key,
)
from frontdesk.services.patients._insurance_queries import rank_conflicts
from frontdesk.services._lookups import policies_in_effect
from frontdesk.services.patients._insurance_records import EligibilityCheckInfo, PolicyRecord, policy_record
from frontdesk.services.patients._record_version import (
    ChangedMeanwhile,
    bump_version,
    check_version,
    policy_saves,
)
from frontdesk.services._practice_clock import practice_today

__all__ = [
    "MAX_COPAY",
    "RANK_LABELS",  # re-exported from _insurance_fields: the policy form's choices
    "RELATIONSHIPS",
    "ChangedMeanwhile",  # re-exported from _record_version: a save from a stale policy dialog
    "EligibilityCheckInfo",
    "PolicyInput",
    "PolicyRecord",
    "add_policy",
    "end_policy",
    "get_policy",
    "list_policies",
    "open_policies",
    "reorder_policies",
    "update_policy",
]

MAX_COPAY = Decimal("10000.00")


@dataclass(frozen=True)
class PolicyInput:
    """What the policy form collects (strings as typed, or dates/Decimal; the service validates).

    Subscriber fields are only read when ``relationship`` is not 'self'.
    """

    payer_id: int
    rank: int
    member_id: str
    effective_date: date | str
    relationship: str = "self"
    group_number: str = ""
    plan_name: str = ""
    end_date: date | str | None = None
    copay: str | Decimal = ""
    accept_assignment: bool = True
    release_signed_on: date | str | None = None
    assignment_signed_on: date | str | None = None
    subscriber_first_name: str = ""
    subscriber_middle_name: str = ""
    subscriber_last_name: str = ""
    subscriber_dob: date | str | None = None
    subscriber_sex: str = ""
    subscriber_address_line1: str = ""
    subscriber_address_line2: str = ""
    subscriber_city: str = ""
    subscriber_state: str = ""
    subscriber_zip_code: str = ""
    subscriber_phone: str = ""
    subscriber_employer: str = ""


def _clean_copay(value: object) -> int:
    if value is None or (isinstance(value, str) and not value.strip()):
        return 0  # no copay on the card
    return to_cents(parse_money(value, "copay", "Copay", maximum=MAX_COPAY))


def _clean_payer(tx: Tx, payer_id: object, current_payer_id: int | None) -> int:
    if isinstance(payer_id, bool) or not isinstance(payer_id, int):
        raise ValidationError("payer_id", "Choose the payer from the list.")
    payer = tx.session.get(Payer, payer_id)
    if payer is None:
        raise ValidationError("payer_id", "That payer is no longer in the list; choose another.")
    # An existing policy keeps a payer that was retired later; a new choice must be active.
    if not payer.active and payer.id != current_payer_id:
        raise ValidationError("payer_id", f"{payer.name} is no longer active; choose another payer.")
    return payer.id


def _clean(tx: Tx, data: PolicyInput, current: InsurancePolicy | None) -> dict[str, object]:
    """Every field validated in form order; all the wrong ones are reported together (each named)."""
    today = practice_today(tx.session)
    errors = FieldErrors()
    check = errors.check
    values: dict[str, object] = {
        "payer_id": check(_clean_payer, tx, data.payer_id, current.payer_id if current else None),
        "rank": check(clean_rank, data.rank),
        "member_id": check(clean_member_id, data.member_id),
        "group_number": check(clean_group_number, data.group_number),
        "plan_name": check(lambda: " ".join(clean_text(data.plan_name, "plan_name", "Plan name", max_len=80).split())),
        "relationship": check(choice, data.relationship, RELATIONSHIPS, "relationship", "Relationship to subscriber"),
    }
    values["member_key"] = member_key(str(values["member_id"] or ""))
    _check_medicare_id(tx, values, current, errors)
    if values["relationship"] is not None:  # which subscriber fields are needed depends on it
        values.update(check(clean_subscriber, str(values["relationship"]), data, today=today) or {})
    values["effective_date"], values["end_date"] = check(clean_coverage_dates, data.effective_date, data.end_date,
                                                         today=today) or (None, None)
    values["copay_cents"] = check(_clean_copay, data.copay)
    values["accept_assignment"] = check(_clean_accept_assignment, data.accept_assignment)
    values["release_signed_on"] = check(clean_past_date, data.release_signed_on, "release_signed_on",
                                        "Release of information signed", today=today, required=False)
    values["assignment_signed_on"] = check(clean_past_date, data.assignment_signed_on, "assignment_signed_on",
                                           "Assignment of benefits signed", today=today, required=False)
    errors.raise_any()
    return values


def _check_medicare_id(tx: Tx, values: dict[str, object], current: InsurancePolicy | None,
                       errors: FieldErrors) -> None:
    """A Medicare policy's member id must be a well-formed MBI, checked when it is typed or the payer
    changes: a policy saved before this rule keeps opening and saving as it is (no value is rewritten)."""
    payer_id, typed = values["payer_id"], values["member_id"]
    if not isinstance(payer_id, int) or not isinstance(typed, str):
        return  # already reported on its own field
    if current is not None and current.member_id == typed and current.payer_id == payer_id:
        return
    payer = tx.session.get(Payer, payer_id)
    if payer is not None and payer.claim_type == "medicare":
        errors.check(check_mbi, typed)


def _clean_accept_assignment(value: object) -> bool:
    if not isinstance(value, bool):
        raise ValidationError("accept_assignment", "Accept assignment must be yes or no.")
    return value


def _check_rank(tx: Tx, patient_id: int, rank: int, start: date, end: date | None, exclude_id: int | None) -> None:
    """Only one policy of each rank may cover any given day (claims need one primary, one secondary...)."""
    clash = rank_conflicts(tx.session, patient_id, rank, start, end, exclude_id=exclude_id)
    if clash:
        other = clash[0]
        payer = tx.session.get(Payer, other.payer_id)
        label = RANK_LABELS[rank].lower()
        until = f" to {other.end_date:%m/%d/%Y}" if other.end_date else " with no end date"
        raise ConflictError(
            f"Another {label} policy ({payer.name if payer else 'another payer'}, from "
            f"{other.effective_date:%m/%d/%Y}{until}) covers some of the same dates. End that policy or "
            f"choose another rank.", field="rank")


def _patient(tx: Tx, patient_id: int) -> Patient:
    patient = tx.session.get(Patient, patient_id)
    if patient is None:
        raise NotFoundError("That patient record no longer exists.")
    return patient


def _policy(tx: Tx, policy_id: int) -> InsurancePolicy:
    policy = tx.session.get(InsurancePolicy, policy_id)
    if policy is None:
        raise NotFoundError("That insurance policy no longer exists.")
    return policy


def _audit(tx: Tx, action: str, policy: InsurancePolicy, names: list[str] | tuple[str, ...]) -> None:
    tx.audit(action, entity_type="insurance_policy", entity_id=policy.id, patient_id=policy.patient_id,
             detail=fields_detail(names))
    tx.changed("insurance")


@operation(Permission.EDIT_PATIENTS)
def add_policy(tx: Tx, patient_id: int, data: PolicyInput) -> PolicyRecord:
    """Add a policy to a patient; its rank must be free for the dates it covers."""
    _patient(tx, patient_id)
    values = _clean(tx, data, None)
    _check_rank(tx, patient_id, int(values["rank"]), values["effective_date"], values["end_date"], None)  # type: ignore[arg-type]
    policy = InsurancePolicy(patient_id=patient_id, **values)
    tx.session.add(policy)
    tx.session.flush()
    filled = sorted(k for k, v in values.items() if v not in ("", None) and k != "member_key")
    _audit(tx, "insurance.create", policy, filled)
    return policy_record(tx.session, policy, practice_today(tx.session))


@operation(Permission.EDIT_PATIENTS)
def update_policy(tx: Tx, policy_id: int, data: PolicyInput, *, version: int | None = None) -> PolicyRecord:
    """Save changes to a policy; the audit keeps the names of the fields that changed (not their values).

    ``version``: the policy's version when the dialog was loaded (PolicyRecord.version); when someone changed
    the policy since, ChangedMeanwhile (services.patients.patients) says who and when and nothing is saved."""
    policy = _policy(tx, policy_id)
    check_version(tx.session, policy, version, what="this policy", saves=policy_saves(policy.id))
    values = _clean(tx, data, policy)
    _check_rank(tx, policy.patient_id, int(values["rank"]), values["effective_date"], values["end_date"],  # type: ignore[arg-type]
                policy.id)
    changed = changed_fields(policy, values, hidden=("member_key",))
    for key, value in values.items():
        setattr(policy, key, value)
    policy.updated_at = utcnow()
    if changed:  # a save that changes nothing leaves other people's open dialogs current
        bump_version(policy)
    _audit(tx, "insurance.update", policy, changed)
    return policy_record(tx.session, policy, practice_today(tx.session))


@operation(Permission.EDIT_PATIENTS)
def end_policy(tx: Tx, policy_id: int, end_date: date | str) -> PolicyRecord:
    """End a policy on ``end_date`` (its last covered day); it stays listed as history."""
    policy = _policy(tx, policy_id)
    _, stop = clean_coverage_dates(policy.effective_date, end_date or None, today=practice_today(tx.session))
    if stop is None:
        raise ValidationError("end_date", "End date is required.")
    policy.end_date = stop
    policy.updated_at = utcnow()
    bump_version(policy)
    _audit(tx, "insurance.end", policy, ["end_date"])
    return policy_record(tx.session, policy, practice_today(tx.session))


@operation(Permission.EDIT_PATIENTS)
def reorder_policies(tx: Tx, patient_id: int, policy_ids: list[int], *, on_date: date | None = None
                     ) -> list[PolicyRecord]:
    """Re-rank the policies in effect on ``on_date`` (default today) in the given order: first = primary.

    Each of those policies must be listed once. Policies not in effect that day keep their rank (a
    primary starting next month is not pushed down by today's order); overlaps are still refused.
    """
    _patient(tx, patient_id)
    day = on_date or practice_today(tx.session)
    current = {p.id: p for p in policies_in_effect(tx.session, patient_id, day)}
    ids = list(policy_ids)
    if len(ids) != len(set(ids)) or set(ids) != set(current):
        raise ValidationError("rank", "List each of the patient's policies in effect exactly once.")
    for rank, policy_id in enumerate(ids, start=1):
        policy = current[policy_id]
        if policy.rank != rank:
            policy.rank = rank
            policy.updated_at = utcnow()
            bump_version(policy)
            _audit(tx, "insurance.rank", policy, ["rank"])
    tx.session.flush()
    for policy in current.values():
        _check_rank(tx, patient_id, policy.rank, policy.effective_date, policy.end_date, policy.id)
    return _list(tx, patient_id, include_history=False)


def _list(tx: Tx, patient_id: int, *, include_history: bool) -> list[PolicyRecord]:
    today = practice_today(tx.session)
    ended = case((InsurancePolicy.end_date < today, 1), else_=0)
    stmt = (select(InsurancePolicy).where(InsurancePolicy.patient_id == patient_id)
            .order_by(ended, InsurancePolicy.rank, InsurancePolicy.effective_date.desc(), InsurancePolicy.id))
    records = [policy_record(tx.session, p, today) for p in tx.session.scalars(stmt)]
    return records if include_history else [r for r in records if r.status != "ended"]


@operation(Permission.VIEW_PATIENTS, write=False)
def list_policies(tx: Tx, patient_id: int, *, include_history: bool = True) -> list[PolicyRecord]:
    """The patient's policies: current and future by rank, then ended ones (history), newest first."""
    _patient(tx, patient_id)
    return _list(tx, patient_id, include_history=include_history)


@operation(Permission.VIEW_PATIENTS)
def open_policies(tx: Tx, patient_id: int) -> list[PolicyRecord]:
    """The policies as :func:`list_policies` gives them, for a screen that opens them: the view is audited
    (member ids and subscribers are PHI). The screen's later refreshes of the same list use list_policies."""
    patient = _patient(tx, patient_id)
    records = _list(tx, patient.id, include_history=True)
    tx.audit("patient.view", entity_type="insurance_policies", entity_id=patient.id, patient_id=patient.id,
             detail=f"insurance policies: {len(records)}")
    return records


@operation(Permission.VIEW_PATIENTS, write=False)
def get_policy(tx: Tx, policy_id: int) -> PolicyRecord:
    """One policy with its payer, latest eligibility check and which card images it has."""
    return policy_record(tx.session, _policy(tx, policy_id), practice_today(tx.session))
