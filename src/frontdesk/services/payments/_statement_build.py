"""One account's statement as a JSON-ready snapshot: who, activity since the last statement, aging, amount due.

The snapshot is what gets printed and stored (statement.snapshot): a reprint renders the stored snapshot,
never today's data, so it shows exactly what the patient received. Money is kept as decimal strings
("12.50"), dates as ISO strings; the figures come from the same balance model as the ledger
(services/payments/_ledger_queries.py), so a statement and the ledger never disagree.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.domain.formats import format_date, format_phone
from frontdesk.domain.money import from_cents
from frontdesk.models import Guarantor, Patient, Practice, Statement
from frontdesk.services.payments._aging_data import (
    BUCKET_COUNT,
    BUCKET_LABELS,
    Account,
    bucket_of,
)
from frontdesk.services.payments._ledger_entries import (
    charge_entries,
    insurance_entries,
    patient_money_entries,
)
from frontdesk.services._ledger_queries import (
    balance_split,
    line_states,
    lines_select,
)

SNAPSHOT_VERSION = 1
PAYMENT_DUE_DAYS = 30
# Dunning messages by the age (days since the date of service) of the oldest amount the patient owes.
DUNNING = (
    (30, "Thank you for choosing {practice}. Please pay the amount due by {due}."),
    (60, ("Your account is past due. Please send your payment today, or call us if you have a question "
         "about this bill.")),
    (90, ("Your account is seriously past due. Please pay the amount due now, or call our billing office "
         "to set up a payment plan.")),
    (None, ("FINAL NOTICE: part of your balance is more than 90 days old. Please pay in full within 10 days, "
           "or call our billing office today to make arrangements.")),
)


def dunning_message(oldest_days: int, practice: str, due: date) -> str:
    """The message for the age of the oldest amount owed."""
    for limit, text in DUNNING:
        if limit is None or oldest_days <= limit:
            return text.format(practice=practice or "our practice", due=format_date(due))
    raise AssertionError("unreachable: the last message has no limit")


def practice_block(session: Session) -> dict[str, Any]:
    """The practice header and remit-to address (read once per batch)."""
    practice = session.scalar(select(Practice).limit(1))
    if practice is None:
        return {"name": "", "lines": [], "phone": ""}
    lines = [x for x in (practice.address_line1, practice.address_line2,
                         f"{practice.city}, {practice.state} {practice.zip_code}".strip(", ")) if x.strip()]
    return {"name": practice.legal_name, "lines": lines, "phone": format_phone(practice.phone)}


def _recipient(session: Session, account: Account) -> tuple[dict[str, Any], str]:
    """Mailing name and address lines, and the account number printed on the statement."""
    person: Patient | Guarantor | None
    number = ""
    if account.guarantor_id is not None:
        person = session.get(Guarantor, account.guarantor_id)
        if person is not None and person.patient_id is not None:
            own = session.get(Patient, person.patient_id)
            person, number = (own, own.account_number) if own is not None else (person, "")
        number = number or f"G{account.guarantor_id}"
    else:
        person = session.get(Patient, account.patient_id)
        number = person.account_number if person is not None else ""
    if person is None:
        return {"name": "", "lines": []}, number
    name = " ".join(x for x in (person.first_name, person.middle_name[:1], person.last_name, person.suffix) if x)
    city = f"{person.city}, {person.state} {person.zip_code}".strip(", ").strip()
    lines = [x.strip() for x in (person.address_line1, person.address_line2, city) if x.strip()]
    return {"name": name, "lines": lines}, number


def insurance_note(insurance_cents: int) -> str:
    """What the statement says of charges still awaiting a payer: they are not part of the amount due."""
    if insurance_cents <= 0:
        return ""
    return (f"Other charges of ${from_cents(insurance_cents):,.2f} are awaiting insurance and are not due yet; "
            "we will bill you for any part your insurance leaves to you.")


def has_address(recipient: dict[str, Any]) -> bool:
    """A statement can be mailed only with a name, a street line and a city line."""
    return bool(recipient["name"]) and len(recipient["lines"]) >= 2


def _refs_of_last_statement(session: Session, account: Account, last_sent: date | None) -> set[str]:
    """Ledger refs listed on the account's last statement sent (none before the first statement)."""
    if last_sent is None:
        return set()
    column = Statement.guarantor_id if account.guarantor_id is not None else Statement.patient_id
    key = account.guarantor_id if account.guarantor_id is not None else account.patient_id
    text = session.scalar(select(Statement.snapshot).where(column == key, Statement.sent_on == last_sent)
                          .order_by(Statement.id.desc()).limit(1))
    return set(json.loads(text).get("refs", ())) if text else set()


def build_snapshot(session: Session, account: Account, patient_ids: tuple[int, ...], today: date,
                   last_sent: date | None, practice: dict[str, Any]) -> dict[str, Any] | None:
    """The statement data for one account, or None when it has no mailing address."""
    recipient, number = _recipient(session, account)
    if not has_address(recipient):
        return None
    states = line_states(session, patient_ids)
    split = balance_split(session, patient_ids, states)
    entries = charge_entries(session, states) + insurance_entries(session, states, lines_select(patient_ids, None))
    entries += patient_money_entries(session, patient_ids, states, None)
    entries = [e for e in entries if e.on <= today]
    entries.sort(key=lambda e: e.sort_key())
    open_dates = [s.service_date for s in states.values() if s.open]
    # Activity = entries the last statement did not show: from its date on (entries of that day posted
    # after it was printed included), minus the ones it listed (their refs are in its snapshot).
    since = last_sent if last_sent else min(open_dates, default=today)
    shown_before = _refs_of_last_statement(session, account, last_sent)
    names = {pid: f"{first} {last}" for pid, first, last in session.execute(
        select(Patient.id, Patient.first_name, Patient.last_name).where(Patient.id.in_(patient_ids)))}
    new = [e for e in entries if e.on >= since and e.ref not in shown_before]
    new_refs = {e.ref for e in new}
    previous = sum(e.cents for e in entries if e.ref not in new_refs)
    activity = [[e.on.isoformat(), names.get(e.patient_id, ""), e.description, str(from_cents(e.cents))]
                for e in new]
    buckets = [0] * BUCKET_COUNT
    oldest = 0
    for s in states.values():
        if s.patient_portion:
            days = max((today - s.service_date).days, 0)
            buckets[bucket_of(days)] += s.patient_portion
            if s.patient_portion > 0:
                oldest = max(oldest, days)
    # The ledger's figures: the aging buckets add up to the amount due plus the credit.
    insurance, due_cents = split.insurance, split.patient
    due_by = today + timedelta(days=PAYMENT_DUE_DAYS)
    return {
        "v": SNAPSHOT_VERSION, "statement_date": today.isoformat(), "due_by": due_by.isoformat(),
        "account": number, "practice": practice, "to": recipient,
        "patients": [names[pid] for pid in patient_ids if pid in names], "multi": len(patient_ids) > 1,
        "since": since.isoformat(), "first_statement": last_sent is None, "previous_balance": str(from_cents(previous)),
        "activity": activity, "refs": sorted(new_refs),
        "new_balance": str(from_cents(previous + sum(e.cents for e in new))),
        "insurance_pending": str(from_cents(insurance)), "insurance_note": insurance_note(insurance),
        "credit": str(from_cents(split.credit)),
        "aging": [[label, str(from_cents(c))] for label, c in zip(BUCKET_LABELS, buckets, strict=True)],
        "amount_due": str(from_cents(due_cents)), "oldest_days": oldest,
        "message": dunning_message(oldest, practice["name"], due_by),
    }
