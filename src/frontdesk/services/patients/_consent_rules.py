"""Consent records and the rules that make one ok, missing, outdated, expired or expiring soon."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.domain.dates import add_months
from frontdesk.models import ConsentRecord, ConsentType
from frontdesk.services.patients._insurance_records import username_of

EXPIRING_SOON_DAYS = 30
STATE_LABELS = {
    "ok": "Current",
    "missing": "Not signed",
    "outdated": "Older version signed",
    "expired": "Expired",
    "expiring_soon": "Expires soon",
}
# States that block a clean check-in when the consent is required.
PROBLEM_STATES = frozenset({"missing", "outdated", "expired"})


@dataclass(frozen=True)
class ConsentTypeInfo:
    id: int
    code: str
    name: str
    required: bool
    current_version: str
    validity_months: int | None
    active: bool


@dataclass(frozen=True)
class ConsentRecordInfo:
    id: int
    patient_id: int
    consent_type_id: int
    type_code: str
    type_name: str
    version: str
    signed_on: date
    signed_by: str  # patient, representative
    representative_name: str
    representative_relationship: str
    expires_on: date | None  # when it stops being valid: explicit, or signed + the type's validity
    recorded_by: str
    recorded_at: datetime


@dataclass(frozen=True)
class ConsentStatus:
    """One consent type for one patient: its state and the latest signature (None when missing)."""

    type: ConsentTypeInfo
    state: str  # ok, missing, outdated, expired, expiring_soon
    record: ConsentRecordInfo | None

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def needs_attention(self) -> bool:
        """What the patient banner flags: a required consent that is missing, outdated or expired."""
        return self.type.required and self.state in PROBLEM_STATES


def expiry_of(record: ConsentRecord, ctype: ConsentType) -> date | None:
    """The last day a signature is valid: the explicit expiry, else signed + the type's validity."""
    if record.expires_on is not None:
        return record.expires_on
    if ctype.validity_months:
        return add_months(record.signed_on, ctype.validity_months)
    return None


def state_of(ctype: ConsentType, record: ConsentRecord | None, on: date) -> str:
    """Missing, then expired, then outdated (older version), then expiring soon, else ok."""
    if record is None:
        return "missing"
    expiry = expiry_of(record, ctype)
    if expiry is not None and on > expiry:
        return "expired"
    if record.version != ctype.current_version:
        return "outdated"
    if expiry is not None and (expiry - on).days <= EXPIRING_SOON_DAYS:
        return "expiring_soon"
    return "ok"


def type_info(t: ConsentType) -> ConsentTypeInfo:
    """The frozen record of one consent type."""
    return ConsentTypeInfo(t.id, t.code, t.name, t.required, t.current_version, t.validity_months, t.active)


def record_info(session: Session, r: ConsentRecord, ctype: ConsentType) -> ConsentRecordInfo:
    """The frozen record of one signature, with its effective expiry."""
    return ConsentRecordInfo(r.id, r.patient_id, ctype.id, ctype.code, ctype.name, r.version, r.signed_on,
                             r.signed_by, r.representative_name, r.representative_relationship,
                             expiry_of(r, ctype), username_of(session, r.recorded_by), r.recorded_at)


def patient_consent_status(session: Session, patient_id: int, on: date) -> list[ConsentStatus]:
    """Every active consent type (required first) with the patient's latest signature and its state."""
    types = list(session.scalars(select(ConsentType).where(ConsentType.active.is_(True))
                                 .order_by(ConsentType.required.desc(), ConsentType.name)))
    latest: dict[int, ConsentRecord] = {}
    rows = session.scalars(select(ConsentRecord).where(ConsentRecord.patient_id == patient_id)
                           .order_by(ConsentRecord.signed_on, ConsentRecord.id))
    for record in rows:
        latest[record.consent_type_id] = record  # ascending order: the last one seen is the newest
    result = []
    for ctype in types:
        record = latest.get(ctype.id)
        result.append(ConsentStatus(type_info(ctype), state_of(ctype, record, on),
                                    record_info(session, record, ctype) if record else None))
    return result
