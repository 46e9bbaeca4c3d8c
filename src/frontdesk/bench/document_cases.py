"""Benchmark of patient documents: a 25 MB scanned PDF opens to its first page (issue 20's target: under 1 s).

Measured: what the Documents tab does when a document is opened -- ``documents.open_document`` (read the sealed
content, open it with the practice key, write the audit row) and the viewer's first page drawn 1,000 pixels
wide (pypdfium2). Baseline: the same sealed bytes read with one bare SQL query (the floor for 25 MB).
The PDF is made once here: pages of photographic noise (JPEG compresses it poorly, as it does real scans at
200 dpi) until the file is just under the limit.
"""

from __future__ import annotations

import io
import random
import time

from PIL import Image
from sqlalchemy import select, text

from frontdesk.bench.harness import CaseResult, result, time_calls
from frontdesk.document_pages import page_rgb
from frontdesk.domain import schedule_time as st
from frontdesk.domain.document_kinds import MAX_DOCUMENT_BYTES, NewDocument
from frontdesk.models import Patient
from frontdesk.services.patients import documents
from frontdesk.services.session import ServiceContext
from frontdesk.storage.engine import Database

VIEWER_WIDTH = 1000  # pixels: the viewer's page at 1366x768
QUICK_BYTES = 4 * 1024 * 1024  # `bench --quick` (CI): a 4 MB scan


def scanned_pdf(target_bytes: int, seed: int = 20) -> bytes:
    """A PDF of letter-size 200 dpi "scans" (noise), as many pages as fit under ``target_bytes``."""
    rng = random.Random(seed)
    tile = Image.frombytes("L", (425, 550), bytes(rng.getrandbits(8) for _ in range(425 * 550)))
    page = tile.resize((1700, 2200)).convert("RGB")  # blocky noise: about 1-2 MB a page as JPEG

    def pdf(count: int) -> bytes:
        out = io.BytesIO()
        pages = [page.rotate(180 * (n % 2)) for n in range(1, count)]
        page.save(out, "PDF", save_all=True, append_images=pages, resolution=200.0, quality=85)
        return out.getvalue()

    count = max(1, target_bytes // len(pdf(1)))
    data = pdf(count)
    while len(data) > target_bytes and count > 1:  # the estimate was a page too many
        count -= 1
        data = pdf(count)
    return data

def case_document_open(db: Database, ctx: ServiceContext, repeats: int,
                       target_bytes: int = MAX_DOCUMENT_BYTES) -> CaseResult:
    """Open a ~25 MB PDF document and draw its first page; baseline: the bare SQL read of its sealed bytes."""
    with db.session(write=False) as session:
        patient_id = session.scalar(select(Patient.id).order_by(Patient.id).limit(1))
    data = scanned_pdf(target_bytes)
    started = time.perf_counter()
    info = documents.attach_document(ctx, patient_id, NewDocument("bench-scan.pdf", data, "outside_report",
                                                                  st.utc_now().date(), "Benchmark scan"))
    attach_ms = (time.perf_counter() - started) * 1000

    def open_to_first_page() -> None:
        opened = documents.open_document(ctx, info.id)
        page_rgb(opened.data, opened.info.media_type, 0, VIEWER_WIDTH)

    def bare_read() -> None:
        with db.session(write=False) as session:
            session.execute(text("SELECT data FROM patient_document_content WHERE id = :id"),
                            {"id": info.id}).scalar_one()

    return result("document_open_first_page", f"open a {len(data) / 1048576:.1f} MB PDF ({info.page_count} pages) "
                  "to its first page", time_calls(open_to_first_page, repeats), "bare SQL read of the sealed bytes",
                  time_calls(bare_read, repeats), 1000.0,
                  {"size_mb": round(len(data) / 1048576, 1), "pages": info.page_count, "attach_ms": round(attach_ms)})
