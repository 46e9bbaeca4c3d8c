"""What the billing core tests share: a small billing clinic on a real encrypted practice, a fixed clock."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from billing_support import REFERRING_NPI, RENDERING_NPI
from testsupport import FAST_KDF, PRACTICE, STAFF_PASSWORD

from frontdesk.demo.build import DEMO_PRACTICE
from frontdesk.demo.data import seed_demo_patients, seed_demo_providers
from frontdesk.demo.fees import seed_demo_fee_schedule
from frontdesk.demo.insurance import seed_demo_insurance
from frontdesk.demo.schedule import seed_demo_schedule
from frontdesk.domain.permissions import Role
from frontdesk.first_run import create_practice
from frontdesk.paths import DataPaths
from frontdesk.services.admin import practice
from frontdesk.services.admin.practice import PracticeDetails
from frontdesk.services.billing import billing_settings, fee_schedule, payers
from frontdesk.services.patients import insurance, patients
from frontdesk.services.admin import providers, users
from frontdesk.services.session import Actor, ServiceContext
from frontdesk.services.billing.billing_types import EncounterHeader, ServiceLineInput
from frontdesk.services.patients.insurance import PolicyInput
from frontdesk.services.patients.patients import PatientInput
from frontdesk.services.billing.payers import PayerInput

# 12:00 noon Eastern on Friday 11/20/2026: the practice-local "today" of every billing test.
NOW = datetime(2026, 11, 20, 17, 0, tzinfo=UTC)
TODAY = date(2026, 11, 20)
DOS = date(2026, 11, 16)
COVERAGE_START = date(2026, 1, 1)


def demo_without_charges(folder: Path, patients: int, *, years: float, per_provider_day: int) -> ServiceContext:
    """A demo practice with its providers, patients, insurance, fee schedule and past visits, not billed yet."""
    result = create_practice(DataPaths(folder), DEMO_PRACTICE, admin_username="dana", admin_full_name="Dana Demo",
                             admin_password="Correct-Horse-Battery-9", passphrase="demo passphrase for tests",
                             kdf=FAST_KDF, is_demo=True)
    ctx = ServiceContext(result.db, result.actor)
    seed_demo_providers(ctx)
    seed_demo_patients(ctx, patients, 42)
    seed_demo_insurance(ctx)
    seed_demo_fee_schedule(ctx)
    seed_demo_schedule(ctx, years=years, per_provider_day=per_provider_day)
    return ctx


@dataclass
class BillingClinic:
    admin: ServiceContext
    biller: ServiceContext
    desk: ServiceContext
    provider_id: int
    payer_id: int  # Blue Prairie Health (group health plan)
    medigap_id: int  # Heartland Medigap (secondary)
    patient_id: int  # Mary O'Brien-Smith, a child on her father's plan
    policy_id: int
    self_pay_id: int  # Sam Cash: no insurance


def header(**changes: object) -> EncounterHeader:
    values: dict[str, object] = {"service_date": DOS, "rendering_provider_id": 0}
    values.update(changes)
    return EncounterHeader(**values)  # type: ignore[arg-type]


def line(code: str = "99213", **changes: object) -> ServiceLineInput:
    return ServiceLineInput(code=code, **changes)  # type: ignore[arg-type]


def _payer(admin: ServiceContext, name: str, edi: str, claim_type: str = "group_health_plan") -> int:
    return payers.add_payer(admin, PayerInput(name=name, claim_type=claim_type, edi_payer_id=edi,
                                              address_line1="PO Box 1200", city="Chicago", state="IL",
                                              zip_code="60601")).id


def child_policy(payer_id: int, rank: int = 1, **changes: object) -> PolicyInput:
    values: dict[str, object] = {
        "payer_id": payer_id, "rank": rank, "member_id": "XJH123456789" if rank == 1 else "MG998877",
        "effective_date": COVERAGE_START, "relationship": "child", "group_number": "GRP-7781",
        "release_signed_on": date(2026, 1, 5), "assignment_signed_on": date(2026, 1, 5),
        "subscriber_first_name": "John", "subscriber_last_name": "O'Brien-Smith",
        "subscriber_dob": date(1982, 11, 30), "subscriber_sex": "M", "subscriber_address_line1": "42 Elm St",
        "subscriber_city": "Springfield", "subscriber_state": "IL", "subscriber_zip_code": "62704"}
    values.update(changes)
    return PolicyInput(**values)  # type: ignore[arg-type]


def electronic_ready(clinic: BillingClinic) -> None:
    """The 837P needs the submitter/receiver and the billing address's ZIP+4."""
    billing_settings.update_billing_settings(clinic.admin, submitter_id="SUB123", submitter_name="Maple Billing",
                                             contact_name="Ben Biller", contact_phone="(217) 555-0100",
                                             receiver_id="REC999", receiver_name="Clearing House", usage_indicator="T")
    details = PracticeDetails(**{f.name: getattr(PRACTICE, f.name) for f in dataclasses.fields(PracticeDetails)})
    practice.update_practice(clinic.admin, dataclasses.replace(details, zip_code="12207-2404"))


def build_billing_clinic(practice, admin: ServiceContext, desk: ServiceContext) -> BillingClinic:  # type: ignore[no-untyped-def]
    info = users.add_user(admin, "ben", "Ben Biller", Role.BILLING, STAFF_PASSWORD)
    biller = ServiceContext(practice.db, Actor(info.id, info.username, info.full_name, info.role))
    provider_id = providers.add_provider(admin, "Ava", "Carter", RENDERING_NPI, "MD", "207Q00000X").id
    payer_id = _payer(admin, "Blue Prairie Health", "BPH01")
    medigap_id = _payer(admin, "Heartland Medigap", "HMG22", "other")
    patient_id = patients.register_patient(admin, PatientInput(
        first_name="Mary", last_name="O'Brien-Smith", dob="03/07/2015", sex="F", phone="(217) 555-0142",
        address_line1="42 Elm St", city="Springfield", state="IL", zip_code="62704",
        referring_name="Linh Nguyen", referring_npi=REFERRING_NPI)).id
    policy_id = insurance.add_policy(admin, patient_id, child_policy(payer_id)).id
    self_pay_id = patients.register_patient(admin, PatientInput(
        first_name="Sam", last_name="Cash", dob="05/05/1980", sex="M", phone="(217) 555-0199",
        address_line1="9 Oak St", city="Springfield", state="IL", zip_code="62704")).id
    fee_schedule.add_fee_item(biller, "99213", "Office visit, established, 20-29 min", "125.00",
                              allowed_modifiers="25 95")
    fee_schedule.add_fee_item(biller, "90471", "Vaccine administration, first", "25.00")
    fee_schedule.add_fee_item(biller, "J1100", "Dexamethasone injection, per 1 mg", "3.37", default_units=4)
    return BillingClinic(admin, biller, desk, provider_id, payer_id, medigap_id, patient_id, policy_id, self_pay_id)
