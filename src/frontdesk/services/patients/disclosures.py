"""The disclosure log (HIPAA 164.528): record a disclosure of a patient's records, void a mistaken entry,
list a patient's log, and the accounting of the last six years a patient may ask for.

A disclosure is what leaves the practice other than for treatment, payment or operations: a release of
information the patient authorised, a subpoena, an insurer outside a claim, a public-health report.
Entries are append-only in the database (migration 0026): a mistaken one is voided with a reason, never
edited or deleted, and the accounting leaves voided entries out.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import aliased

from frontdesk.domain.dates import add_months, parse_us_date
from frontdesk.domain.disclosure_records import (
    KINDS,
    DisclosureAccounting,
    DisclosureEntry,
    DisclosureInput,
)
from frontdesk.domain.permissions import Permission
from frontdesk.domain.text import clean_text
from frontdesk.errors import ConflictError, FieldErrors, NotFoundError, ValidationError
from frontdesk.models import Disclosure, Practice, User
from frontdesk.services._base import Tx, operation
from frontdesk.services._lookups import load_editable, load_patient
from frontdesk.services._practice_clock import practice_now, practice_today

ACCOUNTING_MONTHS = 72  # 164.528(a): the six years before the request


def _clean_date(value: object, today: date) -> date:
    if value is None or value == "":
        raise ValidationError("disclosed_on", "Date disclosed is required.")
    if isinstance(value, str):
        parsed = parse_us_date(value, today=today)
        if parsed is None:
            raise ValidationError("disclosed_on", "Date disclosed is not a real date; type it as MM/DD/YYYY.")
        value = parsed
    if not isinstance(value, date):
        raise ValidationError("disclosed_on", "Date disclosed is not a real date; type it as MM/DD/YYYY.")
    if value > today:
        raise ValidationError("disclosed_on", "Date disclosed cannot be in the future.")
    return value


def _clean_kind(value: object) -> str:
    if value not in KINDS:
        raise ValidationError("kind", "Choose what kind of disclosure this was.")
    return str(value)


def _entries(tx: Tx, *conditions: object) -> list[DisclosureEntry]:
    recorder, voider = aliased(User), aliased(User)
    stmt = (select(Disclosure, recorder.username, voider.username)
            .outerjoin(recorder, recorder.id == Disclosure.recorded_by)
            .outerjoin(voider, voider.id == Disclosure.voided_by)
            .where(*conditions).order_by(Disclosure.disclosed_on.desc(), Disclosure.id.desc()))
    return [DisclosureEntry(d.id, d.patient_id, d.disclosed_on, d.kind, d.recipient, d.recipient_address,
                            d.description, d.purpose, by or "", d.recorded_at, d.voided_at, void_by or "",
                            d.void_reason)
            for d, by, void_by in tx.session.execute(stmt)]


@operation(Permission.EDIT_PATIENTS)
def record_disclosure(tx: Tx, patient_id: int, entry: DisclosureInput) -> DisclosureEntry:
    """Add one disclosure to the patient's log; every wrong field is reported at once."""
    patient = load_editable(tx.session, patient_id)
    errors = FieldErrors()
    today = practice_today(tx.session)
    disclosed_on = errors.check(_clean_date, entry.disclosed_on, today)
    kind = errors.check(_clean_kind, entry.kind)
    recipient = errors.check(clean_text, entry.recipient, "recipient", "Disclosed to", max_len=120, required=True)
    address = errors.check(clean_text, entry.recipient_address, "recipient_address", "Recipient's address",
                           max_len=300, multiline=True)
    description = errors.check(clean_text, entry.description, "description", "What was disclosed", max_len=500,
                               required=True, multiline=True)
    purpose = errors.check(clean_text, entry.purpose, "purpose", "Purpose", max_len=500, required=True,
                           multiline=True)
    errors.raise_any()
    row = Disclosure(patient_id=patient.id, disclosed_on=disclosed_on, kind=kind, recipient=recipient,
                     recipient_address=address, description=description, purpose=purpose,
                     recorded_by=tx.actor.user_id if tx.actor else None, recorded_at=practice_now(tx.session))
    tx.session.add(row)
    tx.session.flush()
    # The audit names the kind only: the recipient and the contents stay in the log itself.
    tx.audit("disclosure.record", entity_type="disclosure", entity_id=row.id, patient_id=patient.id,
             detail=f"kind: {kind}")
    tx.changed("disclosures")
    return _entries(tx, Disclosure.id == row.id)[0]


@operation(Permission.EDIT_PATIENTS)
def void_disclosure(tx: Tx, disclosure_id: int, reason: str) -> DisclosureEntry:
    """Mark a mistaken entry void with a reason; it stays in the log and leaves the accounting."""
    row = tx.session.get(Disclosure, disclosure_id) if isinstance(disclosure_id, int) else None
    if row is None:
        raise NotFoundError("That disclosure entry no longer exists.")
    if row.voided_at is not None:
        raise ConflictError("That entry was already voided.")
    text = clean_text(reason, "void_reason", "Reason", max_len=200, required=True)
    row.voided_at = practice_now(tx.session)
    row.voided_by = tx.actor.user_id if tx.actor else None
    row.void_reason = text
    tx.audit("disclosure.void", entity_type="disclosure", entity_id=row.id, patient_id=row.patient_id)
    tx.changed("disclosures")
    return _entries(tx, Disclosure.id == row.id)[0]


@operation(Permission.VIEW_PATIENTS, write=False)
def list_disclosures(tx: Tx, patient_id: int) -> list[DisclosureEntry]:
    """The patient's whole log, newest first, voided entries included (shown as such)."""
    load_patient(tx.session, patient_id)
    return _entries(tx, Disclosure.patient_id == patient_id)


@operation(Permission.VIEW_PATIENTS, write=True)
def accounting_of_disclosures(tx: Tx, patient_id: int) -> DisclosureAccounting:
    """The accounting a patient may request: every entry of the six years up to today, oldest first; audited
    as printed (the Disclosures tab prints it or saves it as a PDF with reports/disclosure_accounting.py)."""
    patient = load_patient(tx.session, patient_id)
    today = practice_today(tx.session)
    start = add_months(today, -ACCOUNTING_MONTHS)
    entries = _entries(tx, Disclosure.patient_id == patient.id, Disclosure.voided_at.is_(None),
                       Disclosure.disclosed_on >= start, Disclosure.disclosed_on <= today)
    practice = tx.session.scalar(select(Practice).limit(1))
    tx.audit("disclosure.accounting", entity_type="patient", entity_id=patient.id, patient_id=patient.id,
             detail=f"{len(entries)} entries")
    return DisclosureAccounting(practice.legal_name if practice else "", f"{patient.last_name}, {patient.first_name}",
                                patient.account_number, patient.dob, start, today, practice_now(tx.session),
                                tuple(reversed(entries)))
