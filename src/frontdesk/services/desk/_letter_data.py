"""Gathering one letter's merge values and window address from the database (query helpers, never commit)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.domain import schedule_time as st
from frontdesk.domain.formats import format_date, format_money, format_phone
from frontdesk.errors import ValidationError
from frontdesk.models import (
    Appointment,
    AppointmentType,
    Guarantor,
    Patient,
    Practice,
    Provider,
    Recall,
)
from frontdesk.reports._pdf import clock_text
from frontdesk.services._ledger_queries import patient_balances
from frontdesk.services.desk._letter_merge import TYPED_FIELDS
from frontdesk.domain.names import provider_display_name
from frontdesk.domain.appointment_statuses import NO_SHOW, OPEN_STATUSES


@dataclass(frozen=True)
class Letterhead:
    """The practice block printed at the top of every page one."""

    name: str
    address_lines: tuple[str, ...]
    phone: str


def _city_line(city: str, state: str, zip_code: str) -> str:
    return f"{city}, {state} {zip_code}".strip(" ,")


def letterhead(session: Session) -> tuple[Letterhead, ZoneInfo]:
    """The practice letterhead and its time zone."""
    practice = session.scalar(select(Practice).limit(1))
    if practice is None:
        return Letterhead("", (), ""), ZoneInfo("America/New_York")
    lines = tuple(x for x in (practice.address_line1, practice.address_line2,
                              _city_line(practice.city, practice.state, practice.zip_code)) if x)
    return Letterhead(practice.legal_name, lines, format_phone(practice.phone)), st.zone(practice.time_zone)


def full_name(first: str, last: str, suffix: str = "") -> str:
    return " ".join(x for x in (first, last, suffix) if x)


def _guarantor(session: Session, patient: Patient) -> tuple[str, tuple[str, ...]]:
    """The responsible party's name and address lines (the patient themself when none is set)."""
    person: Patient | Guarantor = patient
    if patient.guarantor_id is not None:
        guarantor = session.get(Guarantor, patient.guarantor_id)
        if guarantor is not None:
            linked = session.get(Patient, guarantor.patient_id) if guarantor.patient_id else None
            person = linked or guarantor
    lines = (person.address_line1, person.address_line2, _city_line(person.city, person.state, person.zip_code))
    name = full_name(person.first_name, person.last_name, person.suffix)
    return name, tuple(x for x in lines if x) if person.address_line1 and person.city else ()


def address_block(session: Session, patient: Patient, kind: str) -> tuple[str, ...]:
    """Window lines: the guarantor for a balance reminder, else the patient. No street -> ValidationError."""
    name = full_name(patient.first_name, patient.last_name, patient.suffix)
    if kind == "balance_reminder":
        to_name, lines = _guarantor(session, patient)
    else:
        to_name = name
        lines = tuple(x for x in (patient.address_line1, patient.address_line2,
                                  _city_line(patient.city, patient.state, patient.zip_code)) if x)
        lines = lines if patient.address_line1 and patient.city else ()
    if not lines:
        raise ValidationError("patient_ids", f"{name} has no mailing address; add it to the patient's record "
                                             "first (nothing was printed).")
    return (to_name, *lines)


def _appointment(session: Session, patient_id: int, kind: str) -> Appointment | None:
    stmt = select(Appointment).where(Appointment.patient_id == patient_id)
    if kind == "missed_appointment":
        stmt = stmt.where(Appointment.status == NO_SHOW).order_by(Appointment.start_utc.desc())
    else:
        stmt = (stmt.where(Appointment.status.in_(OPEN_STATUSES), Appointment.start_utc >= st.utc_now())
                .order_by(Appointment.start_utc))
    return session.scalar(stmt.limit(1))


def _provider_name(session: Session, provider_id: int | None) -> str:
    provider = session.get(Provider, provider_id) if provider_id else None
    return provider_display_name(provider.first_name, provider.last_name, provider.credential) if provider else ""


def balances_for(session: Session, patient_ids: list[int], used: set[str]) -> dict[int, Decimal]:
    """Every patient's balance when the template prints one, in chunks of one grouped query each."""
    if "balance.amount" not in used:
        return {}
    found: dict[int, Decimal] = {}
    for at in range(0, len(patient_ids), 500):
        found.update(patient_balances(session, patient_ids[at:at + 500]))
    return found


def merge_values(session: Session, patient: Patient, *, kind: str, used: set[str], head: Letterhead, tz: ZoneInfo,
                 recall: Recall | None, extras: dict[str, str], staff_name: str,
                 balances: dict[int, Decimal]) -> dict[str, str]:
    """The values of the fields ``used``; a needed value that does not exist -> ValidationError naming why.

    ``balances`` holds the batch's balances, read beforehand in one grouped query (see balances_for).
    """
    name = full_name(patient.first_name, patient.last_name)
    values = {"patient.first_name": patient.first_name, "patient.last_name": patient.last_name,
              "patient.full_name": name, "patient.account": patient.account_number,
              "patient.dob": format_date(patient.dob), "practice.name": head.name,
              "practice.phone": head.phone.replace(" ", "\u00a0"),  # keep "(518) 555-0123" on one line
              "practice.address": ", ".join(head.address_lines),
              "letter.date": format_date(st.to_local(st.utc_now(), tz).date()), "staff.name": staff_name}
    if "guarantor.name" in used:
        values["guarantor.name"] = _guarantor(session, patient)[0]
    provider_id = recall.provider_id if recall is not None else None
    if any(u.startswith("appointment.") for u in used) or ("provider.name" in used and provider_id is None):
        appt = _appointment(session, patient.id, kind)
        if appt is None and any(u.startswith("appointment.") for u in used):
            what = "missed" if kind == "missed_appointment" else "upcoming"
            raise ValidationError("patient_ids", f"{name} has no {what} appointment for this letter.")
        if appt is not None:
            local = st.to_local(appt.start_utc, tz)
            appt_type = session.get(AppointmentType, appt.type_id)
            values.update({"appointment.date": format_date(local.date()), "appointment.time": clock_text(local),
                           "appointment.type": appt_type.name if appt_type else ""})
            provider_id = provider_id or appt.provider_id
    if "provider.name" in used:
        if provider_id is None:  # no appointment or recall names one: the patient's latest visit does
            provider_id = session.scalar(select(Appointment.provider_id).where(Appointment.patient_id == patient.id)
                                         .order_by(Appointment.start_utc.desc()).limit(1))
        values["provider.name"] = _provider_name(session, provider_id)
        if not values["provider.name"]:
            raise ValidationError("patient_ids", f"{name} has no appointment or recall naming a provider.")
    if "balance.amount" in used:
        values["balance.amount"] = format_money(balances[patient.id])
    if any(u.startswith("recall.") for u in used):
        if recall is None:
            raise ValidationError("template", "Recall fields are filled from a recall: print this letter from "
                                              "the Recalls list.")
        values.update({"recall.due_date": format_date(recall.due_date), "recall.reason": recall.reason})
    for field in TYPED_FIELDS:  # the same typed text goes into every letter of the batch
        if field in used:
            text = extras.get(field, "").strip()
            if not text:
                raise ValidationError(field.replace(".", "_"), f"{TYPED_FIELDS[field]} is needed for this template.")
            values[field] = text
    return values
