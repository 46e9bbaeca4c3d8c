"""The app's own 837P checks: what pyx12 cannot know (NPI check digits, money, ICD-10-CM, ZIP+4...)."""

from __future__ import annotations

import dataclasses

from billing_support import (
    PRACTICE_ADDRESS,
    sample_claim_form,
    sample_line,
    sample_secondary_form,
)
from x12_helpers import render

from frontdesk.reports.x12_837p import own_checks, validate_with_pyx12


def test_sample_claims_pass() -> None:
    assert own_checks([sample_claim_form(lines=7), sample_secondary_form()]) == []


def test_bad_npis_are_named() -> None:
    base = sample_claim_form()
    form = dataclasses.replace(
        base, billing=dataclasses.replace(base.billing, npi="1234567890"),
        referring=dataclasses.replace(base.referring, npi="1679576723"))
    problems = own_checks([form])
    assert any("billing provider (33a) NPI 1234567890 fails its check digit" in p for p in problems)
    assert any("referring provider (17b) NPI 1679576723" in p for p in problems)
    assert all(p.startswith("Claim A0001234C1042: ") for p in problems)
    # pyx12 alone would have accepted the file: these checks are not redundant.
    assert validate_with_pyx12(render([form])) == []


def test_line_rendering_npi_is_checked() -> None:
    line = sample_line(1, rendering_npi="1245319598")
    problems = own_checks([dataclasses.replace(sample_claim_form(), lines=(line,))])
    assert any("line 1: the rendering NPI (24J) 1245319598 fails" in p for p in problems)


def test_other_payer_payment_must_match_its_lines() -> None:
    form = sample_secondary_form()
    other = dataclasses.replace(form.other_coverage, paid_cents=15000)
    problems = own_checks([dataclasses.replace(form, other_coverage=other)])
    assert any("line payments add up to 16000 cents but its claim payment is 15000" in p for p in problems)


def test_line_charges_and_units_must_be_positive() -> None:
    lines = (sample_line(1, charge_cents=0), sample_line(2, units=0, pointers="Z"))
    problems = own_checks([dataclasses.replace(sample_claim_form(), lines=lines)])
    assert any("line 1: the charge (24F) must be more than $0.00" in p for p in problems)
    assert any("line 2: units (24G)" in p for p in problems)
    assert any("line 2: diagnosis pointer Z" in p for p in problems)


def test_unknown_and_header_icd_codes() -> None:
    problems = own_checks([sample_claim_form(diagnoses=("J069", "Q9999X", "E11"))])
    assert any("diagnosis B (Q9999X) is not an ICD-10-CM code" in p for p in problems)
    assert any("diagnosis C (E11) is a category header" in p for p in problems)
    assert not any("diagnosis A" in p for p in problems)


def test_five_digit_billing_zip_must_be_completed() -> None:
    base = sample_claim_form()
    short = dataclasses.replace(base.billing, address=dataclasses.replace(PRACTICE_ADDRESS, zip_code="62701"))
    problems = own_checks([dataclasses.replace(base, billing=short, facility=short)])
    assert any("billing provider (box 33) ZIP code must have 9 digits (ZIP+4)" in p for p in problems)
    padded = dataclasses.replace(short, address=dataclasses.replace(PRACTICE_ADDRESS, zip_code="627010000"))
    assert any("cannot end in 0000" in p for p in own_checks([dataclasses.replace(base, billing=padded)]))


def test_po_box_billing_address_is_refused() -> None:
    base = sample_claim_form()
    box = dataclasses.replace(base.billing, address=dataclasses.replace(PRACTICE_ADDRESS, line1="P.O. Box 12"))
    assert any("not a PO box" in p for p in own_checks([dataclasses.replace(base, billing=box)]))


def test_replacement_needs_original_reference_and_payer_id() -> None:
    problems = own_checks([sample_claim_form(frequency_code="7", payer_id="")])
    assert any("original reference number (box 22)" in p for p in problems)
    assert any("no electronic payer ID" in p for p in problems)


def test_ndc_and_accident_details() -> None:
    line = sample_line(1, ndc="0009-0047-01", ndc_unit="XX", ndc_quantity="0")
    form = dataclasses.replace(sample_claim_form(auto_accident=True, onset_date=None), lines=(line,))
    problems = own_checks([form])
    for text in ("NDC must be 11 digits", "NDC unit must be one of", "NDC quantity must be a number above 0",
                 "accident date (box 14)", "state where it happened"):
        assert any(text in p for p in problems), text


def test_one_character_member_id_is_too_short_for_the_837p() -> None:
    problems = own_checks([sample_claim_form(insured_id="M")])
    assert any("box 1a) must have at least 2" in p for p in problems)
    assert validate_with_pyx12(render([sample_claim_form(insured_id="M")]))  # pyx12 agrees


def test_missing_patient_data_when_not_the_insured() -> None:
    base = sample_claim_form()
    patient = dataclasses.replace(base.patient, dob=None)
    assert any("patient's birth date (box 3)" in p for p in own_checks([dataclasses.replace(base, patient=patient)]))


def test_too_many_lines_for_one_837p_claim() -> None:
    form = sample_claim_form(lines=51)
    assert any("at most 50 service lines" in p for p in own_checks([form]))
