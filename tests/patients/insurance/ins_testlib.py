"""Helpers for the insurance, consent and intake tests: valid form inputs, audit details, dates."""

from __future__ import annotations

import struct
import zlib
from datetime import date, timedelta

from frontdesk.services.admin import audit
from frontdesk.services.session import ServiceContext
from frontdesk.services.patients.insurance import PolicyInput
from frontdesk.services.patients.patients import PatientInput
from frontdesk.services.billing.payers import PayerInput
from testsupport import practice_today

TODAY = practice_today()


def tiny_png(payload: bytes = b"") -> bytes:
    """A real 1x1 PNG; ``payload`` goes in a private ancillary chunk (to look for it later)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    extra = chunk(b"fdTx", payload) if payload else b""
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + extra + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


PNG_BYTES = tiny_png()
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01" + b"\x00" * 60 + b"\xff\xd9"


def days(n: int) -> date:
    """Today plus ``n`` days (negative for the past)."""
    return TODAY + timedelta(days=n)


def patient_input(first: str = "Jane", last: str = "Doe", **overrides: object) -> PatientInput:
    values: dict[str, object] = dict(first_name=first, last_name=last, dob="03/14/1962", sex="F",
                                     phone="(518) 555-0142", address_line1="12 Elm Street", city="Albany",
                                     state="NY", zip_code="12207")
    values.update(overrides)
    return PatientInput(**values)  # type: ignore[arg-type]


def payer_input(name: str = "Aetna", **overrides: object) -> PayerInput:
    values: dict[str, object] = dict(name=name, claim_type="group_health_plan", edi_payer_id="60054",
                                     address_line1="PO Box 981106", city="El Paso", state="TX", zip_code="79998",
                                     phone="(800) 555-0199")
    values.update(overrides)
    return PayerInput(**values)  # type: ignore[arg-type]


def policy_input(payer_id: int, /, **overrides: object) -> PolicyInput:
    values: dict[str, object] = dict(payer_id=payer_id, rank=1, member_id="W123-456 789",
                                     effective_date=days(-365), group_number="GRP-1001", plan_name="Choice POS II",
                                     copay="25.00", release_signed_on=days(-365), assignment_signed_on=days(-365))
    values.update(overrides)
    return PolicyInput(**values)  # type: ignore[arg-type]


def spouse_policy(payer_id: int, /, **overrides: object) -> PolicyInput:
    values: dict[str, object] = dict(relationship="spouse", subscriber_first_name="John",
                                     subscriber_last_name="Doe", subscriber_dob="07/04/1960", subscriber_sex="M",
                                     subscriber_address_line1="12 Elm Street", subscriber_city="Albany",
                                     subscriber_state="NY", subscriber_zip_code="12207",
                                     subscriber_phone="518-555-0143", subscriber_employer="Acme Tools")
    values.update(overrides)
    return policy_input(payer_id, **values)


def audit_rows(admin_ctx: ServiceContext, action: str = "") -> list[audit.AuditRow]:
    """Audit events, newest first (optionally those whose action starts with ``action``)."""
    return audit.list_events(admin_ctx, audit.AuditFilter(action=action))
