"""Checks and column values for the synthetic-records service (``synthetic``): one row at a time, no I/O.

The checks are what a caller could get wrong when generating rows (a blank name, a sex code, a state, a date
in the future, a rank, an end before the start...), not the full form rules: the rows come from a program,
millions at a time, and the benchmarks time their insert. Every error names the field and the row.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from frontdesk.domain.formats import US_STATES, phone_digits
from frontdesk.domain.insurance_fields import CHECK_METHODS, CHECK_RESULTS, RANK_LABELS, RELATIONSHIPS, member_key
from frontdesk.domain.referral_sources import REFERRAL_SOURCES
from frontdesk.domain.text import fold_key
from frontdesk.errors import ValidationError
from frontdesk.services.patients._patient_types import CONTACT_METHODS, STATUSES
from frontdesk.services.patients._synthetic_types import (
    SyntheticCheck,
    SyntheticConsent,
    SyntheticGuarantor,
    SyntheticHousehold,
    SyntheticPatient,
    SyntheticPolicy,
    SyntheticSubscriber,
)
from frontdesk.services.patients.consents import SIGNERS
from frontdesk.services.patients.family import RELATIONSHIPS as PAYS_FOR

PHONE_KINDS = ("home", "mobile", "work")
_E164 = re.compile(r"^\+1\d{10}$", re.ASCII)


def _fail(row: str, field: str, problem: str) -> ValidationError:
    return ValidationError(field, f"{row}: {problem}")


def _name(value: object, row: str, field: str, label: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise _fail(row, field, f"{label} is required.")


def _past(value: object, today: date, row: str, field: str, label: str, *, required: bool = True) -> None:
    if value is None and not required:
        return
    if not isinstance(value, date) or isinstance(value, datetime):
        raise _fail(row, field, f"{label} must be a date.")
    if value > today:
        raise _fail(row, field, f"{label} cannot be after today.")


def _state(value: str, row: str, field: str = "state") -> None:
    if value and value not in US_STATES:
        raise _fail(row, field, f"{value!r} is not a US state code.")


def _sex(value: str, row: str, field: str = "sex", *, required: bool = True) -> None:
    if value not in ("M", "F") and (required or value):
        raise _fail(row, field, "Sex must be M or F.")


def _one_of(value: object, allowed: object, row: str, field: str, label: str) -> None:
    if value not in allowed:  # type: ignore[operator]
        raise _fail(row, field, f"{label} must be one of: {', '.join(map(str, allowed))}.")  # type: ignore[call-overload]


def _e164(value: str, row: str, field: str) -> None:
    if value and not _E164.match(value):
        raise _fail(row, field, f"{value!r} is not a US number in E.164 (+1 and ten digits).")


def check_household(household: SyntheticHousehold, first: int, today: date) -> None:
    """Refuse a household a caller got wrong; ``first`` is the number of its first patient in the call."""
    if not household.patients:
        raise _fail(f"Household of patient {first}", "patients", "A household needs at least one patient.")
    for offset, patient in enumerate(household.patients):
        check_patient(patient, f"Patient {first + offset}", today)
    guarantor = household.guarantor
    pays_for = [n for n, p in enumerate(household.patients) if p.guarantor_relationship]
    if guarantor is None:
        if pays_for:
            raise _fail(f"Patient {first + pays_for[0]}", "guarantor_relationship",
                        "A relationship to the guarantor needs the household's guarantor.")
        return
    _check_guarantor(guarantor, household, f"Guarantor of patient {first}", today)
    if guarantor.patient is not None and guarantor.patient in pays_for:
        raise _fail(f"Patient {first + guarantor.patient}", "guarantor_relationship",
                    "The guarantor cannot be their own guarantor.")


def check_patient(p: SyntheticPatient, row: str, today: date) -> None:
    """One patient's fields, as far as a generator could get them wrong."""
    _name(p.first_name, row, "first_name", "First name")
    _name(p.last_name, row, "last_name", "Last name")
    _past(p.dob, today, row, "dob", "Date of birth")
    _sex(p.sex, row)
    _state(p.state, row)
    kinds = [phone.kind for phone in p.phones]
    for phone in p.phones:
        _one_of(phone.kind, PHONE_KINDS, row, "phones", "Phone kind")
        if not phone.e164:
            raise _fail(row, "phones", f"The {phone.kind} phone has no number.")
        _e164(phone.e164, row, "phones")
    if len(set(kinds)) != len(kinds):
        raise _fail(row, "phones", "Each phone kind at most once.")
    if p.preferred_phone_kind not in kinds and (kinds or p.preferred_phone_kind):
        raise _fail(row, "preferred_phone_kind", "The preferred phone must be one of the patient's phones.")
    _e164(p.emergency_phone, row, "emergency_phone")
    _one_of(p.preferred_contact, CONTACT_METHODS, row, "preferred_contact", "Preferred contact")
    _one_of(p.status, STATUSES, row, "status", "Status")
    _one_of(p.referral_source, ("", *REFERRAL_SOURCES), row, "referral_source", "Referral source")
    if p.status == "deceased":
        _past(p.deceased_date, today, row, "deceased_date", "Date of death")
        if p.deceased_date < p.dob:  # type: ignore[operator]
            raise _fail(row, "deceased_date", "Date of death cannot be before the date of birth.")
    elif p.deceased_date is not None:
        raise _fail(row, "deceased_date", "Only a deceased patient has a date of death.")
    if p.guarantor_relationship:
        _one_of(p.guarantor_relationship, PAYS_FOR, row, "guarantor_relationship", "Relationship to the guarantor")


