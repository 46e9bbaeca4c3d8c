"""Nothing is cut to fit a box: USPS abbreviations for address lines, otherwise the box is named as a problem."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pdfplumber
import pytest
from billing_support import sample_claim_form

from frontdesk.domain.claim_form import Address, PersonName
from frontdesk.errors import ValidationError
from frontdesk.reports.cms1500 import render_claims
from frontdesk.reports.cms1500.fitting import abbreviate_street
from frontdesk.reports.cms1500.layout import FIELDS
from frontdesk.reports.cms1500.values import fit_notes, page_values


@pytest.mark.parametrize(("line", "short"), [
    ("100 MAPLE STREET SUITE 200", "100 MAPLE ST STE 200"),
    ("100 NORTH MAPLE AVENUE APARTMENT 4", "100 N MAPLE AVE APT 4"),
    ("9 MAIN ROAD SOUTH BUILDING 2 FLOOR 3", "9 MAIN RD S BLDG 2 FL 3"),
    ("77 OCEAN BOULEVARD", "77 OCEAN BLVD"),
    ("5 LAKE DRIVE", "5 LAKE DR"),
    ("100 NORTH STREET", "100 NORTH ST"),  # NORTH is the street's name here, not a directional
    ("12 COURT STREET", "12 COURT ST"),  # only the last word of the street part is its suffix
    ("PO BOX 1200", "PO BOX 1200"),
])
def test_publication_28_abbreviations_where_they_belong(line: str, short: str) -> None:
    assert abbreviate_street(line) == short


def _with_patient_street(line1: str, line2: str = ""):  # type: ignore[no-untyped-def]
    form = sample_claim_form()
    address = dataclasses.replace(form.patient.address, line1=line1, line2=line2)
    return dataclasses.replace(form, patient=dataclasses.replace(form.patient, address=address))


def test_a_long_street_prints_abbreviated_in_full_not_cut(tmp_path: Path) -> None:
    form = _with_patient_street("8560 Maple Boulevard", "Suite 856")  # 30 characters; box 5 holds 28
    values = page_values(form, form.lines, 1, 1)
    assert values["5_street"] == "8560 MAPLE BLVD STE 856"
    assert form.patient.address.line1 == "8560 Maple Boulevard"  # the stored value is untouched
    [note] = fit_notes(form)
    assert (note.box, note.value, note.printed) == ("5", "8560 MAPLE BOULEVARD SUITE 856", "8560 MAPLE BLVD STE 856")
    out = tmp_path / "claim.pdf"
    render_claims([form], out)
    with pdfplumber.open(out) as pdf:
        assert "8560 MAPLE BLVD STE 856" in pdf.pages[0].extract_text()


def test_a_value_that_does_not_fit_even_abbreviated_stops_the_print_naming_the_box(tmp_path: Path) -> None:
    long_name = "Springfield Family Practice"  # 27 characters; box 32 holds 26 and names are not abbreviated
    form = sample_claim_form()
    form = dataclasses.replace(form, facility=dataclasses.replace(form.facility, name=PersonName(long_name)))
    notes = fit_notes(form)
    assert [(n.box, n.value, n.fits) for n in notes] == [("32", "SPRINGFIELD FAMILY PRACTICE", False)]
    out = tmp_path / "claim.pdf"
    with pytest.raises(ValidationError) as err:
        render_claims([form], out)
    assert err.value.field == "box 32" and "SPRINGFIELD FAMILY PRACTICE" in err.value.message
    assert not out.exists()


def test_a_street_too_long_even_abbreviated_is_not_cut() -> None:
    form = _with_patient_street("12345 Bartholomew Kensington Street", "Suite 8561")
    [note] = fit_notes(form)
    assert note.box == "5" and not note.fits and len(note.value) > FIELDS["5_street"].width
    with pytest.raises(ValidationError):
        page_values(form, form.lines, 1, 1)


def test_ndc_quantity_longer_than_its_six_bytes_is_named() -> None:
    form = sample_claim_form(lines=1)
    drug = dataclasses.replace(form.lines[0], ndc="00409123401", ndc_unit="ML", ndc_quantity="1234.567",
                               service_line_id=77)
    [note] = fit_notes(dataclasses.replace(form, lines=(drug,)))
    assert (note.box, note.value, note.service_line_id, note.fits) == ("24A", "1234.567", 77, False)


def test_every_payer_and_provider_address_line_is_fitted() -> None:
    form = sample_claim_form(payer_address=Address("1200 Northwest Prairie Boulevard", "Building 12", "Chicago",
                                                   "IL", "60601"))
    values = page_values(form, form.lines, 1, 1)
    assert values["payer_1"] == "1200 NORTHWEST PRAIRIE BOULEVARD"  # 32 characters: fits the carrier block
    assert values["payer_2"] == "BUILDING 12"
    practice = Address("100 Maple Street", "Suite 200", "Springfield", "IL", "627011234")
    form = dataclasses.replace(form, facility=dataclasses.replace(form.facility, address=practice),
                               billing=dataclasses.replace(form.billing, address=practice))
    values = page_values(form, form.lines, 1, 1)
    assert values["32_1"] == values["33_1"] == "100 MAPLE STREET SUITE 200"  # 26 fits box 32 and 33 as entered
    longer = dataclasses.replace(practice, line2="Suite 2000")
    form = dataclasses.replace(form, facility=dataclasses.replace(form.facility, address=longer))
    assert page_values(form, form.lines, 1, 1)["32_1"] == "100 MAPLE ST STE 2000"
