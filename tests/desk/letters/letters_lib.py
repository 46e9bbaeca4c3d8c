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


def pdf_pages(path: Path) -> list[str]:
    """Each page's text with line breaks and runs of spaces folded to one space (wrapping varies)."""
    with pdfplumber.open(path) as pdf:
        return [" ".join((page.extract_text() or "").split()) for page in pdf.pages]


def pdf_words(path: Path, page: int = 0) -> list[dict]:  # type: ignore[type-arg]
    with pdfplumber.open(path) as pdf:
        return pdf.pages[page].extract_words(keep_blank_chars=True)
