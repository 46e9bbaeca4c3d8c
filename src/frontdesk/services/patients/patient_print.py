"""What the Patients pane prints (face sheet, intake form): the data gathered in one audited transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from frontdesk.domain.permissions import Permission
from frontdesk.errors import ValidationError
from frontdesk.models import Practice
from frontdesk.services._base import Tx, operation
from frontdesk.services.patients._insurance_records import PolicyRecord
from frontdesk.services.patients._patient_rows import to_record
from frontdesk.services._lookups import load_patient, phones_of
from frontdesk.services.patients._patient_types import PatientRecord
from frontdesk.services._practice_clock import practice_now, practice_today
from frontdesk.services.patients.disclosures import DisclosureEntry, DisclosureInput
from frontdesk.services.patients._disclosure_step import log_disclosure
from frontdesk.services.patients.family import GuarantorInfo, get_guarantor
from frontdesk.services.patients.insurance import list_policies

DOCUMENTS = {"face_sheet": "face sheet", "intake_form": "intake form"}


@dataclass(frozen=True)
class PatientSheet:
    """Everything a printed patient document shows; ``policies`` are current and future ones (no history)."""

    document: str
    practice_name: str
    printed_at: datetime
    patient: PatientRecord
    guarantor: GuarantorInfo
    policies: tuple[PolicyRecord, ...]
    disclosure: DisclosureEntry | None = None


@operation(Permission.VIEW_PATIENTS, write=True)
def patient_sheet(tx: Tx, patient_id: int, document: str, *,
                  disclosure: DisclosureInput | None = None) -> PatientSheet:
    """The data of a printed ``document`` ("face_sheet" or "intake_form"); writes a patient.print event.

    ``disclosure``: the copy goes outside treatment, payment and operations, so the same transaction records
    it in the disclosure log (nothing is printed unless the entry is complete; EDIT_PATIENTS needed).
    """
    if document not in DOCUMENTS:
        raise ValidationError("document", "Choose the face sheet or the intake form.")
    logged = None
    if disclosure is not None:
        logged = log_disclosure(tx, patient_id, disclosure)
    patient = load_patient(tx.session, patient_id)
    record = to_record(patient, phones_of(tx.session, patient.id))
    # The sibling operations run inside this transaction with the same actor (their own checks apply).
    guarantor = get_guarantor.__wrapped__(tx, patient_id)  # type: ignore[attr-defined]
    policies = [p for p in list_policies.__wrapped__(tx, patient_id, include_history=False)  # type: ignore[attr-defined]
                if p.end_date is None or p.end_date >= practice_today(tx.session)]
    practice = tx.session.scalar(select(Practice).limit(1))
    tx.audit("patient.print", entity_type="patient", entity_id=patient.id, patient_id=patient.id,
             detail=DOCUMENTS[document])
    return PatientSheet(document, practice.legal_name if practice else "", practice_now(tx.session), record, guarantor,
                        tuple(policies), logged)
