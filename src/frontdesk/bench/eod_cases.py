"""Benchmarks of end of day: the day sheet on the practice's busiest day (target: under 1 s) against reportlab
drawing the same number of lines on a bare canvas, and today's closing checklist (which lists every cash and
check entry not yet on a deposit) against the bare anti-join query."""

from __future__ import annotations

import tempfile
from pathlib import Path

from reportlab.pdfgen import canvas
from sqlalchemy import func, select

from frontdesk.bench.harness import CaseResult, result, time_calls
from frontdesk.models import Encounter
from frontdesk.services.day_close import end_of_day
from frontdesk.services.session import ServiceContext
from frontdesk.storage.engine import Database


def _busiest_day(db: Database):  # type: ignore[no-untyped-def]
    with db.session(write=False) as session:
        row = session.execute(select(Encounter.service_date, func.count()).group_by(Encounter.service_date)
                              .order_by(func.count().desc()).limit(1)).first()
    return (row[0], int(row[1])) if row else (None, 0)


def _bare(path: Path, lines: int) -> None:
    c = canvas.Canvas(str(path), pagesize=(612, 792))
    for i in range(lines):
        if i and i % 55 == 0:
            c.showPage()
        c.setFont("Helvetica", 9)
        c.drawString(36, 750 - (i % 55) * 13, f"99213  Office visit, established   1   $125.00   line {i}")
    c.save()


_UNDEPOSITED_SQL = ("SELECT count(*) FROM payment p WHERE p.method IN ('cash', 'check') AND p.received_on <= ? "
                    "AND p.id NOT IN (SELECT payment_id FROM deposit_item WHERE payment_id IS NOT NULL)")


def case_checklist(db: Database, ctx: ServiceContext, repeats: int) -> CaseResult:
    """Today's closing checklist, as the End of day screen opens it."""
    samples = time_calls(lambda: end_of_day.end_of_day_status(ctx), max(3, repeats // 2))
    today = end_of_day.end_of_day_status(ctx).day.isoformat()
    conn = db.raw_connection()
    try:
        base = time_calls(lambda: conn.execute(_UNDEPOSITED_SQL, (today,)).fetchone(), len(samples))
    finally:
        conn.close()
    return result("end_of_day_checklist", "today's closing checklist (open visits, charges, undeposited money...)",
                  samples, "bare SQL count of undeposited cash and checks", base, None)


def run_eod_cases(db: Database, ctx: ServiceContext, repeats: int) -> list[CaseResult]:
    day, visits = _busiest_day(db)
    if day is None:
        return []
    with tempfile.TemporaryDirectory(prefix="fd-bench-eod-") as tmp:
        out = Path(tmp) / "day-sheet.pdf"
        samples = time_calls(lambda: end_of_day.write_day_sheet_pdf(ctx, day, str(out)), max(3, repeats // 2))
        lines = max(visits * 2, 1)
        base = time_calls(lambda: _bare(Path(tmp) / "bare.pdf", lines), len(samples))
    return [result("day_sheet", f"day sheet PDF of the busiest day ({visits} visits)", samples,
                   f"bare canvas, {lines} lines", base, 1000), case_checklist(db, ctx, repeats)]