def _check_guarantor(g: SyntheticGuarantor, household: SyntheticHousehold, row: str, today: date) -> None:
    if g.patient is not None:
        if isinstance(g.patient, bool) or not 0 <= g.patient < len(household.patients):
            raise _fail(row, "patient", "The guarantor must be one of the household's patients (by index).")
        if g.first_name or g.last_name:
            raise _fail(row, "first_name", "A guarantor who is a patient takes the patient's own name.")
        return
    _name(g.first_name, row, "first_name", "Guarantor's first name")
    _name(g.last_name, row, "last_name", "Guarantor's last name")
    _state(g.state, row)
    _e164(g.phone, row, "phone")


def patient_columns(p: SyntheticPatient, patient_id: int, family_id: int | None, now: datetime) -> dict[str, object]:
    """The patient table's row (every row the same keys: the insert goes out as one executemany)."""
    phone = p.preferred_phone
    return {
        "id": patient_id, "account_number": str(100000 + patient_id), "first_name": p.first_name,
        "middle_name": p.middle_name, "last_name": p.last_name, "suffix": p.suffix,
        "preferred_name": p.preferred_name, "dob": p.dob, "sex": p.sex, "gender_identity": "",
        "phone": phone, "preferred_phone_kind": p.preferred_phone_kind, "phone_digits": phone_digits(phone),
        "email": p.email, "preferred_contact": p.preferred_contact, "voicemail_ok": p.voicemail_ok,
        "text_ok": p.text_ok, "preferred_language": p.preferred_language, "emergency_name": p.emergency_name,
        "emergency_relationship": p.emergency_relationship, "emergency_phone": p.emergency_phone,
        "referring_name": p.referring_name, "referring_npi": p.referring_npi,
        "referral_source": p.referral_source, "status": p.status,
        "deceased_date": p.deceased_date, "notes": "", "duplicate_override_reason": "",
        "guarantor_relationship": "", "family_id": family_id,
        "last_name_key": fold_key(p.last_name), "first_name_key": fold_key(p.first_name),
        "address_line1": p.address_line1, "address_line2": p.address_line2, "city": p.city, "state": p.state,
        "zip_code": p.zip_code, "created_at": now, "updated_at": now,
    }


def phone_columns(p: SyntheticPatient, patient_id: int) -> list[dict[str, object]]:
    """The patient_phone rows of one patient."""
    rows = []
    for phone in p.phones:
        digits = phone_digits(phone.e164)
        rows.append({"patient_id": patient_id, "kind": phone.kind, "e164": phone.e164, "digits": digits,
                     "local7": digits[-7:], "last4": digits[-4:]})
    return rows


def guarantor_columns(g: SyntheticGuarantor, guarantor_id: int, patient_id: int | None,
                      now: datetime) -> dict[str, object]:
    """The guarantor row: a patient-guarantor keeps only the link; the name and address are the patient's."""
    return {"id": guarantor_id, "patient_id": patient_id, "first_name": g.first_name, "middle_name": "",
            "last_name": g.last_name, "suffix": "", "dob": None, "address_line1": g.address_line1,
            "address_line2": "", "city": g.city, "state": g.state, "zip_code": g.zip_code, "phone": g.phone,
            "created_at": now, "updated_at": now}


