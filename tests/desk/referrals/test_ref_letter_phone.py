"""The referral letter prints the patient's preferred phone (then mobile, home, work), never always home."""

from __future__ import annotations

import pytest
from ref_lib import RefClinic, referral

from frontdesk.models import Patient
from frontdesk.services.patients import patients
from frontdesk.services.desk import referrals
from frontdesk.services.patients.patients import PatientInput

HOME, MOBILE, WORK = "(217) 555-0142", "(217) 555-0177", "(217) 555-0188"


def _set_phones(clinic: RefClinic, preferred: str) -> None:
    patients.update_patient(clinic.desk, clinic.patient_id, PatientInput(
        first_name="Mary", last_name="O'Brien-Smith", dob="03/07/1975", sex="F", home_phone=HOME,
        mobile_phone=MOBILE, work_phone=WORK, preferred_phone_kind=preferred))


def _letter_phone(clinic: RefClinic) -> str:
    ref_id = referrals.create_referral(clinic.desk, referral(clinic)).id
    return referrals.referral_letter(clinic.desk, ref_id).patient_phone


@pytest.mark.parametrize("preferred, printed", [("mobile", MOBILE), ("work", WORK), ("home", HOME)])
def test_the_letter_prints_the_preferred_phone(clinic: RefClinic, preferred: str, printed: str) -> None:
    _set_phones(clinic, preferred)
    assert _letter_phone(clinic) == printed


def test_without_a_preferred_kind_mobile_comes_before_home(practice, clinic: RefClinic) -> None:  # type: ignore[no-untyped-def]
    _set_phones(clinic, "home")
    with practice.db.session(write=True) as session:  # a record saved before the preferred phone was asked
        session.get(Patient, clinic.patient_id).preferred_phone_kind = ""
    assert _letter_phone(clinic) == MOBILE
