"""Helpers for the eligibility-file tests: a small schedule of insured and self-pay patients, 271 fixtures."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from frontdesk.demo.data import fake_npi
from frontdesk.domain import schedule_time as st
from frontdesk.models import Appointment, AppointmentType
from frontdesk.reports.x12_270 import validate_eligibility_file
from frontdesk.services.admin import providers
from frontdesk.services.billing import billing_settings, payers
from frontdesk.services.billing.payers import PayerInput
from frontdesk.services.patients import insurance, patients
from frontdesk.services.patients.insurance import PolicyInput
from frontdesk.services.patients.patients import PatientInput
from frontdesk.services.session import ServiceContext
from testsupport import practice_today

HERE = Path(__file__).parent / "patients" / "eligibility"  # the hand-written 271 files
DAY = practice_today() + timedelta(days=1)  # tomorrow's schedule, asked about today
TZ = st.zone("America/New_York")


@dataclass
class Schedule:
    """Who is on DAY's calendar: Jane (self), Tom (a child on his father's plan), Sam (self-pay)."""

    jane: int
    tom: int
    sam: int
    jane_policy: int
    tom_policy: int
    payer_id: int


def _patient(ctx: ServiceContext, first: str, last: str, dob: str, sex: str) -> int:
    return patients.register_patient(ctx, PatientInput(first_name=first, last_name=last, dob=dob, sex=sex,
                                                       phone="(518) 555-0142", address_line1="12 Elm Street",
                                                       city="Albany", state="NY", zip_code="12207")).id


def _policy(ctx: ServiceContext, patient_id: int, payer_id: int, member: str, **extra: object) -> int:
    values: dict[str, object] = dict(payer_id=payer_id, rank=1, member_id=member,
                                     effective_date=DAY - timedelta(days=365), group_number="GRP-1001",
                                     plan_name="Choice POS II", copay="25.00")
    values.update(extra)
    return insurance.add_policy(ctx, patient_id, PolicyInput(**values)).id  # type: ignore[arg-type]


def book(db, patient_id: int, provider_id: int, day: date, hour: int) -> None:  # type: ignore[no-untyped-def]
    start = st.to_utc(datetime.combine(day, time(hour)), TZ)
    with db.session(write=True) as s:
        kind = AppointmentType(name=f"Visit {patient_id}-{hour}", default_minutes=30, colour="#3366AA")
        s.add(kind)
        s.flush()
        s.add(Appointment(patient_id=patient_id, provider_id=provider_id, type_id=kind.id, start_utc=start,
                          end_utc=start + timedelta(minutes=30), length_minutes=30))


def set_up_billing(admin_ctx: ServiceContext) -> int:
    """The 270's submitter and receiver filled in, and a provider to book with (returns the provider's id)."""
    billing_settings.update_billing_settings(admin_ctx, submitter_id="MAPLEDEMO01", submitter_name="Maple Street",
                                             contact_name="Billing Office", contact_phone="(518) 555-0100",
                                             receiver_id="CLEARHOUSE", receiver_name="Clearing House")
    return providers.add_provider(admin_ctx, "Maria", "Alvarez", fake_npi(random.Random(5)), "MD").id


def build_schedule(admin_ctx: ServiceContext, db) -> Schedule:  # type: ignore[no-untyped-def]
    """Billing settings filled in, one payer, three patients booked on DAY (and one cancelled visit)."""
    provider = set_up_billing(admin_ctx)
    payer_id = payers.add_payer(admin_ctx, PayerInput(name="Acme Health Plan", claim_type="group_health_plan",
                                                      edi_payer_id="60054")).id
    jane = _patient(admin_ctx, "Jane", "Doe", "03/14/1962", "F")
    tom = _patient(admin_ctx, "Tom", "Roe", "05/02/2015", "M")
    sam = _patient(admin_ctx, "Sam", "Poe", "01/01/1990", "M")
    jane_policy = _policy(admin_ctx, jane, payer_id, "W123456789")
    tom_policy = _policy(admin_ctx, tom, payer_id, "R987654321", relationship="child",
                         subscriber_first_name="Rick", subscriber_last_name="Roe", subscriber_dob="07/04/1980",
                         subscriber_sex="M", subscriber_address_line1="12 Elm Street", subscriber_city="Albany",
                         subscriber_state="NY", subscriber_zip_code="12207")
    for patient_id, hour in ((jane, 9), (tom, 10), (sam, 11), (jane, 14)):
        book(db, patient_id, provider, DAY, hour)
    return Schedule(jane, tom, sam, jane_policy, tom_policy, payer_id)


def fixture_271(name: str, **values: str) -> str:
    """A hand-written 271 from this folder with its {PLACEHOLDERS} filled, checked by pyx12 before use."""
    text = (HERE / name).read_text(encoding="ascii").format(**values)
    errors = validate_eligibility_file(text)
    assert errors == [], errors
    return text
