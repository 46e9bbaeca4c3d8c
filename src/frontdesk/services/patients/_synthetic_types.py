"""The rows a caller hands to the synthetic-records service (public through ``synthetic``).

Frozen and slotted: the benchmarks make millions of them. Rows refer to each other by position (a household's
guarantor names its patient by index) or by database ids the service returned; never by ids the caller guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class SyntheticPhone:
    """One of a patient's phones."""

    kind: str  # home, mobile, work
    e164: str  # "+1" and ten digits


@dataclass(frozen=True, slots=True)
class SyntheticPatient:
    """A made-up patient as the registration form would have saved them."""

    first_name: str
    last_name: str
    dob: date
    sex: str  # M or F, as used on claims
    phones: tuple[SyntheticPhone, ...] = ()
    preferred_phone_kind: str = ""  # the kind of one of ``phones``; blank only without phones
    middle_name: str = ""
    suffix: str = ""
    preferred_name: str = ""
    email: str = ""
    preferred_contact: str = ""  # "", phone, text, email, mail
    voicemail_ok: bool = False
    text_ok: bool = False
    preferred_language: str = ""
    emergency_name: str = ""
    emergency_relationship: str = ""
    emergency_phone: str = ""
    referring_name: str = ""
    referring_npi: str = ""
    referral_source: str = ""  # a key of domain.referral_sources.REFERRAL_SOURCES, "" = not recorded
    status: str = "active"  # active, inactive, deceased
    deceased_date: date | None = None
    address_line1: str = ""
    address_line2: str = ""
    city: str = ""
    state: str = ""
    zip_code: str = ""
    guarantor_relationship: str = ""  # set: the household's guarantor pays for this patient, who is their ...

    @property
    def preferred_phone(self) -> str:
        """The E.164 number of the preferred phone ("" without phones)."""
        return next((p.e164 for p in self.phones if p.kind == self.preferred_phone_kind), "")


@dataclass(frozen=True, slots=True)
class SyntheticGuarantor:
    """Who pays for a household: one of its patients (``patient``, an index), or a person who is not a patient."""

    patient: int | None = None
    first_name: str = ""
    last_name: str = ""
    address_line1: str = ""
    city: str = ""
    state: str = ""
    zip_code: str = ""
    phone: str = ""  # E.164


@dataclass(frozen=True, slots=True)
class SyntheticHousehold:
    """Patients who live together; ``family`` groups them in one family record."""

    patients: tuple[SyntheticPatient, ...]
    family: bool = False
    guarantor: SyntheticGuarantor | None = None


@dataclass(frozen=True, slots=True)
class PatientForCoverage:
    """What the coverage generator needs of a patient already saved."""

    id: int
    dob: date
    sex: str
    last_name: str
    address_line1: str
    city: str
    state: str
    zip_code: str


@dataclass(frozen=True, slots=True)
class SyntheticSubscriber:
    """The insured person when it is not the patient."""

    first_name: str
    last_name: str
    dob: date | None = None
    sex: str = ""
    middle_name: str = ""
    address_line1: str = ""
    address_line2: str = ""
    city: str = ""
    state: str = ""
    zip_code: str = ""
    phone: str = ""
    employer: str = ""


@dataclass(frozen=True, slots=True)
class SyntheticCheck:
    """An eligibility check made on a policy."""

    checked_on: date
    method: str  # phone, portal, fax
    result: str  # active, inactive, not_found, other
    payer_contact: str = ""
    reference_number: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class SyntheticPolicy:
    """One insurance policy of a patient, with the checks made on it."""

    payer_id: int
    rank: int  # 1 primary, 2 secondary, 3 tertiary
    member_id: str
    relationship: str  # the patient's relationship to the subscriber: self, spouse, child, other
    effective_date: date
    end_date: date | None = None
    group_number: str = ""
    plan_name: str = ""
    copay_cents: int = 0
    accept_assignment: bool = True
    release_signed_on: date | None = None
    assignment_signed_on: date | None = None
    subscriber: SyntheticSubscriber | None = None  # required unless the relationship is self
    checks: tuple[SyntheticCheck, ...] = ()


@dataclass(frozen=True, slots=True)
class SyntheticConsent:
    """A signed consent form."""

    consent_type_id: int
    version: str
    signed_on: date
    signed_by: str  # patient, representative
    representative_name: str = ""
    representative_relationship: str = ""


@dataclass(frozen=True, slots=True)
class SyntheticCoverage:
    """A saved patient's policies and signed consents."""

    patient_id: int
    policies: tuple[SyntheticPolicy, ...] = ()
    consents: tuple[SyntheticConsent, ...] = ()


@dataclass(frozen=True)
class CoverageAdded:
    """How many rows ``add_synthetic_coverage`` wrote."""

    policies: int
    checks: int
    consents: int
