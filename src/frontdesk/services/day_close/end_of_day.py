"""End of day: the day sheet, the cash drawer count, deposits (and their slips), the checklist and closing a day.

Closing a day (a DayClose row) locks it: services/day_close/_day_locks.py makes later changes to its payments and
charges an administrator's dated correction. Saving a deposit locks its payments (one deposit each, rows
never edited). Every write here is audited; nothing here logs or audits patient names.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select

from frontdesk.domain.money import parse_money, to_cents
from frontdesk.domain.permissions import Permission
from frontdesk.errors import ConflictError, NotFoundError, ValidationError
from frontdesk.models import (
    CashDrawerCount,
    DayClose,
    DaySheetPrint,
    Deposit,
    DepositItem,
    Practice,
)
from frontdesk.services.day_close import _day_sheet_queries as q
from frontdesk.services._audit_chain import anchor_after_commit, chain_head
from frontdesk.services._base import Tx, operation, require_actor
from frontdesk.services._day_locks import is_closed
from frontdesk.services.day_close._deposit_queries import candidates, deposit_info, deposits_on
from frontdesk.services._practice_clock import practice_today
from frontdesk.services.day_close._eod_checklist import status as checklist_status
from frontdesk.services.day_close._eod_checklist import verified_backup_id
from frontdesk.domain.card_numbers import clean_note
from frontdesk.services._practice_clock import practice_now, schedule_settings
from frontdesk.storage.anchor import checksum
from frontdesk.services.day_close.end_of_day_types import (
    DaySheet,
    DepositCandidate,
    DepositInfo,
    DrawerCount,
    DrawerExpectation,
    EndOfDayStatus,
)

TOPICS = ("end_of_day",)


def _clean_day(tx: Tx, day: object) -> date:
    """None = today (practice time zone); never a future day."""
    today = practice_today(tx.session)
    if day is None:
        return today
    if not isinstance(day, date) or isinstance(day, datetime):
        raise ValidationError("day", "The day is not a date (MM/DD/YYYY).")
    if day > today:
        raise ValidationError("day", f"{day:%m/%d/%Y} has not happened yet.")
    return day


def _sheet(tx: Tx, day: date) -> DaySheet:
    procedures, visits = q.procedure_totals(tx.session, day)
    payments, reversals = q.patient_money(tx.session, day)
    payments.append(q.insurance_money(tx.session, day))
    voided = q.voided_insurance(tx.session, day)
    if voided.count:
        reversals.append(voided)
    adjustments = q.adjustments(tx.session, day)
    payments_total = sum((m.amount for m in payments), Decimal("0.00"))
    reversals_total = sum((m.amount for m in reversals), Decimal("0.00"))
    practice = tx.session.scalar(select(Practice.legal_name).limit(1)) or ""
    head_seq, head_hash = chain_head(tx.session)
    return DaySheet(
        day=day, practice_name=practice, procedures=tuple(procedures),
        charges_total=sum((p.amount for p in procedures), Decimal("0.00")), visit_count=visits,
        payments=tuple(payments), payments_total=payments_total, adjustments=tuple(adjustments),
        adjustments_total=sum((a.amount for a in adjustments), Decimal("0.00")), reversals=tuple(reversals),
        reversals_total=reversals_total, net_receipts=payments_total + reversals_total,
        drawer=q.latest_drawer_count(tx.session, day), expected=q.drawer_expectation(tx.session, day),
        corrections=tuple(q.corrections_made_on(tx.session, day)), closed=is_closed(tx.session, day),
        printed_at=practice_now(tx.session), audit_events=head_seq, audit_checksum=checksum(head_hash))


@operation(Permission.CLOSE_DAY, write=False)
def day_sheet(tx: Tx, day: date | None = None) -> DaySheet:
    """The day sheet's figures (for a preview; printing goes through write_day_sheet_pdf, which is recorded)."""
    return _sheet(tx, _clean_day(tx, day))


@operation(Permission.CLOSE_DAY)
def write_day_sheet_pdf(tx: Tx, day: date | None, out_path: str | os.PathLike[str]) -> DaySheet:
    """Write the day sheet PDF (atomically) and record that it was printed (a checklist step)."""
    from frontdesk.reports.day_sheet import write_day_sheet

    sheet = _sheet(tx, _clean_day(tx, day))
    write_day_sheet(sheet, out_path)
    actor = require_actor(tx)
    tx.session.add(DaySheetPrint(day=sheet.day, printed_by=actor.user_id))
    tx.audit("day.sheet_print", entity_type="day", entity_id=sheet.day.isoformat())
    tx.changed(*TOPICS)
    return sheet


