"""Insurance payments: entering a check, posting EOB lines, claim status, PR to the patient, secondary release."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from pay_lib import Clinic
from sqlalchemy import select, text

from frontdesk.errors import (
    ConflictError,
    PermissionDenied,
    StorageError,
    ValidationError,
)
from frontdesk.models import AuditEvent, ClaimEvent, ClaimLine, InsuranceLinePosting
from frontdesk.services.payments import insurance_payments as ins
from frontdesk.services.payments import ledger as ledger_service
from frontdesk.services.payments.payment_types import ClaimPostingInput, LinePostingInput

pytestmark = pytest.mark.usefixtures("frozen_clock")  # fixed dates: a fixed practice clock

PAID_ON = date(2026, 11, 2)


def _check(ctx, clinic: Clinic, total: str, payer: int | None = None):  # type: ignore[no-untyped-def]
    return ins.enter_insurance_payment(ctx, payer or clinic.payer_id, kind="check", number="884201",
                                       paid_on=PAID_ON, total=total)


def test_eob_across_two_claims_pays_closes_and_moves_pr_to_the_patient(billing_ctx, clinic: Clinic, db) -> None:
    pid = clinic.patient()
    a = clinic.visit(pid, (12500, 4000))
    b = clinic.visit(clinic.patient("Roe"), (10000,))
    check = _check(billing_ctx, clinic, "$150.00")
    first = ins.post_claim_lines(billing_ctx, check.id, a.claim_ids[0], [
        LinePostingInput(a.line_ids[0], "100.00", "80.00", (("CO", "45", "25.00"), ("PR", "2", "20.00")), ("N130",)),
        LinePostingInput(a.line_ids[1], "30.00", "30.00", (("CO", "45", "10.00"),)),
    ], payer_claim_number="PCN-778")
    assert first.status == "paid" and first.paid == Decimal("110.00") and first.patient_responsibility == Decimal(20)
    assert first.written_off == Decimal("35.00")
    with pytest.raises(ConflictError) as err:
        ins.close_insurance_payment(billing_ctx, check.id)
    assert err.value.field == "total" and "$40.00" in err.value.message
    second = ins.post_claim_lines(billing_ctx, check.id, b.claim_ids[0], [
        (b.line_ids[0], "40", "40", (("CO", "45", "60"),))])
    assert second.status == "paid" and second.payment.remaining == Decimal("0.00")
    closed = ins.close_insurance_payment(billing_ctx, check.id)
    assert closed.status == "closed" and closed.claim_ids == (a.claim_ids[0], b.claim_ids[0])
    with pytest.raises(ConflictError):
        ins.post_claim_lines(billing_ctx, check.id, b.claim_ids[0], [(b.line_ids[0], "0", "0")])
    led = ledger_service.ledger(billing_ctx, patient_id=pid)
    assert led.balance == Decimal("20.00") and led.patient_portion == Decimal("20.00")
    assert led.insurance_portion == Decimal("0.00")
    assert led.insurance_payments == Decimal("110.00") and led.adjustments == Decimal("35.00")
    with db.session(write=False) as s:
        events = list(s.scalars(select(ClaimEvent.to_status).where(ClaimEvent.claim_id == a.claim_ids[0])))
        details = list(s.scalars(select(AuditEvent.detail).where(AuditEvent.action.like("insurance_payment.%"))))
    assert events == ["paid"]
    assert len(details) == 4 and all("Doe" not in d for d in details)


def test_partial_posting_then_the_rest_and_a_denial(billing_ctx, clinic: Clinic) -> None:
    pid = clinic.patient()
    visit = clinic.visit(pid, (12500, 4000))
    check = _check(billing_ctx, clinic, "50")
    part = ins.post_claim_lines(billing_ctx, check.id, visit.claim_ids[0], [
        (visit.line_ids[0], "90", "50", (("CO", "45", "35"), ("PR", "1", "40")))])
    assert part.status == "partly_paid"
    led = ledger_service.ledger(billing_ctx, patient_id=pid)
    assert led.insurance_portion == Decimal("40.00") and led.patient_portion == Decimal("40.00")
    zero = _check(billing_ctx, clinic, "0")
    done = ins.post_claim_lines(billing_ctx, zero.id, visit.claim_ids[0], [
        LinePostingInput(visit.line_ids[1], "0", "0", (("CO", "97", "40"),), ("M15",), "Bundled into the visit")])
    assert done.status == "paid"  # line 1 was paid, so the claim as a whole is paid
    assert ins.close_insurance_payment(billing_ctx, zero.id).status == "closed"


def test_a_fully_denied_claim_is_denied(billing_ctx, clinic: Clinic) -> None:
    visit = clinic.visit(clinic.patient(), (12500,))
    check = _check(billing_ctx, clinic, "0")
    result = ins.post_claim_lines(billing_ctx, check.id, visit.claim_ids[0], [
        LinePostingInput(visit.line_ids[0], "0", "0", (), ("N130",), "Not covered")])
    assert result.status == "denied"


def test_primary_payment_releases_the_held_secondary(billing_ctx, clinic: Clinic, db) -> None:
    pid = clinic.patient()
    visit = clinic.visit(pid, (12500,), claims=("submitted", "held"))
    check = _check(billing_ctx, clinic, "80")
    led = ledger_service.ledger(billing_ctx, patient_id=pid)
    assert led.insurance_portion == Decimal("125.00")
    result = ins.post_claim_lines(billing_ctx, check.id, visit.claim_ids[0], [
        (visit.line_ids[0], "100", "80", (("CO", "25", "25"), ("PR", "2", "20")))])
    assert result.released_claim_ids == (visit.claim_ids[1],)
    assert clinic.claim_status(visit.claim_ids[1]) in ("draft", "ready")
    with db.session(write=False) as s:
        assert s.scalar(select(ClaimLine.prior_paid_cents).where(ClaimLine.claim_id == visit.claim_ids[1])) == 8000
    led = ledger_service.ledger(billing_ctx, patient_id=pid)
    # The coinsurance now awaits the secondary payer, not the patient.
    assert led.insurance_portion == Decimal("20.00") and led.patient_portion == Decimal("0.00")


def test_over_application_and_bad_lines_are_refused_with_nothing_posted(billing_ctx, clinic: Clinic, db) -> None:
    visit = clinic.visit(clinic.patient(), (12500, 4000))
    other = clinic.visit(clinic.patient("Roe"), (1000,))
    check = _check(billing_ctx, clinic, "500")
    cases = [
        ([(visit.line_ids[0], "100", "100", (("CO", "45", "25.01"),)), (visit.line_ids[1], "40", "40")],
         "lines[0].paid"),
        ([(visit.line_ids[1], "40", "40"), (visit.line_ids[0], "100", "100.001")], "lines[1].paid"),
        ([(visit.line_ids[0], "100", "-1")], "lines[0].paid"),
        ([(visit.line_ids[0], "50", "60")], "lines[0].paid"),
        ([(visit.line_ids[0], "100", "0", (("XX", "45", "5"),))], "lines[0].adjustments[0].group"),
        ([(visit.line_ids[0], "100", "0", (("CO", "4X5", "5"),))], "lines[0].adjustments[0].reason"),
        ([(visit.line_ids[0], "100", "0", (("CO", "45", "0"),))], "lines[0].adjustments[0].amount"),
        ([LinePostingInput(visit.line_ids[0], "100", "0", (), ("BOGUS",))], "lines[0].remark_codes"),
        ([LinePostingInput(visit.line_ids[0], "100", "5", (), (), "denied")], "lines[0].paid"),
        ([(other.line_ids[0], "10", "10")], "lines[0].service_line_id"),
        ([(visit.line_ids[0], "1", "1"), (visit.line_ids[0], "1", "1")], "lines"),
        ([], "lines"),
    ]
    for lines, field in cases:
        with pytest.raises(ValidationError) as err:
            ins.post_claim_lines(billing_ctx, check.id, visit.claim_ids[0], lines)
        assert err.value.field == field, (lines, err.value.message)
    small = _check(billing_ctx, clinic, "10")
    with pytest.raises(ValidationError) as err:
        ins.post_claim_lines(billing_ctx, small.id, visit.claim_ids[0], [(visit.line_ids[0], "100", "10.01")])
    assert err.value.field == "paid"
    with db.session(write=False) as s:
        assert s.scalar(select(InsuranceLinePosting.id)) is None
    assert clinic.claim_status(visit.claim_ids[0]) == "submitted"
    # What was posted counts: a second EOB cannot take the line past its charge.
    ins.post_claim_lines(billing_ctx, check.id, visit.claim_ids[0], [(visit.line_ids[0], "100", "100")])
    with pytest.raises(ValidationError, match=r"\$25.00 still open"):
        ins.post_claim_lines(billing_ctx, check.id, visit.claim_ids[0], [(visit.line_ids[0], "30", "30")])


def test_claims_of_another_payer_or_not_submitted_are_refused(billing_ctx, clinic: Clinic) -> None:
    pid = clinic.patient()
    draft = clinic.visit(pid, (1000,), claims=("ready",))
    sent = clinic.visit(pid, (1000,))
    other_payer_check = _check(billing_ctx, clinic, "10", payer=clinic.secondary_payer_id)
    with pytest.raises(ValidationError) as err:
        ins.post_claim_lines(billing_ctx, other_payer_check.id, sent.claim_ids[0], [(sent.line_ids[0], "10", "10")])
    assert err.value.field == "claim_id"
    check = _check(billing_ctx, clinic, "10")
    with pytest.raises(ConflictError):
        ins.post_claim_lines(billing_ctx, check.id, draft.claim_ids[0], [(draft.line_ids[0], "10", "10")])


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"kind": "wire", "number": "1", "paid_on": PAID_ON, "total": "1"}, "kind"),
    ({"kind": "check", "number": "", "paid_on": PAID_ON, "total": "1"}, "number"),
    ({"kind": "check", "number": "4111111111111111", "paid_on": PAID_ON, "total": "1"}, "number"),
    ({"kind": "check", "number": "12", "paid_on": None, "total": "1"}, "paid_on"),
    ({"kind": "eft", "number": "12", "paid_on": date(2099, 1, 1), "total": "1"}, "paid_on"),
    ({"kind": "eft", "number": "12", "paid_on": PAID_ON, "total": "-1"}, "total"),
    ({"kind": "eft", "number": "12", "paid_on": PAID_ON, "total": "1.001"}, "total"),
])
def test_entering_a_payment_checks_its_fields(billing_ctx, clinic: Clinic, kwargs, field) -> None:
    with pytest.raises(ValidationError) as err:
        ins.enter_insurance_payment(billing_ctx, clinic.payer_id, **kwargs)
    assert err.value.field == field


def test_front_desk_cannot_post_insurance(frontdesk_ctx, clinic: Clinic) -> None:
    with pytest.raises(PermissionDenied):
        _check(frontdesk_ctx, clinic, "10")


def test_postings_and_checks_are_append_only(billing_ctx, clinic: Clinic, db) -> None:
    visit = clinic.visit(clinic.patient(), (12500,))
    check = _check(billing_ctx, clinic, "100")
    ins.post_claim_lines(billing_ctx, check.id, visit.claim_ids[0], [
        (visit.line_ids[0], "100", "100", (("CO", "45", "25"),))])
    ins.close_insurance_payment(billing_ctx, check.id)
    for sql in ("UPDATE insurance_line_posting SET paid_cents = 1", "DELETE FROM posting_adjustment",
                "UPDATE insurance_payment SET total_cents = 1", "DELETE FROM insurance_payment"):
        with pytest.raises(StorageError) as err, db.session(write=True) as s:
            s.execute(text(sql))
        assert "never" in str(err.value.__cause__)


def test_a_50_line_eob_saves_in_one_go(billing_ctx, clinic: Clinic) -> None:
    visits = [clinic.visit(clinic.patient(f"P{i}"), (10000,) * 5) for i in range(11)]
    warm = _check(billing_ctx, clinic, "80")  # the first posting pays for imports and statement caches
    ins.post_eob(billing_ctx, warm.id, [ClaimPostingInput(visits[10].claim_ids[0], (
        LinePostingInput(visits[10].line_ids[0], "80", "80", (("CO", "45", "20"),)),))])
    check = _check(billing_ctx, clinic, "4000")
    eob = [ClaimPostingInput(v.claim_ids[0], tuple(LinePostingInput(line, "80", "80", (("CO", "45", "20"),), ("N130",))
                                                   for line in v.line_ids)) for v in visits[:10]]
    # 10 claims x 5 lines = 50 EOB lines, one save; its speed: `frontdesk bench` eob_post_50_lines
    results = ins.post_eob(billing_ctx, check.id, eob)
    assert [r.status for r in results] == ["paid"] * 10
    assert ins.close_insurance_payment(billing_ctx, check.id).status == "closed"
