"""Every kind of 837P the app writes passes pyx12's 005010X222A1 validation and the app's file checks."""

# Fixed dates are data here: they are written into the file as given, never compared with today.

from __future__ import annotations

import dataclasses
from datetime import date

from billing_support import (
    BILLING_NPI,
    PRACTICE_ADDRESS,
    sample_claim_form,
    sample_line,
    sample_secondary_form,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from x12_helpers import assert_valid, find, render, segments

from frontdesk.domain.claim_form import (
    Address,
    Adjustment,
    ClaimPerson,
    ClaimProviderRef,
    PersonName,
)


def test_single_claim_is_valid_and_has_the_loops() -> None:
    text = render([sample_claim_form(lines=1)])
    assert_valid(text)
    tags = [row[0] for row in segments(text)]
    assert tags[:3] == ["ISA", "GS", "ST"] and tags[-3:] == ["SE", "GE", "IEA"]
    assert [row[1] for row in find(text, "NM1")] == ["41", "40", "85", "IL", "PR", "QC", "DN", "82"]
    clm = find(text, "CLM")[0]
    assert clm[1] == "A0001234C1042" and clm[2] == "125" and clm[5] == "11:B:1"
    assert find(text, "HI")[0][1:] == ["ABK:J069", "ABF:R509", "ABF:E119"]
    assert ["DTP", "431", "D8", "20261028"] in segments(text)
    assert ["REF", "G1", "PA55821"] in segments(text)
    # The practice ZIP+4 reaches the billing provider's N4.
    assert find(text, "N4")[0] == ["N4", "SPRINGFIELD", "IL", "627011234"]


def test_seven_lines_on_one_claim() -> None:
    form = sample_claim_form(lines=7)
    text = render([form])
    assert_valid(text)
    assert [row[1] for row in find(text, "LX")] == [str(n) for n in range(1, 8)]
    assert find(text, "CLM")[0][2] == "1085"  # 125 + 135 + ... + 185
    assert find(text, "SV1")[0][1] == "HC:99213:25" and find(text, "SV1")[0][7] == "1:2"


def test_secondary_claim_carries_the_other_payer() -> None:
    # The primary's decision known for the claim as a whole only (no line detail): 2320 carries it, no 2430.
    base = sample_secondary_form()
    lines = tuple(dataclasses.replace(line, prior_paid_cents=0, prior_adjustments=()) for line in base.lines)
    other = dataclasses.replace(base.other_coverage, claim_adjustments=(Adjustment("CO", "45", 6000),
                                                                        Adjustment("PR", "2", 4000)))
    form = dataclasses.replace(base, lines=lines, other_coverage=other)
    text = render([form])
    assert_valid(text)
    rows = segments(text)
    sbr = find(text, "SBR")
    assert sbr[0][1] == "S" and sbr[1][1] == "P" and sbr[1][2] == "19"
    assert ["AMT", "D", "160"] in rows and ["OI", "", "", "Y", "", "", "Y"] in rows
    assert ["NM1", "PR", "2", "BLUE PRAIRIE HEALTH", "", "", "", "", "PI", "BPH01"] in rows
    assert not find(text, "SVD")  # no line detail: only the claim-level payment and adjustments
    assert find(text, "CAS") == [["CAS", "CO", "45", "60"], ["CAS", "PR", "2", "40"]]
    assert ["AMT", "EAF", "40"] in rows and ["DTP", "573", "D8", "20261118"] in rows  # 2330B: the check date


def test_secondary_with_remittance_date_has_line_payments() -> None:
    base = sample_secondary_form()
    other = dataclasses.replace(base.other_coverage, paid_date=date(2026, 11, 20), claim_type="group_health_plan")
    text = render([dataclasses.replace(base, other_coverage=other)])
    assert_valid(text)
    assert [row[:3] for row in find(text, "SVD")] == [["SVD", "BPH01", "80"]] * 2
    assert ["DTP", "573", "D8", "20261120"] in segments(text)
    assert find(text, "CAS") == [["CAS", "CO", "45", "25"], ["CAS", "PR", "2", "20"],
                                 ["CAS", "CO", "45", "35"], ["CAS", "PR", "2", "20"]]
    assert find(text, "SBR")[1][9] == "CI"


def test_patient_is_the_subscriber() -> None:
    base = sample_claim_form()
    form = dataclasses.replace(base, relationship="self", insured=base.patient)
    text = render([form])
    assert_valid(text)
    assert find(text, "HL")[1][4] == "0" and not find(text, "PAT")
    assert find(text, "SBR")[0][2] == "18"


def test_patient_not_the_subscriber_gets_2000c() -> None:
    text = render([sample_claim_form(relationship="spouse")])
    assert_valid(text)
    hl = find(text, "HL")
    assert hl[1][1:] == ["2", "1", "22", "1"] and hl[2][1:] == ["3", "2", "23", "0"]
    assert find(text, "PAT")[0][1] == "01"


def test_replacement_and_void_carry_the_original_reference() -> None:
    for code in ("7", "8"):
        text = render([sample_claim_form(frequency_code=code, original_reference="PAYER-CLM-778")])
        assert_valid(text)
        assert find(text, "CLM")[0][5] == f"11:B:{code}"
        assert ["REF", "F8", "PAYER-CLM-778"] in segments(text)


def test_ndc_line_has_lin_and_ctp() -> None:
    drug = sample_line(1, code="J1100", pointers="A", charge_cents=4200, ndc="00009004701",
                       ndc_unit="ML", ndc_quantity="1.5")
    text = render([dataclasses.replace(sample_claim_form(), lines=(drug,))])
    assert_valid(text)
    assert find(text, "LIN")[0] == ["LIN", "", "N4", "00009004701"]
    assert find(text, "CTP")[0] == ["CTP", "", "", "", "1.5", "ML"]


def test_facility_elsewhere_accident_and_service_range() -> None:
    facility = ClaimProviderRef(PersonName("Springfield Clinic Annex"), "1417960893",
                                address=Address("9 Oak Ave", "", "Springfield", "IL", "627049999"))
    line = sample_line(1, to_date=date(2026, 11, 4), place_of_service="22", emergency=True)
    form = dataclasses.replace(
        sample_claim_form(facility=facility, auto_accident=True, auto_accident_state="IL", employment_related=True),
        lines=(line,))
    text = render([form])
    assert_valid(text)
    rows = segments(text)
    assert find(text, "CLM")[0][11] == "EM:AA::IL" and ["DTP", "439", "D8", "20261028"] in rows
    assert ["NM1", "77", "2", "SPRINGFIELD CLINIC ANNEX", "", "", "", "", "XX", "1417960893"] in rows
    assert ["DTP", "472", "RD8", "20261102-20261104"] in rows


def test_ordering_and_supervising_providers() -> None:
    base = sample_claim_form()
    ordering = render([dataclasses.replace(base, referring=dataclasses.replace(base.referring, qualifier="DK"))])
    assert_valid(ordering)
    assert [row[1] for row in find(ordering, "NM1")].count("DK") == len(base.lines)  # 2420E on each line
    supervising = render([dataclasses.replace(base, referring=dataclasses.replace(base.referring, qualifier="DQ"))])
    assert_valid(supervising)
    assert [row[1] for row in find(supervising, "NM1")].count("DQ") == 1  # 2310D


def test_batch_of_fifty_claims_across_payers_and_practices() -> None:
    second_practice = ClaimProviderRef(PersonName("Lakeside Pediatrics"), "1902899914", "208000000X",
                                       address=Address("5 Lake Rd", "", "Peoria", "IL", "616021111"))
    forms = []
    for n in range(50):
        payer = ("Blue Prairie Health", "BPH01") if n % 3 else ("Medicare Part B", "MCRB1")
        changes: dict[str, object] = {
            "claim_id": 2000 + n, "patient_control_number": f"A{n:05d}C{2000 + n}", "payer_name": payer[0],
            "payer_id": payer[1], "claim_type": "medicare" if payer[1] == "MCRB1" else "group_health_plan",
        }
        if n % 5 == 0:
            changes["billing"] = second_practice
        if n % 2 == 0:
            patient = sample_claim_form().patient
            changes.update(relationship="self", insured=patient)
        forms.append(sample_claim_form(lines=1 + n % 8, **changes))
    text = render(forms)
    assert_valid(text)
    assert len(find(text, "CLM")) == 50
    assert len([row for row in find(text, "HL") if row[3] == "20"]) == 2  # one 2000A per billing provider
    assert {row[9] for row in find(text, "SBR")} == {"CI", "MB"}


def test_hostile_names_cannot_break_the_structure() -> None:
    hostile = PersonName("Smith*~:^Jones", "Ann~IEA*1", "Q^", "J:R")
    base = sample_claim_form()
    form = dataclasses.replace(
        base, patient=dataclasses.replace(base.patient, name=hostile),
        payer_name="Evil*Payer~SE*1", patient_control_number="A1~*2",
        billing=dataclasses.replace(base.billing, address=dataclasses.replace(PRACTICE_ADDRESS, line1="1*2 Main~St")),
    )
    text = render([form])
    assert_valid(text)
    qc = next(row for row in find(text, "NM1") if row[1] == "QC")
    assert qc[3:6] == ["SMITHJONES", "ANNIEA1", "Q"] and qc[7] == "JR"
    assert ["NM1", "PR", "2", "EVILPAYERSE1", "", "", "", "", "PI", "BPH01"] in segments(text)


def test_accents_are_folded_to_ascii() -> None:
    base = sample_claim_form()
    person = ClaimPerson(PersonName("Peña", "José"), base.patient.address, dob=date(2015, 3, 7), sex="M")
    text = render([dataclasses.replace(base, patient=person)])
    assert_valid(text)
    assert text.isascii() and "PENA*JOSE" in text
    assert BILLING_NPI in text


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(last=st.text(max_size=40), first=st.text(max_size=40), payer=st.text(max_size=70),
       street=st.text(max_size=70), member=st.text(max_size=30))
def test_any_user_text_keeps_the_file_valid(last: str, first: str, payer: str, street: str, member: str) -> None:
    base = sample_claim_form()
    # The leading letter keeps required names non-blank (own_checks reports a blank name instead).
    patient = dataclasses.replace(
        base.patient, name=PersonName("A" + last, "B" + first),
        address=dataclasses.replace(base.patient.address, line1="1" + street))
    form = dataclasses.replace(base, patient=patient, payer_name="P" + payer, insured_id="M1" + member)
    text = render([form])
    assert_valid(text)
    assert len(find(text, "CLM")) == 1 and text.isascii()
