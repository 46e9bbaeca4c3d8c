"""The disclosure log's records (HIPAA 164.528): an entry, what the person typed for a new one, and the
printable accounting. Plain data shared by the service (services/patients/disclosures.py) and the PDF."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

# kind -> how it is shown and printed
KINDS: dict[str, str] = {
    "release_of_information": "Release of information (patient's authorization)",
    "legal": "Legal request (subpoena, court order, attorney)",
    "insurer": "Insurer or employer, outside treatment and payment",
    "public_health": "Public health, oversight or law enforcement",
    "provider": "Records sent to another provider",
    "other": "Other",
}


@dataclass(frozen=True)
class DisclosureEntry:
    """One line of the log; ``voided_at`` set means a mistaken entry kept for the record."""

    id: int
    patient_id: int
    disclosed_on: date
    kind: str
    recipient: str
    recipient_address: str
    description: str
    purpose: str
    recorded_by: str
    recorded_at: datetime
    voided_at: datetime | None
    voided_by: str
    void_reason: str

    @property
    def kind_text(self) -> str:
        return KINDS.get(self.kind, self.kind)


@dataclass(frozen=True)
class DisclosureInput:
    """What the person typed for a new entry (``disclosed_on`` a date or the typed text)."""

    disclosed_on: date | str | None
    kind: str
    recipient: str
    description: str
    purpose: str
    recipient_address: str = ""


@dataclass(frozen=True)
class DisclosureAccounting:
    """The printable accounting: the patient, the period and every entry in it (voided ones left out)."""

    practice_name: str
    patient_name: str
    account_number: str
    date_of_birth: date | None
    period_start: date
    period_end: date
    printed_at: datetime
    entries: tuple[DisclosureEntry, ...]
