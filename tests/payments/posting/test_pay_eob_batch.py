"""A whole EOB in one save (post_eob): all claims or none, errors naming the claim; the audit trail holds no PHI."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from pay_lib import Clinic
from sqlalchemy import select

from frontdesk.errors import ConflictError, ValidationError
from frontdesk.models import AuditEvent, InsuranceLinePosting
from frontdesk.services.payments import insurance_payments as ins
from frontdesk.services.payments import payments
from frontdesk.services.payments.payment_types import ClaimPostingInput, LinePostingInput

pytestmark = pytest.mark.usefixtures("frozen_clock")  # fixed dates: a fixed practice clock


def test_post_eob_across_two_claims_is_all_or_nothing(billing_ctx, clinic: Clinic, db) -> None:
    a = clinic.visit(clinic.patient("Avery"), (12500,))
    b = clinic.visit(clinic.patient("Blake"), (10000, 2500))
    check = ins.enter_insurance_payment(billing_ctx, clinic.payer_id, kind="eft", number="TRN-9", paid_on=date(2026, 11, 3),
                                        total="180")
    good_a = ClaimPostingInput(a.claim_ids[0], (LinePostingInput(a.line_ids[0], "100", "100", (("CO", "45", "25"),)),))
    bad_b = ClaimPostingInput(b.claim_ids[0], (
        LinePostingInput(b.line_ids[0], "80", "80", (("CO", "45", "20"),)),
        LinePostingInput(b.line_ids[1], "0", "0", (("CO", "97", "25.50"),))))
    with pytest.raises(ValidationError) as err:
        ins.post_eob(billing_ctx, check.id, [good_a, bad_b])
    assert err.value.field == "claims[1].lines[1].paid" and f"Claim #{b.claim_ids[0]}" in err.value.message
    with db.session(write=False) as s:
        assert s.scalar(select(InsuranceLinePosting.id)) is None  # claim A was not saved either
    with pytest.raises(ValidationError) as err:
        ins.post_eob(billing_ctx, check.id, [good_a, good_a])
    assert err.value.field == "claims[1].claim_id"
    with pytest.raises(ValidationError) as err:
        ins.post_eob(billing_ctx, check.id, [])
    assert err.value.field == "claims"
    fixed_b = ClaimPostingInput(b.claim_ids[0], (
        LinePostingInput(b.line_ids[0], "80", "80", (("CO", "45", "20"),)),
        LinePostingInput(b.line_ids[1], "0", "0", (("CO", "97", "25"),), ("M15",), "Bundled")), "ICN 77-1")
    results = ins.post_eob(billing_ctx, check.id, [good_a, fixed_b])
    assert [r.status for r in results] == ["paid", "paid"]
    assert results[-1].payment.remaining == Decimal("0.00") and results[0].payment is results[1].payment
    assert ins.close_insurance_payment(billing_ctx, check.id).claim_ids == (a.claim_ids[0], b.claim_ids[0])
    with pytest.raises(ConflictError):
        ins.post_eob(billing_ctx, check.id, [good_a])
    lines = ins.claim_lines_to_post(billing_ctx, b.claim_ids[0])
    assert [(x.charge, x.posted_on_claim, x.open_for_insurance) for x in lines] == [
        (Decimal("100.00"), Decimal("100.00"), Decimal("0.00")), (Decimal("25.00"), Decimal("25.00"), Decimal("0.00"))]


def test_audit_details_carry_ids_and_amounts_but_no_phi(billing_ctx, frontdesk_ctx, clinic: Clinic, db) -> None:
    pid = clinic.patient("Zyxwick", "Quillon")
    visit = clinic.visit(pid, (12500,))
    paid = payments.take_payment(frontdesk_ctx, pid, method="card", amount="20", card_last4="9876",
                                 card_auth_code="ZQ77AB", note="Quillon asked for a receipt")
    payments.reverse_payment(billing_ctx, paid.id, "Zyxwick paid twice")
    payments.take_payment(frontdesk_ctx, pid, method="cash", amount="5", apply_to=[])
    payments.refund_credit(billing_ctx, pid, "5", "cash", "Quillon moved away")
    check = ins.enter_insurance_payment(billing_ctx, clinic.payer_id, kind="check", number="31337",
                                        paid_on=date(2026, 11, 3), total="80")
    ins.post_claim_lines(billing_ctx, check.id, visit.claim_ids[0], [
        (visit.line_ids[0], "100", "80", (("CO", "45", "25"), ("PR", "2", "20")))])
    with db.session(write=False) as s:
        events = s.execute(select(AuditEvent.action, AuditEvent.detail, AuditEvent.patient_id)
                           .where(AuditEvent.action.like("payment.%") | AuditEvent.action.like("insurance_payment.%"))
                           ).all()
    assert {e.action for e in events} == {"payment.take", "payment.reverse", "payment.refund",
                                          "insurance_payment.enter", "insurance_payment.post"}
    text = " ".join(e.detail for e in events)
    for secret in ("Zyxwick", "Quillon", "9876", "ZQ77AB", "receipt", "moved", "twice"):
        assert secret not in text
    assert "$20.00" in text and "$80.00" in text
    assert {e.patient_id for e in events if e.action.startswith("payment.")} == {pid}
