"""Patient statements: prepare a batch (and its PDF), confirm it printed, reprint exactly, history, holds.

Two steps, so a jammed printer never marks anyone as billed: ``prepare_statement_batch`` picks the accounts
(filters in services/payments/_statement_select.py), stores each statement's snapshot and writes one PDF;
``confirm_statement_batch_printed`` then sets every statement's ``sent_on``, which is what the
"days since the last statement" filter and the ledger's "statement sent" entries read. Until then the batch
can be printed again or discarded. Only one batch may wait for confirmation at a time (two open batches
would bill the same accounts twice).

What was printed is stored as a JSON snapshot in the encrypted database, not as PDF bytes: a snapshot is
a few kB against tens of kB of PDF per statement, the stored figures can be read back and checked, and the
renderer is deterministic (an invariant canvas), so rendering a snapshot again gives the same PDF bytes.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select, update

from frontdesk.domain.money import from_cents, parse_money, to_cents
from frontdesk.domain.permissions import Permission
from frontdesk.errors import ConflictError, NotFoundError, ValidationError
from frontdesk.models import (
    Patient,
    Statement,
    StatementBatch,
    StatementHold,
    StatementPatient,
)
from frontdesk.models.base import utcnow
from frontdesk.services._base import Tx, operation, require_actor
from frontdesk.services._practice_clock import practice_today
from frontdesk.services.payments._statement_build import build_snapshot, practice_block
from frontdesk.services.payments._statement_select import select_accounts


@dataclass(frozen=True)
class StatementFilters:
    """Which accounts get a statement (see services/payments/_statement_select.py)."""

    min_balance: str | Decimal = "5.00"
    days_since_last: int = 28
    exclude_held: bool = True


@dataclass(frozen=True)
class StatementBatchInfo:
    id: int
    statement_date: date
    status: str  # prepared, printed, discarded
    statement_count: int
    total_due: Decimal
    created_at: datetime
    confirmed_at: datetime | None


@dataclass(frozen=True)
class PreparedBatch:
    """What prepare made: the batch (None when no account matched) and why accounts were left out."""

    batch: StatementBatchInfo | None
    skipped: dict[str, int]  # held, waiting_on_insurance, below_minimum, too_recent, no_address


@dataclass(frozen=True)
class StatementInfo:
    id: int
    batch_id: int
    statement_date: date
    sent_on: date | None  # None until the batch is confirmed as printed
    recipient: str
    account: str
    amount_due: Decimal
    batch_status: str


def _info(batch: StatementBatch) -> StatementBatchInfo:
    return StatementBatchInfo(batch.id, batch.statement_date, batch.status, batch.statement_count,
                              from_cents(batch.total_due_cents), batch.created_at, batch.confirmed_at)


def _clean_filters(filters: object) -> tuple[int, int, bool]:
    if not isinstance(filters, StatementFilters):
        raise TypeError("filters must be StatementFilters")
    minimum = to_cents(parse_money(filters.min_balance, "min_balance", "The minimum balance"))
    days = filters.days_since_last
    if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= 3650:
        raise ValidationError("days_since_last", "Days since the last statement must be a whole number, 0 to 3650.")
    return minimum, days, bool(filters.exclude_held)


def _batch(tx: Tx, batch_id: object) -> StatementBatch:
    batch = tx.session.get(StatementBatch, batch_id) if isinstance(batch_id, int) else None
    if batch is None:
        raise NotFoundError("That statement batch no longer exists.")
    return batch


def _snapshots(tx: Tx, batch_id: int):  # type: ignore[no-untyped-def]
    """The batch's stored snapshots in print order, streamed from the database in chunks."""
    rows = tx.session.execute(select(Statement.snapshot).where(Statement.batch_id == batch_id)
                              .order_by(Statement.sequence).execution_options(yield_per=200))
    for (text,) in rows:
        yield json.loads(text)


