"""A/R aging: open amounts as of a date in buckets by date of service, by payer and by account, with exports.

Buckets (days from the date of service to the as-of date): 0-30, 31-60, 61-90, 91-120, over 120.
Each row splits into the insurance portion (awaiting a payer) and the patient portion; unapplied patient
credit is shown in its own column (it belongs to no charge, so it has no age) and is subtracted in the total,
so a row's total equals the ledger balance of the same patients. The balance model is
services/payments/_aging_data.py. Viewing, printing and exporting need VIEW_AGING (a billing report: the front desk
sees a patient's balance in the ledger, not the practice's receivables); printing and exporting are audited.
"""

from __future__ import annotations

import functools
import os
from datetime import date

from sqlalchemy import select

from frontdesk.domain.money import from_cents
from frontdesk.domain.aging_report import AgingReport, AgingRow
from frontdesk.domain.permissions import Permission
from frontdesk.errors import ValidationError
from frontdesk.models import Guarantor, Patient, Payer, Practice
from frontdesk.services.payments._aging_data import (
    BUCKET_COUNT,
    BUCKET_LABELS,
    accounts_of,
    receivables,
)
from frontdesk.services._base import Tx, operation
from frontdesk.services._practice_clock import practice_today

__all__ = ["BUCKET_LABELS", "AgingReport", "AgingRow", "aging_report", "export_aging_csv", "write_aging_pdf"]



_money = functools.lru_cache(maxsize=4096)(from_cents)  # most cells repeat (0.00 above all): convert once


class _Sums:
    """Cents per bucket while rows are built."""

    __slots__ = ("credit", "insurance", "patient")

    def __init__(self) -> None:
        self.insurance = [0] * BUCKET_COUNT
        self.patient = [0] * BUCKET_COUNT
        self.credit = 0

    def row(self, key: str, label: str, account_number: str = "") -> AgingRow:
        return AgingRow(key, label, account_number, tuple(map(_money, self.insurance)),  # type: ignore[arg-type]
                        tuple(map(_money, self.patient)), _money(self.credit))  # type: ignore[arg-type]


def _clean_as_of(tx: Tx, as_of: object) -> date:
    if as_of is None:
        return practice_today(tx.session)
    if not isinstance(as_of, date):
        raise ValidationError("as_of", "The as-of date is not a date (MM/DD/YYYY).")
    return as_of


def _build_report(tx: Tx, as_of: date) -> AgingReport:
    """The report's figures (inside a caller's operation)."""
    data = receivables(tx.session, as_of)
    patient_ids = {amount.patient_id for amount in data.amounts} | set(data.credit)
    accounts = accounts_of(tx.session, patient_ids)
    payers: dict[int, _Sums] = {}
    patients_row, totals = _Sums(), _Sums()
    by_account: dict[str, _Sums] = {}
    keys = {patient_id: account.key for patient_id, account in accounts.items()}
    for amount in data.amounts:
        bucket = amount.bucket
        account = by_account.get(keys[amount.patient_id])
        if account is None:  # not setdefault: it would build a throw-away _Sums per row (40,000 rows)
            account = by_account[keys[amount.patient_id]] = _Sums()
        if amount.insurance:
            payer = payers.setdefault(amount.payer_id or 0, _Sums())
            payer.insurance[bucket] += amount.insurance
            account.insurance[bucket] += amount.insurance
            totals.insurance[bucket] += amount.insurance
        if amount.patient:
            patients_row.patient[bucket] += amount.patient
            account.patient[bucket] += amount.patient
            totals.patient[bucket] += amount.patient
    for patient_id, cents in data.credit.items():
        by_account.setdefault(accounts[patient_id].key, _Sums()).credit += cents
        patients_row.credit += cents
        totals.credit += cents
    payer_names = dict(tx.session.execute(select(Payer.id, Payer.name).where(Payer.id.in_(list(payers)))).all())
    payer_rows = sorted((sums.row(f"payer:{pid}", payer_names.get(pid, "Unknown payer"))
                         for pid, sums in payers.items()), key=lambda r: r.label.lower())
    payer_rows.append(patients_row.row("patients", "Patients (patient portions)"))
    names = _account_names(tx, accounts)
    account_rows = sorted((sums.row(key, *names.get(key, ("", ""))) for key, sums in by_account.items()
                           if any(sums.insurance) or any(sums.patient) or sums.credit),
                          key=lambda r: (r.label.lower(), r.key))
    practice = tx.session.scalar(select(Practice).limit(1))
    return AgingReport(as_of, practice.legal_name if practice else "", tuple(payer_rows), tuple(account_rows),
                       totals.row("total", "Total"))


