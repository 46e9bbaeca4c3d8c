"""Rows every area loads by id or date, with the refusal the user sees: a patient, an active provider, the
policy and the incoming referral in effect. Query helpers: they take a session and never commit.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from frontdesk.domain.names import provider_display_name
from frontdesk.errors import ConflictError, NotFoundError, ValidationError
from frontdesk.models import IncomingReferral, InsurancePolicy, Patient, PatientPhone, Provider
from frontdesk.models.patient_phone import PHONE_KINDS


def load_patient(session: Session, patient_id: object) -> Patient:
    """The patient row, or NotFoundError."""
    patient = session.get(Patient, patient_id) if isinstance(patient_id, int) else None
    if patient is None:
        raise NotFoundError("That patient record no longer exists.")
    return patient


def load_editable(session: Session, patient_id: object) -> Patient:
    """The patient row for a change; a merged-away record is history and refuses edits."""
    patient = load_patient(session, patient_id)
    if patient.status == "merged":
        survivor = session.get(Patient, patient.merged_into_id) if patient.merged_into_id else None
        where = f" (account {survivor.account_number})" if survivor else ""
        raise ConflictError(f"This record was merged into another{where}; open that record instead.")
    return patient


def phones_of(session: Session, patient_id: int) -> dict[str, str]:
    """The patient's phones by kind (E.164); every kind present, '' when none."""
    found = dict(session.execute(select(PatientPhone.kind, PatientPhone.e164)
                                 .where(PatientPhone.patient_id == patient_id)).all())
    return {kind: found.get(kind, "") for kind in PHONE_KINDS}


def phone_to_print(session: Session, patient: Patient) -> str:
    """The one phone number to print for the patient (E.164, '' when none): the preferred one, else mobile,
    home, work (the order a receiving office would most likely reach them on)."""
    phones = phones_of(session, patient.id)
    order = (patient.preferred_phone_kind, "mobile", "home", "work")
    return next((phones[k] for k in order if phones.get(k)), "")


def active_provider(session: Session, provider_id: object, field: str = "provider_id") -> Provider:
    """The provider to book or bill for: NotFoundError when gone, ValidationError on ``field`` when inactive."""
    provider = session.get(Provider, int_id(provider_id, field, "provider"))
    if provider is None:
        raise NotFoundError("That provider no longer exists.")
    if not provider.active:
        raise ValidationError(field, f"{provider_label(provider)} is inactive and cannot be booked.")
    return provider


def provider_label(provider: Provider) -> str:
    """The provider as refusals name them ("Pat Smith, MD")."""
    return provider_display_name(provider.first_name, provider.last_name, provider.credential)


def provider_names(session: Session) -> dict[int, str]:
    """Every provider's display name by id, inactive ones too (old visits and postings name them)."""
    return {p.id: provider_label(p) for p in session.scalars(select(Provider))}


def in_effect_on(on_date: date):  # type: ignore[no-untyped-def]
    """Policies covering ``on_date`` (effective on or before it, not ended before it)."""
    return (InsurancePolicy.effective_date <= on_date) & or_(
        InsurancePolicy.end_date.is_(None), InsurancePolicy.end_date >= on_date)


def policy_in_effect(session: Session, patient_id: int, on_date: date, rank: int = 1) -> InsurancePolicy | None:
    """The patient's policy of ``rank`` covering ``on_date`` (rank 1 = primary), or None."""
    return session.scalar(
        select(InsurancePolicy)
        .where(InsurancePolicy.patient_id == patient_id, InsurancePolicy.rank == rank, in_effect_on(on_date))
        .order_by(InsurancePolicy.effective_date.desc(), InsurancePolicy.id.desc())
        .limit(1))


def policies_in_effect(session: Session, patient_id: int, on_date: date) -> list[InsurancePolicy]:
    """All the patient's policies covering ``on_date``, primary first."""
    return list(session.scalars(
        select(InsurancePolicy)
        .where(InsurancePolicy.patient_id == patient_id, in_effect_on(on_date))
        .order_by(InsurancePolicy.rank, InsurancePolicy.id)))


def int_id(value: object, field: str, label: str) -> int:
    """A chosen row id (a positive int), or "Choose a <label>." on ``field``."""
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValidationError(field, f"Choose a {label}.")
    return value


def incoming_referral_on(session: Session, patient_id: int, day: date) -> IncomingReferral | None:
    """The patient's incoming referral in effect on ``day`` (the most recent one when several are)."""
    return session.scalar(
        select(IncomingReferral)
        .where(IncomingReferral.patient_id == patient_id, IncomingReferral.active.is_(True),
               IncomingReferral.starts_on <= day,
               or_(IncomingReferral.ends_on.is_(None), IncomingReferral.ends_on >= day))
        .order_by(IncomingReferral.starts_on.desc(), IncomingReferral.id.desc()).limit(1))


def referring_from_incoming(session: Session, patient_id: int, day: date) -> dict[str, str]:
    """Box 17 (and box 23 when it carries an authorization) from the referral in effect on the date of service."""
    ref = incoming_referral_on(session, patient_id, day)
    if ref is None:
        return {}
    values = {"referring_qualifier": "DN", "referring_first_name": ref.referring_first_name,
              "referring_last_name": ref.referring_last_name, "referring_npi": ref.referring_npi}
    if ref.authorization_number:
        values["prior_authorization"] = ref.authorization_number
    return values
