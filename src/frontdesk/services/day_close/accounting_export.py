"""The accounting export: closed days' money as journals for QuickBooks (IIF for Desktop, the journal CSV that
QuickBooks Online imports), each day once; a later export of a day is marked a re-export in the file and here.

Every figure is a posting the day sheet and the deposit slips count (services/day_close/_journal.py), so a
day's journal agrees with them. Only closed days are exported: an open day's money can still change.
"""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select

from frontdesk.domain.money import from_cents
from frontdesk.domain.journal_records import DayJournal, JournalLine, JournalPeriod
from frontdesk.domain.permissions import Permission
from frontdesk.errors import FieldErrors, ValidationError
from frontdesk.models import AccountingExport, DayClose, User
from frontdesk.services._base import Tx, operation
from frontdesk.services._practice_clock import practice_now, practice_today
from frontdesk.services.admin.accounting_map import LABELS, read_map
from frontdesk.services.day_close._journal import day_postings

FORMATS = {"iif": "QuickBooks Desktop (.iif)", "qbo_csv": "QuickBooks Online journal (.csv)"}
MAX_DAYS = 366


def _clean_range(start: object, end: object) -> tuple[date, date]:
    errors = FieldErrors()
    for value, field, label in ((start, "start", "From"), (end, "end", "To")):
        if not isinstance(value, date):
            errors.add(ValidationError(field, f"{label} must be a date."))
    errors.raise_any()
    assert isinstance(start, date) and isinstance(end, date)
    if end < start:
        raise ValidationError("end", "The range ends before it starts: choose a To date on or after From.")
    if (end - start).days >= MAX_DAYS:
        raise ValidationError("end", f"Export at most {MAX_DAYS} days at a time.")
    return start, end


def _history(tx: Tx, start: date, end: date) -> dict[date, list[str]]:
    done: dict[date, list[str]] = {}
    tz = practice_now(tx.session).tzinfo  # read once: it is a settings query
    for day, at, name in tx.session.execute(
            select(AccountingExport.day, AccountingExport.exported_at, User.username)
            .outerjoin(User, User.id == AccountingExport.exported_by)
            .where(AccountingExport.day >= start, AccountingExport.day <= end)
            .order_by(AccountingExport.exported_at, AccountingExport.id)):
        local: datetime = at.astimezone(tz)
        done.setdefault(day, []).append(f"{local:%m/%d/%Y %I:%M %p} by {name or 'FrontDesk'}")
    return done


def _period(tx: Tx, start: object, end: object) -> JournalPeriod:
    first, last = _clean_range(start, end)
    if last > practice_today(tx.session):
        raise ValidationError("end", "The range ends in the future: only closed days are exported.")
    closed = set(tx.session.scalars(select(DayClose.day).where(DayClose.day >= first, DayClose.day <= last)))
    accounts = read_map(tx.session)
    history = _history(tx, first, last)
    journals, open_days, missing = [], [], []
    day = first
    while day <= last:
        postings = day_postings(tx.session, day)
        if postings and day not in closed:
            open_days.append(day)
        elif postings:
            lines = []
            for p in postings:
                account = accounts.account(p.key)
                if not account and p.key not in missing:
                    missing.append(p.key)
                money = from_cents(abs(p.cents))
                zero = Decimal("0.00")
                lines.append(JournalLine(account, money if p.cents > 0 else zero, money if p.cents < 0 else zero,
                                         p.memo))
            journals.append(DayJournal(day, tuple(lines), tuple(history.get(day, ()))))
        day += timedelta(days=1)
    if missing:
        raise ValidationError("account_map", "Choose the practice's account for " + "; ".join(
            LABELS[key] for key in missing) + " (Admin > Accounting) before exporting.")
    return JournalPeriod(first, last, tuple(journals), tuple(open_days))


@operation(Permission.CLOSE_DAY, write=False)
def journal_preview(tx: Tx, start: date, end: date) -> JournalPeriod:
    """The journals an export of ``start``..``end`` would write, with re-exports and open days named."""
    return _period(tx, start, end)


@operation(Permission.CLOSE_DAY)
def export_journal(tx: Tx, start: date, end: date, file_format: str,
                   out_path: str | os.PathLike[str]) -> JournalPeriod:
    """Write the closed days' journals to ``out_path`` (atomically) and record each day as exported."""
    from frontdesk.reports.accounting_journal import WRITERS

    if file_format not in FORMATS:
        raise ValidationError("file_format", "Choose QuickBooks Desktop (.iif) or QuickBooks Online (.csv).")
    period = _period(tx, start, end)
    if not period.journals:
        raise ValidationError("start", "No closed day in this range has money to export"
                              + (" (days with money are not closed yet)." if period.open_days else "."))
    WRITERS[file_format](out_path, period.journals)
    user_id = tx.actor.user_id if tx.actor else None
    for journal in period.journals:
        tx.session.add(AccountingExport(day=journal.day, file_format=file_format, reexport=journal.reexport,
                                        debits_cents=int(journal.debits * 100), exported_by=user_id))
    again = sum(1 for j in period.journals if j.reexport)
    tx.audit("accounting.export", entity_type="journal", entity_id=f"{period.start}..{period.end}",
             detail=f"{len(period.journals)} days, {file_format}" + (f", {again} re-exported" if again else ""))
    tx.changed("accounting")
    return period
