"""A secondary claim's 837P built from the primary's posted EOB: 2320/2430 carry its decision and balance.

005010X222A1: each 2430 line balances (SV102 = SVD02 + its CAS amounts) and the claim too (CLM02 = 2320
AMT*D + 2320 CAS + every 2430 CAS); DTP*573 is the payer's check date, not the day the EOB was posted.
The balance is recomputed here from the file itself, independently of the app's own file checks.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from bc_testlib import BillingClinic, child_policy, electronic_ready, header, line

from frontdesk.errors import ConflictError
from frontdesk.reports.x12_837p import validate_with_pyx12
from frontdesk.reports.x12_837p.checks import file_checks
from frontdesk.services.billing import claim_submission, claims, encounters
from frontdesk.services.patients import insurance
from frontdesk.services.payments import insurance_corrections
from frontdesk.services.payments import insurance_payments as ins
from frontdesk.services.payments.payment_types import ClaimPostingInput, LinePostingInput

CHECK_DATE = date(2026, 11, 18)  # the primary's check; the EOB is posted on 11/20/2026 (the clock's today)


def _visit(clinic: BillingClinic) -> tuple[int, int, list[int]]:
    """A two-line visit billed to the primary (exported) with the Medigap secondary held."""
    insurance.add_policy(clinic.admin, clinic.patient_id, child_policy(clinic.medigap_id, rank=2))
    enc = encounters.create_encounter(clinic.biller, clinic.patient_id, header(rendering_provider_id=clinic.provider_id))
    encounters.set_diagnoses(clinic.biller, enc.id, ["J06.9"])
    encounters.add_service_line(clinic.biller, enc.id, line("99213", modifiers=("25",), pointers="A"))
    detail = encounters.add_service_line(clinic.biller, enc.id, line("90471", pointers="A"))
    primary, secondary = [r.id for r in sorted(claims.create_claims(clinic.biller, enc.id), key=lambda r: r.payer_rank)]
    return primary, secondary, [ln.id for ln in detail.lines]


def _rows(text: str) -> list[list[str]]:
    return [seg.strip().split("*") for seg in text.split("~") if seg.strip()]


def _balance(text: str) -> tuple[list[tuple[str, Decimal, Decimal, Decimal]], tuple[Decimal, Decimal, Decimal]]:
    """Per line (number, charge, paid, adjusted) from 2400/2430, and (CLM02, AMT*D, all CAS) for the claim."""
    lines: list[tuple[str, Decimal, Decimal, Decimal]] = []
    charge = paid = adjusted = Decimal(0)
    number = ""
    claim_charge = claim_paid = Decimal(0)
    for row in _rows(text):
        if row[0] == "CLM":
            claim_charge = Decimal(row[2])
        elif row[0] == "AMT" and row[1] == "D":
            claim_paid = Decimal(row[2])
        elif row[0] == "LX":
            number = row[1]
        elif row[0] == "SV1":
            charge = Decimal(row[2])
        elif row[0] == "SVD":
            paid, adjusted = Decimal(row[2]), Decimal(0)
            lines.append((number, charge, paid, adjusted))
        elif row[0] == "CAS":
            amounts = sum(Decimal(row[i]) for i in range(3, len(row), 3) if row[i])
            if lines and lines[-1][0] == number:
                lines[-1] = (number, charge, paid, lines[-1][3] + amounts)
            else:  # 2320: a claim-level adjustment
                adjusted += amounts
    line_adjusted = sum(item[3] for item in lines)
    return lines, (claim_charge, claim_paid, adjusted + line_adjusted)


def test_secondary_837p_carries_the_primarys_posted_eob_and_balances(clinic: BillingClinic, tmp_path: Path) -> None:
    electronic_ready(clinic)
    primary, secondary, lines = _visit(clinic)
    claim_submission.export_837p(clinic.biller, str(tmp_path / "primary.837"), claim_ids=[primary])
    primary_file = (tmp_path / "primary.837").read_text(encoding="ascii")
    assert validate_with_pyx12(primary_file) == [] and file_checks(primary_file) == []
    check = ins.enter_insurance_payment(clinic.biller, clinic.payer_id, kind="check", number="55012",
                                        paid_on=CHECK_DATE, total="70")
    [posted] = ins.post_eob(clinic.biller, check.id, [ClaimPostingInput(primary, (
        LinePostingInput(lines[0], "100", "70", (("CO", "45", "25"), ("PR", "2", "20"), ("PR", "3", "10"))),
        LinePostingInput(lines[1], "0", "0", (("CO", "97", "25"),))))])
    assert posted.released_claim_ids == (secondary,)
    assert claims.get_claim(clinic.biller, secondary).row.status == "ready"

    claim_submission.export_837p(clinic.biller, str(tmp_path / "secondary.837"), claim_ids=[secondary])
    text = (tmp_path / "secondary.837").read_text(encoding="ascii")
    assert validate_with_pyx12(text) == [] and file_checks(text) == []
    rows = _rows(text)
    per_line, (claim_charge, claim_paid, claim_adjusted) = _balance(text)
    assert [(n, c, p) for n, c, p, _a in per_line] == [("1", 125, 70), ("2", 25, 0)]
    for number, charge, paid, adjusted in per_line:
        assert charge == paid + adjusted, f"line {number} does not balance"
    assert (claim_charge, claim_paid) == (150, 70) and claim_charge == claim_paid + claim_adjusted
    assert [row for row in rows if row[0] == "CAS"] == [
        ["CAS", "CO", "45", "25"], ["CAS", "PR", "2", "20", "", "3", "10"], ["CAS", "CO", "97", "25"]]
    assert [row[:4] for row in rows if row[0] == "SVD"] == [["SVD", "BPH01", "70", "HC:99213:25"],
                                                          ["SVD", "BPH01", "0", "HC:90471"]]
    # The payer's check date on both lines (not 11/20, the day it was posted); no 2330B date beside them.
    assert [row for row in rows if row[:2] == ["DTP", "573"]] == [["DTP", "573", "D8", "20261118"]] * 2
    assert [row for row in rows if row[:2] == ["AMT", "EAF"]] == [["AMT", "EAF", "30"], ["AMT", "EAF", "0"]]


def test_a_reversed_and_reposted_eob_sends_only_the_standing_decision(clinic: BillingClinic, tmp_path: Path) -> None:
    electronic_ready(clinic)
    primary, secondary, lines = _visit(clinic)
    claim_submission.export_837p(clinic.biller, str(tmp_path / "primary.837"), claim_ids=[primary])
    wrong = ins.enter_insurance_payment(clinic.biller, clinic.payer_id, kind="check", number="55012",
                                        paid_on=date(2026, 11, 16), total="80")
    ins.post_eob(clinic.biller, wrong.id, [ClaimPostingInput(primary, (
        LinePostingInput(lines[0], "100", "80", (("CO", "45", "25"), ("PR", "2", "20"))),
        LinePostingInput(lines[1], "0", "0", (("CO", "97", "25"),))))])
    insurance_corrections.void_insurance_payment(clinic.biller, wrong.id, "Keyed the wrong check")
    check = ins.enter_insurance_payment(clinic.biller, clinic.payer_id, kind="check", number="55013",
                                        paid_on=CHECK_DATE, total="70")
    ins.post_eob(clinic.biller, check.id, [ClaimPostingInput(primary, (
        LinePostingInput(lines[0], "100", "70", (("CO", "45", "25"), ("PR", "2", "30"))),
        LinePostingInput(lines[1], "0", "0", (("CO", "97", "25"),))))])
    [form] = claims.claim_forms(clinic.biller, [secondary])
    assert [ln.prior_paid_cents for ln in form.lines] == [7000, 0]
    assert [[(a.group, a.reason, a.amount_cents) for a in ln.prior_adjustments] for ln in form.lines] == [
        [("CO", "45", 2500), ("PR", "2", 3000)], [("CO", "97", 2500)]]
    assert form.other_coverage is not None and form.other_coverage.paid_date == CHECK_DATE
    claim_submission.export_837p(clinic.biller, str(tmp_path / "secondary.837"), claim_ids=[secondary])
    text = (tmp_path / "secondary.837").read_text(encoding="ascii")
    assert validate_with_pyx12(text) == [] and file_checks(text) == []
    assert ["CAS", "PR", "2", "30"] in _rows(text)


def test_an_eob_that_leaves_part_of_a_line_unexplained_keeps_the_secondary_out_of_the_file(
        clinic: BillingClinic, tmp_path: Path) -> None:
    electronic_ready(clinic)
    primary, secondary, lines = _visit(clinic)
    claim_submission.export_837p(clinic.biller, str(tmp_path / "primary.837"), claim_ids=[primary])
    check = ins.enter_insurance_payment(clinic.biller, clinic.payer_id, kind="check", number="55012",
                                        paid_on=CHECK_DATE, total="80")
    ins.post_eob(clinic.biller, check.id, [ClaimPostingInput(primary, (
        LinePostingInput(lines[0], "100", "80", (("CO", "45", "25"),)),  # the $20 PR-2 was not keyed
        LinePostingInput(lines[1], "0", "0", (("CO", "97", "25"),))))])
    with pytest.raises(ConflictError, match=r"line 1: Blue Prairie Health paid \$80.00 and adjusted \$25.00, "
                                            r"which does not add up to the charge \$125.00"):
        claim_submission.export_837p(clinic.biller, str(tmp_path / "secondary.837"), claim_ids=[secondary])
    assert not (tmp_path / "secondary.837").exists()
    assert claims.get_claim(clinic.biller, secondary).row.status == "ready"
