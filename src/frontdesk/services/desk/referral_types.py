"""What the referral and outside-directory services take and return (frozen dataclasses, Qt-free)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from frontdesk.domain.referral_letter import (  # noqa: F401  the records the writer reads; public names of this area too
    DIRECTORY_KINDS, OutsideProviderRow, ReferralLetterData,
)

REFERRAL_KINDS = {"consultation": "Consultation", "diagnostic": "Diagnostic test", "surgery": "Surgery",
                  "other": "Other"}
# The usual order of an outgoing referral's life; "cancelled" ends one that will not happen.
REFERRAL_STATUSES = {
    "requested": "Requested",
    "authorization_pending": "Authorization pending",
    "scheduled": "Scheduled",
    "confirmed": "Confirmed with patient",
    "completed": "Completed",
    "report_received": "Report received",
    "cancelled": "Cancelled",
}
CLOSED_STATUSES = ("report_received", "cancelled")
OPEN_STATUSES = tuple(s for s in REFERRAL_STATUSES if s not in CLOSED_STATUSES)


@dataclass(frozen=True)
class OutsideProviderInput:
    """A directory entry as typed; phone/fax in any US form, NPI required for a provider."""

    kind: str = "provider"
    name: str = ""
    specialty: str = ""
    npi: str = ""
    phone: str = ""
    fax: str = ""
    address1: str = ""
    address2: str = ""
    city: str = ""
    state: str = ""
    zip_code: str = ""


@dataclass(frozen=True)
class ReferralInput:
    """An outgoing referral as typed (diagnoses are ICD-10-CM codes, with or without the period)."""

    patient_id: int | None = None
    outside_provider_id: int | None = None
    kind: str = "consultation"
    reason: str = ""
    diagnoses: tuple[str, ...] = ()
    authorization_number: str = ""
    visits_allowed: int | str | None = None
    ordering_provider_id: int | None = None
    notes: str = ""


@dataclass(frozen=True)
class ReferralRow:
    """One line of a referral list; ``age_days`` counts from the request to today."""

    id: int
    patient_id: int
    patient_name: str
    account_number: str
    destination: str
    specialty: str
    kind: str
    status: str
    requested_on: date
    age_days: int
    appointment_date: date | None
    appointment_time: time | None
    overdue_reason: str  # '' when on track; otherwise why it needs a follow-up

    @property
    def overdue(self) -> bool:
        return bool(self.overdue_reason)

    @property
    def status_text(self) -> str:
        return REFERRAL_STATUSES.get(self.status, self.status)

    @property
    def kind_text(self) -> str:
        return REFERRAL_KINDS.get(self.kind, self.kind)


@dataclass(frozen=True)
class ReferralHistoryItem:
    at: datetime
    username: str
    from_status: str
    to_status: str
    note: str


@dataclass(frozen=True)
class ReferralDetail:
    row: ReferralRow
    destination: OutsideProviderRow
    reason: str
    diagnoses: tuple[str, ...]  # display codes with the period, e.g. "E11.9"
    authorization_number: str
    visits_allowed: int | None
    ordering_provider_id: int | None
    ordering_provider_name: str
    notes: str
    history: tuple[ReferralHistoryItem, ...] = field(default_factory=tuple)

    @property
    def id(self) -> int:
        return self.row.id

    def as_input(self) -> ReferralInput:
        """The stored values as the edit form's starting point."""
        return ReferralInput(patient_id=self.row.patient_id, outside_provider_id=self.destination.id,
                             kind=self.row.kind, reason=self.reason, diagnoses=self.diagnoses,
                             authorization_number=self.authorization_number, visits_allowed=self.visits_allowed,
                             ordering_provider_id=self.ordering_provider_id, notes=self.notes)


@dataclass(frozen=True)
class ReferralPage:
    rows: tuple[ReferralRow, ...]
    total: int


@dataclass(frozen=True)
class IncomingReferralInput:
    """A referral to this practice: who referred (box 17), from when, for how many visits."""

    patient_id: int | None = None
    referring_first_name: str = ""
    referring_last_name: str = ""
    referring_npi: str = ""
    starts_on: date | None = None
    ends_on: date | None = None
    reason: str = ""
    authorization_number: str = ""
    visits_allowed: int | str | None = None
    outside_provider_id: int | None = None


@dataclass(frozen=True)
class IncomingReferralRow:
    id: int
    patient_id: int
    referring_first_name: str
    referring_last_name: str
    referring_npi: str
    starts_on: date
    ends_on: date | None
    reason: str
    authorization_number: str
    visits_allowed: int | None
    active: bool

    @property
    def referring_name(self) -> str:
        return " ".join(p for p in (self.referring_first_name, self.referring_last_name) if p)

