"""A realistic ClaimForm built by hand, for tests of the CMS-1500 renderer and the 837P writer."""

from __future__ import annotations

import dataclasses
from datetime import date

from frontdesk.domain.claim_form import (
    Address,
    Adjustment,
    ClaimForm,
    ClaimFormLine,
    ClaimPerson,
    ClaimProviderRef,
    OtherCoverage,
    PersonName,
)

# Valid NPIs (Luhn check digit over 80840): billing group, rendering, referring.
BILLING_NPI = "1234567893"
RENDERING_NPI = "1245319599"
REFERRING_NPI = "1679576722"
SERVICE_DATE = date(2026, 11, 2)
PRIMARY_CHECK_DATE = date(2026, 11, 18)  # the primary payer's check date on the sample secondary claim

PRACTICE_ADDRESS = Address("100 Main St", "Suite 2", "Springfield", "IL", "627011234")


def sample_line(n: int = 1, **changes: object) -> ClaimFormLine:
    line = ClaimFormLine(
        line_number=n, from_date=SERVICE_DATE, to_date=SERVICE_DATE, place_of_service="11",
        code="99213", modifiers=("25",), pointers="AB", charge_cents=12500, units=1,
        rendering_npi=RENDERING_NPI, service_line_id=n,
    )
    return dataclasses.replace(line, **changes)  # type: ignore[arg-type]


def sample_claim_form(lines: int = 2, **changes: object) -> ClaimForm:
    """A primary commercial claim for a child insured under a parent, with a referring provider."""
    patient = ClaimPerson(
        name=PersonName("O'Brien-Smith", "Mary", "Ann"),
        address=Address("42 Elm St.", "Apt #3", "Springfield", "IL", "62704"),
        phone="2175550142", dob=date(2015, 3, 7), sex="F",
    )
    insured = ClaimPerson(
        name=PersonName("O'Brien-Smith", "John", "Q", "Jr"),
        address=Address("42 Elm St.", "Apt #3", "Springfield", "IL", "62704"),
        phone="2175550142", dob=date(1982, 11, 30), sex="M",
    )
    codes = ["99213", "90471", "J1100", "81002", "36415", "99000", "G0008", "90686"]
    claim_lines = tuple(
        sample_line(i + 1, code=codes[i % len(codes)], modifiers=("25",) if i == 0 else (),
                    pointers="AB" if i == 0 else "A", charge_cents=12500 + 1000 * i)
        for i in range(lines))
    form = ClaimForm(
        claim_id=1042,
        patient_control_number="A0001234C1042",
        claim_type="group_health_plan",
        payer_name="Blue Prairie Health",
        payer_id="BPH01",
        payer_address=Address("PO Box 1200", "", "Chicago", "IL", "60601"),
        payer_rank=1,
        insured_id="XJH123456789",
        patient=patient,
        relationship="child",
        insured=insured,
        insured_group="GRP-7781",
        insured_plan_name="Prairie PPO Gold",
        release_date=date(2026, 1, 5),
        onset_date=date(2026, 10, 28),
        referring=ClaimProviderRef(PersonName("Nguyen", "Linh", "T"), REFERRING_NPI, qualifier="DN"),
        prior_authorization="PA55821",
        diagnoses=("J069", "R509", "E119"),
        lines=claim_lines,
        federal_tax_id="361234567",
        rendering=ClaimProviderRef(PersonName("Carter", "Ava", "", ""), RENDERING_NPI, "207Q00000X"),
        facility=ClaimProviderRef(PersonName("Springfield Family Clinic"), BILLING_NPI,
                                  address=PRACTICE_ADDRESS),
        billing=ClaimProviderRef(PersonName("Springfield Family Clinic"), BILLING_NPI, "207Q00000X",
                                 address=PRACTICE_ADDRESS, phone="2175550100"),
        signature_date=date(2026, 11, 3),
    )
    return dataclasses.replace(form, **changes)  # type: ignore[arg-type]


def sample_secondary_form(**changes: object) -> ClaimForm:
    """The same visit billed to a Medicare-supplement secondary, carrying the primary's decision per line.

    The primary paid $80.00 on each line, wrote off its contractual reduction (CO-45) and left the
    coinsurance (PR-2) to the patient: every line balances, charge = paid + adjustments.
    """
    primary = sample_claim_form()
    paid = tuple(dataclasses.replace(line, prior_paid_cents=8000, prior_adjustments=(
        Adjustment("CO", "45", line.charge_cents - 10000), Adjustment("PR", "2", 2000))) for line in primary.lines)
    form = dataclasses.replace(
        primary, claim_id=1043, patient_control_number="A0001234C1043", payer_rank=2,
        payer_name="Heartland Medigap", payer_id="HMG22", insured_id="MG998877",
        lines=paid, amount_paid_cents=16000,
        other_coverage=OtherCoverage(
            insured=PersonName("O'Brien-Smith", "John", "Q"), member_id="XJH123456789",
            plan_name="Prairie PPO Gold", payer_name="Blue Prairie Health", payer_id="BPH01",
            relationship="child", payer_rank=1, paid_cents=16000, insured_dob=date(1982, 11, 30),
            insured_sex="M", group_number="GRP-7781", paid_date=PRIMARY_CHECK_DATE),
    )
    return dataclasses.replace(form, **changes)  # type: ignore[arg-type]
