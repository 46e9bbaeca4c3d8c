"""Batch appointment reminders for a date range: letters (with Avery 5160 labels) or postcards (four to a
sheet), a call list and a CSV for an outside reminder service, each within the patient's contact preferences.

Channels per appointment (booked or confirmed, not cancelled):
* ``mail``: a letter, postcard or label needs a mailing address (street and city);
* ``call``: the call list needs a phone; a patient who refused voicemail is marked "speak to the patient";
* ``service``: the outside service may only use what the patient allows: voice calls need voicemail
  allowed (an automated call leaves a message), texts need texts allowed, email needs an address.
Appointments that none of the chosen outputs can reach are listed for a personal call.

The letter (and the postcard's text) is the practice's appointment_reminder template merged by the letters
code; letters are drawn by reports.letter_pdf, postcards by reports.postcards.
Files are written to staged names first and renamed only after every one was written, inside the
transaction that records the contact history, so a failed write records nothing and leaves no file.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select

from frontdesk.domain import schedule_time as st
from frontdesk.domain.appointment_statuses import OPEN_STATUSES
from frontdesk.domain.csv_cells import neutralise_cell
from frontdesk.domain.formats import format_date, format_phone
from frontdesk.domain.names import provider_display_name
from frontdesk.domain.permissions import Permission
from frontdesk.errors import StorageError, ValidationError
from frontdesk.models import Appointment, AppointmentType, LetterTemplate, Patient, Provider
from frontdesk.reports._pdf import clock_text
from frontdesk.reports.call_sheet import contact_note
from frontdesk.reports.letter_pdf import LetterDoc, write_letters_pdf
from frontdesk.reports.mailing_labels import write_labels_pdf
from frontdesk.reports.postcards import write_postcards_pdf
from frontdesk.reports.reminder_calls import ReminderCallRow, write_reminder_calls_pdf
from frontdesk.services._base import Tx, operation, require_actor
from frontdesk.services._contact_log import add_contact_event
from frontdesk.services.desk._letter_data import Letterhead, address_block, letterhead, merge_values
from frontdesk.services.desk._letter_merge import BUILTIN_TEMPLATES, check_template, merge
from frontdesk.storage.atomic import replace_durably, write_atomically

TEMPLATE_KEY = "appointment_reminder"
MAX_DAYS = 31
OUTPUTS = ("letters", "postcards", "labels", "calls", "service")
CSV_COLUMNS = ("First Name", "Last Name", "Phone", "Email", "Appointment Date", "Appointment Time", "Provider",
               "Location", "Allowed Channels")
# The channel as the contact history names it (labels go on the letters' envelopes).
CHANNEL_WORDS = {"letters": "letter", "postcards": "postcard", "labels": "letter", "calls": "call list",
                 "service": "reminder service"}
_APPOINTMENT_FIELDS = {"appointment.date", "appointment.time", "appointment.type", "provider.name"}


@dataclass(frozen=True)
class ReminderItem:
    """One appointment in the range, with what the patient's preferences allow."""

    appointment_id: int
    patient_id: int
    first_name: str
    last_name: str
    start: datetime  # practice-local
    provider_name: str
    phone: str  # E.164, '' when none
    email: str
    address: tuple[str, ...]  # window lines (name first); () when the record has no mailing address
    voicemail_ok: bool
    text_ok: bool
    preferred_contact: str

    @property
    def patient_name(self) -> str:
        return f"{self.last_name}, {self.first_name}"

    @property
    def service_channels(self) -> tuple[str, ...]:
        """What an outside service may use: voice (leaves a message), text, email."""
        return tuple(c for c, ok in (("voice", bool(self.phone) and self.voicemail_ok),
                                     ("text", bool(self.phone) and self.text_ok),
                                     ("email", bool(self.email))) if ok)

    def reachable_by(self, output: str) -> bool:
        if output in ("letters", "postcards", "labels"):
            return bool(self.address)
        if output == "calls":
            return bool(self.phone)
        return bool(self.service_channels)

    @property
    def why_personal(self) -> str:
        """Why no batch output reaches the patient, in words (for the personal-call list)."""
        parts = ["no mailing address" if not self.address else "",
                 "no phone" if not self.phone else "",
                 "no voicemail" if self.phone and not self.voicemail_ok else "",
                 "no texts" if self.phone and not self.text_ok else "",
                 "no email" if not self.email else ""]
        return "; ".join(p for p in parts if p)


@dataclass(frozen=True)
class ReminderPlan:
    """Who each chosen output reaches, and who needs a personal call (appointments in time order)."""

    start: date
    end: date
    outputs: tuple[str, ...]
    items: tuple[ReminderItem, ...]

    def reached_by(self, output: str) -> tuple[ReminderItem, ...]:
        return tuple(i for i in self.items if output in self.outputs and i.reachable_by(output))

    @property
    def personal_calls(self) -> tuple[ReminderItem, ...]:
        return tuple(i for i in self.items if not any(i.reachable_by(o) for o in self.outputs))


