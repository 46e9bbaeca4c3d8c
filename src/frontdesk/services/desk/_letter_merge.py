"""Letter merge fields: the documented set, checking a template's placeholders, and merging (pure, no DB).

Syntax: ``{group.field}`` inserts a value; ``{{`` and ``}}`` print a literal brace. The merged text is
plain text: the PDF renderer escapes all of it, so neither a template nor a patient's name can add markup.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from frontdesk.errors import ValidationError

# Every merge field a template may use, with what it prints (shown in the template editor).
MERGE_FIELDS: dict[str, str] = {
    "patient.first_name": "Patient's first name",
    "patient.last_name": "Patient's last name",
    "patient.full_name": "Patient's first and last name",
    "patient.account": "Patient's account number",
    "patient.dob": "Patient's date of birth (MM/DD/YYYY)",
    "guarantor.name": "Responsible party's name (the patient when they pay their own bills)",
    "provider.name": "Provider of the appointment or recall (e.g. Dr. Ann Lee, MD)",
    "practice.name": "Practice name",
    "practice.phone": "Practice phone, e.g. (555) 123-4567",
    "practice.address": "Practice street, city, state and ZIP on one line",
    "appointment.date": "Appointment date (next upcoming; the missed one for missed-appointment letters)",
    "appointment.time": "Appointment time, e.g. 9:30 AM",
    "appointment.type": "Appointment type, e.g. Annual physical",
    "balance.amount": "Patient balance now, e.g. $125.00",
    "recall.due_date": "Date the patient is due back (recall letters)",
    "recall.reason": "Why the patient is due back (recall letters)",
    "referral.to": "Who the patient is referred to (typed when the letter is printed)",
    "referral.reason": "Why the patient is referred (typed when the letter is printed)",
    "letter.date": "Today's date",
    "letter.text": "Text typed when the letter is printed (free letters)",
    "staff.name": "Name of the user printing the letter",
}

# Fields the user types when printing (the same text goes into every letter of the batch).
TYPED_FIELDS = {"referral.to": "Referred to", "referral.reason": "Reason for the referral", "letter.text": "Letter text"}

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


def placeholders(text: str) -> list[str]:
    """The merge fields named in ``text`` in order (stray braces raise ValueError with the position)."""
    found: list[str] = []
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        if token in ("{{", "}}"):
            continue
        if match.group(1) is None:
            raise ValueError(f"a lone '{token}' (write {{{{ or }}}} for a brace)")
        found.append(match.group(1).strip())
    return found


def check_template(field: str, text: str) -> set[str]:
    """Refuse unknown merge fields (ValidationError naming ``field`` and the placeholder); return those used."""
    try:
        names = placeholders(text)
    except ValueError as exc:
        raise ValidationError(field, f"The text has {exc}.") from None
    unknown = [n for n in names if n not in MERGE_FIELDS]
    if unknown:
        shown = ", ".join("{" + n + "}" for n in dict.fromkeys(unknown))
        raise ValidationError(field, f"Unknown merge field {shown}. Use one of the fields listed beside the editor.")
    return set(names)


def merge(text: str, values: Mapping[str, str]) -> str:
    """Replace each placeholder with its value (the template was checked when saved)."""
    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        name = (match.group(1) or "").strip()
        return values.get(name, "")

    return _TOKEN.sub(replace, text)


# The built-in templates (kind = key). Stored only once the practice edits them.
BUILTIN_TEMPLATES: dict[str, tuple[str, str, str]] = {
    "appointment_reminder": (
        "Appointment reminder", "Your appointment on {appointment.date}",
        ("Dear {patient.first_name} {patient.last_name},\n\n"
         "This is a reminder of your {appointment.type} appointment with {provider.name} on {appointment.date} "
         "at {appointment.time}.\n\n"
         "Please arrive 15 minutes early and bring your insurance card and a photo ID. If you need to change "
         "the time, call us at {practice.phone}.\n\n"
         "Sincerely,\n{practice.name}")),
    "missed_appointment": (
        "Missed appointment", "We missed you on {appointment.date}",
        ("Dear {patient.first_name} {patient.last_name},\n\n"
         "We missed you at your appointment with {provider.name} on {appointment.date} at {appointment.time}. "
         "Your health matters to us; please call {practice.phone} to book a new time.\n\n"
         "Sincerely,\n{practice.name}")),
    "recall": (
        "Recall", "Time for your {recall.reason}",
        ("Dear {patient.first_name} {patient.last_name},\n\n"
         "Our records show you are due for your {recall.reason} by {recall.due_date}. "
         "Please call us at {practice.phone} to schedule a visit.\n\n"
         "Sincerely,\n{practice.name}")),
    "balance_reminder": (
        "Balance reminder", "Your account balance",
        ("Dear {guarantor.name},\n\n"
         "Our records show a balance of {balance.amount} on the account of {patient.full_name} "
         "(account {patient.account}). If you have already paid, thank you and please disregard this letter. "
         "Otherwise please call {practice.phone} or pay at your next visit.\n\n"
         "Sincerely,\n{practice.name}")),
    "referral": (
        "Referral", "Your referral to {referral.to}",
        ("Dear {patient.first_name} {patient.last_name},\n\n"
         "{provider.name} has referred you to {referral.to} for {referral.reason}. "
         "Please call them to make an appointment, and call us at {practice.phone} with any questions.\n\n"
         "Sincerely,\n{practice.name}")),
    "free": (
        "Free letter", "",
        "Dear {patient.first_name} {patient.last_name},\n\n{letter.text}\n\nSincerely,\n{staff.name}\n{practice.name}"),
}
KINDS = tuple(BUILTIN_TEMPLATES)
KIND_LABELS = {key: value[0] for key, value in BUILTIN_TEMPLATES.items()}
