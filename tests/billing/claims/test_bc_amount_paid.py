"""Box 29 (amount paid) of a claim built from the database: earlier payers' and the patient's money on its lines.

NUCC 1500 instructions, item 29: "Enter total amount the patient and/or other payers paid on the covered
services only." Patient money counts when it is applied to this claim's service lines; credit the patient
holds unapplied is not a payment on these services.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from bc_testlib import NOW, BillingClinic, build_billing_clinic, child_policy, header, line

from frontdesk.domain import schedule_time as st
from frontdesk.reports.cms1500.values import page_values
from frontdesk.services.billing import claim_submission, claims, encounters
from frontdesk.services.patients import insurance
from frontdesk.services.payments import insurance_payments as ins
from frontdesk.services.payments import payments
from frontdesk.services.payments.payment_types import ClaimPostingInput, LinePostingInput


@pytest.fixture
def clinic(practice, admin_ctx, frontdesk_ctx, monkeypatch: pytest.MonkeyPatch) -> BillingClinic:  # type: ignore[no-untyped-def]
    now: list[datetime] = [NOW]
    monkeypatch.setattr(st, "utc_now", lambda: now[0])
    return build_billing_clinic(practice, admin_ctx, frontdesk_ctx)


def _box29(clinic: BillingClinic, claim_id: int) -> tuple[str, str]:
    [form] = claims.claim_forms(clinic.biller, [claim_id])
    values = page_values(form, form.lines, 1, 1)
    return values.get("29_dollars", "").strip(), values.get("29_cents", "")


def test_box_29_adds_the_patients_payment_on_the_claims_lines_to_the_primarys(clinic: BillingClinic,
                                                                             tmp_path: Path) -> None:
    insurance.add_policy(clinic.admin, clinic.patient_id, child_policy(clinic.medigap_id, rank=2,
                                                                         member_id="HMG998877"))
    enc = encounters.create_encounter(clinic.biller, clinic.patient_id, header(rendering_provider_id=clinic.provider_id))
    encounters.set_diagnoses(clinic.biller, enc.id, ["J06.9"])
    encounters.add_service_line(clinic.biller, enc.id, line("99213", modifiers=("25",), pointers="A"))
    detail = encounters.add_service_line(clinic.biller, enc.id, line("90471", pointers="A"))
    lines = [ln.id for ln in detail.lines]
    primary, secondary = [r.id for r in sorted(claims.create_claims(clinic.biller, enc.id), key=lambda r: r.payer_rank)]
    claim_submission.print_claims(clinic.biller, str(tmp_path / "primary.pdf"), claim_ids=[primary])
    check = ins.enter_insurance_payment(clinic.biller, clinic.payer_id, kind="eft", number="TRN77",
                                        paid_on=NOW.date(), total="80")
    ins.post_eob(clinic.biller, check.id, [ClaimPostingInput(primary, (
        LinePostingInput(lines[0], "100", "70", (("CO", "45", "25"), ("PR", "2", "5"))),
        LinePostingInput(lines[1], "20", "10", (("CO", "45", "5"), ("PR", "2", "5")))))])
    assert _box29(clinic, secondary) == ("80", "00")  # the primary's payment alone so far
    payments.take_payment(clinic.desk, clinic.patient_id, method="cash", amount="20", apply_to=[lines[0]])
    payments.take_payment(clinic.desk, clinic.patient_id, method="cash", amount="15", apply_to=[])  # credit only
    assert _box29(clinic, secondary) == ("100", "00")  # 80 from the primary + the patient's 20 on line 1
