"""Helpers for the letters tests: patients with a mailing address, a booked visit, PDF text and word boxes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pdfplumber
from calendar_support import MONDAY, Clinic, local

from frontdesk.services.scheduling import appointments
from frontdesk.services.patients import patients
from frontdesk.services.session import ServiceContext
from frontdesk.services.scheduling.appointments import BookingRequest
from frontdesk.services.patients.patients import PatientInput


def addressed(ctx: ServiceContext, first: str, last: str, *, street: str = "12 Elm St", city: str = "Albany") -> int:
    """Register an active patient with a full mailing address; returns the id."""
    return patients.register_patient(ctx, PatientInput(
        first_name=first, last_name=last, dob="03/14/1962", sex="F", phone="(518) 555-0142",
        address_line1=street, city=city, state="NY", zip_code="12207")).id


def book(clinic: Clinic, patient_id: int, day: date = MONDAY, hour: int = 10) -> int:
    """Book a 30-minute office visit with Dr A; returns the appointment id."""
    return appointments.book_appointment(clinic.desk, BookingRequest(
        patient_id, clinic.dr_a, clinic.visit, local(day, hour))).id


def _folded(page) -> str:  # type: ignore[no-untyped-def]
    """A page's text with line breaks and runs of spaces folded to one space (wrapping varies)."""
    return " ".join((page.extract_text() or "").split())


def pdf_pages(path: Path) -> list[str]:
    """Each page's text, folded."""
    with pdfplumber.open(path) as pdf:
        return [_folded(page) for page in pdf.pages]


def pdf_page_count_and_last(path: Path) -> tuple[int, str]:
    """How many pages, and the last one's text, folded: for a long batch, whose other pages' text extraction
    (pdfplumber, about 35 ms a page) would be most of the test's time."""
    with pdfplumber.open(path) as pdf:
        return len(pdf.pages), _folded(pdf.pages[-1])


def pdf_words(path: Path, page: int = 0) -> list[dict]:  # type: ignore[type-arg]
    with pdfplumber.open(path) as pdf:
        return pdf.pages[page].extract_words(keep_blank_chars=True)
