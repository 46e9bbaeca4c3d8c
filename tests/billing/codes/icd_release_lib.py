"""Synthetic CMS ICD-10-CM order files (the exact fixed-width format) for the release import tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from pathlib import Path

import pytest
from billing_support import RENDERING_NPI

from frontdesk.codes import _icd_releases, icd10cm
from frontdesk.codes._icd_data import read_release
from frontdesk.domain import schedule_time as st
from frontdesk.services.admin import providers
from frontdesk.services.billing import claims, encounters, fee_schedule, payers
from frontdesk.services.billing.billing_types import EncounterHeader, ServiceLineInput
from frontdesk.services.patients import insurance, patients
from frontdesk.services.patients.insurance import PolicyInput
from frontdesk.services.patients.patients import PatientInput
from frontdesk.services.session import ServiceContext

# Codes that no real release has: an import that works makes them searchable.
NEW_CODES = (("U10", "0", "Zorblax syndrome"),
             ("U100", "1", "Zorblax syndrome, acute"),
             ("U101", "1", "Zorblax syndrome, chronic quillfeather type"))
BUNDLED_CODES = 60_000  # the first codes of the bundled release, in tabular order (a release needs 50,000+)
TODAY = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)


def order_line(number: int, code: str, flag: str, description: str) -> str:
    """One line: order number, code, flag, 60-character short description, long description."""
    return f"{number:05d} {code:<7} {flag} {description[:60]:<60} {description}"


@lru_cache(maxsize=1)
def _bundled_lines() -> tuple[str, ...]:
    raw = read_release()
    return tuple(order_line(n, c, "1" if c in raw.billable else "0", raw.descriptions[c])
                 for n, c in enumerate(raw.codes[:BUNDLED_CODES], 1))


def order_text(*, new_codes: bool = True) -> str:
    """~60,000 lines from the bundled release, plus the NEW_CODES at the end (CRLF, as CMS ships it)."""
    lines = list(_bundled_lines())
    if new_codes:
        lines += [order_line(len(lines) + i, code, flag, text) for i, (code, flag, text) in enumerate(NEW_CODES, 1)]
    return "\r\n".join(lines) + "\r\n"


def write_order_file(folder: Path, name: str = "icd10cm-order-2027.txt", text: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes((order_text() if text is None else text).encode("utf-8"))
    return path


def replace_line(text: str, number: int, line: str) -> str:
    """The order text with its ``number``-th line (1-based) replaced."""
    lines = text.split("\r\n")
    lines[number - 1] = line
    return "\r\n".join(lines)


def isolate_code_set(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """For an autouse fixture: the bundled index comes back after the test (no synthetic release leaks); resources/icd10cm is a
    private empty folder (returned) so a developer's dropped release does not change the results."""
    icd10cm.current_release()  # build the bundled index once, then every test starts from it
    monkeypatch.setattr(icd10cm, "_index", icd10cm._index)
    monkeypatch.setattr(icd10cm, "_folder", icd10cm._folder)
    resources = tmp_path / "resources-icd10cm"
    monkeypatch.setattr(_icd_releases, "resources_folder", lambda: resources)
    return resources


def freeze_clock(monkeypatch: pytest.MonkeyPatch) -> list[datetime]:
    """For a fixture: the practice clock at TODAY (11/27/2026); tests move it by assigning clock[0]."""
    now = [TODAY]
    monkeypatch.setattr(st, "utc_now", lambda: now[0])
    return now


def release_end(fiscal_year: int) -> date:
    """The last date of service a fiscal year's release covers (09/30 of that year)."""
    return date(fiscal_year, 9, 30)


def set_clock(clock: list[datetime], day: date) -> None:
    """The practice clock at 12:00 noon UTC of ``day`` (a weekday or not: claims do not care)."""
    clock[0] = datetime(day.year, day.month, day.day, 17, 0, tzinfo=UTC)


class ClaimMaker:
    """Clean claims on chosen dates of service and codes, for the code-set-by-date tests (one provider and payer)."""

    def __init__(self, admin: ServiceContext, biller: ServiceContext) -> None:
        self.admin, self.biller = admin, biller
        self.provider_id = providers.add_provider(admin, "Ava", "Carter", RENDERING_NPI, "MD", "207Q00000X").id
        self.payer_id = payers.add_payer(admin, payers.PayerInput(
            name="Blue Prairie Health", claim_type="group_health_plan", edi_payer_id="BPH01",
            address_line1="PO Box 1200", city="Chicago", state="IL", zip_code="60601")).id
        fee_schedule.add_fee_item(biller, "99213", "Office visit, established, 20-29 min", "125.00")
        self.made = 0

    def claim(self, service_date: date, codes: list[str]) -> int:
        """A new patient's claim for one visit on ``service_date`` with ``codes``; its id."""
        self.made += 1
        signed = service_date - timedelta(days=30)
        patient_id = patients.register_patient(self.admin, PatientInput(
            first_name=("Mary", "Ruth", "Olga", "Nina", "Vera", "Lena")[self.made % 6],
            last_name=("Quill", "Brandt", "Okafor", "Moreau", "Tanaka", "Lindqvist")[self.made % 6],
            dob=f"03/{self.made:02d}/1975", sex="F", phone=f"(217) 555-01{self.made:02d}", address_line1="42 Elm St", city="Springfield", state="IL", zip_code="62704")).id
        insurance.add_policy(self.admin, patient_id, PolicyInput(
            payer_id=self.payer_id, rank=1, member_id="XJH123456789", effective_date=signed, relationship="self",
            release_signed_on=signed, assignment_signed_on=signed))
        enc = encounters.create_encounter(self.biller, patient_id, EncounterHeader(
            service_date=service_date, rendering_provider_id=self.provider_id))
        encounters.set_diagnoses(self.biller, enc.id, codes)
        encounters.add_service_line(self.biller, enc.id, ServiceLineInput(code="99213", pointers="A"))
        [row] = claims.create_claims(self.biller, enc.id)
        return row.id
