"""A referral letter as plain values: the referral services build it, reports/referral_letter.py reads it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

DIRECTORY_KINDS = {"provider": "Provider", "facility": "Facility"}


@dataclass(frozen=True)
class OutsideProviderRow:
    id: int
    kind: str
    name: str
    specialty: str
    npi: str
    phone: str  # E.164
    fax: str  # E.164
    address1: str
    address2: str
    city: str
    state: str
    zip_code: str
    active: bool

    @property
    def kind_text(self) -> str:
        return DIRECTORY_KINDS.get(self.kind, self.kind)

    @property
    def address_lines(self) -> tuple[str, ...]:
        """Street lines then 'City, ST 12345', empty parts left out."""
        city = ", ".join(p for p in (self.city, f"{self.state} {self.zip_code}".strip()) if p)
        return tuple(p for p in (self.address1, self.address2, city) if p)


@dataclass(frozen=True)
class ReferralLetterData:
    """Everything the referral letter PDF prints (the service gathers it; the renderer only lays out)."""

    practice_name: str
    practice_lines: tuple[str, ...]  # address lines, phone, fax
    letter_date: date
    destination: OutsideProviderRow
    patient_name: str
    patient_dob: date | None
    patient_phone: str
    account_number: str
    kind_text: str
    reason: str
    diagnoses: tuple[tuple[str, str], ...]  # (display code, description)
    authorization_number: str
    visits_allowed: int | None
    ordering_provider_name: str
    ordering_provider_npi: str
    insurance_lines: tuple[str, ...] = ()