_MANY_IDS = 500  # above this many ids a whole-table read beats an IN list


def _rows_for(tx: Tx, query, column, ids: set[int]) -> list:  # type: ignore[no-untyped-def]
    """Rows of ``query`` (its first column is ``column``) whose id is in ``ids``: a whole-table read when the ids
    are many (compiling an IN list of 20,000 parameters costs more than reading every row)."""
    if not ids:
        return []
    if len(ids) > _MANY_IDS:
        return [row for row in tx.session.execute(query) if row[0] in ids]
    return list(tx.session.execute(query.where(column.in_(list(ids)))))


def _account_names(tx: Tx, accounts: dict[int, object]) -> dict[str, tuple[str, str]]:
    """Account key -> ("Last, First", account number) for the people who get the bill."""
    guarantor_ids = {a.guarantor_id for a in accounts.values() if a.guarantor_id is not None}  # type: ignore[attr-defined]
    self_ids = {a.patient_id for a in accounts.values() if a.patient_id is not None}  # type: ignore[attr-defined]
    out: dict[str, tuple[str, str]] = {}
    rows = _rows_for(tx, select(Guarantor.id, Guarantor.patient_id, Guarantor.first_name, Guarantor.last_name),
                     Guarantor.id, guarantor_ids)
    person_ids = self_ids | {pid for _g, pid, _f, _l in rows if pid is not None}
    people = {pid: (f"{last}, {first}", number) for pid, first, last, number in _rows_for(
        tx, select(Patient.id, Patient.first_name, Patient.last_name, Patient.account_number), Patient.id, person_ids)}
    for gid, pid, first, last in rows:
        out[f"G{gid}"] = people.get(pid, (f"{last}, {first}", f"G{gid}")) if pid else (f"{last}, {first}", f"G{gid}")
    for pid in self_ids:
        out[f"P{pid}"] = people.get(pid, ("", ""))
    return out


@operation(Permission.VIEW_AGING, write=False, audited_read=True)
def aging_report(tx: Tx, as_of: date | None = None, *, refresh: bool = False) -> AgingReport:
    """The A/R aging report as of a date (default: today in the practice's time zone), audited as a view.

    It lists every account with a balance (names and amounts: PHI), so a person opening it, or choosing another
    date, is recorded; ``refresh=True`` is the screen reloading what the same person already sees after a
    change, which is not a new view.
    """
    report = _build_report(tx, _clean_as_of(tx, as_of))
    if not refresh:
        tx.audit("aging.view", entity_type="aging", entity_id=report.as_of.isoformat(),
                 detail=f"{len(report.by_account)} accounts")
    return report


@operation(Permission.VIEW_AGING, write=False, audited_read=True)
def export_aging_csv(tx: Tx, out_path: str | os.PathLike[str], as_of: date | None = None) -> AgingReport:
    """Write the aging report as CSV (formula-safe text, amounts as plain numbers) and record the export."""
    from frontdesk.reports.aging import write_aging_csv

    report = _build_report(tx, _clean_as_of(tx, as_of))
    write_aging_csv(report, out_path)
    tx.audit("aging.export_csv", entity_type="aging", entity_id=report.as_of.isoformat(),
             detail=f"{len(report.by_account)} accounts, {len(report.by_payer)} payer rows")
    return report


@operation(Permission.VIEW_AGING, write=False, audited_read=True)
def write_aging_pdf(tx: Tx, out_path: str | os.PathLike[str], as_of: date | None = None) -> AgingReport:
    """Print the aging report to a PDF and record that it was printed."""
    from frontdesk.reports.aging import write_aging_pdf as render

    report = _build_report(tx, _clean_as_of(tx, as_of))
    render(report, out_path)
    tx.audit("aging.print", entity_type="aging", entity_id=report.as_of.isoformat(),
             detail=f"{len(report.by_account)} accounts, {len(report.by_payer)} payer rows")
    return report