@dataclass(frozen=True)
class ReminderFiles:
    """Where to write each output; None leaves it out."""

    letters: str | os.PathLike[str] | None = None
    postcards: str | os.PathLike[str] | None = None
    labels: str | os.PathLike[str] | None = None
    calls: str | os.PathLike[str] | None = None
    service: str | os.PathLike[str] | None = None

    def chosen(self) -> dict[str, Path]:
        return {name: Path(getattr(self, name)) for name in OUTPUTS if getattr(self, name) is not None}


@dataclass(frozen=True)
class ReminderResult:
    patients_reminded: int
    counts: dict[str, int]
    personal_calls: int


def _check_range(start: object, end: object) -> tuple[date, date]:
    for name, value in (("start", start), ("end", end)):
        if not isinstance(value, date) or isinstance(value, datetime):
            raise ValidationError(name, f"Enter the {'first' if name == 'start' else 'last'} day as MM/DD/YYYY.")
    assert isinstance(start, date) and isinstance(end, date)
    if end < start:
        raise ValidationError("end", f"The range ends ({format_date(end)}) before it starts ({format_date(start)}).")
    if (end - start).days >= MAX_DAYS:
        raise ValidationError("end", f"Remind at most {MAX_DAYS} days of appointments at a time.")
    return start, end


def _check_outputs(outputs: object) -> tuple[str, ...]:
    if isinstance(outputs, str) or not all(o in OUTPUTS for o in outputs):  # type: ignore[union-attr]
        raise ValidationError("outputs", "Choose letters, labels, a call list or a reminder service file.")
    chosen = tuple(o for o in OUTPUTS if o in outputs)  # type: ignore[operator]
    if not chosen:
        raise ValidationError("outputs", "Choose at least one way to remind: letters, labels, calls or a file.")
    return chosen


def _items(tx: Tx, start: date, end: date) -> tuple[ReminderItem, ...]:
    _head, tz = letterhead(tx.session)
    lo, _ = st.day_bounds_utc(start, tz)
    _, hi = st.day_bounds_utc(end, tz)
    rows = tx.session.execute(
        select(Appointment, Patient, Provider).join(Patient, Patient.id == Appointment.patient_id)
        .join(Provider, Provider.id == Appointment.provider_id)
        .where(Appointment.start_utc >= lo, Appointment.start_utc < hi, Appointment.status.in_(OPEN_STATUSES),
               Patient.status == "active")
        .order_by(Appointment.start_utc, Appointment.id))
    items = []
    for appt, patient, provider in rows:
        try:
            address = address_block(tx.session, patient, TEMPLATE_KEY)
        except ValidationError:  # no street or city: mail cannot reach this patient
            address = ()
        items.append(ReminderItem(
            appt.id, patient.id, patient.first_name, patient.last_name, st.to_local(appt.start_utc, tz),
            provider_display_name(provider.first_name, provider.last_name, provider.credential),
            patient.phone or "", patient.email or "", address, bool(patient.voicemail_ok), bool(patient.text_ok),
            patient.preferred_contact or ""))
    return tuple(items)


@operation(Permission.SEND_LETTERS, write=False)
def plan_reminders(tx: Tx, start: date, end: date, outputs: tuple[str, ...] = OUTPUTS) -> ReminderPlan:
    """Who the chosen outputs would remind about appointments from ``start`` to ``end`` (practice days,
    inclusive), and who needs a personal call. Reads only."""
    first, last = _check_range(start, end)
    return ReminderPlan(first, last, _check_outputs(outputs), _items(tx, first, last))


def _template(tx: Tx) -> tuple[str, str, str]:
    """The practice's appointment reminder (as edited, if it was): name, subject, body."""
    row = tx.session.scalar(select(LetterTemplate).where(LetterTemplate.key == TEMPLATE_KEY,
                                                         LetterTemplate.active.is_(True)))
    return (row.name, row.subject, row.body) if row is not None else BUILTIN_TEMPLATES[TEMPLATE_KEY]


def _letters(tx: Tx, items: tuple[ReminderItem, ...], head: Letterhead) -> Iterator[LetterDoc]:
    _name, subject, body = _template(tx)
    used = check_template("subject", subject) | check_template("body", body)
    _head, tz = letterhead(tx.session)
    today = st.to_local(st.utc_now(), tz).date()
    staff = tx.actor.full_name if tx.actor else ""
    for item in items:
        patient = tx.session.get(Patient, item.patient_id)
        assert patient is not None
        # The appointment is the one in the range, not merely the next one: filled in here.
        values = merge_values(tx.session, patient, kind=TEMPLATE_KEY, used=used - _APPOINTMENT_FIELDS, head=head,
                              tz=tz, recall=None, extras={}, staff_name=staff, balances={})
        appt = tx.session.get(Appointment, item.appointment_id)
        kind = tx.session.get(AppointmentType, appt.type_id) if appt is not None else None
        values.update({"appointment.date": format_date(item.start.date()),
                       "appointment.time": clock_text(item.start).replace(" ", "\u00a0"),  # "9:00 AM" on one line
                       "appointment.type": kind.name if kind is not None else "",
                       "provider.name": item.provider_name})
        yield LetterDoc(item.address, format_date(today), merge(subject, values), merge(body, values))


