"""The demo practice's office: a few patient documents, two disclosure-log entries and the accounting map.

So the Documents and Disclosures tabs and the accounting export have something to show in the demo. The
files are made here in memory (a one-page PDF with reportlab, a small PNG with Pillow: no binary files in
the repository) and everything goes through the public services as the demo users, so the same checks,
sealing and audit rows apply as when a receptionist attaches a scan. Kept small: the demo build runs in tests.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from frontdesk.demo._staff import Staff
from frontdesk.domain import schedule_time as st
from frontdesk.domain.disclosure_records import DisclosureInput
from frontdesk.domain.document_kinds import NewDocument
from frontdesk.services.admin import accounting_map
from frontdesk.services.desk import synthetic
from frontdesk.services.patients import disclosures, documents
from frontdesk.services.session import ServiceContext


@dataclass(frozen=True)
class DemoOfficeResult:
    """What the seeding made (all zero when the demo had no adult patient to attach anything to)."""

    documents: int = 0
    disclosures: int = 0
    voided: int = 0
    accounts: int = 0


def _pdf(title: str, lines: tuple[str, ...]) -> bytes:
    """A one-page letter-size PDF: a title and a few lines of text, marked as made-up."""
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=letter, invariant=True)  # invariant: the same bytes on every build
    page.setTitle(title)
    page.setFont("Helvetica-Bold", 16)
    page.drawString(72, 720, title)
    page.setFont("Helvetica", 11)
    for n, line in enumerate((*lines, "", "DEMO: made-up content, not a real record.")):
        page.drawString(72, 690 - 16 * n, line)
    page.showPage()
    page.save()
    return out.getvalue()


def _card_png(name: str) -> bytes:
    """A small picture of an insurance card's front (made-up plan and member id)."""
    card = Image.new("RGB", (340, 214), "white")
    draw = ImageDraw.Draw(card)
    draw.rectangle((4, 4, 335, 209), outline="navy", width=3)
    draw.rectangle((4, 4, 335, 44), fill="navy")
    draw.text((14, 16), "ACME HEALTH PLAN (DEMO)", fill="white")
    for n, text in enumerate((f"Member: {name}", "Member ID: DEMO123456789", "Group: 0042-DEMO",
                              "PCP copay $25   Specialist $40")):
        draw.text((14, 60 + 30 * n), text, fill="black")
    out = io.BytesIO()
    card.save(out, format="PNG")
    return out.getvalue()


def seed_demo_office(ctx: ServiceContext) -> DemoOfficeResult:
    """Attach the demo documents, log the demo disclosures and fill the account map; demo practice only.

    ``ctx`` must be the demo administrator; the documents and disclosures are the front desk's doing.
    """
    found = synthetic.desk_cast_candidates(ctx)  # active adults, by id: the same two on every build
    if not found.adults:
        return DemoOfficeResult()
    today = st.practice_today(ZoneInfo(found.time_zone))
    first, second = found.adults[0], found.adults[min(1, len(found.adults) - 1)]
    staff = Staff(ctx)
    desk = staff.reception
    made = [
        (first.id, NewDocument("insurance-card-front.png", _card_png(f"{first.first_name} {first.last_name}"),
                               "insurance_card", today - timedelta(days=40), "Front of the card, scanned at check-in")),
        (first.id, NewDocument("cardiology-consult.pdf", _pdf("Albany Heart Associates (DEMO)", (
            f"Consultation note for {first.first_name} {first.last_name}",
            "Reason: palpitations. ECG normal sinus rhythm. Echo: normal function.",
            "Plan: no follow-up needed; return to the primary care provider.")),
            "outside_report", today - timedelta(days=12), "Cardiology consult")),
        (second.id, NewDocument("records-release-signed.pdf", _pdf("Authorization to release records (DEMO)", (
            f"I, {second.first_name} {second.last_name}, authorize Maple Family Medicine",
            "to release my visit notes from the last two years to Smith & Jones LLP.",
            "Signed on paper; scanned copy.")),
            "signed_form", today - timedelta(days=9), "Signed release for the attorney")),
    ]
    for patient_id, new in made:
        documents.attach_document(desk, patient_id, new)
    disclosures.record_disclosure(desk, second.id, DisclosureInput(
        today - timedelta(days=8), "release_of_information", "Smith & Jones LLP",
        "Visit notes for the last two years", "Patient's signed authorization (on file, Documents)",
        "100 State Street, Albany, NY 12207"))
    mistaken = disclosures.record_disclosure(desk, first.id, DisclosureInput(
        today - timedelta(days=5), "insurer", "Northeast Life Insurance Co.", "Face sheet and problem list",
        "Life insurance application"))
    disclosures.void_disclosure(desk, mistaken.id, "Entered on the wrong patient; the request was for someone else")
    saved = accounting_map.save_account_map(ctx, {key.key: key.suggestion for key in accounting_map.KEYS})
    return DemoOfficeResult(documents=len(made), disclosures=2, voided=1,
                            accounts=sum(1 for _key, account in saved.accounts if account))

