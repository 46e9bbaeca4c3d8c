"""One form's worth of printed values (field name -> text) from a ClaimForm and the service lines of that form.

A claim with more than six lines continues on further forms. Each form is complete (NUCC/Medicare: every
form must stand alone when separated): the same header boxes, its own six lines, its own total charge
(box 28 = the sum of its lines) and its own amount paid (box 29 = what earlier payers and the patient paid
on its lines, NUCC item 29: "the total amount the patient and/or other payers paid on the covered services
only"; an earlier payer's payment not broken down by line is printed on the first form only). "PAGE n OF m" is
printed in the carrier block so the payer can keep the forms together.

Nothing is cut to fit (fitting.py): an address line too long for its box prints USPS-abbreviated, and a value
that still does not fit stops the print with the box named (the scrubber reports both before that).
"""

from __future__ import annotations

import re

from frontdesk.domain.claim_form import ClaimForm, ClaimFormLine, ClaimProviderRef
from frontdesk.errors import ValidationError
from frontdesk.reports.cms1500 import text as t
from frontdesk.reports.cms1500.fitting import FitNote, fit_value
from frontdesk.reports.cms1500.layout import FIELDS

SIGNATURE_ON_FILE = "SIGNATURE ON FILE"
ONSET_QUALIFIER = "431"  # box 14: onset of current symptoms or illness
ICD10_INDICATOR = "0"
# Shaded 24A drug line: N4 + 11-digit NDC fill positions 1-13, positions 14-16 stay blank, the unit qualifier
# and quantity (six bytes, left-justified) take positions 17-24 (the Medicare instructions for item 24 in
# the CMS Claims Processing Manual, ch. 26; the layout the issue asks for).
NDC_GAP = "   "


NDC_QUANTITY_WIDTH = 6  # bytes for the quantity after the unit qualifier (positions 19-24)


class _Values(dict[str, str]):
    """A form's printed values, and the notes on those that did not fit their box as entered."""

    def __init__(self, *, strict: bool) -> None:
        super().__init__()
        self.strict = strict
        self.notes: list[FitNote] = []
        self.service_line_id = 0  # the line being filled in, for box 24 notes

    def note(self, note: FitNote) -> None:
        if not note.fits and self.strict:
            raise ValidationError(f"box {note.box}", (
                f"Box {note.box} holds {note.width} characters; {note.value!r} is {len(note.value)}. "
                "Shorten it where it is entered, then print again."))
        self.notes.append(note)


def _put(values: _Values, name: str, value: str, *, address: bool = False) -> None:
    """Print ``value`` in field ``name``: abbreviated if it is an address line too long for the box, never cut."""
    if value:
        field = FIELDS[name]
        text, note = fit_value(name, field.box, value, field.width, address=address,
                               service_line_id=values.service_line_id)
        if note is not None:
            values.note(note)
        values[name] = text


