"""Billing pane test support: a small billing clinic built through the services, and widget helpers."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from billing_support import RENDERING_NPI
from testsupport import PRACTICE, STAFF_PASSWORD

from frontdesk.domain.permissions import Role
from frontdesk.services.billing import billing_settings, fee_schedule, payers
from frontdesk.services.patients import insurance, patients
from frontdesk.services.admin import practice, providers, users
from frontdesk.services._base import Actor, ServiceContext
from frontdesk.services.patients.insurance import PolicyInput
from frontdesk.services.patients.patients import PatientInput
from frontdesk.services.billing.payers import PayerInput
from testsupport import practice_today

# A recent weekday in the past: the services refuse dates of service in the future.
DOS = practice_today() - timedelta(days=3)
COVERAGE_START = date(DOS.year - 1, 1, 1)


@dataclass
class BillingClinic:
    biller: Actor
    biller_ctx: ServiceContext
    provider_id: int
    payer_id: int
    patient_id: int
    policy_id: int


def self_policy(payer_id: int, **changes: object) -> PolicyInput:
    values: dict[str, object] = {"payer_id": payer_id, "rank": 1, "member_id": "XJH123456789",
                                 "effective_date": COVERAGE_START, "relationship": "self",
                                 "release_signed_on": COVERAGE_START, "assignment_signed_on": COVERAGE_START}
    values.update(changes)
    return PolicyInput(**values)  # type: ignore[arg-type]


def build_billing_clinic(db, admin: ServiceContext, **policy_changes: object) -> BillingClinic:  # type: ignore[no-untyped-def]
    """ZIP+4 for the practice, a biller, Dr Ava Carter, Blue Prairie Health (EDI BPH01), Mary Jones with a self policy, three fees."""
    practice.update_practice(admin, replace(PRACTICE, zip_code="122071234"))  # 837P wants ZIP+4
    info = users.add_user(admin, "ben", "Ben Biller", Role.BILLING, STAFF_PASSWORD)
    biller = Actor(info.id, info.username, info.full_name, info.role)
    biller_ctx = ServiceContext(db, biller)
    provider_id = providers.add_provider(admin, "Ava", "Carter", RENDERING_NPI, "MD", "207Q00000X").id
    payer_id = payers.add_payer(admin, PayerInput(name="Blue Prairie Health", claim_type="group_health_plan",
                                                  edi_payer_id="BPH01", address_line1="PO Box 1200",
                                                  city="Chicago", state="IL", zip_code="60601")).id
    patient_id = patients.register_patient(admin, PatientInput(
        first_name="Mary", last_name="Jones", dob="03/07/1975", sex="F", phone="(217) 555-0142",
        address_line1="42 Elm St", city="Springfield", state="IL", zip_code="62704")).id
    policy_id = insurance.add_policy(admin, patient_id, self_policy(payer_id, **policy_changes)).id
    fee_schedule.add_fee_item(biller_ctx, "99213", "Office visit, established", "125.00", allowed_modifiers="25 95")
    fee_schedule.add_fee_item(biller_ctx, "90471", "Vaccine administration, first", "25.00")
    billing_settings.update_billing_settings(biller_ctx, submitter_id="SUB123", submitter_name="Test Family Practice",
                                             contact_name="Ben Biller", contact_phone="(518) 555-0123",
                                             receiver_id="CLEAR01", receiver_name="Clearinghouse")
    return BillingClinic(biller, biller_ctx, provider_id, payer_id, patient_id, policy_id)


def make_claim(ctx: ServiceContext, clinic: BillingClinic, *, codes: tuple[str, ...] = ("E119",),
               lines: tuple[str, ...] = ("99213",), **header_changes: object):  # type: ignore[no-untyped-def]
    """An encounter entered through the services and its claims made; returns the primary ClaimRow."""
    from frontdesk.services.billing import claims, encounters
    from frontdesk.services.billing.billing_types import EncounterHeader, ServiceLineInput

    enc = encounters.create_encounter(ctx, clinic.patient_id,
                                      EncounterHeader(DOS, clinic.provider_id, **header_changes))  # type: ignore[arg-type]
    encounters.set_diagnoses(ctx, enc.id, list(codes))
    for code in lines:
        encounters.add_service_line(ctx, enc.id, ServiceLineInput(code))
    return claims.create_claims(ctx, enc.id)[0]
