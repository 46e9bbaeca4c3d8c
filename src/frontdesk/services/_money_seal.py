"""Posted money inside the audit chain: every audit event seals the money rows written since the one before.

Money rows: patient payments, refunds and reversals with their applications, payer checks, EOB line postings
and their adjustments, a check's provider-level adjustments (835 PLB and interest), deposits and closed days'
totals (MONEY_FIELDS).

Each money table's rows are sealed in id order. An event that finds new rows records, for every money
table, the highest id sealed so far and, for each table with new rows, a digest (SHA-256, 128 bits) of
their canonical encoding: id, money fields, the patient posted to, claim, dates and who. The record sits
in ``audit_event.money``, inside the event's HMAC, so `frontdesk check` (verify_money) can recompute every
range: a changed amount, a deleted or slipped-in row, or a payment moved to another patient shows up,
named by table and row id. A merge moves payments legitimately: the row keeps ``posted_patient_id`` and
the chained ``patient.merge`` events say where that patient went. Query helpers: they never commit.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, func, select, text
from sqlalchemy.orm import Session

from frontdesk.models import AuditEvent, Base

# The columns sealed, per table, fixed once: a column added later is sealed by a new entry here and a
# migration that seals what exists ("money.baseline"). payment.patient_id is not sealed (a merge moves it):
# posted_patient_id is, and verify_money follows the chained merges from it.
MONEY_FIELDS: dict[str, tuple[str, ...]] = {
    "payment": ("id", "posted_patient_id", "kind", "method", "amount_cents", "received_on", "check_number",
                "card_last4", "card_auth_code", "appointment_id", "note", "reverses_id", "reason", "created_at",
                "created_by"),
    "payment_application": ("id", "payment_id", "service_line_id", "amount_cents", "created_at", "created_by"),
    "insurance_payment": ("id", "payer_id", "kind", "number", "paid_on", "total_cents", "created_at",
                          "created_by"),
    "insurance_line_posting": ("id", "insurance_payment_id", "claim_id", "service_line_id", "allowed_cents",
                               "paid_cents", "remark_codes", "denied_reason", "reverses_id", "reason",
                               "created_at", "created_by"),
    "posting_adjustment": ("id", "line_posting_id", "service_line_id", "group_code", "reason_code",
                           "amount_cents"),
    # An 835's provider-level adjustments and claim interest, on the check, never a patient (0019; sealed from 0021).
    "payer_check_adjustment": ("id", "insurance_payment_id", "era_import_id", "reason_code", "reference",
                               "amount_cents", "created_at", "created_by"),
    # What went to the bank, and each closed day's totals as closed.
    "deposit": ("id", "deposit_date", "cash_cents", "check_cents", "check_count", "total_cents", "note",
                "created_at", "created_by"),
    "deposit_item": ("id", "deposit_id", "payment_id", "insurance_payment_id", "method", "amount_cents"),
    "day_close": ("id", "day", "closed_at", "closed_by", "backup_run_id", "backup_verified", "charges_cents",
                  "patient_money_cents", "insurance_cents", "adjustments_cents"),
}
DIGEST_HEX = 32
# Literal SQL, not a bound parameter: SQLite uses the partial index ix_audit_event_money only when it can see
# that the query's condition is the index's own.
SEALING = text("audit_event.money != ''")
BATCH = 5000


@dataclass(frozen=True)
class Seal:
    """One table's part of an event's money record: rows (after, upto] and their digest ('' when none)."""

    table: str
    upto: int
    digest: str = ""


def _plain(value: object) -> object:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _rows(session: Session, table: str, after: int, upto: int | None = None,
          extra: tuple[str, ...] = ()) -> Iterator[tuple[object, ...]]:
    t = Base.metadata.tables[table]
    stmt = select(*[t.c[name] for name in MONEY_FIELDS[table] + extra]).where(t.c.id > after).order_by(t.c.id)
    if upto is not None:
        stmt = stmt.where(t.c.id <= upto)
    yield from session.execute(stmt.execution_options(yield_per=BATCH))


def _digest(table: str, rows: Iterable[tuple[object, ...]]) -> str:
    h = hashlib.sha256(table.encode("ascii"))
    for row in rows:
        h.update(json.dumps([_plain(v) for v in row], ensure_ascii=True, separators=(",", ":")).encode("ascii"))
        h.update(b"\n")
    return h.hexdigest()[:DIGEST_HEX]


def render(seals: Iterable[Seal]) -> str:
    return " ".join(f"{s.table}:{s.upto}" + (f":{s.digest}" if s.digest else "") for s in seals)


def parse(money: str) -> dict[str, Seal]:
    seals = {}
    for token in money.split():
        table, upto, *digest = token.split(":")
        seals[table] = Seal(table, int(upto), digest[0] if digest else "")
    return seals


_STATE: dict[tuple[str, ...], Select[Any]] = {}


def _state_statement(tables: tuple[str, ...]) -> Select[Any]:
    """One statement for the last seal and each table's highest id: an EOB of 500 claims writes 500 audit events,
    each asking (built once: constructing the statement cost more than running it)."""
    stmt = _STATE.get(tables)
    if stmt is None:
        last = select(AuditEvent.money).where(SEALING).order_by(AuditEvent.seq.desc()).limit(1).scalar_subquery()
        stmt = _STATE[tables] = select(last, *[select(func.max(Base.metadata.tables[t].c.id)).scalar_subquery()
                                               for t in tables])
    return stmt


def pending_money(session: Session, *, only: str | None = None) -> str:
    """The money record for the next event: '' when no money row was written since the last seal."""
    wanted = tuple(table for table in MONEY_FIELDS if only in (None, table))
    money, *tops = session.execute(_state_statement(wanted)).one()
    sealed = parse(money or "")
    highest = dict(zip(wanted, tops, strict=True))
    seals, new = [], False
    for table in MONEY_FIELDS:
        after = sealed[table].upto if table in sealed else 0
        top = int(highest[table] or 0) if table in highest else after
        if top > after:
            new = True
            seals.append(Seal(table, top, _digest(table, _rows(session, table, after, top))))
        else:
            seals.append(Seal(table, after))
    return render(seals) if new else ""


def _merges(session: Session) -> dict[int, int]:
    """Chained patient.merge events: merged patient -> the one it went into."""
    found = {}
    for entity_id, survivor in session.execute(select(AuditEvent.entity_id, AuditEvent.patient_id)
                                               .where(AuditEvent.action == "patient.merge")):
        if str(entity_id).isdigit() and survivor is not None:
            found[int(entity_id)] = int(survivor)
    return found


def _owner(merges: dict[int, int], patient_id: int | None) -> int | None:
    seen: set[int] = set()
    while patient_id in merges and patient_id not in seen:
        seen.add(patient_id)
        patient_id = merges[patient_id]
    return patient_id


def _span(ids: list[int]) -> str:
    return f"row {ids[0]}" if len(ids) == 1 else f"rows {ids[0]}-{ids[-1]}" if ids else "no rows"


def verify_money(session: Session) -> tuple[int, list[str]]:
    """Recompute every sealed range of every money table; (rows verified, problems without PHI)."""
    events = [(seq, parse(money)) for seq, money in session.execute(
        select(AuditEvent.seq, AuditEvent.money).where(SEALING).order_by(AuditEvent.seq))]
    merges = _merges(session)
    problems: list[str] = []
    verified = 0
    for table in MONEY_FIELDS:
        extra = ("patient_id",) if table == "payment" else ()
        rows = _rows(session, table, 0, extra=extra)
        pending = next(rows, None)
        after = 0
        for seq, seals in events:
            seal = seals.get(table)
            if seal is None or seal.upto == after:
                continue
            batch = []
            while pending is not None and int(pending[0]) <= seal.upto:  # type: ignore[call-overload]
                batch.append(pending)
                pending = next(rows, None)
            ids = [int(r[0]) for r in batch]  # type: ignore[call-overload]
            sealed_rows = [r[:len(MONEY_FIELDS[table])] for r in batch]
            if seal.upto < after or _digest(table, sealed_rows) != seal.digest:
                span = _span(ids) if ids else f"rows {after + 1}-{seal.upto}"
                problems.append(f"{table} {span} {'differs' if len(ids) == 1 else 'differ'} from what audit event "
                                f"#{seq} sealed: posted money was changed, added or deleted")
            for row in batch:
                posted, now = row[1], row[-1]
                if extra and now != _owner(merges, posted):  # type: ignore[arg-type]
                    problems.append(f"payment row {row[0]} was moved to another patient than it was posted to")
            verified += len(batch)
            after = seal.upto
        left = [int(pending[0])] if pending is not None else []  # type: ignore[call-overload]
        left += [int(r[0]) for r in rows]  # type: ignore[call-overload]
        if left:
            verb = "is" if len(left) == 1 else "are"
            problems.append(f"{table} {_span(left)} {verb} in no audit event: posted money was added outside the app")
    return verified, problems