def _header(form: ClaimForm, values: _Values) -> None:
    payer = form.payer_address
    lines = [(t.plain(form.payer_name), False), (t.plain(payer.line1), True), (t.plain(payer.line2), True),
             (t.city_state_zip(payer), False)]
    for i, (line, address) in enumerate(x for x in lines if x[0]):
        _put(values, f"payer_{i}", line, address=address)
    if form.claim_type in ("medicare", "medicaid", "tricare", "champva", "group_health_plan", "feca_black_lung"):
        _put(values, f"1_{form.claim_type}", "X")
    else:
        _put(values, "1_other", "X")
    _put(values, "1a", t.identifier(form.insured_id))
    _person(form, values)
    _put(values, f"6_{form.relationship if form.relationship in ('self', 'spouse', 'child') else 'other'}", "X")
    other = form.other_coverage
    if other is not None:
        _put(values, "9", t.person_name(other.insured))
        _put(values, "9a", t.identifier(other.group_number or other.member_id))
        _put(values, "9d", t.plain(other.plan_name or other.payer_name))
    for box, flag in (("10a", form.employment_related), ("10b", form.auto_accident), ("10c", form.other_accident)):
        _put(values, f"{box}_{'yes' if flag else 'no'}", "X")
    if form.auto_accident:
        _put(values, "10b_state", t.plain(form.auto_accident_state)[:2])
    group = t.identifier(form.insured_group)
    if not group and form.claim_type == "medicare" and form.payer_rank == 1 and other is None:
        group = "NONE"  # Medicare: item 11 says NONE when no insurance is primary to Medicare
    _put(values, "11", group)
    mm, dd, yyyy = t.date_parts(form.insured.dob, long_year=True)
    _put(values, "11a_mm", mm)
    _put(values, "11a_dd", dd)
    _put(values, "11a_yyyy", yyyy)
    if form.insured.sex in ("M", "F"):
        _put(values, f"11a_{form.insured.sex.lower()}", "X")
    _put(values, "11c", t.plain(form.insured_plan_name))
    _put(values, "11d_yes" if other is not None else "11d_no", "X")
    if form.release_on_file:
        _put(values, "12_signed", SIGNATURE_ON_FILE)
        _put(values, "12_date", t.date6(form.release_date))
    if form.assignment_on_file:
        _put(values, "13_signed", SIGNATURE_ON_FILE)
    if form.onset_date is not None:
        mm, dd, yy = t.date_parts(form.onset_date)
        _put(values, "14_mm", mm)
        _put(values, "14_dd", dd)
        _put(values, "14_yy", yy)
        _put(values, "14_qual", ONSET_QUALIFIER)
    if form.referring is not None:
        _put(values, "17_qual", t.identifier(form.referring.qualifier or "DN")[:2])
        _put(values, "17_name", t.natural_name(form.referring.name))
        _put(values, "17b", t.identifier(form.referring.npi))
    _diagnoses(form, values)
    if form.frequency_code in ("7", "8"):
        _put(values, "22_code", form.frequency_code)
        _put(values, "22_ref", t.identifier(form.original_reference))
    _put(values, "23", t.identifier(form.prior_authorization))
    _footer(form, values)


def _person(form: ClaimForm, values: _Values) -> None:
    patient, insured = form.patient, form.insured
    _put(values, "2", t.person_name(patient.name))
    mm, dd, yyyy = t.date_parts(patient.dob, long_year=True)
    _put(values, "3_mm", mm)
    _put(values, "3_dd", dd)
    _put(values, "3_yyyy", yyyy)
    if patient.sex in ("M", "F"):
        _put(values, f"3_{patient.sex.lower()}", "X")
    _put(values, "4", t.person_name(insured.name))
    for box, person in (("5", patient), ("7", insured)):
        _put(values, f"{box}_street", t.street(person.address), address=True)
        _put(values, f"{box}_city", t.plain(person.address.city))
        _put(values, f"{box}_state", t.plain(person.address.state)[:2])
        _put(values, f"{box}_zip", t.zip_code(person.address.zip_code))
        area, number = t.phone_parts(person.phone)
        _put(values, f"{box}_area", area)
        _put(values, f"{box}_phone", number)


def _diagnoses(form: ClaimForm, values: _Values) -> None:
    codes = [t.diagnosis(code) for code in form.diagnoses[:12]]
    if codes:
        _put(values, "21_ind", ICD10_INDICATOR)
    for i, code in enumerate(codes):
        _put(values, f"21_{i}", code)


def _provider_block(prefix: str, ref: ClaimProviderRef | None, values: _Values) -> None:
    if ref is None:
        return
    lines = [(t.plain(ref.name.last) if not ref.name.first else t.natural_name(ref.name), False),
             (t.street(ref.address), True), (t.city_state_zip(ref.address), False)]
    for i, (line, address) in enumerate(x for x in lines if x[0]):
        _put(values, f"{prefix}_{i}", line, address=address)


def _footer(form: ClaimForm, values: _Values) -> None:
    _put(values, "25", t.identifier(form.federal_tax_id).replace("-", ""))
    if form.federal_tax_id:
        _put(values, "25_ein" if form.tax_id_is_ein else "25_ssn", "X")
    _put(values, "26", t.identifier(form.patient_control_number).replace("-", ""))
    _put(values, "27_yes" if form.accept_assignment else "27_no", "X")
    if form.rendering is not None:
        _put(values, "31_name", t.natural_name(form.rendering.name))
    _put(values, "31_date", t.date6(form.signature_date))
    _provider_block("32", form.facility, values)
    if form.facility is not None:
        _put(values, "32a", t.identifier(form.facility.npi))
    _provider_block("33", form.billing, values)
    if form.billing is not None:
        area, number = t.phone_parts(form.billing.phone)
        _put(values, "33_area", area)
        _put(values, "33_phone", number)
        _put(values, "33a", t.identifier(form.billing.npi))
        if form.billing.taxonomy:
            _put(values, "33b", "ZZ" + t.identifier(form.billing.taxonomy))