@operation(Permission.CLOSE_DAY, write=False)
def drawer_expectation(tx: Tx, day: date | None = None) -> DrawerExpectation:
    """What the system expects in the drawer for the day (cash entries and checks; float not included)."""
    return q.drawer_expectation(tx.session, _clean_day(tx, day))


@operation(Permission.CLOSE_DAY)
def count_drawer(tx: Tx, day: date | None, *, opening_float: str, counted_cash: str, counted_checks: str,
                 note: str = "") -> DrawerCount:
    """Record the drawer count; a difference from what is expected needs a note saying why."""
    actor = require_actor(tx)
    when = _clean_day(tx, day)
    if is_closed(tx.session, when):
        raise ConflictError(f"{when:%m/%d/%Y} is closed; its drawer count is final.")
    float_cents = to_cents(parse_money(opening_float, "opening_float", "The opening float"))
    cash_cents = to_cents(parse_money(counted_cash, "counted_cash", "The counted cash"))
    check_cents = to_cents(parse_money(counted_checks, "counted_checks", "The counted checks"))
    text = clean_note(note, "note", "The note", limit=200)
    expected = q.drawer_expectation(tx.session, when)
    expected_cash = float_cents + to_cents(expected.cash)
    expected_checks = to_cents(expected.checks)
    difference = cash_cents + check_cents - expected_cash - expected_checks
    if difference and len(text) < 3:
        raise ValidationError("note", "The count differs from what is expected; say in a few words why.")
    tx.session.add(CashDrawerCount(day=when, opening_float_cents=float_cents, counted_cash_cents=cash_cents,
                                   counted_checks_cents=check_cents, expected_cash_cents=expected_cash,
                                   expected_checks_cents=expected_checks, difference_cents=difference, note=text,
                                   counted_by=actor.user_id))
    tx.session.flush()
    tx.audit("day.drawer_count", entity_type="day", entity_id=when.isoformat(),
             detail=f"difference {difference / 100:+.2f}")
    tx.changed(*TOPICS)
    found = q.latest_drawer_count(tx.session, when)
    assert found is not None  # just written in this transaction
    return found


@operation(Permission.MAKE_DEPOSITS, write=False)
def deposit_candidates(tx: Tx, through: date | None = None) -> list[DepositCandidate]:
    """Cash and checks received up to ``through`` (default today) that are not on a deposit yet."""
    return candidates(tx.session, _clean_day(tx, through))


def _parse_key(key: object) -> tuple[str, int]:
    text = str(key or "")
    kind, _, number = text.partition(":")
    if kind not in ("p", "i") or not number.isdigit():
        raise ValidationError("items", "Choose the payments to deposit.")
    return kind, int(number)


@operation(Permission.MAKE_DEPOSITS)
def save_deposit(tx: Tx, keys: Sequence[str], *, deposit_date: date | None = None, note: str = "") -> DepositInfo:
    """Save a deposit of the chosen waiting items (DepositCandidate.key); they are locked on it from now on."""
    actor = require_actor(tx)
    when = _clean_day(tx, deposit_date)
    if isinstance(keys, (str, bytes)) or not keys:
        raise ValidationError("items", "Choose at least one payment to deposit.")
    waiting = {c.key: c for c in candidates(tx.session, when)}
    chosen: list[DepositCandidate] = []
    for key in dict.fromkeys(keys):
        _parse_key(key)
        if key not in waiting:
            raise ConflictError("One of the chosen payments is already on a deposit (or cannot be deposited); "
                                "refresh the list.")
        chosen.append(waiting[key])
    cash = sum(to_cents(c.amount) for c in chosen if c.method == "cash")
    checks = [c for c in chosen if c.method == "check"]
    check_cents = sum(to_cents(c.amount) for c in checks)
    if cash + check_cents <= 0:
        raise ValidationError("items", "The deposit total must be more than $0.00.")
    deposit = Deposit(deposit_date=when, cash_cents=cash, check_cents=check_cents, check_count=len(checks),
                      total_cents=cash + check_cents, note=clean_note(note, "note", "The note", limit=200),
                      created_by=actor.user_id)
    tx.session.add(deposit)
    tx.session.flush()
    for c in chosen:
        kind, number = _parse_key(c.key)
        tx.session.add(DepositItem(deposit_id=deposit.id, payment_id=number if kind == "p" else None,
                                   insurance_payment_id=number if kind == "i" else None, method=c.method,
                                   amount_cents=to_cents(c.amount)))
    tx.session.flush()
    tx.audit("deposit.save", entity_type="deposit", entity_id=deposit.id,
             detail=f"{len(chosen)} items, ${(cash + check_cents) / 100:,.2f}")
    tx.changed(*TOPICS, "payments")
    return deposit_info(tx.session, deposit)


