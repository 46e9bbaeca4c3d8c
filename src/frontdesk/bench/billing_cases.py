"""Benchmarks of billing part 1: ICD-10-CM search, claim PDFs (one and 500), an 837P of 500 claims, and
opening the claims list; each against its floor (bare lookups, bare reportlab canvas, a plain file write)."""

from __future__ import annotations

import bisect
import dataclasses
import tempfile
import time
from datetime import date
from pathlib import Path

from reportlab.pdfgen import canvas
from sqlalchemy import select

from frontdesk.bench.billing_data import ensure_billing_data
from frontdesk.bench.harness import CaseResult, result, runs_of, time_calls
from frontdesk.codes import icd10cm
from frontdesk.domain import schedule_time as st
from frontdesk.domain.claim_form import ClaimForm
from frontdesk.models import Claim
from frontdesk.reports import cms1500
from frontdesk.services.billing import claims as claims_service
from frontdesk.services.session import ServiceContext
from frontdesk.storage.engine import Database

ICD_QUERIES = ("E11", "e11.6", "j06", "diab", "type 2 diabetes kidney", "hypertension", "fracture radius",
               "S52.5", "Z00", "otitis media", "low back pain", "R50.9")


def case_icd_search(repeats: int) -> CaseResult:
    icd10cm.preload()
    codes = sorted(c for c in icd10cm._all_codes())  # noqa: SLF001 (the bench's floor needs the raw list)

    def search_all() -> None:
        for q in ICD_QUERIES:
            icd10cm.search(q, 50)

    loops = 200  # the floor takes microseconds: time many rounds so it does not round to zero

    def bare_prefix() -> None:  # the floor: a bisect over the sorted code list, per query
        for _ in range(loops):
            for q in ICD_QUERIES:
                key = q.upper().replace(".", "")
                i = bisect.bisect_left(codes, key)
                codes[i:i + 50]

    samples = [s / len(ICD_QUERIES) for s in time_calls(search_all, repeats)]
    base = [s / (loops * len(ICD_QUERIES)) for s in time_calls(bare_prefix, repeats)]
    return result("icd10_search", f"ICD-10-CM search by code or words ({len(codes):,} codes), per query", samples,
                  "bisect over sorted codes", base, 20)


def _strings(value: object) -> list[str]:
    """Every printable value of a claim form, flattened (what a bare canvas would have to draw)."""
    if dataclasses.is_dataclass(value):
        out: list[str] = []
        for f in dataclasses.fields(value):
            out += _strings(getattr(value, f.name))
        return out
    if isinstance(value, tuple):
        return [s for item in value for s in _strings(item)]
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, date):
        return [value.strftime("%m %d %Y")]
    return [str(value).upper()]