def _service_line(k: int, line: ClaimFormLine, default_npi: str, values: _Values) -> None:
    prefix = f"24_{k}_"
    values.service_line_id = line.service_line_id
    if line.ndc:
        quantity = re.sub(r"[^0-9.]", "", line.ndc_quantity)  # NUCC keeps the decimal point of a quantity
        if len(quantity) > NDC_QUANTITY_WIDTH:
            values.note(FitNote(prefix + "supplemental", "24A", quantity, "", NDC_QUANTITY_WIDTH,
                                line.service_line_id))
        _put(values, prefix + "supplemental",
             f"N4{t.identifier(line.ndc).replace('-', '')}{NDC_GAP}{t.plain(line.ndc_unit)}{quantity}")
    for side, day in (("from", line.from_date), ("to", line.to_date)):
        mm, dd, yy = t.date_parts(day)
        _put(values, f"{prefix}{side}_mm", mm)
        _put(values, f"{prefix}{side}_dd", dd)
        _put(values, f"{prefix}{side}_yy", yy)
    _put(values, prefix + "pos", t.identifier(line.place_of_service))
    if line.emergency:
        _put(values, prefix + "emg", "Y")
    _put(values, prefix + "cpt", t.identifier(line.code))
    for i, modifier in enumerate(line.modifiers[:4]):
        _put(values, f"{prefix}mod{i}", t.identifier(modifier))
    _put(values, prefix + "pointer", "".join(ch for ch in line.pointers.upper() if ch.isalpha())[:4])
    dollars, cents = t.money_parts(line.charge_cents, FIELDS[prefix + "dollars"].width)
    _put(values, prefix + "dollars", dollars)
    _put(values, prefix + "cents", cents)
    _put(values, prefix + "units", str(line.units))
    _put(values, prefix + "npi", t.identifier(line.rendering_npi or default_npi))


def page_values(form: ClaimForm, page_lines: tuple[ClaimFormLine, ...], page: int, pages: int, *,
                strict: bool = True) -> dict[str, str]:
    """The printed text of form ``page`` (1-based) of ``pages`` for this claim, keyed by layout field.

    ``strict``: a value that does not fit its box even abbreviated raises ValidationError naming the box.
    """
    return _page(form, page_lines, page, pages, strict=strict)


def _page(form: ClaimForm, page_lines: tuple[ClaimFormLine, ...], page: int, pages: int, *,
          strict: bool) -> _Values:
    values = _Values(strict=strict)
    if pages > 1:
        _put(values, "page_of", f"PAGE {page} OF {pages}")
    _header(form, values)
    default_npi = form.rendering.npi if form.rendering is not None else ""
    for k, line in enumerate(page_lines):
        _service_line(k, line, default_npi, values)
    total = sum(line.charge_cents for line in page_lines)
    dollars, cents = t.money_parts(total, FIELDS["28_dollars"].width)
    _put(values, "28_dollars", dollars)
    _put(values, "28_cents", cents)
    paid = sum(line.prior_paid_cents + line.patient_paid_cents for line in page_lines)
    if page == 1:  # an earlier payer's payment not broken down by line goes on the first form
        paid += max(0, form.amount_paid_cents - sum(line.prior_paid_cents for line in form.lines))
    if paid:
        dollars, cents = t.money_parts(paid, FIELDS["29_dollars"].width)
        _put(values, "29_dollars", dollars)
        _put(values, "29_cents", cents)
    return values


def fit_notes(form: ClaimForm) -> list[FitNote]:
    """Every value of the claim that does not print as entered: abbreviated to fit, or too long for its box."""
    notes: dict[tuple[str, str], FitNote] = {}
    chunks = form.pages()
    for number, lines in enumerate(chunks, start=1):
        values = _page(form, lines, number, len(chunks), strict=False)
        for note in values.notes:  # the header repeats on every form: one note per field and value
            notes.setdefault((note.field, note.value, note.service_line_id), note)
    return list(notes.values())