def _csv_text(items: tuple[ReminderItem, ...], location: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for i in items:
        channels = i.service_channels
        phone = format_phone(i.phone) if {"voice", "text"} & set(channels) else ""
        writer.writerow([neutralise_cell(v) for v in (
            i.first_name, i.last_name, phone, i.email if "email" in channels else "", format_date(i.start.date()),
            clock_text(i.start), i.provider_name, location, " ".join(channels))])
    return out.getvalue()


def _stage(tx: Tx, plan: ReminderPlan, files: dict[str, Path], head: Letterhead) -> dict[str, Path]:
    """Write every chosen file to a staged name beside its target; returns target -> staged."""
    staged: dict[str, Path] = {}
    range_text = f"{format_date(plan.start)} to {format_date(plan.end)}"
    try:
        for name, path in files.items():
            tmp = path.with_name(path.name + ".staged")
            staged[name] = tmp
            items = plan.reached_by(name)
            if name == "letters":
                write_letters_pdf(tmp, (head.name, head.address_lines, head.phone), _letters(tx, items, head))
            elif name == "postcards":
                write_postcards_pdf(tmp, (head.name, head.address_lines, head.phone), _letters(tx, items, head))
            elif name == "labels":
                write_labels_pdf(tmp, [i.address for i in items])
            elif name == "calls":
                write_reminder_calls_pdf(tmp, head.name, range_text, tuple(ReminderCallRow(
                    i.start, i.patient_name, i.phone, i.provider_name, i.voicemail_ok,
                    contact_note(i.preferred_contact, i.voicemail_ok, i.text_ok)) for i in items))
            else:
                write_atomically(tmp, _csv_text(items, ", ".join((head.name, *head.address_lines))),
                                 what="the reminder service file", newline="")
    except BaseException:
        for tmp in staged.values():
            with suppress(OSError):
                tmp.unlink(missing_ok=True)
        raise
    return staged


@operation(Permission.SEND_LETTERS)
def run_reminders(tx: Tx, start: date, end: date, files: ReminderFiles) -> ReminderResult:
    """Write the chosen reminder files for appointments from ``start`` to ``end`` and record one contact-history
    entry per patient reminded (kind "reminder", the channels and dates, no clinical detail) and an audit row.

    The plan is made again here, so the files match the database at this moment. If any file cannot be
    written nothing is recorded and no file is left.
    """
    actor = require_actor(tx)
    first, last = _check_range(start, end)
    chosen = files.chosen()
    plan = ReminderPlan(first, last, _check_outputs(tuple(chosen)), _items(tx, first, last))
    head, _tz = letterhead(tx.session)
    by_patient: dict[int, tuple[set[str], list[datetime]]] = {}
    for name in chosen:
        for item in plan.reached_by(name):
            channels, starts = by_patient.setdefault(item.patient_id, (set(), []))
            channels.add(CHANNEL_WORDS[name])
            if item.start not in starts:
                starts.append(item.start)
    if not by_patient:
        raise ValidationError("outputs", f"No appointment from {format_date(first)} to {format_date(last)} can be "
                                         "reminded the chosen ways; nothing was made.")
    for patient_id, (channels, starts) in by_patient.items():
        when = ", ".join(f"{format_date(s.date())} {clock_text(s)}" for s in sorted(starts))
        add_contact_event(tx.session, patient_id=patient_id, kind="reminder", user_id=actor.user_id,
                          direction="out", summary=f"Appointment reminder ({', '.join(sorted(channels))}) for {when}")
    staged = _stage(tx, plan, chosen, head)
    try:
        for name, tmp in staged.items():
            replace_durably(tmp, chosen[name], what="the reminder files")
    except StorageError:
        for tmp in staged.values():
            with suppress(OSError):
                tmp.unlink(missing_ok=True)
        raise
    counts = {name: len(plan.reached_by(name)) for name in chosen}
    tx.audit("reminders.batch", entity_type="appointment", detail=(
        f"{format_date(first)}-{format_date(last)} " + " ".join(f"{k}={v}" for k, v in counts.items())
        + f" personal={len(plan.personal_calls)}"))
    tx.changed("contacts")
    return ReminderResult(len(by_patient), counts, len(plan.personal_calls))

