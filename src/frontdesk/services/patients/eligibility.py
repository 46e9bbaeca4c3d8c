"""Manual eligibility checks (phone, portal, fax) logged per policy; live checks need a clearinghouse."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from frontdesk.domain.permissions import Permission
from frontdesk.domain.text import clean_text
from frontdesk.errors import NotFoundError
from frontdesk.models import EligibilityCheck, InsurancePolicy, Payer
from frontdesk.services._base import Tx, operation, require_actor
from frontdesk.services._contact_log import add_contact_event
from frontdesk.domain.insurance_fields import CHECK_METHODS, CHECK_RESULTS, choice, clean_past_date, fields_detail
from frontdesk.services.patients._insurance_records import EligibilityCheckInfo, check_info
from frontdesk.services._practice_clock import practice_today

# CHECK_METHODS and CHECK_RESULTS are re-exported from _insurance_fields: the check form's choices.
__all__ = ["CHECK_METHODS", "CHECK_RESULTS", "CheckInput", "EligibilityCheckInfo", "list_checks", "log_check"]


@dataclass(frozen=True)
class CheckInput:
    """One eligibility check as the form collects it."""

    checked_on: date | str
    method: str
    result: str
    payer_contact: str = ""
    reference_number: str = ""
    note: str = ""


def _policy(tx: Tx, policy_id: int) -> InsurancePolicy:
    policy = tx.session.get(InsurancePolicy, policy_id)
    if policy is None:
        raise NotFoundError("That insurance policy no longer exists.")
    return policy


@operation(Permission.EDIT_PATIENTS)
def log_check(tx: Tx, policy_id: int, data: CheckInput) -> EligibilityCheckInfo:
    """Log a check done by phone, portal or fax; it also goes on the patient's contact history."""
    actor = require_actor(tx)
    policy = _policy(tx, policy_id)
    values = {
        "checked_on": clean_past_date(data.checked_on, "checked_on", "Date checked", today=practice_today(tx.session)),
        "method": choice(data.method, CHECK_METHODS, "method", "How it was checked"),
        "result": choice(data.result, CHECK_RESULTS, "result", "Result"),
        "payer_contact": " ".join(clean_text(data.payer_contact, "payer_contact", "Payer contact",
                                             max_len=80).split()),
        "reference_number": clean_text(data.reference_number, "reference_number", "Reference number", max_len=40),
        "note": clean_text(data.note, "note", "Note", max_len=500, multiline=True),
    }
    check = EligibilityCheck(policy_id=policy.id, checked_by=actor.user_id, **values)
    tx.session.add(check)
    tx.session.flush()
    payer = tx.session.get(Payer, policy.payer_id)
    # The timeline shows staff what happened; the member id and reference stay on the check itself.
    add_contact_event(tx.session, patient_id=policy.patient_id, kind="eligibility", user_id=actor.user_id,
                      direction="out", outcome=CHECK_RESULTS[str(values["result"])],
                      summary=f"Eligibility check with {payer.name if payer else 'payer'} "
                              f"by {CHECK_METHODS[str(values['method'])].lower()}",
                      ref_type="insurance_policy", ref_id=policy.id)
    tx.audit("eligibility.create", entity_type="eligibility_check", entity_id=check.id,
             patient_id=policy.patient_id,
             detail=fields_detail(sorted(k for k, v in values.items() if v not in ("", None))))
    tx.changed("insurance", "contacts")
    return check_info(tx.session, check)


@operation(Permission.VIEW_PATIENTS, write=False)
def list_checks(tx: Tx, policy_id: int) -> list[EligibilityCheckInfo]:
    """A policy's checks, newest first."""
    _policy(tx, policy_id)
    stmt = (select(EligibilityCheck).where(EligibilityCheck.policy_id == policy_id)
            .order_by(EligibilityCheck.checked_on.desc(), EligibilityCheck.id.desc()))
    return [check_info(tx.session, c) for c in tx.session.scalars(stmt)]
