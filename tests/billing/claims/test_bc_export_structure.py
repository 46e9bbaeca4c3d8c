"""A reviewer's structural checks of exported 837P files: 2000C, the COB loops, and control numbers.

Every exported file is also validated by pyx12 and re-read by the app's file checks.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bc_testlib import BillingClinic, child_policy, electronic_ready, header, line
from x12_structure import claim_loops, control_numbers

from frontdesk.models import ClaimBatch
from frontdesk.reports.x12_837p import validate_with_pyx12
from frontdesk.reports.x12_837p.checks import file_checks
from frontdesk.services.billing import claim_submission, claims, encounters
from frontdesk.services.patients import insurance, patients
from frontdesk.services.patients.patients import PatientInput
from frontdesk.services.payments import insurance_payments as ins
from frontdesk.services.payments.payment_types import ClaimPostingInput, LinePostingInput

CHECK_DATE = date(2026, 11, 18)  # the primary's check date (the clock's today is 11/20/2026)


def _ready_claims(clinic: BillingClinic, patient_id: int, code: str = "99213") -> list[int]:
    enc = encounters.create_encounter(clinic.biller, patient_id, header(rendering_provider_id=clinic.provider_id))
    encounters.set_diagnoses(clinic.biller, enc.id, ["J06.9"])
    encounters.add_service_line(clinic.biller, enc.id, line(code, pointers="A"))
    return [r.id for r in sorted(claims.create_claims(clinic.biller, enc.id), key=lambda r: r.payer_rank)]


def _export(clinic: BillingClinic, path: Path, claim_ids: list[int]) -> str:
    claim_submission.export_837p(clinic.biller, str(path), claim_ids=claim_ids)
    text = path.read_text(encoding="ascii")
    assert validate_with_pyx12(text) == [] and file_checks(text) == []
    return text


def _self_insured(clinic: BillingClinic) -> int:
    patient_id = patients.register_patient(clinic.admin, PatientInput(
        first_name="Walt", last_name="Kowalski", dob="04/02/1950", sex="M", phone="(217) 555-0177",
        address_line1="8 Birch St", city="Springfield", state="IL", zip_code="62704")).id
    insurance.add_policy(clinic.admin, patient_id, child_policy(
        clinic.payer_id, relationship="self", member_id="KOW55501"))
    return patient_id


def test_2000c_only_when_the_patient_is_not_the_subscriber(clinic: BillingClinic, tmp_path: Path) -> None:
    electronic_ready(clinic)
    [child] = _ready_claims(clinic, clinic.patient_id)
    [own] = _ready_claims(clinic, _self_insured(clinic))
    text = _export(clinic, tmp_path / "both.837", [child, own])
    loops = claim_loops(text)
    child_account, own_account = (claims.claim_forms(clinic.biller, [i])[0].patient_control_number
                                  for i in (child, own))
    assert "2000C" in loops[child_account] and "2000C" not in loops[own_account]
    # Neither has another payer: no COB loop at all on a claim with one payer.
    assert not loops[child_account] - {"2000C"} and not loops[own_account]


def test_cob_loops_on_the_secondary_and_no_decision_on_the_primary(clinic: BillingClinic, tmp_path: Path) -> None:
    electronic_ready(clinic)
    insurance.add_policy(clinic.admin, clinic.patient_id, child_policy(clinic.medigap_id, rank=2))
    primary, secondary = _ready_claims(clinic, clinic.patient_id)
    first = claim_loops(_export(clinic, tmp_path / "primary.837", [primary]))
    [primary_loops] = first.values()
    # The known secondary is named (2320/2330A/2330B, as the guide requires) but nothing was decided yet.
    assert primary_loops == {"2000C", "2320", "2330A", "2330B"}
    [form] = claims.claim_forms(clinic.biller, [primary])
    check = ins.enter_insurance_payment(clinic.biller, clinic.payer_id, kind="eft", number="TRN1",
                                        paid_on=CHECK_DATE, total="90")
    ins.post_eob(clinic.biller, check.id, [ClaimPostingInput(primary, (
        LinePostingInput(form.lines[0].service_line_id, "100", "90", (("CO", "45", "25"), ("PR", "3", "10"))),))])
    second = claim_loops(_export(clinic, tmp_path / "secondary.837", [secondary]))
    [secondary_loops] = second.values()
    # Line-level decision: AMT*D in 2320, CAS in 2430 (none at claim level), the payer named in 2330B.
    assert secondary_loops == {"2000C", "2320", "2320 AMT*D", "2330A", "2330B", "2430"}


def test_each_export_has_its_own_stored_control_numbers(clinic: BillingClinic, tmp_path: Path) -> None:
    electronic_ready(clinic)
    numbers = []
    for n, code in enumerate(("99213", "90471", "99213")):
        [claim_id] = _ready_claims(clinic, clinic.patient_id, code)
        numbers.append(control_numbers(_export(clinic, tmp_path / f"{n}.837", [claim_id])))
    assert [int(n["ISA13"]) for n in numbers] == [1, 2, 3]
    assert [n["GS06"] for n in numbers] == ["1", "2", "3"]
    assert all(n["ISA13"] == n["IEA02"] and n["GS06"] == n["GE02"] for n in numbers)
    with clinic.biller.db.session(write=False) as session:  # stored with each batch, so the next export continues from them
        stored = sorted((b.interchange_control_number, b.group_control_number)
                        for b in session.query(ClaimBatch).filter(ClaimBatch.kind == "x12_837p"))
    assert stored == [(1, 1), (2, 2), (3, 3)]
