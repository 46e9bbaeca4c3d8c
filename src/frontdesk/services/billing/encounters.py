"""Encounters: what was done at a visit (header, diagnoses A-L, service lines) and visits still without charges."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, time, timedelta

from sqlalchemy import delete, select

from frontdesk.domain import schedule_time as st
from frontdesk.domain.claim_form import DIAGNOSIS_LETTERS
from frontdesk.domain.money import from_cents
from frontdesk.domain.npi import is_valid_npi
from frontdesk.domain.permissions import Permission
from frontdesk.domain.procedure_codes import clean_procedure_code
from frontdesk.domain.text import clean_text
from frontdesk.errors import ConflictError, NotFoundError, ValidationError
from frontdesk.models import (
    Appointment,
    AppointmentType,
    Claim,
    ClaimLine,
    Encounter,
    EncounterDiagnosis,
    Patient,
    Provider,
    ServiceLine,
)
from frontdesk.models.base import utcnow
from frontdesk.services._base import Tx, operation
from frontdesk.services.billing._claim_build import snapshot_lines
from frontdesk.services.billing._claim_scrubber import blocking, scrub
from frontdesk.services.billing.claim_states import (
    OPEN_STATUSES,
    apply_scrub,
    change_status,
    encounter_locked,
)
from frontdesk.services._day_locks import guard_day, record_correction
from frontdesk.services.billing._encounter_fields import (
    clean_diagnoses, clean_header, clean_line_dates, clean_line_modifiers, clean_ndc_fields,
    clean_place_of_service_code, clean_pointers, clean_units, line_charge_cents, next_line_number,
)
from frontdesk.services._practice_clock import practice_today
from frontdesk.services.billing._encounter_rows import (
    encounter_claims,
    encounter_detail,
    encounter_rows,
    load_encounter,
    patient_name,
)
from frontdesk.services.billing._fees import fee_for
from frontdesk.services._lookups import policy_in_effect
from frontdesk.services._payment_records import settle_visit_payments
from frontdesk.services._lookups import referring_from_incoming
from frontdesk.domain.names import provider_display_name
from frontdesk.domain.appointment_statuses import ARRIVED, CHECKED_OUT, IN_ROOM
from frontdesk.services._practice_clock import schedule_settings
from frontdesk.services.billing.billing_types import (
    EncounterDetail,
    EncounterHeader,
    EncounterRow,
    ServiceLineInput,
    UnbilledVisit,
)

ENCOUNTER_STATUSES = ("open", "billed", "void")
BILLABLE_APPOINTMENT_STATUSES = (ARRIVED, IN_ROOM, CHECKED_OUT)


def _billable_patient(tx: Tx, patient_id: object) -> Patient:
    if isinstance(patient_id, bool) or not isinstance(patient_id, int):
        raise NotFoundError("That patient does not exist.")
    patient = tx.session.get(Patient, patient_id)
    if patient is None:
        raise NotFoundError("That patient no longer exists.")
    if patient.status == "merged":
        raise ConflictError("This record was merged into another patient; enter the charges on that record.")
    return patient


def _editable(tx: Tx, enc: Encounter) -> None:
    """Refuse changes to a void encounter, or to one a submitted claim has fixed (use a corrected claim)."""
    if enc.status == "void":
        raise ConflictError("This encounter was voided; it cannot be changed.")
    if encounter_locked(encounter_claims(tx.session, enc.id)):
        raise ConflictError("A claim for this visit was already sent to the payer. To change it, make a "
                            "corrected claim (it unlocks the encounter until the replacement is sent).")


def _after_change(tx: Tx, enc: Encounter, action: str) -> EncounterDetail:
    """Re-snapshot and re-scrub the encounter's unsent claims in this same transaction; audit; report."""
    enc.updated_at = utcnow()
    tx.session.flush()
    user_id = tx.actor.user_id if tx.actor else None
    touched = False
    for claim in encounter_claims(tx.session, enc.id):
        if claim.status not in OPEN_STATUSES:
            continue
        snapshot_lines(tx.session, claim)
        if claim.status == "held":
            claim.problem_count = len(blocking(scrub(tx.session, claim)))
        else:
            apply_scrub(tx.session, claim, user_id=user_id)
        touched = True
    tx.audit(action, entity_type="encounter", entity_id=enc.id, patient_id=enc.patient_id)
    _closed_day_check(tx, enc, enc.service_date, action)
    tx.changed("encounters", *(("claims",) if touched else ()))
    return encounter_detail(tx.session, enc)