@operation(Permission.PRINT_STATEMENTS)
def prepare_statement_batch(tx: Tx, out_path: str | os.PathLike[str],
                            filters: StatementFilters = StatementFilters()) -> PreparedBatch:
    """Pick the accounts, store their statements and write them into one PDF; nobody counts as billed yet."""
    from frontdesk.reports.statement_pdf import write_statements

    actor = require_actor(tx)
    minimum, days, exclude_held = _clean_filters(filters)
    waiting = tx.session.scalar(select(StatementBatch).where(StatementBatch.status == "prepared").limit(1))
    if waiting is not None:
        raise ConflictError(f"Statement batch #{waiting.id} is waiting to be confirmed as printed; confirm or "
                            "discard it before preparing another.")
    today = practice_today(tx.session)
    candidates, skipped = select_accounts(tx.session, today, min_cents=minimum, days_since_last=days,
                                          exclude_held=exclude_held)
    practice = practice_block(tx.session)
    built = []
    skipped["no_address"] = 0
    for candidate in candidates:
        snapshot = build_snapshot(tx.session, candidate.account, candidate.patient_ids, today,
                                  candidate.last_sent, practice)
        if snapshot is None:
            skipped["no_address"] += 1
        elif to_cents(Decimal(snapshot["amount_due"])) >= max(minimum, 1):
            built.append((candidate, snapshot))
    if not built:
        return PreparedBatch(None, skipped)
    built.sort(key=lambda item: (item[1]["to"]["name"].lower(), item[1]["account"]))
    batch = StatementBatch(statement_date=today, created_by=actor.user_id, statement_count=len(built),
                           total_due_cents=sum(to_cents(Decimal(s["amount_due"])) for _c, s in built),
                           filters=json.dumps({"min_balance": str(from_cents(minimum)), "days_since_last": days,
                                               "exclude_held": exclude_held}))
    tx.session.add(batch)
    tx.session.flush()
    for sequence, (candidate, snapshot) in enumerate(built, start=1):
        row = Statement(batch_id=batch.id, sequence=sequence, guarantor_id=candidate.account.guarantor_id,
                        patient_id=candidate.account.patient_id, snapshot=json.dumps(snapshot, sort_keys=True),
                        amount_due_cents=to_cents(Decimal(snapshot["amount_due"])),
                        oldest_days=snapshot["oldest_days"])
        tx.session.add(row)
        tx.session.flush()
        tx.session.add_all([StatementPatient(statement_id=row.id, patient_id=pid) for pid in candidate.patient_ids])
    tx.session.flush()
    write_statements(_snapshots(tx, batch.id), out_path, title=f"Statements, batch {batch.id}")
    tx.audit("statement.batch_prepare", entity_type="statement_batch", entity_id=batch.id,
             detail=f"{len(built)} statements, total due {from_cents(batch.total_due_cents)}; skipped {skipped}")
    tx.changed("statements")
    return PreparedBatch(_info(batch), skipped)


@operation(Permission.PRINT_STATEMENTS)
def write_statement_batch_pdf(tx: Tx, batch_id: int, out_path: str | os.PathLike[str]) -> StatementBatchInfo:
    """Print a whole batch again from its stored snapshots (e.g. after a printer jam)."""
    from frontdesk.reports.statement_pdf import write_statements

    batch = _batch(tx, batch_id)
    if batch.status == "discarded":
        raise ConflictError("That batch was discarded; prepare a new one.")
    write_statements(_snapshots(tx, batch.id), out_path, title=f"Statements, batch {batch.id}")
    tx.audit("statement.batch_print", entity_type="statement_batch", entity_id=batch.id,
             detail=f"{batch.statement_count} statements printed again")
    return _info(batch)


@operation(Permission.PRINT_STATEMENTS)
def confirm_statement_batch_printed(tx: Tx, batch_id: int) -> StatementBatchInfo:
    """The biller saw the batch print: each statement is now sent (its date is the account's last statement)."""
    actor = require_actor(tx)
    batch = _batch(tx, batch_id)
    if batch.status != "prepared":
        raise ConflictError(f"That batch is already {batch.status}.")
    batch.status = "printed"
    batch.confirmed_at = utcnow()
    batch.confirmed_by = actor.user_id
    tx.session.execute(update(Statement).where(Statement.batch_id == batch.id).values(sent_on=batch.statement_date))
    tx.audit("statement.batch_confirm", entity_type="statement_batch", entity_id=batch.id,
             detail=f"{batch.statement_count} statements sent")
    tx.changed("statements", "patients")
    return _info(batch)


@operation(Permission.PRINT_STATEMENTS)
def discard_statement_batch(tx: Tx, batch_id: int, reason: str) -> StatementBatchInfo:
    """A prepared batch that will not be mailed: kept in the history, never counts as sent."""
    batch = _batch(tx, batch_id)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("reason", "Say why the batch is discarded.")
    if batch.status != "prepared":
        raise ConflictError(f"That batch is already {batch.status}.")
    batch.status = "discarded"
    tx.audit("statement.batch_discard", entity_type="statement_batch", entity_id=batch.id, detail=reason[:200])
    tx.changed("statements")
    return _info(batch)


