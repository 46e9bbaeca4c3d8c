"""The label/value rows a printed patient document shows (pure text; the PDF modules lay them out)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from frontdesk.domain.formats import format_date, format_money, format_phone

if TYPE_CHECKING:  # the report only reads these shapes; importing services here would be circular
    from frontdesk.services.patients.family import GuarantorInfo
    from frontdesk.services.patients.patient_print import PatientSheet
    from frontdesk.services.patients.patients import PatientRecord

Rows = list[tuple[str, str]]
_SEX = {"F": "Female (F)", "M": "Male (M)"}
_CONTACT = {"": "No preference", "phone": "Phone", "text": "Text message", "email": "E-mail", "mail": "Mail"}


def _name(first: str, middle: str, last: str, suffix: str = "") -> str:
    return " ".join(p for p in (first, middle, last, suffix) if p)


def _address(line1: str, line2: str, city: str, state: str, zip_code: str) -> str:
    city_line = ", ".join(p for p in (city, f"{state} {zip_code}".strip()) if p)
    return "\n".join(p for p in (line1, line2, city_line) if p)


def patient_rows(p: PatientRecord) -> Rows:
    """Demographics, in the order of the registration form."""
    status = p.status.capitalize() + (f" (date of death {format_date(p.deceased_date)})" if p.deceased_date else "")
    return [
        ("Legal name", _name(p.first_name, p.middle_name, p.last_name, p.suffix)),
        ("Preferred name", p.preferred_name),
        ("Date of birth", format_date(p.dob)),
        ("Sex", _SEX.get(p.sex, p.sex)),
        ("Gender identity", p.gender_identity),
        ("Account #", p.account_number),
        ("Status", status),
        ("Address", _address(p.address_line1, p.address_line2, p.city, p.state, p.zip_code)),
        ("Home phone", format_phone(p.home_phone)),
        ("Mobile phone", format_phone(p.mobile_phone)),
        ("Work phone", format_phone(p.work_phone)),
        ("Preferred phone", p.preferred_phone_kind.capitalize()),
        ("E-mail", p.email),
        ("Contact by", _CONTACT.get(p.preferred_contact, p.preferred_contact)),
        ("Voicemail OK", "Yes" if p.voicemail_ok else "No"),
        ("Text messages OK", "Yes" if p.text_ok else "No"),
        ("Preferred language", p.preferred_language),
        ("Emergency contact", " / ".join(x for x in (p.emergency_name, p.emergency_relationship,
                                                     format_phone(p.emergency_phone)) if x)),
        ("Referring provider", p.referring_name + (f" (NPI {p.referring_npi})" if p.referring_npi else "")),
    ]


def guarantor_rows(g: GuarantorInfo) -> Rows:
    """Who is responsible for the bill."""
    if g.is_self:
        return [("Guarantor", "Self (the patient)")]
    return [
        ("Guarantor", _name(g.first_name, g.middle_name, g.last_name, g.suffix)
         + ("" if g.patient_id is not None else " (not a patient)")),
        ("Patient is their", g.relationship),
        ("Date of birth", format_date(g.dob)),
        ("Address", _address(g.address_line1, g.address_line2, g.city, g.state, g.zip_code)),
        ("Phone", format_phone(g.phone)),
    ]


def policy_rows(sheet: PatientSheet) -> list[tuple[str, Rows]]:
    """(title, rows) per current or future policy, primary first."""
    found = []
    for p in sheet.policies:
        rows = [("Payer", p.payer_name), ("Member id", p.member_id), ("Group #", p.group_number),
                ("Plan", p.plan_name), ("Subscriber is", p.relationship_label)]
        if p.relationship != "self":
            rows += [("Subscriber", _name(p.subscriber_first_name, p.subscriber_middle_name, p.subscriber_last_name)),
                     ("Subscriber DOB", format_date(p.subscriber_dob)),
                     ("Subscriber employer", p.subscriber_employer)]
        end = format_date(p.end_date) if p.end_date else "open"
        rows += [("Effective", f"{format_date(p.effective_date)} to {end}"), ("Copay", format_money(p.copay))]
        found.append((f"{p.rank_label} insurance", rows))
    return found
