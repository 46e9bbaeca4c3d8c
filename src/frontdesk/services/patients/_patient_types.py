"""The patient service's data shapes: what the form sends, what a record and a search row hold."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from frontdesk.domain.formats import age_on

STATUSES = ("active", "inactive", "deceased")  # what staff may set; "merged" only comes from a merge
CONTACT_METHODS = ("", "phone", "text", "email", "mail")
GUARANTOR_RELATIONSHIPS = ("self", "spouse", "parent", "child", "guardian", "other")


@dataclass(frozen=True)
class PatientInput:
    """What a patient form collects (strings as typed; the service validates).

    Fields after ``zip_code`` default to None, meaning "this form does not show it": registration
    uses the empty value, an update keeps what is saved. So a form that shows part of the record
    cannot wipe the rest. ``phone`` is the one-phone form's field: it sets the preferred phone
    (the home phone when there is none yet); forms that show home, mobile and work phones send
    those instead.
    """

    first_name: str
    last_name: str
    dob: date | str
    sex: str
    middle_name: str = ""
    phone: str | None = None
    address_line1: str = ""
    address_line2: str = ""
    city: str = ""
    state: str = ""
    zip_code: str = ""
    suffix: str | None = None
    preferred_name: str | None = None
    gender_identity: str | None = None
    home_phone: str | None = None
    mobile_phone: str | None = None
    work_phone: str | None = None
    preferred_phone_kind: str | None = None  # home, mobile or work
    email: str | None = None
    preferred_contact: str | None = None  # phone, text, email, mail or '' (no preference)
    voicemail_ok: bool | None = None
    text_ok: bool | None = None
    preferred_language: str | None = None
    emergency_name: str | None = None
    emergency_relationship: str | None = None
    emergency_phone: str | None = None
    referring_name: str | None = None
    referring_npi: str | None = None
    referral_source: str | None = None  # a key of domain.referral_sources.REFERRAL_SOURCES or '' (not recorded)
    status: str | None = None  # active, inactive or deceased
    deceased_date: date | str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class PatientRecord:
    """One patient as saved (phones in E.164; ``phone`` is the preferred one)."""

    id: int
    account_number: str
    first_name: str
    middle_name: str
    last_name: str
    dob: date
    sex: str
    phone: str
    address_line1: str
    address_line2: str
    city: str
    state: str
    zip_code: str
    updated_at: datetime
    suffix: str = ""
    preferred_name: str = ""
    gender_identity: str = ""
    home_phone: str = ""
    mobile_phone: str = ""
    work_phone: str = ""
    preferred_phone_kind: str = ""
    email: str = ""
    preferred_contact: str = ""
    voicemail_ok: bool = False
    text_ok: bool = False
    preferred_language: str = ""
    emergency_name: str = ""
    emergency_relationship: str = ""
    emergency_phone: str = ""
    referring_name: str = ""
    referring_npi: str = ""
    referral_source: str = ""
    status: str = "active"
    deceased_date: date | None = None
    notes: str = ""
    merged_into_id: int | None = None
    guarantor_id: int | None = None
    guarantor_relationship: str = ""
    family_id: int | None = None
    duplicate_override_reason: str = ""
    version: int = 1  # what an edit form sends back to update_patient (a save from a stale form is refused)

    @property
    def display_name(self) -> str:
        return f"{self.last_name}, {self.first_name}" + (f" {self.middle_name[:1]}." if self.middle_name else "")


@dataclass(frozen=True)
class PatientSummary:
    """One search result row. ``next_appointment`` and ``balance`` are None when not known here
    (the Calendar and Billing work fill them); None never means "none" or "zero"."""

    id: int
    account_number: str
    last_name: str
    first_name: str
    dob: date
    phone: str
    middle_name: str = ""
    suffix: str = ""
    preferred_name: str = ""
    status: str = "active"
    next_appointment: datetime | None = None
    balance: Decimal | None = None

    def age_on(self, today: date) -> int:
        """Age in whole years on ``today`` (the practice's date, which the caller knows)."""
        return age_on(self.dob, today)