def check_policy(policy: SyntheticPolicy, row: str, today: date, payer_ids: frozenset[int]) -> None:
    """One policy and its checks."""
    if policy.payer_id not in payer_ids:
        raise _fail(row, "payer_id", "No payer has this id.")
    _one_of(policy.rank, tuple(RANK_LABELS), row, "rank", "Rank")
    if not isinstance(policy.member_id, str) or not policy.member_id.strip() or not member_key(policy.member_id):
        raise _fail(row, "member_id", "Member ID is required.")
    _one_of(policy.relationship, tuple(RELATIONSHIPS), row, "relationship", "Relationship to subscriber")
    _past(policy.effective_date, date.max, row, "effective_date", "Effective date")
    if policy.end_date is not None:
        _past(policy.end_date, date.max, row, "end_date", "End date")
        if policy.end_date < policy.effective_date:
            raise _fail(row, "end_date", "End date cannot be before the effective date.")
    if isinstance(policy.copay_cents, bool) or not isinstance(policy.copay_cents, int) or policy.copay_cents < 0:
        raise _fail(row, "copay_cents", "Copay must be whole cents, not negative.")
    if policy.relationship != "self":
        if policy.subscriber is None:
            raise _fail(row, "subscriber", "A policy held by someone else needs the subscriber.")
        _check_subscriber(policy.subscriber, row, today)
    for number, check in enumerate(policy.checks, start=1):
        _check_eligibility(check, f"{row}, check {number}", today)


def _check_subscriber(s: SyntheticSubscriber, row: str, today: date) -> None:
    _name(s.first_name, row, "subscriber_first_name", "Subscriber's first name")
    _name(s.last_name, row, "subscriber_last_name", "Subscriber's last name")
    _past(s.dob, today, row, "subscriber_dob", "Subscriber's date of birth", required=False)
    _sex(s.sex, row, "subscriber_sex", required=False)
    _state(s.state, row, "subscriber_state")
    _e164(s.phone, row, "subscriber_phone")


def _check_eligibility(c: SyntheticCheck, row: str, today: date) -> None:
    _past(c.checked_on, today, row, "checked_on", "Check date")
    _one_of(c.method, tuple(CHECK_METHODS), row, "method", "Method")
    _one_of(c.result, tuple(CHECK_RESULTS), row, "result", "Result")


def policy_columns(policy: SyntheticPolicy, policy_id: int, patient_id: int, now: datetime) -> dict[str, object]:
    """The insurance_policy row, subscriber columns blank for a policy the patient holds."""
    s = policy.subscriber if policy.subscriber is not None else _NO_SUBSCRIBER
    return {
        "id": policy_id, "patient_id": patient_id, "payer_id": policy.payer_id, "rank": policy.rank,
        "member_id": policy.member_id, "member_key": member_key(policy.member_id),
        "group_number": policy.group_number, "plan_name": policy.plan_name, "relationship": policy.relationship,
        "subscriber_first_name": s.first_name, "subscriber_middle_name": s.middle_name,
        "subscriber_last_name": s.last_name, "subscriber_dob": s.dob, "subscriber_sex": s.sex,
        "subscriber_address_line1": s.address_line1, "subscriber_address_line2": s.address_line2,
        "subscriber_city": s.city, "subscriber_state": s.state, "subscriber_zip_code": s.zip_code,
        "subscriber_phone": s.phone, "subscriber_employer": s.employer,
        "effective_date": policy.effective_date, "end_date": policy.end_date, "copay_cents": policy.copay_cents,
        "accept_assignment": policy.accept_assignment, "release_signed_on": policy.release_signed_on,
        "assignment_signed_on": policy.assignment_signed_on, "created_at": now, "updated_at": now,
    }


_NO_SUBSCRIBER = SyntheticSubscriber("", "")


def eligibility_columns(c: SyntheticCheck, policy_id: int, user_id: int, now: datetime) -> dict[str, object]:
    """The eligibility_check row, checked by the signed-in user."""
    return {"policy_id": policy_id, "checked_on": c.checked_on, "checked_by": user_id, "method": c.method,
            "payer_contact": c.payer_contact, "reference_number": c.reference_number, "result": c.result,
            "note": c.note, "recorded_at": now}


def check_consent(c: SyntheticConsent, row: str, today: date, type_ids: frozenset[int]) -> None:
    """One signed consent."""
    if c.consent_type_id not in type_ids:
        raise _fail(row, "consent_type_id", "No consent document has this id.")
    _name(c.version, row, "version", "Version")
    _past(c.signed_on, today, row, "signed_on", "Signed on")
    _one_of(c.signed_by, tuple(SIGNERS), row, "signed_by", "Signed by")
    if c.signed_by == "representative":
        _name(c.representative_name, row, "representative_name", "Representative's name")


def consent_columns(c: SyntheticConsent, patient_id: int, user_id: int, now: datetime) -> dict[str, object]:
    """The consent_record row, recorded by the signed-in user."""
    return {"patient_id": patient_id, "consent_type_id": c.consent_type_id, "version": c.version,
            "signed_on": c.signed_on, "signed_by": c.signed_by, "representative_name": c.representative_name,
            "representative_relationship": c.representative_relationship, "expires_on": None,
            "recorded_by": user_id, "recorded_at": now}
