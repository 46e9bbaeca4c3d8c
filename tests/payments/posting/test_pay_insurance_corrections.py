"""Correcting insurance payments: reversing a claim's postings, reopening the check, voiding a mistyped check."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from pay_lib import Clinic
from sqlalchemy import func, select, text

from frontdesk.errors import ConflictError, PermissionDenied, StorageError, ValidationError
from frontdesk.models import AuditEvent, ClaimEvent, ClaimLine, Deposit, DepositItem, InsuranceLinePosting
from frontdesk.services.payments import insurance_corrections as fix
from frontdesk.services.payments import insurance_payments as ins
from frontdesk.services.payments import ledger as ledger_service
from frontdesk.services.payments.payment_types import LinePostingInput

pytestmark = pytest.mark.usefixtures("frozen_clock")  # fixed dates: a fixed practice clock

PAID_ON = date(2026, 11, 2)


def _check(ctx, clinic: Clinic, total: str, number: str = "884201"):  # type: ignore[no-untyped-def]
    return ins.enter_insurance_payment(ctx, clinic.payer_id, kind="check", number=number, paid_on=PAID_ON,
                                       total=total)


def _pay_two_claims(ctx, clinic: Clinic):  # type: ignore[no-untyped-def]
    """A $150 check: claim A (two lines) gets $110 with CO/PR adjustments, claim B $40."""
    a = clinic.visit(clinic.patient(), (12500, 4000))
    b = clinic.visit(clinic.patient("Roe"), (10000,))
    check = _check(ctx, clinic, "150")
    ins.post_claim_lines(ctx, check.id, a.claim_ids[0], [
        LinePostingInput(a.line_ids[0], "100", "80", (("CO", "45", "25"), ("PR", "2", "20"))),
        LinePostingInput(a.line_ids[1], "30", "30", (("CO", "45", "10"),))])
    ins.post_claim_lines(ctx, check.id, b.claim_ids[0], [(b.line_ids[0], "40", "40", (("CO", "45", "60"),))])
    assert ins.close_insurance_payment(ctx, check.id).status == "closed"
    return a, b, check


def test_posting_to_the_wrong_claim_is_reversed_and_reposted(billing_ctx, clinic: Clinic, db) -> None:
    a, b, check = _pay_two_claims(billing_ctx, clinic)
    before = ledger_service.ledger(billing_ctx, patient_id=clinic_patient(db, a))
    assert before.balance == Decimal("20.00") and before.insurance_portion == Decimal("0.00")
    info = fix.reverse_claim_posting(billing_ctx, check.id, a.claim_ids[0], "Posted to the wrong patient")
    assert info.status == "open" and info.posted == Decimal("40.00") and info.remaining == Decimal("110.00")
    assert clinic.claim_status(a.claim_ids[0]) == "submitted" and clinic.claim_status(b.claim_ids[0]) == "paid"
    after = ledger_service.ledger(billing_ctx, patient_id=clinic_patient(db, a))
    # Back to the whole charge, all awaiting the payer again; both the posting and its reversal stay listed.
    assert after.balance == Decimal("165.00") and after.insurance_portion == Decimal("165.00")
    assert after.insurance_payments == Decimal("0.00") and after.adjustments == Decimal("0.00")
    assert after.payments == Decimal("0.00")
    kinds = [e.kind for e in after.entries]
    assert kinds.count("insurance payment") == 2 and kinds.count("reversal") >= 2
    assert any("Posted to the wrong patient" in e.description for e in after.entries)
    summary = {c.claim_id: c for c in fix.posted_claims(billing_ctx, check.id)}
    assert summary[a.claim_ids[0]].reversed and summary[a.claim_ids[0]].paid == Decimal("0.00")
    assert not summary[b.claim_ids[0]].reversed and summary[b.claim_ids[0]].paid == Decimal("40.00")
    # The money is posted again, this time right, and the check closes again.
    ins.post_claim_lines(billing_ctx, check.id, a.claim_ids[0], [
        LinePostingInput(a.line_ids[0], "100", "75", (("CO", "25", "25"), ("PR", "2", "25"))),
        LinePostingInput(a.line_ids[1], "35", "35", (("CO", "45", "5"),))])
    assert ins.close_insurance_payment(billing_ctx, check.id).status == "closed"
    assert clinic.claim_status(a.claim_ids[0]) == "paid"
    assert ledger_service.ledger(billing_ctx, patient_id=clinic_patient(db, a)).balance == Decimal("25.00")
    with db.session(write=False) as s:
        moves = list(s.execute(select(ClaimEvent.from_status, ClaimEvent.to_status)
                               .where(ClaimEvent.claim_id == a.claim_ids[0]).order_by(ClaimEvent.id)))
        audit = list(s.scalars(select(AuditEvent.action).where(AuditEvent.action.like("insurance_payment.%"))))
        rows = s.scalar(select(func.count(InsuranceLinePosting.id)))
    assert moves == [("submitted", "paid"), ("paid", "submitted"), ("submitted", "paid")]
    assert "insurance_payment.reverse" in audit and "insurance_payment.reopen" in audit
    assert rows == 3 + 2 + 2  # 3 originals, 2 reversals, 2 new postings: nothing disappeared


def clinic_patient(db, visit) -> int:  # type: ignore[no-untyped-def]
    from frontdesk.models import Encounter
    with db.session(write=False) as s:
        return s.get(Encounter, visit.encounter_id).patient_id


def test_a_reversal_is_not_reversed_and_nothing_standing_is_refused(billing_ctx, clinic: Clinic) -> None:
    a, b, check = _pay_two_claims(billing_ctx, clinic)
    fix.reverse_claim_posting(billing_ctx, check.id, a.claim_ids[0], "Wrong claim")
    with pytest.raises(ConflictError, match="already reversed"):
        fix.reverse_claim_posting(billing_ctx, check.id, a.claim_ids[0], "Again")
    other = clinic.visit(clinic.patient("Poe"), (5000,))
    with pytest.raises(ConflictError, match="never posted here"):
        fix.reverse_claim_posting(billing_ctx, check.id, other.claim_ids[0], "Not on this check")
    for reason, field in (("", "reason"), ("x", "reason"), ("y" * 201, "reason"), ("card 4111111111111111", "reason")):
        with pytest.raises(ValidationError) as err:
            fix.reverse_claim_posting(billing_ctx, check.id, b.claim_ids[0], reason)
        assert err.value.field == field
    with pytest.raises(ValidationError) as err:
        fix.reverse_claim_posting(billing_ctx, check.id, 987654, "No such claim")
    assert err.value.field == "claim_id"


def test_partly_reversed_claim_with_a_second_check_stays_decided(billing_ctx, clinic: Clinic) -> None:
    visit = clinic.visit(clinic.patient(), (12500, 4000))
    first = _check(billing_ctx, clinic, "80", "1001")
    ins.post_claim_lines(billing_ctx, first.id, visit.claim_ids[0], [(visit.line_ids[0], "100", "80",
                                                                       (("CO", "45", "25"),))])
    second = _check(billing_ctx, clinic, "30", "1002")
    ins.post_claim_lines(billing_ctx, second.id, visit.claim_ids[0], [(visit.line_ids[1], "30", "30",
                                                                        (("CO", "45", "10"),))])
    assert clinic.claim_status(visit.claim_ids[0]) == "paid"
    fix.reverse_claim_posting(billing_ctx, second.id, visit.claim_ids[0], "Wrong amount keyed")
    # Line 1 still stands from the first check: partly paid, line 2 awaits the payer.
    assert clinic.claim_status(visit.claim_ids[0]) == "partly_paid"
    led = ledger_service.ledger(billing_ctx, patient_id=clinic_patient(billing_ctx.db, visit))
    assert led.insurance_portion == Decimal("40.00")


def test_reversal_holds_the_unsent_secondary_again_and_refuses_a_sent_one(billing_ctx, clinic: Clinic, db) -> None:
    visit = clinic.visit(clinic.patient(), (12500,), claims=("submitted", "held"))
    check = _check(billing_ctx, clinic, "80")
    ins.post_claim_lines(billing_ctx, check.id, visit.claim_ids[0], [
        (visit.line_ids[0], "100", "80", (("CO", "25", "25"), ("PR", "2", "20")))])
    assert clinic.claim_status(visit.claim_ids[1]) in ("draft", "ready")
    fix.reverse_claim_posting(billing_ctx, check.id, visit.claim_ids[0], "Keyed the wrong allowed amount")
    assert clinic.claim_status(visit.claim_ids[1]) == "held"
    with db.session(write=False) as s:
        assert s.scalar(select(ClaimLine.prior_paid_cents).where(ClaimLine.claim_id == visit.claim_ids[1])) == 0
    ins.post_claim_lines(billing_ctx, check.id, visit.claim_ids[0], [
        (visit.line_ids[0], "100", "70", (("CO", "25", "25"), ("PR", "2", "30")))])
    assert clinic.claim_status(visit.claim_ids[1]) in ("draft", "ready")
    with db.session(write=False) as s:
        assert s.scalar(select(ClaimLine.prior_paid_cents).where(ClaimLine.claim_id == visit.claim_ids[1])) == 7000
    # Once the secondary was sent with those figures, the primary's posting cannot be taken back silently.
    with db.session(write=True) as s:
        s.execute(text("UPDATE claim SET status = 'submitted' WHERE id = :i"), {"i": visit.claim_ids[1]})
    with pytest.raises(ConflictError, match=f"#{visit.claim_ids[1]} was already sent"):
        fix.reverse_claim_posting(billing_ctx, check.id, visit.claim_ids[0], "Too late")
    assert clinic.claim_status(visit.claim_ids[0]) == "paid"  # nothing half-done


def test_a_mistyped_check_is_voided_and_entered_again(billing_ctx, clinic: Clinic, db) -> None:
    visit = clinic.visit(clinic.patient(), (12500,))
    wrong = _check(billing_ctx, clinic, "800")  # the check says $80.00
    ins.post_claim_lines(billing_ctx, wrong.id, visit.claim_ids[0], [(visit.line_ids[0], "100", "80",
                                                                       (("CO", "45", "25"),))])
    with pytest.raises(ConflictError):
        ins.close_insurance_payment(billing_ctx, wrong.id)
    void = fix.void_insurance_payment(billing_ctx, wrong.id, "Total keyed as $800, the check is $80")
    assert void.status == "void" and void.posted == Decimal("0.00") and "keyed" in void.void_reason
    assert clinic.claim_status(visit.claim_ids[0]) == "submitted"
    for call in (lambda: ins.post_claim_lines(billing_ctx, wrong.id, visit.claim_ids[0],
                                              [(visit.line_ids[0], "1", "1")]),
                 lambda: ins.close_insurance_payment(billing_ctx, wrong.id),
                 lambda: fix.void_insurance_payment(billing_ctx, wrong.id, "again"),
                 lambda: fix.reverse_claim_posting(billing_ctx, wrong.id, visit.claim_ids[0], "again")):
        with pytest.raises(ConflictError):
            call()
    with pytest.raises(StorageError), db.session(write=True) as s:  # the database itself keeps void final
        s.execute(text("UPDATE insurance_payment SET status = 'open' WHERE id = :i"), {"i": wrong.id})
    right = _check(billing_ctx, clinic, "80")
    ins.post_claim_lines(billing_ctx, right.id, visit.claim_ids[0], [(visit.line_ids[0], "100", "80",
                                                                       (("CO", "45", "25"),))])
    assert ins.close_insurance_payment(billing_ctx, right.id).status == "closed"
    assert [p.status for p in ins.list_insurance_payments(billing_ctx, status=None)] == ["closed", "void"]
    led = ledger_service.ledger(billing_ctx, patient_id=clinic_patient(db, visit))
    assert led.balance == Decimal("20.00")


def test_a_deposited_check_cannot_be_voided(billing_ctx, clinic: Clinic, db) -> None:
    check = _check(billing_ctx, clinic, "0")
    with db.session(write=True) as s:
        deposit = Deposit(deposit_date=date(2026, 11, 3), cash_cents=0, check_cents=0, check_count=1, total_cents=0)
        s.add(deposit)
        s.flush()
        s.add(DepositItem(deposit_id=deposit.id, insurance_payment_id=check.id, method="check", amount_cents=0))
    with pytest.raises(ConflictError, match="on deposit"):
        fix.void_insurance_payment(billing_ctx, check.id, "Mistyped")


def test_front_desk_cannot_reverse_insurance_postings(frontdesk_ctx, billing_ctx, clinic: Clinic) -> None:
    _a, b, check = _pay_two_claims(billing_ctx, clinic)
    with pytest.raises(PermissionDenied):
        fix.reverse_claim_posting(frontdesk_ctx, check.id, b.claim_ids[0], "Not mine to do")
    with pytest.raises(PermissionDenied):
        fix.void_insurance_payment(frontdesk_ctx, check.id, "Not mine to do")
