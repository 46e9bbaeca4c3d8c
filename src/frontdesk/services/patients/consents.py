"""Consents: the practice's consent types (required? current version? validity) and patients' signatures."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from frontdesk.domain.permissions import Permission
from frontdesk.domain.text import clean_name, clean_text
from frontdesk.errors import ConflictError, NotFoundError, ValidationError
from frontdesk.models import ConsentRecord, ConsentType, Patient
from frontdesk.models.base import utcnow
from frontdesk.services._base import Tx, operation, require_actor
from frontdesk.services.patients._consent_rules import (
    ConsentRecordInfo,
    ConsentStatus,
    ConsentTypeInfo,
    patient_consent_status,
    record_info,
    type_info,
)
from frontdesk.domain.insurance_fields import changed_fields, choice, clean_date, clean_past_date, fields_detail
from frontdesk.services._practice_clock import practice_today

__all__ = [
    "SIGNERS",
    "ConsentInput",
    "ConsentRecordInfo",
    "ConsentStatus",
    "ConsentTypeInfo",
    "ConsentTypeInput",
    "add_consent_type",
    "consent_status",
    "list_consent_types",
    "list_consents",
    "record_consent",
    "update_consent_type",
]

SIGNERS = {"patient": "Patient", "representative": "Personal representative"}
MAX_VALIDITY_MONTHS = 120
_CODE_RE = re.compile(r"^[a-z][a-z0-9_]{1,29}$")
_VERSION_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._/-]*$")


@dataclass(frozen=True)
class ConsentTypeInput:
    """The practice's settings for one consent document."""

    name: str
    current_version: str
    required: bool = True
    validity_months: int | str | None = None  # None or blank: never expires
    active: bool = True


@dataclass(frozen=True)
class ConsentInput:
    """One signature as the form collects it; a blank version means the type's current version."""

    consent_type_id: int
    signed_on: date | str
    signed_by: str = "patient"
    representative_name: str = ""
    representative_relationship: str = ""
    version: str = ""
    expires_on: date | str | None = None


def _clean_version(value: object, field: str = "current_version") -> str:
    text = clean_text(value, field, "Version", max_len=20, required=True)
    if not _VERSION_RE.match(text):
        raise ValidationError(field, "Version may only contain letters, digits, spaces, periods, dashes and slashes.")
    return text


def _clean_validity(value: object) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_VALIDITY_MONTHS:
        raise ValidationError("validity_months", f"Valid for must be 1 to {MAX_VALIDITY_MONTHS} months, "
                                                 "or blank for no expiry.")
    return value


def _clean_type(data: ConsentTypeInput) -> dict[str, object]:
    for name in ("required", "active"):
        if not isinstance(getattr(data, name), bool):
            raise ValidationError(name, f"{name.capitalize()} must be yes or no.")
    return {
        "name": " ".join(clean_text(data.name, "name", "Document name", max_len=120, required=True).split()),
        "current_version": _clean_version(data.current_version),
        "validity_months": _clean_validity(data.validity_months),
        "required": data.required,
        "active": data.active,
    }


def _load_type(tx: Tx, type_id: int) -> ConsentType:
    ctype = tx.session.get(ConsentType, type_id)
    if ctype is None:
        raise NotFoundError("That consent document no longer exists.")
    return ctype


def _chosen_type(tx: Tx, type_id: object) -> ConsentType:
    """The document picked on a form: an unknown id is a field to fix, not a vanished record."""
    ctype = tx.session.get(ConsentType, type_id) if isinstance(type_id, int) and not isinstance(type_id, bool) \
        else None
    if ctype is None:
        raise ValidationError("consent_type_id", "Choose the consent document from the list.")
    return ctype


@operation(Permission.VIEW_PATIENTS, write=False)
def list_consent_types(tx: Tx, *, include_inactive: bool = False) -> list[ConsentTypeInfo]:
    """Consent documents, required ones first."""
    stmt = select(ConsentType).order_by(ConsentType.required.desc(), ConsentType.name)
    if not include_inactive:
        stmt = stmt.where(ConsentType.active.is_(True))
    return [type_info(t) for t in tx.session.scalars(stmt)]


@operation(Permission.MANAGE_CONSENT_SETTINGS)
def add_consent_type(tx: Tx, code: str, data: ConsentTypeInput) -> ConsentTypeInfo:
    """Add a practice-specific consent document (the five standard ones come with the database)."""
    code = str(code or "").strip().lower()
    if not _CODE_RE.match(code):
        raise ValidationError("code", "Code must be 2-30 lower-case letters, digits or underscores, "
                                      "starting with a letter.")
    if tx.session.scalar(select(ConsentType.id).where(ConsentType.code == code)) is not None:
        raise ConflictError(f"A consent document with code {code} already exists.", field="code")
    ctype = ConsentType(code=code, **_clean_type(data))
    tx.session.add(ctype)
    tx.session.flush()
    tx.audit("consent_type.create", entity_type="consent_type", entity_id=ctype.id, detail=f"code: {code}")
    tx.changed("consent_settings", "consents")
    return type_info(ctype)


