"""Which accounts get a statement: one fast pass over the practice's receivables, then the batch filters.

Filters (each counted when it leaves an account out, so the biller sees why someone got no statement):
* held: patients marked "do not send statements" are left off their account's statement (their charges,
  payments and balance); an account left with nothing to bill is counted here;
* waiting_on_insurance: the patient owes nothing now (under the minimum) and money still awaits a payer;
  an account whose patient-owed amount is due gets its statement even while other charges await
  insurance: the statement asks only for the patient-owed amount and says the rest is not due yet;
* below_minimum: the amount due (patient portions minus unapplied credit) is under the minimum;
* too_recent: the account's last statement confirmed as sent is fewer than ``days_since_last`` days ago.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from frontdesk.models import Statement, StatementHold
from frontdesk.services.payments._aging_data import Account, accounts_of, receivables


@dataclass(frozen=True)
class Candidate:
    """An account to bill and the patients its statement covers."""

    account: Account
    patient_ids: tuple[int, ...]
    last_sent: date | None


@dataclass
class _Totals:
    patient: int = 0
    insurance: int = 0
    held: bool = False


def last_sent_dates(session: Session) -> dict[str, date]:
    """Account key -> date of its last statement confirmed as sent."""
    out: dict[str, date] = {}
    for gid, on in session.execute(select(Statement.guarantor_id, func.max(Statement.sent_on))
                                   .where(Statement.guarantor_id.is_not(None), Statement.sent_on.is_not(None))
                                   .group_by(Statement.guarantor_id)):
        out[f"G{gid}"] = on
    for pid, on in session.execute(select(Statement.patient_id, func.max(Statement.sent_on))
                                   .where(Statement.patient_id.is_not(None), Statement.sent_on.is_not(None))
                                   .group_by(Statement.patient_id)):
        out[f"P{pid}"] = on
    return out


def select_accounts(session: Session, today: date, *, min_cents: int, days_since_last: int,
                    exclude_held: bool) -> tuple[list[Candidate], dict[str, int]]:
    """Accounts passing every filter, and how many were left out by each filter."""
    data = receivables(session, today)
    per_patient: dict[int, _Totals] = {}
    for amount in data.amounts:
        totals = per_patient.setdefault(amount.patient_id, _Totals())
        totals.patient += amount.patient
        totals.insurance += amount.insurance
    for patient_id, cents in data.credit.items():
        per_patient.setdefault(patient_id, _Totals()).patient -= cents
    held = set(session.scalars(select(StatementHold.patient_id))) if exclude_held else set()
    accounts = accounts_of(session, set(per_patient))
    grouped: dict[str, tuple[Account, list[int], _Totals]] = {}
    for patient_id, totals in per_patient.items():
        account = accounts[patient_id]
        entry = grouped.setdefault(account.key, (account, [], _Totals()))
        if patient_id in held:
            entry[2].held = entry[2].held or totals.patient > 0 or totals.insurance > 0
            continue
        entry[1].append(patient_id)
        entry[2].patient += totals.patient
        entry[2].insurance += totals.insurance
    skipped = {"held": 0, "waiting_on_insurance": 0, "below_minimum": 0, "too_recent": 0}
    last = last_sent_dates(session)
    chosen = []
    for key, (account, patient_ids, totals) in grouped.items():
        if not patient_ids:
            skipped["held"] += 1 if totals.held else 0
            continue
        if totals.patient < min_cents or totals.patient <= 0:
            if totals.insurance > 0:
                skipped["waiting_on_insurance"] += 1
            elif totals.patient > 0 or totals.held:
                skipped["below_minimum"] += 1
            continue
        sent = last.get(key)
        if sent is not None and (today - sent).days < days_since_last:
            skipped["too_recent"] += 1
            continue
        chosen.append(Candidate(account, tuple(sorted(patient_ids)), sent))
    return chosen, skipped
