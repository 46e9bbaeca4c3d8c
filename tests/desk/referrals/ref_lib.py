"""What the referral tests share: a small clinic with a provider, two patients and a directory."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from billing_support import REFERRING_NPI, RENDERING_NPI

from frontdesk.models import Appointment, AppointmentType
from frontdesk.services.desk import outside_directory
from frontdesk.services.patients import patients
from frontdesk.services.admin import providers
from frontdesk.services.session import ServiceContext
from frontdesk.services.patients.patients import PatientInput
from frontdesk.services.desk.referral_types import OutsideProviderInput, ReferralInput

# 12:00 noon Eastern on Friday 11/20/2026 is "today" in every referral test.
NOW = datetime(2026, 11, 20, 17, 0, tzinfo=UTC)
TODAY = date(2026, 11, 20)
CARDIO_NPI = "1987654328"
INCOMING_NPI = "1555555550"


@dataclass
class RefClinic:
    admin: ServiceContext
    desk: ServiceContext
    provider_id: int
    patient_id: int  # Mary O'Brien-Smith, whose record names Dr. Linh Nguyen as referring provider
    other_patient_id: int
    cardiology_id: int  # a provider in the directory
    imaging_id: int  # a facility without an NPI


def cardiology() -> OutsideProviderInput:
    return OutsideProviderInput(kind="provider", name="Dr. Priya Shah", specialty="Cardiology", npi=CARDIO_NPI,
                                phone="(217) 555-0300", fax="217-555-0301", address1="800 Heart Way",
                                city="Springfield", state="IL", zip_code="62701")


def referral(clinic: RefClinic, **changes: object) -> ReferralInput:
    values: dict[str, object] = {"patient_id": clinic.patient_id, "outside_provider_id": clinic.cardiology_id,
                                 "kind": "consultation", "reason": "Palpitations, evaluate for arrhythmia",
                                 "diagnoses": ("R00.2", "I10"), "authorization_number": "AUTH-5521",
                                 "visits_allowed": 3, "ordering_provider_id": clinic.provider_id}
    values.update(changes)
    return ReferralInput(**values)  # type: ignore[arg-type]


def build_clinic(practice, admin: ServiceContext, desk: ServiceContext) -> RefClinic:  # type: ignore[no-untyped-def]
    provider_id = providers.add_provider(admin, "Ava", "Carter", RENDERING_NPI, "MD", "207Q00000X").id
    patient_id = patients.register_patient(admin, PatientInput(
        first_name="Mary", last_name="O'Brien-Smith", dob="03/07/1975", sex="F", phone="(217) 555-0142",
        address_line1="42 Elm St", city="Springfield", state="IL", zip_code="62704",
        referring_name="Linh Nguyen", referring_npi=REFERRING_NPI)).id
    other_id = patients.register_patient(admin, PatientInput(
        first_name="Sam", last_name="Cash", dob="05/05/1980", sex="M", phone="(217) 555-0199",
        address_line1="9 Oak St", city="Springfield", state="IL", zip_code="62704")).id
    cardio_id = outside_directory.save_outside_provider(desk, None, cardiology()).id
    imaging_id = outside_directory.save_outside_provider(desk, None, OutsideProviderInput(
        kind="facility", name="Springfield Imaging Center", specialty="Radiology", phone="(217) 555-0400",
        address1="12 Scan Rd", city="Springfield", state="IL", zip_code="62702")).id
    return RefClinic(admin, desk, provider_id, patient_id, other_id, cardio_id, imaging_id)


def add_appointment(practice, clinic: RefClinic, start_utc: datetime, status: str = "checked_out") -> int:  # type: ignore[no-untyped-def]
    """A visit stored directly (the calendar's rules are not what these tests are about)."""
    with practice.db.session(write=True) as session:
        appt_type = session.query(AppointmentType).first()
        if appt_type is None:
            appt_type = AppointmentType(name="Office visit", default_minutes=15, colour="#4A90D9")
            session.add(appt_type)
            session.flush()
        appt = Appointment(patient_id=clinic.patient_id, provider_id=clinic.provider_id, type_id=appt_type.id,
                           start_utc=start_utc, end_utc=start_utc + timedelta(minutes=15), length_minutes=15,
                           status=status)
        session.add(appt)
        session.flush()
        return appt.id