@operation(Permission.MANAGE_CONSENT_SETTINGS)
def update_consent_type(tx: Tx, type_id: int, data: ConsentTypeInput) -> ConsentTypeInfo:
    """Change what the practice requires: a new current version makes older signatures outdated."""
    ctype = _load_type(tx, type_id)
    values = _clean_type(data)
    changed = changed_fields(ctype, values)
    for key, value in values.items():
        setattr(ctype, key, value)
    ctype.updated_at = utcnow()
    tx.audit("consent_type.update", entity_type="consent_type", entity_id=ctype.id, detail=fields_detail(changed))
    tx.changed("consent_settings", "consents")
    return type_info(ctype)


@operation(Permission.EDIT_PATIENTS)
def record_consent(tx: Tx, patient_id: int, data: ConsentInput) -> ConsentRecordInfo:
    """Record that the patient (or their representative) signed a consent document."""
    actor = require_actor(tx)
    if tx.session.get(Patient, patient_id) is None:
        raise NotFoundError("That patient record no longer exists.")
    ctype = _chosen_type(tx, data.consent_type_id)
    if not ctype.active:
        raise ValidationError("consent_type_id", f"{ctype.name} is no longer in use.")
    today = practice_today(tx.session)
    signed_on = clean_past_date(data.signed_on, "signed_on", "Date signed", today=today)
    assert signed_on is not None
    signed_by = choice(data.signed_by, SIGNERS, "signed_by", "Signed by")
    if signed_by == "representative":
        rep_name = clean_name(data.representative_name, "representative_name", "Representative's name",
                              max_len=120)
        rep_relationship = clean_text(data.representative_relationship, "representative_relationship",
                                      "Representative's relationship", max_len=40, required=True)
    else:
        rep_name = rep_relationship = ""  # the patient signed: no stale representative kept
    version = _clean_version(data.version, "version") if str(data.version or "").strip() else ctype.current_version
    expires_on = clean_date(data.expires_on, "expires_on", "Expires on", required=False)
    if expires_on is not None and expires_on <= signed_on:
        raise ValidationError("expires_on", "Expiry must be after the date signed.")
    record = ConsentRecord(patient_id=patient_id, consent_type_id=ctype.id, version=version, signed_on=signed_on,
                           signed_by=signed_by, representative_name=rep_name,
                           representative_relationship=rep_relationship, expires_on=expires_on,
                           recorded_by=actor.user_id)
    tx.session.add(record)
    tx.session.flush()
    filled = ["signed_on", "signed_by", "version"] + [
        name for name, value in (("representative_name", rep_name),
                                 ("representative_relationship", rep_relationship),
                                 ("expires_on", expires_on)) if value]
    tx.audit("consent.record", entity_type="consent_record", entity_id=record.id, patient_id=patient_id,
             detail=f"type: {ctype.code}; " + fields_detail(sorted(filled)))
    tx.changed("consents")
    return record_info(tx.session, record, ctype)


@operation(Permission.VIEW_PATIENTS, write=False)
def list_consents(tx: Tx, patient_id: int) -> list[ConsentRecordInfo]:
    """Every signature on file for the patient, newest first (history included)."""
    if tx.session.get(Patient, patient_id) is None:
        raise NotFoundError("That patient record no longer exists.")
    stmt = (select(ConsentRecord, ConsentType).join(ConsentType, ConsentRecord.consent_type_id == ConsentType.id)
            .where(ConsentRecord.patient_id == patient_id)
            .order_by(ConsentRecord.signed_on.desc(), ConsentRecord.id.desc()))
    return [record_info(tx.session, r, t) for r, t in tx.session.execute(stmt)]


@operation(Permission.VIEW_PATIENTS, write=False)
def consent_status(tx: Tx, patient_id: int, *, on: date | None = None) -> list[ConsentStatus]:
    """Each active consent document with its state for the patient on ``on`` (default today).

    The banner shows the ones whose ``needs_attention`` is true (required and missing, outdated or expired).
    """
    if tx.session.get(Patient, patient_id) is None:
        raise NotFoundError("That patient record no longer exists.")
    return patient_consent_status(tx.session, patient_id, on or practice_today(tx.session))
