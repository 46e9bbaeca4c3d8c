"""Benchmarks of statements and A/R aging at practice scale: the aging report (target < 3 s) and 1,000
statements rendered into one streamed PDF (target < 30 s), each against bare work on the same rows."""

from __future__ import annotations

import dataclasses
import json
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from frontdesk.bench.harness import CaseResult, result, time_calls
from frontdesk.models import Statement
from frontdesk.reports.statement_pdf import write_statements
from frontdesk.services.payments import aging, statements
from frontdesk.services.session import ServiceContext
from frontdesk.storage.engine import Database

_AGING_BASE_SQL = ("SELECT e.patient_id, SUM(l.charge_cents) FROM service_line l JOIN encounter e "
                   "ON e.id = l.encounter_id GROUP BY e.patient_id")
STATEMENTS = 1_000


def _cold_aging_ms(db: Database, ctx: ServiceContext) -> float:
    """The first report on a freshly opened database (empty SQLite page cache, every page decrypted anew)."""
    fresh = Database(db.path, db.key)
    try:
        start = time.perf_counter()
        aging.aging_report(ServiceContext(fresh, ctx.actor))
        return round((time.perf_counter() - start) * 1000, 1)
    finally:
        fresh.close()


def case_aging(db: Database, ctx: ServiceContext, repeats: int) -> CaseResult:
    """The aging report as of today, warm (median) and cold (first call after opening), vs a bare grouped scan."""
    cold = _cold_aging_ms(db, ctx)
    report = aging.aging_report(ctx)
    samples = time_calls(lambda: aging.aging_report(ctx), max(3, repeats // 4))
    conn = db.raw_connection()
    try:
        base = time_calls(lambda: conn.execute(_AGING_BASE_SQL).fetchall(), len(samples))
    finally:
        conn.close()
    warm = result("aging_report", f"A/R aging as of today ({len(report.by_account)} accounts)", samples,
                  "bare SUM of charges per patient", base, 3000, {"cold_ms": cold})
    # The target holds for the first report of a session too (the one a biller usually waits for).
    return dataclasses.replace(warm, meets_target=bool(warm.meets_target) and cold <= 3000)


def case_statements_pdf(db: Database, ctx: ServiceContext, repeats: int) -> CaseResult:
    """Prepare one batch (about the 1,000 largest balances), then time rendering its first 1,000 statements."""
    for batch in statements.statement_batches(ctx):
        if batch.status == "prepared":
            statements.discard_statement_batch(ctx, batch.id, "benchmark run")
    # At practice scale tens of thousands of accounts owe; a minimum balance taken from the aging report keeps
    # the prepared batch near the 1,000 statements this case renders (preparing writes every statement too).
    owed = sorted((row.patient_total for row in aging.aging_report(ctx).by_account if row.patient_total > 0),
                  reverse=True)
    floor = owed[min(STATEMENTS, len(owed)) - 1] if owed else Decimal("0.01")
    filters = statements.StatementFilters(min_balance=max(floor, Decimal("0.01")), days_since_last=0)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "statements.pdf"
        prepared = statements.prepare_statement_batch(ctx, out, filters)
        if prepared.batch is None:
            return result("statements_pdf_1000", "no account owes money: nothing to render", [float("nan")],
                          "-", [], 30000)
        batch_id = prepared.batch.id
        try:
            def stored():  # type: ignore[no-untyped-def]
                with db.session(write=False) as session:
                    rows = session.execute(select(Statement.snapshot).where(Statement.batch_id == batch_id)
                                           .order_by(Statement.sequence).limit(STATEMENTS)
                                           .execution_options(yield_per=200))
                    for (text,) in rows:
                        yield json.loads(text)

            count = min(STATEMENTS, prepared.batch.statement_count)
            samples = time_calls(lambda: write_statements(stored(), out, title="bench"), max(1, repeats // 8), 0)
            base = time_calls(lambda: sum(1 for _ in stored()), len(samples), 0)
        finally:
            statements.discard_statement_batch(ctx, batch_id, "benchmark run")
    return result("statements_pdf_1000", f"{count} stored statements rendered into one streamed PDF", samples,
                  "read and parse the snapshots only", base, 30000)


def run_statements_cases(db: Database, ctx: ServiceContext, repeats: int) -> list[CaseResult]:
    return [case_aging(db, ctx, repeats), case_statements_pdf(db, ctx, repeats)]