def _closed_day_check(tx: Tx, enc: Encounter, day: date, action: str) -> None:
    """Charges dated on a closed day change only as an administrator's dated correction (services/day_close/_day_locks.py)."""
    if guard_day(tx, day, "charges"):
        record_correction(tx, day, "encounter", enc.id, f"{action} after the day was closed",
                          patient_id=enc.patient_id)


def _new_encounter(tx: Tx, patient: Patient, header: EncounterHeader, appointment_id: int | None) -> Encounter:
    values = clean_header(tx.session, header, today=practice_today(tx.session))
    # An incoming referral in effect on the date of service fills box 17 (and 23) where nothing was typed.
    box17_typed = bool(values["referring_qualifier"])
    for key, value in referring_from_incoming(tx.session, patient.id, values["service_date"]).items():  # type: ignore[arg-type]
        if key == "prior_authorization" or not box17_typed:
            values[key] = values[key] or value
    enc = Encounter(patient_id=patient.id, appointment_id=appointment_id, status="open",
                    created_by=tx.actor.user_id if tx.actor else None, **values)
    tx.session.add(enc)
    tx.session.flush()
    tx.audit("encounter.create", entity_type="encounter", entity_id=enc.id, patient_id=patient.id)
    _closed_day_check(tx, enc, enc.service_date, "encounter.create")
    tx.changed("encounters")
    return enc


@operation(Permission.ENTER_CHARGES)
def create_encounter(tx: Tx, patient_id: int, header: EncounterHeader,
                     appointment_id: int | None = None) -> EncounterDetail:
    """A new encounter (walk-in, or for an appointment); the date of service may not be in the future."""
    patient = _billable_patient(tx, patient_id)
    if appointment_id is not None:
        appt = tx.session.get(Appointment, appointment_id)
        if appt is None or appt.patient_id != patient.id:
            raise ValidationError("appointment_id", "That appointment is not this patient's.")
        if tx.session.scalar(select(Encounter.id).where(Encounter.appointment_id == appointment_id)) is not None:
            raise ConflictError("That visit already has an encounter; open it instead.")
    return encounter_detail(tx.session, _new_encounter(tx, patient, header, appointment_id))


def _referring_from_patient(patient: Patient) -> dict[str, str]:
    """Box 17 from the patient's referring provider, when the record has a usable name and NPI."""
    parts = " ".join((patient.referring_name or "").split()).split(" ")
    npi = (patient.referring_npi or "").strip()
    if not parts or not parts[-1] or not is_valid_npi(npi):
        return {}
    # "Dr. Linh T Nguyen, MD" -> first "Linh T", last "Nguyen": titles and credentials are dropped.
    words = [w.strip(",.") for w in parts if w.strip(",.").lower() not in ("dr", "md", "do", "np", "pa", "")]
    if not words:
        return {}
    return {"referring_qualifier": "DN", "referring_last_name": words[-1][:60],
            "referring_first_name": " ".join(words[:-1])[:60], "referring_npi": npi}


@operation(Permission.ENTER_CHARGES)
def encounter_for_appointment(tx: Tx, appointment_id: int) -> EncounterDetail:
    """The visit's encounter: the existing one, or a new one from an arrived/in-room/checked-out appointment."""
    existing = tx.session.scalar(select(Encounter).where(Encounter.appointment_id == appointment_id))
    if existing is not None:
        return encounter_detail(tx.session, existing)
    appt = tx.session.get(Appointment, appointment_id) if isinstance(appointment_id, int) else None
    if appt is None:
        raise NotFoundError("That appointment no longer exists.")
    if appt.status not in BILLABLE_APPOINTMENT_STATUSES:
        raise ConflictError("Charges are entered for visits that happened: check the patient in first.")
    patient = _billable_patient(tx, appt.patient_id)
    tz = schedule_settings(tx.session).tz
    header = EncounterHeader(service_date=st.to_local(appt.start_utc, tz).date(),
                             rendering_provider_id=appt.provider_id)
    if referring_from_incoming(tx.session, patient.id, header.service_date) == {}:
        # No incoming referral on that day: the patient record's referring provider, as before.
        header = replace(header, **_referring_from_patient(patient))
    return encounter_detail(tx.session, _new_encounter(tx, patient, header, appt.id))