def _bare_canvas(path: Path, forms: list[ClaimForm]) -> None:
    c = canvas.Canvas(str(path), pagesize=(612, 792))
    for form in forms:
        c.setFont("Courier", 12)
        for i, text in enumerate(_strings(form)):
            c.drawString(18 + (i % 3) * 190, 760 - (i // 3) * 12 % 740, text[:24])
        c.showPage()
    c.save()


def _claim_ids(db: Database, count: int) -> list[int]:
    with db.session(write=False) as session:
        return list(session.scalars(select(Claim.id).order_by(Claim.id.desc()).limit(count)))


def _forms(ctx: ServiceContext, ids: list[int]) -> list[ClaimForm]:
    return claims_service.claim_forms(ctx, ids)  # the public operation (one read, one audit row)


def case_claim_pdfs(db: Database, ctx: ServiceContext, folder: Path, repeats: int, batch: int) -> list[CaseResult]:
    ids = _claim_ids(db, batch)
    one = _forms(ctx, ids[:1])
    out = folder / "claim.pdf"
    single = time_calls(lambda: cms1500.render_claims(one, out, mode="data"), repeats * 3)
    single_base = time_calls(lambda: _bare_canvas(folder / "bare.pdf", one), repeats * 3)
    build = time_calls(lambda: _forms(ctx, ids[:1]), repeats * 3)

    def batch_pdf() -> None:  # the forms read from the database, then rendered into one PDF
        cms1500.render_claims(iter(_forms(ctx, ids)), folder / "batch.pdf", mode="data")

    runs = runs_of(repeats, 5, floor=2)
    many = time_calls(batch_pdf, runs, warmup=0)
    all_forms = _forms(ctx, ids)
    many_base = time_calls(lambda: _bare_canvas(folder / "bare-batch.pdf", all_forms), runs, warmup=0)
    return [
        result("claim_pdf_single", "one CMS-1500 (data only) rendered to PDF", single, "bare reportlab canvas, "
               "same strings", single_base, 25, {"build_form_ms": round(sorted(build)[len(build) // 2], 2)}),
        result("claim_pdf_batch", f"{len(ids)} claims from the database into one PDF", many,
               "bare canvas, same strings, forms prebuilt", many_base, 10_000),
    ]


def case_837p_batch(db: Database, ctx: ServiceContext, folder: Path, repeats: int, batch: int) -> CaseResult:
    from frontdesk.reports import x12_837p

    ids = _claim_ids(db, batch)
    submitter = x12_837p.Submitter("FDBENCH01", "FRONTDESK BENCH", "BILLING OFFICE", "2175550100", "CLEARHOUSE",
                                   "CLEARING HOUSE", "T")
    out = folder / "batch.837"
    text_holder: list[str] = []

    def export() -> None:
        forms = _forms(ctx, ids)
        x12_837p.write_837p(forms, submitter=submitter, control=x12_837p.ControlNumbers(1, 1),
                            created_at=st.utc_now(), out=out)
        text_holder[:] = [out.read_text(encoding="ascii")]

    runs = runs_of(repeats, 5, floor=2)
    samples = time_calls(export, runs, warmup=1)
    base = time_calls(lambda: (folder / "bare.837").write_text(text_holder[0], encoding="ascii"), runs)
    return result("x12_837p_batch", f"{len(ids)} claims from the database into one 837P file", samples,
                  "write the same bytes", base, None)


def case_claims_list(db: Database, ctx: ServiceContext, repeats: int) -> CaseResult:
    def open_list() -> None:
        claims_service.claim_count(ctx, None)
        claims_service.claim_rows(ctx, None, 0, 200)

    conn = db.raw_connection()
    try:
        def bare() -> None:
            conn.execute("SELECT count(*) FROM claim").fetchone()
            conn.execute("SELECT c.id, c.status, c.total_cents, p.last_name, p.first_name, e.service_date, y.name "
                         "FROM claim c JOIN patient p ON p.id = c.patient_id JOIN encounter e ON e.id = c.encounter_id"
                         " JOIN payer y ON y.id = c.payer_id ORDER BY c.id DESC LIMIT 200").fetchall()

        base = time_calls(bare, repeats)
    finally:
        conn.close()
    samples = time_calls(open_list, repeats)
    total = claims_service.claim_count(ctx, None)
    return result("claims_list_open", f"claims list: count + first page of 200 (~{total:,} claims)", samples,
                  "bare SQL count + page", base, 200)


def run_billing_cases(db: Database, ctx: ServiceContext, repeats: int, *, claims: int, batch: int) -> list[CaseResult]:
    started = time.perf_counter()
    ensure_billing_data(db, claims)
    if time.perf_counter() - started > 1:
        print(f"billing data ready in {time.perf_counter() - started:.1f} s")
    with tempfile.TemporaryDirectory(prefix="fd-bench-claims-") as tmp:
        folder = Path(tmp)
        results = [case_icd_search(repeats * 4)]
        results += case_claim_pdfs(db, ctx, folder, repeats, batch)
        results.append(case_837p_batch(db, ctx, folder, repeats, batch))
        results.append(case_claims_list(db, ctx, repeats))
    return results
