"""Sample files for the patient-document tests: real PDFs (plain, multi-page, password-protected, damaged) and
pictures (JPEG, PNG, TIFF, damaged), each made here so no test depends on a file from elsewhere."""

from __future__ import annotations

import io
from datetime import date

from PIL import Image
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen import canvas
from testsupport import practice_today

from frontdesk.domain.document_kinds import NewDocument
from frontdesk.services.admin import audit
from frontdesk.services.session import ServiceContext

MARKER = b"REPORT-MARKER-7431"  # text inside every sample, to look for at rest


def pdf_bytes(pages: int = 1, *, password: str | None = None, padding: int = 0) -> bytes:
    """A letter-size PDF of ``pages`` pages, each saying which page it is; ``padding`` bytes of an
    uncompressed comment make it as large as a test needs (a 25 MB scan)."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(612, 792), pageCompression=0,
                        encrypt=StandardEncryption(password) if password else None)
    for number in range(1, pages + 1):
        pdf.setFont("Helvetica", 24)
        pdf.drawString(72, 700, f"Page {number} {MARKER.decode()}")
        pdf.rect(72, 72, 468, 560)
        pdf.showPage()
    pdf.save()
    data = out.getvalue()
    if padding:  # a comment after the end: readers ignore it, like the extra bytes of a big scan
        data += b"\n%" + b"x" * padding + b"\n"
    return data


def image_bytes(fmt: str, size: tuple[int, int] = (300, 200), frames: int = 1) -> bytes:
    """A picture in ``fmt`` (JPEG, PNG, TIFF); a TIFF may have several frames (pages)."""
    images = [Image.new("RGB", size, (40 * n % 255, 120, 200)) for n in range(frames)]
    out = io.BytesIO()
    if frames > 1:
        images[0].save(out, fmt, save_all=True, append_images=images[1:])
    else:
        images[0].save(out, fmt)
    return out.getvalue()


def new_document(file_name: str, data: bytes, category: str = "outside_report", day: date | None = None,
                 description: str = "") -> NewDocument:
    return NewDocument(file_name, data, category, day or practice_today(), description)


def audit_rows(admin_ctx: ServiceContext, action: str = "") -> list[audit.AuditRow]:
    """Audit events, newest first (optionally those whose action starts with ``action``)."""
    return audit.list_events(admin_ctx, audit.AuditFilter(action=action))