@operation(Permission.VIEW_BILLING)
def get_encounter(tx: Tx, encounter_id: int) -> EncounterDetail:
    """One encounter with its diagnoses, lines and claims (the view is audited: it shows PHI)."""
    enc = load_encounter(tx.session, encounter_id)
    tx.audit("encounter.view", entity_type="encounter", entity_id=enc.id, patient_id=enc.patient_id)
    return encounter_detail(tx.session, enc)


@operation(Permission.ENTER_CHARGES)
def update_encounter(tx: Tx, encounter_id: int, header: EncounterHeader) -> EncounterDetail:
    """Change the header; lines keep their own dates unless they were on the old date of service."""
    enc = load_encounter(tx.session, encounter_id)
    _editable(tx, enc)
    values = clean_header(tx.session, header, today=practice_today(tx.session),
                          current_provider_id=enc.rendering_provider_id)
    old_date, old_pos = enc.service_date, enc.place_of_service
    if values.get("service_date", old_date) != old_date:  # moving charges off a closed day changes it too
        _closed_day_check(tx, enc, old_date, "encounter.update")
    for name, value in values.items():
        setattr(enc, name, value)
    # Lines that simply followed the encounter's date / place follow its change too.
    for line in tx.session.scalars(select(ServiceLine).where(ServiceLine.encounter_id == enc.id)):
        if line.from_date == old_date and line.to_date == old_date:
            line.from_date = line.to_date = enc.service_date
        if line.place_of_service == old_pos:
            line.place_of_service = enc.place_of_service
    return _after_change(tx, enc, "encounter.update")


def _diagnosis_codes(tx: Tx, encounter_id: int) -> list[str]:
    return list(tx.session.scalars(select(EncounterDiagnosis.code).where(EncounterDiagnosis.encounter_id == encounter_id)
                                   .order_by(EncounterDiagnosis.position)))


@operation(Permission.ENTER_CHARGES)
def set_diagnoses(tx: Tx, encounter_id: int, codes: Sequence[str]) -> EncounterDetail:
    """Replace the diagnoses (order = A..L). Lines' pointers follow their codes when the order changes."""
    enc = load_encounter(tx.session, encounter_id)
    _editable(tx, enc)
    new = clean_diagnoses(codes)
    old = _diagnosis_codes(tx, enc.id)
    lines = list(tx.session.scalars(select(ServiceLine).where(ServiceLine.encounter_id == enc.id)
                                    .order_by(ServiceLine.line_number)))
    remapped: dict[int, str] = {}
    for line in lines:
        letters = ""
        for letter in line.pointers:
            index = DIAGNOSIS_LETTERS.index(letter)
            code = old[index] if index < len(old) else ""
            if code not in new:
                raise ValidationError(f"diagnosis_{min(index + 1, len(new) + 1)}",
                                      f"Line {line.line_number} points at diagnosis {letter} ({code or 'none'}); "
                                      f"change that line's pointers before removing it.")
            letters += DIAGNOSIS_LETTERS[new.index(code)]
        remapped[line.id] = letters
    tx.session.execute(delete(EncounterDiagnosis).where(EncounterDiagnosis.encounter_id == enc.id))
    for position, code in enumerate(new, start=1):
        tx.session.add(EncounterDiagnosis(encounter_id=enc.id, position=position, code=code))
    for line in lines:
        line.pointers = remapped[line.id]
    return _after_change(tx, enc, "encounter.diagnoses")


