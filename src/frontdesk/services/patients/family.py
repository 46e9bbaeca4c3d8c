"""Guarantor (who is responsible for the bill) and family links (who shares a household).

A patient's guarantor is themself (guarantor_id NULL), another patient, or a person who is not a
patient; one guarantor row is shared by everyone that person is responsible for, so statements
can be grouped by it. Family members share a family id; the guarantor's address and phone can be
copied into a member's record in one call.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from frontdesk.domain.dates import clean_birth_date
from frontdesk.domain.formats import clean_state, clean_zip, parse_phone
from frontdesk.domain.permissions import Permission
from frontdesk.domain.text import clean_name, clean_text
from frontdesk.errors import ConflictError, NotFoundError, ValidationError
from frontdesk.models import Family, Guarantor, Patient
from frontdesk.models.base import utcnow
from frontdesk.services._base import Tx, operation
from frontdesk.services.patients._patient_rows import apply_update, input_from, summary_select
from frontdesk.services._lookups import load_editable, load_patient
from frontdesk.services.patients._patient_types import GUARANTOR_RELATIONSHIPS, PatientInput, PatientRecord, PatientSummary
from frontdesk.services._practice_clock import practice_today

RELATIONSHIPS = tuple(r for r in GUARANTOR_RELATIONSHIPS if r != "self")
_ADDRESS = ("address_line1", "address_line2", "city", "state", "zip_code")


@dataclass(frozen=True)
class GuarantorInput:
    """A responsible person who is not a patient of the practice (statements are mailed to them)."""

    first_name: str
    last_name: str
    address_line1: str
    city: str
    state: str
    zip_code: str
    middle_name: str = ""
    suffix: str = ""
    dob: date | str | None = None
    address_line2: str = ""
    phone: str = ""


@dataclass(frozen=True)
class GuarantorInfo:
    """Who is responsible for a patient's bill, with the contact details statements go to.

    ``guarantor_id`` None means the patient themself; ``patient_id`` is set when the guarantor is a
    patient (the patient's own id when self).
    """

    guarantor_id: int | None
    patient_id: int | None
    relationship: str
    first_name: str
    middle_name: str
    last_name: str
    suffix: str
    dob: date | None
    address_line1: str
    address_line2: str
    city: str
    state: str
    zip_code: str
    phone: str

    @property
    def is_self(self) -> bool:
        """The patient pays their own bill."""
        return self.guarantor_id is None


@dataclass(frozen=True)
class FamilyMember:
    """One member of a patient's household; ``is_guarantor`` when they are responsible for that patient."""

    patient: PatientSummary
    is_self: bool
    is_guarantor: bool


def _info_from_patient(p: Patient, guarantor_id: int | None, relationship: str) -> GuarantorInfo:
    return GuarantorInfo(guarantor_id, p.id, relationship, p.first_name, p.middle_name, p.last_name, p.suffix,
                         p.dob, p.address_line1, p.address_line2, p.city, p.state, p.zip_code, p.phone)


def _resolve(tx: Tx, patient: Patient) -> GuarantorInfo:
    if patient.guarantor_id is None:
        return _info_from_patient(patient, None, "self")
    g = tx.session.get(Guarantor, patient.guarantor_id)
    assert g is not None  # the foreign key guarantees it
    if g.patient_id is not None:
        return _info_from_patient(load_patient(tx.session, g.patient_id), g.id, patient.guarantor_relationship)
    return GuarantorInfo(g.id, None, patient.guarantor_relationship, g.first_name, g.middle_name, g.last_name,
                         g.suffix, g.dob, g.address_line1, g.address_line2, g.city, g.state, g.zip_code, g.phone)


def _relationship(value: object) -> str:
    text = value.strip().lower() if isinstance(value, str) else ""
    if text not in RELATIONSHIPS:
        raise ValidationError("guarantor_relationship",
                              "Relationship to the guarantor must be one of: " + ", ".join(RELATIONSHIPS) + ".")
    return text


def _clean_person(data: GuarantorInput, today: date) -> dict[str, object]:
    dob = None
    if data.dob not in (None, ""):
        typed = data.dob if isinstance(data.dob, date | str) else "x"
        dob = clean_birth_date(typed, "dob", "Guarantor's date of birth", today=today)
    suffix = clean_text(data.suffix, "suffix", "Suffix", max_len=10)
    if suffix and not all(ch.isalnum() or ch in ". " for ch in suffix):
        raise ValidationError("suffix", "Suffix may only contain letters, digits and periods (Jr., III).")
    return {
        "first_name": clean_name(data.first_name, "first_name", "Guarantor's first name"),
        "middle_name": clean_name(data.middle_name, "middle_name", "Guarantor's middle name", required=False),
        "last_name": clean_name(data.last_name, "last_name", "Guarantor's last name"),
        "suffix": suffix,
        "dob": dob,
        # Statements are mailed to the guarantor, so the address is required.
        "address_line1": clean_text(data.address_line1, "address_line1", "Guarantor's address", max_len=80,
                                    required=True),
        "address_line2": clean_text(data.address_line2, "address_line2", "Address line 2", max_len=80),
        "city": clean_text(data.city, "city", "City", max_len=60, required=True),
        "state": clean_state(data.state if isinstance(data.state, str) else ""),
        "zip_code": clean_zip(data.zip_code if isinstance(data.zip_code, str) else ""),
        "phone": parse_phone(data.phone if isinstance(data.phone, str) else "", "phone", "Guarantor's phone"),
    }


def _set(tx: Tx, patient: Patient, guarantor_id: int | None, relationship: str) -> GuarantorInfo:
    changed = [name for name, old, new in (("guarantor_id", patient.guarantor_id, guarantor_id),
                                           ("guarantor_relationship", patient.guarantor_relationship, relationship))
               if old != new]
    patient.guarantor_id = guarantor_id
    patient.guarantor_relationship = relationship
    patient.updated_at = utcnow()
    tx.audit("patient.update", entity_type="patient", entity_id=patient.id, patient_id=patient.id,
             detail="fields: " + (", ".join(changed) or "none"))
    tx.changed("patients")
    return _resolve(tx, patient)


@operation(Permission.VIEW_PATIENTS, write=False)
def get_guarantor(tx: Tx, patient_id: int) -> GuarantorInfo:
    """Who is responsible for the patient's bill (the patient themself when none was set)."""
    return _resolve(tx, load_patient(tx.session, patient_id))


@operation(Permission.EDIT_PATIENTS)
def set_guarantor_self(tx: Tx, patient_id: int) -> GuarantorInfo:
    """The patient pays their own bill."""
    return _set(tx, load_editable(tx.session, patient_id), None, "")


@operation(Permission.EDIT_PATIENTS)
def set_guarantor_patient(tx: Tx, patient_id: int, guarantor_patient_id: int, relationship: str) -> GuarantorInfo:
    """Another patient (e.g. a parent) is responsible; choosing the patient themself means self."""
    patient = load_editable(tx.session, patient_id)
    if guarantor_patient_id == patient.id:
        return _set(tx, patient, None, "")
    other = load_editable(tx.session, guarantor_patient_id)
    relation = _relationship(relationship)
    row = tx.session.scalar(select(Guarantor).where(Guarantor.patient_id == other.id))
    if row is None:
        row = Guarantor(patient_id=other.id)
        tx.session.add(row)
        tx.session.flush()
    return _set(tx, patient, row.id, relation)


@operation(Permission.EDIT_PATIENTS)
def set_guarantor_person(tx: Tx, patient_id: int, person: GuarantorInput, relationship: str) -> GuarantorInfo:
    """Someone who is not a patient is responsible; creates their guarantor record."""
    patient = load_editable(tx.session, patient_id)
    relation = _relationship(relationship)
    row = Guarantor(**_clean_person(person, practice_today(tx.session)))
    tx.session.add(row)
    tx.session.flush()
    return _set(tx, patient, row.id, relation)


@operation(Permission.EDIT_PATIENTS)
def share_guarantor(tx: Tx, patient_id: int, guarantor_id: int, relationship: str) -> GuarantorInfo:
    """Make an existing guarantor (e.g. a sibling's) responsible for this patient too."""
    patient = load_editable(tx.session, patient_id)
    row = tx.session.get(Guarantor, guarantor_id) if isinstance(guarantor_id, int) else None
    if row is None:
        raise NotFoundError("That guarantor record no longer exists.")
    if row.patient_id == patient.id:
        return _set(tx, patient, None, "")
    return _set(tx, patient, row.id, _relationship(relationship))


@operation(Permission.EDIT_PATIENTS)
def update_guarantor_person(tx: Tx, guarantor_id: int, person: GuarantorInput) -> GuarantorInfo:
    """Correct a non-patient guarantor's details (for everyone they are responsible for)."""
    row = tx.session.get(Guarantor, guarantor_id) if isinstance(guarantor_id, int) else None
    if row is None:
        raise NotFoundError("That guarantor record no longer exists.")
    if row.patient_id is not None:
        raise ConflictError("This guarantor is a patient; edit their patient record instead.")
    values = _clean_person(person, practice_today(tx.session))
    changed = sorted(k for k, v in values.items() if getattr(row, k) != v)
    for key, value in values.items():
        setattr(row, key, value)
    row.updated_at = utcnow()
    tx.audit("guarantor.update", entity_type="guarantor", entity_id=row.id,
             detail="fields: " + (", ".join(changed) or "none"))
    tx.changed("patients")
    return GuarantorInfo(row.id, None, "", row.first_name, row.middle_name, row.last_name, row.suffix,
                         row.dob, row.address_line1, row.address_line2, row.city, row.state, row.zip_code,
                         row.phone)


@operation(Permission.EDIT_PATIENTS)
def link_family(tx: Tx, patient_id: int, other_patient_id: int) -> int:
    """Put the patient in the other patient's household (starting one when they have none); returns its id."""
    patient = load_editable(tx.session, patient_id)
    other = load_editable(tx.session, other_patient_id)
    if patient.id == other.id:
        raise ValidationError("family", "Choose another patient to link as family.")
    if other.family_id is None:
        family = Family()
        tx.session.add(family)
        tx.session.flush()
        other.family_id = family.id
        tx.audit("patient.update", entity_type="patient", entity_id=other.id, patient_id=other.id,
                 detail="fields: family_id")
    if patient.family_id != other.family_id:
        patient.family_id = other.family_id
        tx.audit("patient.update", entity_type="patient", entity_id=patient.id, patient_id=patient.id,
                 detail="fields: family_id")
    tx.changed("patients")
    assert other.family_id is not None
    return other.family_id


@operation(Permission.EDIT_PATIENTS)
def unlink_family(tx: Tx, patient_id: int) -> None:
    """Take the patient out of their household (the others stay linked)."""
    patient = load_editable(tx.session, patient_id)
    if patient.family_id is None:
        return
    patient.family_id = None
    tx.audit("patient.update", entity_type="patient", entity_id=patient.id, patient_id=patient.id,
             detail="fields: family_id")
    tx.changed("patients")


@operation(Permission.VIEW_PATIENTS, write=False)
def list_family(tx: Tx, patient_id: int) -> list[FamilyMember]:
    """The patient's household, the patient included, oldest first; empty when not linked."""
    patient = load_patient(tx.session, patient_id)
    if patient.family_id is None:
        return []
    guarantor_patient = None
    if patient.guarantor_id is not None:
        guarantor_patient = tx.session.scalar(select(Guarantor.patient_id).where(Guarantor.id == patient.guarantor_id))
    rows = tx.session.execute(summary_select().where(Patient.family_id == patient.family_id,
                                                     Patient.status != "merged")
                              .order_by(Patient.dob, Patient.last_name_key, Patient.first_name_key, Patient.id))
    return [FamilyMember(PatientSummary(*row), row.id == patient.id, row.id == guarantor_patient) for row in rows]


@operation(Permission.EDIT_PATIENTS)
def copy_guarantor_contact(tx: Tx, patient_id: int) -> PatientRecord:
    """Copy the guarantor's address, and their phone as the home phone, into the patient's record.

    What the guarantor lacks is left as it was; the audit names the fields that changed.
    """
    patient = load_editable(tx.session, patient_id)
    source = _resolve(tx, patient)
    if source.is_self:
        raise ConflictError("The patient is their own guarantor; there is nothing to copy.")
    if not source.address_line1 and not source.phone:
        raise ConflictError("The guarantor has no address or phone on file to copy.")
    fields: dict[str, object] = input_from(patient)
    if source.address_line1:  # never wipe the patient's address with an empty one
        fields |= {name: getattr(source, name) for name in _ADDRESS}
    if source.phone:
        fields["home_phone"] = source.phone
    record, changed = apply_update(tx.session, patient, PatientInput(**fields))  # type: ignore[arg-type]
    tx.audit("patient.update", entity_type="patient", entity_id=patient.id, patient_id=patient.id,
             detail="fields: " + (", ".join(changed) or "none"))
    tx.changed("patients")
    return record
