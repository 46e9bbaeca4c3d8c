"""Helpers shared by the patients-core tests: a fully filled registration form and audit reading."""

from __future__ import annotations

from datetime import date

from frontdesk.services.admin import audit
from frontdesk.services.session import ServiceContext
from frontdesk.services.patients.patients import PatientInput

REFERRING_NPI = "1245319599"  # a valid NPI (check digit correct)


def basic(first: str = "Jane", last: str = "Doe", **overrides: object) -> PatientInput:
    """The smallest valid registration; override any field."""
    values: dict[str, object] = dict(first_name=first, last_name=last, dob="03/14/1962", sex="F")
    values.update(overrides)
    return PatientInput(**values)  # type: ignore[arg-type]


def full(first: str = "Ada", last: str = "Lovelace", **overrides: object) -> PatientInput:
    """Every field of the registration form filled with valid, already-normal values."""
    values: dict[str, object] = dict(
        first_name=first, last_name=last, middle_name="Byron", suffix="Jr.", preferred_name="Addie",
        dob=date(1962, 3, 14), sex="F", gender_identity="Woman",
        address_line1="12 Elm Street", address_line2="Apt 3", city="Albany", state="NY", zip_code="12207-1234",
        home_phone="+15185550142", mobile_phone="+12125550187", work_phone="+13155550100",
        preferred_phone_kind="mobile", email="ada@example.com", preferred_contact="text", voicemail_ok=True,
        text_ok=True, preferred_language="English", emergency_name="Charles Babbage",
        emergency_relationship="friend", emergency_phone="+16075550111", referring_name="Dr. Mary Somerville",
        referring_npi=REFERRING_NPI, referral_source="physician", status="active", deceased_date=None, notes="Prefers morning visits.\nUses a cane.",
    )
    values.update(overrides)
    return PatientInput(**values)  # type: ignore[arg-type]


def audit_rows(ctx: ServiceContext, action: str = "", patient_id: int | None = None) -> list[audit.AuditRow]:
    """Audit events, newest first, read as the admin ``ctx``."""
    return audit.list_events(ctx, audit.AuditFilter(action=action, patient_id=patient_id))