def _clean_line(tx: Tx, enc: Encounter, line: ServiceLineInput) -> dict[str, object]:
    """A service line validated in form order; the charge defaults to the fee schedule x units."""
    if not isinstance(line, ServiceLineInput):
        raise TypeError("line must be a ServiceLineInput")
    code, _system = clean_procedure_code(line.code, "code")
    policy = policy_in_effect(tx.session, enc.patient_id, enc.service_date, 1)
    item, unit_fee = fee_for(tx.session, code, policy.payer_id if policy else None)
    if item is not None and not item.active:
        unit_fee = None  # a retired item keeps no default; the biller types what to charge
    allowed = tuple((item.allowed_modifiers or "").split()) if item is not None else ()
    modifiers = clean_line_modifiers(line.modifiers, allowed)
    pointers = clean_pointers(line.pointers, len(_diagnosis_codes(tx, enc.id)))
    units = clean_units(line.units)
    charge = line_charge_cents(line.charge, unit_fee, units, code)
    pos = clean_place_of_service_code(line.place_of_service or enc.place_of_service)
    values: dict[str, object] = {"code": code, "modifiers": " ".join(modifiers), "pointers": pointers,
                                 "units": units, "charge_cents": charge, "place_of_service": pos}
    values.update(clean_ndc_fields(line))
    values["from_date"], values["to_date"] = clean_line_dates(line, enc.service_date,
                                                              today=practice_today(tx.session))
    return values


def _settle_copays(tx: Tx, enc: Encounter) -> None:
    """A copay taken at this visit's check-in is applied to its charges as soon as there are some (audited)."""
    if enc.appointment_id is None:
        return
    moved = settle_visit_payments(tx.session, enc.appointment_id, user_id=tx.actor.user_id if tx.actor else None)
    for payment, cents in moved:
        tx.audit("payment.apply_visit", entity_type="payment", entity_id=payment.id, patient_id=payment.patient_id,
                 detail=f"applied ${from_cents(cents)} to the charges of encounter {enc.id}")
    if moved:
        tx.changed("payments", "ledger")


def _load_line(tx: Tx, line_id: object) -> tuple[ServiceLine, Encounter]:
    line = tx.session.get(ServiceLine, line_id) if isinstance(line_id, int) and not isinstance(line_id, bool) else None
    if line is None:
        raise NotFoundError("That service line no longer exists.")
    return line, load_encounter(tx.session, line.encounter_id)


@operation(Permission.ENTER_CHARGES)
def add_service_line(tx: Tx, encounter_id: int, line: ServiceLineInput) -> EncounterDetail:
    """Add a line at the end of the encounter."""
    enc = load_encounter(tx.session, encounter_id)
    _editable(tx, enc)
    values = _clean_line(tx, enc, line)
    tx.session.add(ServiceLine(encounter_id=enc.id, line_number=next_line_number(tx.session, enc.id), **values))
    tx.session.flush()
    _settle_copays(tx, enc)
    return _after_change(tx, enc, "encounter.line_add")


@operation(Permission.ENTER_CHARGES)
def update_service_line(tx: Tx, line_id: int, line: ServiceLineInput) -> EncounterDetail:
    """Change one line (its number stays)."""
    row, enc = _load_line(tx, line_id)
    _editable(tx, enc)
    for name, value in _clean_line(tx, enc, line).items():
        setattr(row, name, value)
    tx.session.flush()
    _settle_copays(tx, enc)
    return _after_change(tx, enc, "encounter.line_update")


@operation(Permission.ENTER_CHARGES)
def remove_service_line(tx: Tx, line_id: int) -> EncounterDetail:
    """Remove one line; the lines after it move up."""
    row, enc = _load_line(tx, line_id)
    _editable(tx, enc)
    sent = tx.session.scalar(select(Claim.id).join(ClaimLine, ClaimLine.claim_id == Claim.id)
                             .where(ClaimLine.service_line_id == row.id, Claim.status.not_in(OPEN_STATUSES)).limit(1))
    if sent is not None:
        raise ConflictError(f"Line {row.line_number} was billed on claim #{sent}, which was sent; it stays on the "
                            "record. Change its units or charge on the corrected claim instead.")
    tx.session.execute(delete(ClaimLine).where(ClaimLine.service_line_id == row.id))
    tx.session.delete(row)
    tx.session.flush()
    # Renumber upwards: each new number is below the old one and already free, so the unique key holds.
    for number, line in enumerate(tx.session.scalars(select(ServiceLine).where(ServiceLine.encounter_id == enc.id)
                                                     .order_by(ServiceLine.line_number)), start=1):
        if line.line_number != number:
            line.line_number = number
            tx.session.flush()
    return _after_change(tx, enc, "encounter.line_remove")


