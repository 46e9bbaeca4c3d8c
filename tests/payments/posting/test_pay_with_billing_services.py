"""End to end through the billing part 1 services: charge, claim, print (submit), copay, EOB, ledger, secondary."""

from __future__ import annotations

import sys
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "billing" / "claims"))  # the billing clinic builder

from bc_testlib import (
    NOW,
    BillingClinic,
    build_billing_clinic,
    child_policy,
    header,
    line,
)

from frontdesk.domain import schedule_time as st
from frontdesk.errors import ValidationError
from frontdesk.services.billing import claim_submission, claims, encounters
from frontdesk.services.patients import insurance
from frontdesk.services.payments import payments
from frontdesk.services.payments import insurance_payments as ins
from frontdesk.services.payments import ledger as ledger_service
from frontdesk.services.payments.payment_types import ClaimPostingInput, LinePostingInput


@pytest.fixture
def clinic(practice, admin_ctx, frontdesk_ctx, monkeypatch: pytest.MonkeyPatch) -> BillingClinic:  # type: ignore[no-untyped-def]
    now: list[datetime] = [NOW]
    monkeypatch.setattr(st, "utc_now", lambda: now[0])
    return build_billing_clinic(practice, admin_ctx, frontdesk_ctx)


def _billed_visit(clinic: BillingClinic, tmp_path: Path) -> tuple[int, list[int], list[int]]:
    enc = encounters.create_encounter(clinic.biller, clinic.patient_id, header(rendering_provider_id=clinic.provider_id))
    encounters.set_diagnoses(clinic.biller, enc.id, ["J06.9"])
    encounters.add_service_line(clinic.biller, enc.id, line("99213", modifiers=("25",), pointers="A"))
    detail = encounters.add_service_line(clinic.biller, enc.id, line("90471", pointers="A"))
    rows = claims.create_claims(clinic.biller, enc.id)
    ready = [r.id for r in rows if r.status == "ready"]
    claim_submission.print_claims(clinic.biller, str(tmp_path / "claims.pdf"), claim_ids=ready)
    return enc.id, [ln.id for ln in detail.lines], [r.id for r in sorted(rows, key=lambda r: r.payer_rank)]


def test_copay_at_the_desk_then_the_eob_leaves_nothing_owed(clinic: BillingClinic, tmp_path: Path) -> None:
    _enc, lines, [claim_id] = _billed_visit(clinic, tmp_path)
    copay = payments.take_payment(clinic.desk, clinic.patient_id, method="cash", amount="20", apply_to=[lines[0]])
    led = ledger_service.ledger(clinic.biller, patient_id=clinic.patient_id)
    assert led.balance == Decimal("130.00") and led.insurance_portion == Decimal("130.00")
    check = ins.enter_insurance_payment(clinic.biller, clinic.payer_id, kind="check", number="5521",
                                        paid_on=NOW.date(), total="100.00")
    with pytest.raises(ValidationError) as err:  # the second claim line overpays: nothing of the EOB is saved
        ins.post_eob(clinic.biller, check.id, [ClaimPostingInput(claim_id, (
            LinePostingInput(lines[0], "100", "80", (("CO", "45", "25"), ("PR", "3", "20"))),
            LinePostingInput(lines[1], "25", "20", (("CO", "45", "5.01"),))))])
    assert err.value.field == "claims[0].lines[1].paid"
    [result] = ins.post_eob(clinic.biller, check.id, [ClaimPostingInput(claim_id, (
        LinePostingInput(lines[0], "100", "80", (("CO", "45", "25"), ("PR", "3", "20"))),
        LinePostingInput(lines[1], "20", "20", (("CO", "45", "5"),))), "PCN-1")])
    assert result.status == "paid"
    detail = claims.get_claim(clinic.biller, claim_id)
    assert detail.row.status == "paid"
    assert ins.close_insurance_payment(clinic.biller, check.id).status == "closed"
    led = ledger_service.ledger(clinic.biller, patient_id=clinic.patient_id)
    # 150 charged - 100 paid by the payer - 30 written off - 20 copay: the copay covered the PR-3 amount.
    assert led.balance == Decimal("0.00")
    assert led.insurance_portion == Decimal("0.00")
    assert payments.get_payment(clinic.desk, copay.id).unapplied == Decimal("0.00")


def test_primary_payment_releases_the_secondary_built_by_the_claims_service(clinic: BillingClinic,
                                                                            tmp_path: Path) -> None:
    insurance.add_policy(clinic.admin, clinic.patient_id, child_policy(clinic.medigap_id, rank=2,
                                                                         member_id="HMG998877"))
    _enc, lines, claim_ids = _billed_visit(clinic, tmp_path)
    assert len(claim_ids) == 2
    primary, secondary = claim_ids
    assert claims.get_claim(clinic.biller, secondary).row.status == "held"
    check = ins.enter_insurance_payment(clinic.biller, clinic.payer_id, kind="eft", number="TRN77",
                                        paid_on=NOW.date(), total="80")
    [result] = ins.post_eob(clinic.biller, check.id, [ClaimPostingInput(primary, (
        LinePostingInput(lines[0], "100", "70", (("CO", "45", "25"), ("PR", "2", "30"))),
        LinePostingInput(lines[1], "20", "10", (("CO", "45", "5"), ("PR", "2", "10")))))])
    assert result.released_claim_ids == (secondary,)
    detail = claims.get_claim(clinic.biller, secondary)
    assert detail.row.status in ("draft", "ready") and detail.prior_paid_cents == 8000
    led = ledger_service.ledger(clinic.biller, patient_id=clinic.patient_id)
    # 150 - 80 paid - 30 written off = 40, all of it now awaiting the secondary payer.
    assert led.insurance_portion == Decimal("40.00") and led.patient_portion == Decimal("0.00")