def _load_deposit(tx: Tx, deposit_id: object) -> Deposit:
    found = tx.session.get(Deposit, deposit_id) if isinstance(deposit_id, int) else None
    if found is None:
        raise NotFoundError("That deposit does not exist.")
    return found


@operation(Permission.MAKE_DEPOSITS, write=False)
def get_deposit(tx: Tx, deposit_id: int) -> DepositInfo:
    """One saved deposit with its checks and cash total."""
    return deposit_info(tx.session, _load_deposit(tx, deposit_id))


@operation(Permission.MAKE_DEPOSITS, write=False)
def list_deposits(tx: Tx, day: date | None = None) -> list[DepositInfo]:
    """The deposits dated ``day`` (default today)."""
    return [deposit_info(tx.session, d) for d in deposits_on(tx.session, _clean_day(tx, day))]


@operation(Permission.MAKE_DEPOSITS)
def write_deposit_slip_pdf(tx: Tx, deposit_id: int, out_path: str | os.PathLike[str]) -> DepositInfo:
    """Write a saved deposit's slip PDF (atomically) and record the print."""
    from frontdesk.reports.deposit_slip import write_deposit_slip

    info = deposit_info(tx.session, _load_deposit(tx, deposit_id))
    write_deposit_slip(info, out_path, schedule_settings(tx.session).tz)
    tx.audit("deposit.slip_print", entity_type="deposit", entity_id=info.id)
    return info


@operation(Permission.CLOSE_DAY, write=False)
def end_of_day_status(tx: Tx, day: date | None = None) -> EndOfDayStatus:
    """The closing checklist of the day: each step done, or what is missing."""
    return checklist_status(tx.session, _clean_day(tx, day))


@operation(Permission.CLOSE_DAY)
def close_day(tx: Tx, day: date | None = None) -> EndOfDayStatus:
    """Close the day (locking its payments and charges); refused, listing what is missing, until all is done."""
    actor = require_actor(tx)
    when = _clean_day(tx, day)
    if is_closed(tx.session, when):
        raise ConflictError(f"{when:%m/%d/%Y} is already closed.")
    current = checklist_status(tx.session, when)
    if current.missing:
        raise ConflictError("The day cannot be closed yet: " + " ".join(s.missing for s in current.missing))
    # The day's totals as closed are kept, so later corrections can be compared with what was closed.
    sheet = _sheet(tx, when)
    insurance = to_cents(q.insurance_money(tx.session, when).amount + q.voided_insurance(tx.session, when).amount)
    backup_id = verified_backup_id(tx.session, when)
    tx.session.add(DayClose(day=when, closed_by=actor.user_id, backup_run_id=backup_id,
                            backup_verified=backup_id is not None, charges_cents=to_cents(sheet.charges_total),
                            patient_money_cents=to_cents(sheet.net_receipts) - insurance, insurance_cents=insurance,
                            adjustments_cents=to_cents(sheet.adjustments_total)))
    tx.session.flush()
    tx.audit("day.close", entity_type="day", entity_id=when.isoformat(),
             detail=f"backup run {backup_id}" if backup_id else "")
    anchor_after_commit(tx.session, tx.ctx.db)  # the chain head, kept outside the database too
    tx.changed(*TOPICS, "payments", "encounters")
    return checklist_status(tx.session, when)


__all__ = [
    "close_day",
    "count_drawer",
    "day_sheet",
    "deposit_candidates",
    "drawer_expectation",
    "end_of_day_status",
    "get_deposit",
    "list_deposits",
    "save_deposit",
    "write_day_sheet_pdf",
    "write_deposit_slip_pdf",
]