@operation(Permission.VIEW_BILLING, write=False)
def list_encounters(tx: Tx, *, patient_id: int | None = None, status: str | None = None,
                    limit: int = 200) -> list[EncounterRow]:
    """Encounters newest first, optionally one patient's or one status's."""
    if status is not None and status not in ENCOUNTER_STATUSES:
        raise ValidationError("status", "Status must be open, billed or void.")
    return encounter_rows(tx.session, patient_id=patient_id, status=status, limit=limit)


@operation(Permission.VIEW_BILLING, write=False)
def unbilled_visits(tx: Tx, *, through: date | None = None, since: date | None = None) -> list[UnbilledVisit]:
    """Checked-out appointments with no encounter (visits without charges), oldest first."""
    tz = schedule_settings(tx.session).tz
    stmt = (select(Appointment.id, Appointment.patient_id, Patient.last_name, Patient.first_name,
                   Appointment.provider_id, Provider.first_name, Provider.last_name, Provider.credential,
                   Appointment.start_utc, AppointmentType.name)
            .join(Patient, Patient.id == Appointment.patient_id)
            .join(Provider, Provider.id == Appointment.provider_id)
            .join(AppointmentType, AppointmentType.id == Appointment.type_id)
            .outerjoin(Encounter, Encounter.appointment_id == Appointment.id)
            .where(Appointment.status == CHECKED_OUT, Encounter.id.is_(None)))
    if since is not None:
        stmt = stmt.where(Appointment.start_utc >= st.wall_to_utc(since, time(0), tz))
    if through is not None:
        stmt = stmt.where(Appointment.start_utc < st.wall_to_utc(through + timedelta(days=1), time(0), tz))
    rows = tx.session.execute(stmt.order_by(Appointment.start_utc, Appointment.id)).all()
    return [UnbilledVisit(r[0], r[1], patient_name(r[2], r[3]), r[4], provider_display_name(r[5], r[6], r[7]),
                          st.to_local(r[8], tz).date(), r[9]) for r in rows]


@operation(Permission.ENTER_CHARGES)
def void_encounter(tx: Tx, encounter_id: int, reason: str) -> EncounterDetail:
    """An encounter entered in error: void it and close its unsent claims (never once a claim was sent)."""
    enc = load_encounter(tx.session, encounter_id)
    if enc.status == "void":
        raise ConflictError("This encounter is already void.")
    why = " ".join(clean_text(reason, "reason", "Reason", max_len=200, required=True).split())
    claims = encounter_claims(tx.session, enc.id)
    if any(c.submitted_on is not None or c.status not in OPEN_STATUSES | {"closed"} for c in claims):
        raise ConflictError("A claim for this visit was already sent; void the claim instead of the encounter.")
    user_id = tx.actor.user_id if tx.actor else None
    for claim in claims:
        if claim.status in OPEN_STATUSES:
            change_status(tx.session, claim, "closed", user_id=user_id, note="Encounter voided")
            tx.audit("claim.close", entity_type="claim", entity_id=claim.id, patient_id=claim.patient_id)
    _closed_day_check(tx, enc, enc.service_date, "encounter.void")
    enc.status = "void"
    enc.notes = (f"{enc.notes}\nVoided: {why}" if enc.notes else f"Voided: {why}")[:500]
    enc.updated_at = utcnow()
    tx.audit("encounter.void", entity_type="encounter", entity_id=enc.id, patient_id=enc.patient_id)
    tx.changed("encounters", *(("claims",) if claims else ()))
    return encounter_detail(tx.session, enc)
