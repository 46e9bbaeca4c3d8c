"""What the Referrals tab tests share: a clinic on a real encrypted practice and helpers that drive dialogs."""

from __future__ import annotations

from dataclasses import dataclass

from billing_support import RENDERING_NPI
from PySide6.QtCore import Qt

from frontdesk.services.desk import outside_directory
from frontdesk.services.patients import patients
from frontdesk.services.admin import providers
from frontdesk.services._base import ServiceContext
from frontdesk.services.patients.patients import PatientInput
from frontdesk.services.desk.referral_types import OutsideProviderInput

CARDIO_NPI = "1987654328"
INCOMING_NPI = "1555555550"


@dataclass
class UiClinic:
    provider_id: int
    patient_id: int
    other_patient_id: int
    cardiology_id: int
    imaging_id: int


def build_ui_clinic(admin: ServiceContext) -> UiClinic:
    provider_id = providers.add_provider(admin, "Ava", "Carter", RENDERING_NPI, "MD", "207Q00000X").id
    patient_id = patients.register_patient(admin, PatientInput(
        first_name="Mary", last_name="Obrien", dob="03/07/1975", sex="F", phone="(217) 555-0142",
        address_line1="42 Elm St", city="Springfield", state="IL", zip_code="62704")).id
    other_id = patients.register_patient(admin, PatientInput(
        first_name="Sam", last_name="Cash", dob="05/05/1980", sex="M", phone="(217) 555-0199",
        address_line1="9 Oak St", city="Springfield", state="IL", zip_code="62704")).id
    cardio = outside_directory.save_outside_provider(admin, None, OutsideProviderInput(
        kind="provider", name="Dr. Priya Shah", specialty="Cardiology", npi=CARDIO_NPI, phone="(217) 555-0300",
        fax="(217) 555-0301", address1="800 Heart Way", city="Springfield", state="IL", zip_code="62701")).id
    imaging = outside_directory.save_outside_provider(admin, None, OutsideProviderInput(
        kind="facility", name="Springfield Imaging Center", specialty="Radiology", phone="(217) 555-0400")).id
    return UiClinic(provider_id, patient_id, other_id, cardio, imaging)


def find_patient(qtbot, picker, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type in the shared patient search, wait for the results, take the first with Down and Enter."""
    qtbot.keyClicks(picker.search, text)
    qtbot.waitUntil(lambda: picker.model.rowCount() > 0)  # after the typing pause (debounce)
    qtbot.keyClick(picker.search, Qt.Key.Key_Down)
    qtbot.keyClick(picker.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: picker.patient_id() is not None)