@operation(Permission.PRINT_STATEMENTS)
def reprint_statement(tx: Tx, statement_id: int, out_path: str | os.PathLike[str]) -> StatementInfo:
    """Print one statement exactly as it was printed (rendered from its stored snapshot)."""
    from frontdesk.reports.statement_pdf import write_statements

    row = tx.session.get(Statement, statement_id) if isinstance(statement_id, int) else None
    if row is None:
        raise NotFoundError("That statement no longer exists.")
    snapshot = json.loads(row.snapshot)
    write_statements([snapshot], out_path, title=f"Statement {row.id}")
    first = tx.session.scalar(select(StatementPatient.patient_id).where(StatementPatient.statement_id == row.id)
                              .order_by(StatementPatient.patient_id).limit(1))
    tx.audit("statement.reprint", entity_type="statement", entity_id=row.id, patient_id=first,
             detail=f"batch {row.batch_id}")
    return _statement_info(tx, row, snapshot)


def _statement_info(tx: Tx, row: Statement, snapshot: dict) -> StatementInfo:  # type: ignore[type-arg]
    batch = tx.session.get(StatementBatch, row.batch_id)
    return StatementInfo(row.id, row.batch_id, date.fromisoformat(snapshot["statement_date"]), row.sent_on,
                         snapshot["to"]["name"], snapshot["account"], from_cents(row.amount_due_cents),
                         batch.status if batch else "")


@operation(Permission.VIEW_BILLING, write=False)
def statement_history(tx: Tx, patient_id: int) -> tuple[StatementInfo, ...]:
    """Every statement that covered the patient, newest first (prepared, sent and discarded)."""
    if not isinstance(patient_id, int) or tx.session.get(Patient, patient_id) is None:
        raise NotFoundError("That patient record no longer exists.")
    covered = select(StatementPatient.statement_id).where(StatementPatient.patient_id == patient_id)
    rows = tx.session.scalars(select(Statement).where(Statement.id.in_(covered)).order_by(Statement.id.desc()))
    return tuple(_statement_info(tx, row, json.loads(row.snapshot)) for row in rows)


@operation(Permission.PRINT_STATEMENTS, write=False)
def statement_batches(tx: Tx, limit: int = 100) -> tuple[StatementBatchInfo, ...]:
    """The latest statement batches, newest first."""
    rows = tx.session.scalars(select(StatementBatch).order_by(StatementBatch.id.desc()).limit(max(1, limit)))
    return tuple(_info(b) for b in rows)


@operation(Permission.PRINT_STATEMENTS, write=False)
def batch_statements(tx: Tx, batch_id: int) -> tuple[StatementInfo, ...]:
    """The statements of one batch in print order."""
    batch = _batch(tx, batch_id)
    rows = tx.session.scalars(select(Statement).where(Statement.batch_id == batch.id).order_by(Statement.sequence))
    return tuple(_statement_info(tx, row, json.loads(row.snapshot)) for row in rows)


@operation(Permission.PRINT_STATEMENTS)
def set_statement_hold(tx: Tx, patient_id: int, hold: bool, reason: str = "") -> bool:
    """Mark (or unmark) a patient "do not send statements"; returns the new state."""
    actor = require_actor(tx)
    if not isinstance(patient_id, int) or tx.session.get(Patient, patient_id) is None:
        raise NotFoundError("That patient record no longer exists.")
    row = tx.session.scalar(select(StatementHold).where(StatementHold.patient_id == patient_id))
    reason = (reason or "").strip()[:200]
    if hold and row is None:
        tx.session.add(StatementHold(patient_id=patient_id, reason=reason, created_by=actor.user_id))
    elif not hold and row is not None:
        tx.session.delete(row)
    else:
        return hold
    tx.audit("statement.hold" if hold else "statement.release", entity_type="patient", entity_id=patient_id,
             patient_id=patient_id, detail=reason)
    tx.changed("patients")
    return hold


@operation(Permission.VIEW_BILLING, write=False)
def statement_hold(tx: Tx, patient_id: int) -> str | None:
    """The reason the patient is marked "do not send statements" ('' if none given), or None when not held."""
    row = tx.session.scalar(select(StatementHold).where(StatementHold.patient_id == patient_id)) \
        if isinstance(patient_id, int) else None
    return None if row is None else row.reason
