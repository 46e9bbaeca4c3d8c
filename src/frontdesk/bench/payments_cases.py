"""Benchmarks of billing part 2 at practice scale: opening the biggest ledger and posting a 50-line EOB,
each against the bare SQL that reads or writes the same rows."""

from __future__ import annotations

import time

from sqlalchemy import func, select

from frontdesk.bench.harness import CaseResult, result, time_calls
from frontdesk.bench.payments_data import ensure_deposits, ensure_payments_data
from frontdesk.domain import schedule_time as st
from frontdesk.domain.money import from_cents
from frontdesk.models import Claim, ClaimLine, Encounter, ServiceLine
from frontdesk.services.payments import insurance_payments, ledger
from frontdesk.services.session import ServiceContext
from frontdesk.services.payments.payment_types import ClaimPostingInput, LinePostingInput
from frontdesk.storage.engine import Database

_LEDGER_SQL = (
    "SELECT l.id, l.from_date, l.code, l.charge_cents FROM service_line l JOIN encounter e ON e.id = l.encounter_id "
    "WHERE e.patient_id = ?1 UNION ALL SELECT p.id, p.received_on, p.method, p.amount_cents FROM payment p "
    "WHERE p.patient_id = ?1 UNION ALL SELECT ilp.id, ilp.created_at, '', ilp.paid_cents FROM insurance_line_posting "
    "ilp JOIN claim c ON c.id = ilp.claim_id WHERE c.patient_id = ?1")


def _busiest_patient(db: Database) -> tuple[int, int]:
    with db.session(write=False) as session:
        row = session.execute(select(Encounter.patient_id, func.count(ServiceLine.id).label("n"))
                              .join(ServiceLine, ServiceLine.encounter_id == Encounter.id)
                              .group_by(Encounter.patient_id).order_by(func.count(ServiceLine.id).desc())
                              .limit(1)).first()
    return (int(row[0]), int(row[1])) if row else (0, 0)


def case_ledger(db: Database, ctx: ServiceContext, repeats: int) -> CaseResult:
    patient_id, _charges = _busiest_patient(db)
    lines = len(ledger.ledger(ctx, patient_id=patient_id).entries)
    samples = time_calls(lambda: ledger.ledger(ctx, patient_id=patient_id), repeats)
    conn = db.raw_connection()
    try:
        base = time_calls(lambda: conn.execute(_LEDGER_SQL, (patient_id,)).fetchall(), repeats)
    finally:
        conn.close()
    return result("ledger_open", f"the busiest patient's ledger ({lines:,} lines) with running balance and "
                  "portions", samples, "bare SQL of the same rows", base, 100)


def _open_claim_lines(db: Database, count: int) -> list[tuple[int, int, int, int]]:
    """(claim, service line, payer, charge) of submitted claims nobody has posted yet, one line each."""
    with db.session(write=False) as session:
        return [tuple(r) for r in session.execute(  # type: ignore[misc]
            select(Claim.id, ClaimLine.service_line_id, Claim.payer_id, ClaimLine.charge_cents)
            .join(ClaimLine, ClaimLine.claim_id == Claim.id)
            .where(Claim.status == "submitted", ClaimLine.line_number == 1)
            .order_by(Claim.id.desc()).limit(count)).all()]


def schedule_settings_tz(db: Database):  # type: ignore[no-untyped-def]
    from frontdesk.services.admin.practice import practice_time_zone

    return st.zone(practice_time_zone(ServiceContext(db)))


def _money(cents: int) -> str:
    return str(from_cents(cents))


def case_eob(db: Database, ctx: ServiceContext, repeats: int) -> CaseResult:
    runs = max(3, repeats // 2)
    pool = _open_claim_lines(db, 50 * (runs + 1) + 50)
    by_payer: dict[int, list[tuple[int, int, int, int]]] = {}
    for row in pool:
        by_payer.setdefault(row[2], []).append(row)
    payer_id, rows = max(by_payer.items(), key=lambda kv: len(kv[1]))
    size = max(1, min(50, len(rows) // (runs + 1)))  # a tiny CI practice posts smaller EOBs
    batches = [rows[i:i + size] for i in range(0, len(rows) - size + 1, size)][:runs + 1]
    samples: list[float] = []
    for n, batch in enumerate(batches):
        paid = [line_charge * 3 // 5 for _c, _l, _p, line_charge in batch]
        check = insurance_payments.enter_insurance_payment(
            ctx, payer_id, kind="eft", number=f"BENCH{time.time_ns() % 10**9}{n}", paid_on=st.local_date(st.utc_now(), schedule_settings_tz(db)),
            total=str(from_cents(sum(paid))))
        eob = [ClaimPostingInput(claim_id, (LinePostingInput(
            line_id, _money(charge * 4 // 5), _money(p),
            (("CO", "45", _money(charge - charge * 4 // 5)), ("PR", "2", _money(charge * 4 // 5 - p)))),))
            for (claim_id, line_id, _payer, charge), p in zip(batch, paid, strict=True)]
        started = time.perf_counter()
        insurance_payments.post_eob(ctx, check.id, eob)
        if n:  # the first run warms the caches
            samples.append((time.perf_counter() - started) * 1000)
    conn = db.raw_connection()
    try:
        def bare() -> None:  # the floor: the same number of posting rows and adjustments, one commit
            conn.execute("CREATE TEMP TABLE IF NOT EXISTS bench_posting (a INTEGER, b INTEGER, c INTEGER)")
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany("INSERT INTO bench_posting VALUES (?, ?, ?)", [(i, i, i) for i in range(3 * size)])
            conn.execute("COMMIT")

        base = time_calls(bare, len(samples) or 1)
    finally:
        conn.close()
    return result("eob_post_50_lines", f"post a {size}-line EOB ({size} claims) in one save",
                  samples or [float("nan")], f"bare INSERT of {3 * size} rows + COMMIT", base, 200)


def run_payments_cases(db: Database, ctx: ServiceContext, repeats: int, *, payments: int) -> list[CaseResult]:
    ensure_payments_data(db, payments)
    ensure_deposits(db, st.practice_today(schedule_settings_tz(db)))
    return [case_ledger(db, ctx, repeats), case_eob(db, ctx, repeats)]

