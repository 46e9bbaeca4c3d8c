"""A/R aging query paths: the undated fast path agrees with the dated one, reversed postings, many accounts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from st_lib import TODAY, Clinic, ago

from frontdesk.models import (
    Claim,
    InsuranceLinePosting,
    InsurancePayment,
    PostingAdjustment,
)
from frontdesk.services.payments import _aging_data, aging, payments
from frontdesk.services.payments import insurance_payments as ins
from frontdesk.services.payments import ledger as ledger_service

D = Decimal
ZERO5 = (D("0.00"),) * 5


def _rows(session: Session, as_of: date, *, dated: bool) -> list[tuple[int, ...]]:
    query = _aging_data.open_sql(postings_dated=dated, payments_dated=dated)
    return sorted(tuple(r) for r in session.execute(query, {"as_of": as_of}).all())


def _amounts(data: _aging_data.Receivables) -> list[tuple[int, ...]]:
    return sorted((a.patient_id, a.bucket, a.payer_id, a.insurance, a.patient) for a in data.amounts)


def _mixed_practice(biller, clinic: Clinic) -> list[int]:  # type: ignore[no-untyped-def]
    """Charges of every age, claims awaiting and decided, a payer check dated ago(2), patient money today."""
    check = ins.enter_insurance_payment(biller, clinic.payer_id, kind="check", number="A1", paid_on=ago(2),
                                        total="150")
    pids = []
    for n, (age, claims) in enumerate(((3, ("submitted",)), (40, ("submitted", "held")), (75, ()),
                                       (130, ("submitted",)), (10, ("ready",)))):
        pid = clinic.patient(last=f"Path{n}")
        pids.append(pid)
        visit = clinic.visit(pid, (10000, 4000), on=ago(age), claims=claims)
        if n in (1, 3):  # the payer decided the first line: paid 75, wrote 15 off, 10 is the patient's
            ins.post_claim_lines(biller, check.id, visit.claim_ids[0], [
                (visit.line_ids[0], "85", "75", (("CO", "45", "15"), ("PR", "2", "10")))])
        if n in (0, 2, 3):
            payments.take_payment(biller, pid, method="cash", amount="25")  # applied oldest first, today
    payments.take_payment(biller, pids[4], method="cash", amount="7", apply_to=[])  # credit
    return pids


def test_undated_statement_agrees_with_the_dated_one_when_nothing_is_later(biller, clinic: Clinic) -> None:
    _mixed_practice(biller, clinic)
    with biller.db.session(write=False) as s:
        # Nothing is dated after today: the fast path is the one taken, and it changes nothing.
        assert not _aging_data._dated_after(s, "paid_on", "insurance_payment", TODAY)
        assert not _aging_data._dated_after(s, "received_on", "payment", TODAY)
        dated, undated = _rows(s, TODAY, dated=True), _rows(s, TODAY, dated=False)
        assert dated == undated and len(dated) >= 5
        assert any(row[2] is not None for row in dated) and any(row[4] for row in dated)  # both portions
        assert _amounts(_aging_data.receivables(s, TODAY)) == [
            (pid, b, payer, i, p) for pid, b, payer, i, p in dated]


def test_a_past_date_keeps_the_date_joins(biller, clinic: Clinic) -> None:
    _mixed_practice(biller, clinic)
    past = ago(3)  # before the check (ago(2)) and before today's patient money
    with biller.db.session(write=False) as s:
        assert _aging_data._dated_after(s, "paid_on", "insurance_payment", past)
        assert _aging_data._dated_after(s, "received_on", "payment", past)
        dated, undated = _rows(s, past, dated=True), _rows(s, past, dated=False)
        assert dated != undated  # later money must be left out: the joins matter here
        assert _amounts(_aging_data.receivables(s, past)) == dated
    report = aging.aging_report(biller, past)
    # As of ago(3) no payer or patient money had come in: all five visits are still whole, and the lines
    # the payer decided on ago(2) still awaited it then.
    assert report.totals.total == D("700.00") and report.totals.credit == D("0.00")
    assert report.totals.patient == (D("0.00"), D("0.00"), D("140.00"), D("0.00"), D("0.00"))  # self-pay, 75 days


def _reverse(db, posting_id: int, *, check_id: int | None = None, claim_status: str = "submitted") -> None:  # type: ignore[no-untyped-def]
    """A reversal the way issue 7 corrections store it: every amount negated, ``reverses_id`` set."""
    with db.session(write=True) as s:
        original = s.get(InsuranceLinePosting, posting_id)
        reversal = InsuranceLinePosting(
            insurance_payment_id=check_id or original.insurance_payment_id, claim_id=original.claim_id,
            service_line_id=original.service_line_id, allowed_cents=-original.allowed_cents,
            paid_cents=-original.paid_cents, reverses_id=original.id, reason="posted to the wrong claim")
        s.add(reversal)
        s.flush()
        for adj in s.scalars(select(PostingAdjustment).where(PostingAdjustment.line_posting_id == original.id)).all():
            s.add(PostingAdjustment(line_posting_id=reversal.id, service_line_id=adj.service_line_id,
                                    group_code=adj.group_code, reason_code=adj.reason_code,
                                    amount_cents=-adj.amount_cents))
        s.get(Claim, original.claim_id).status = claim_status  # the claim awaits the payer again


def _posting_of(db, line_id: int) -> int:  # type: ignore[no-untyped-def]
    with db.session(write=False) as s:
        return s.scalar(select(InsuranceLinePosting.id).where(InsuranceLinePosting.service_line_id == line_id))


def test_a_reversed_posting_no_longer_decides_the_line(biller, clinic: Clinic) -> None:
    pid = clinic.patient(last="Reversed")
    visit = clinic.visit(pid, (10000,), on=ago(20), claims=("submitted",))
    check = ins.enter_insurance_payment(biller, clinic.payer_id, kind="check", number="R1", paid_on=ago(5),
                                        total="60")
    ins.post_claim_lines(biller, check.id, visit.claim_ids[0], [
        (visit.line_ids[0], "80", "60", (("CO", "45", "20"), ("PR", "2", "20")))])
    before = aging.aging_report(biller)
    assert before.totals.patient == (D("20.00"),) + ZERO5[1:] and before.totals.insurance == ZERO5
    _reverse(biller.db, _posting_of(biller.db, visit.line_ids[0]))
    with biller.db.session(write=True) as s:  # every posting of the check is reversed: the check is void
        s.get(InsurancePayment, check.id).status = "void"
    after = aging.aging_report(biller)
    # The sums net out to the whole charge, and with no live posting the claim awaits the payer again.
    assert after.totals.insurance == (D("100.00"),) + ZERO5[1:] and after.totals.patient == ZERO5
    assert [r.label for r in after.by_payer if r.insurance_total] == ["Blue Prairie Health"]
    led = ledger_service.ledger(biller, patient_id=pid)  # the ledger's live-posting rule says the same
    row = next(r for r in after.by_account if r.key == f"P{pid}")
    assert (row.total, row.insurance_total, row.patient_total) == (led.balance, led.insurance_portion,
                                                                   led.patient_portion)
    # The dated statement agrees with the undated one taken today, and as of ago(3) the reversal (on the
    # original check, dated ago(5)) already counts.
    with biller.db.session(write=False) as s:
        assert _rows(s, TODAY, dated=True) == _rows(s, TODAY, dated=False)
    assert aging.aging_report(biller, ago(3)).totals.insurance == (D("100.00"),) + ZERO5[1:]


def test_a_reversal_dated_later_does_not_count_before_its_date(biller, clinic: Clinic) -> None:
    pid = clinic.patient(last="Later")
    visit = clinic.visit(pid, (10000,), on=ago(20), claims=("submitted",))
    first = ins.enter_insurance_payment(biller, clinic.payer_id, kind="check", number="L1", paid_on=ago(10),
                                        total="60")
    ins.post_claim_lines(biller, first.id, visit.claim_ids[0], [
        (visit.line_ids[0], "80", "60", (("CO", "45", "20"), ("PR", "2", "20")))])
    later = ins.enter_insurance_payment(biller, clinic.payer_id, kind="check", number="L2", paid_on=ago(1),
                                        total="0")
    _reverse(biller.db, _posting_of(biller.db, visit.line_ids[0]), check_id=later.id)
    then = aging.aging_report(biller, ago(5))  # the original posting stood then
    assert then.totals.patient == (D("20.00"),) + ZERO5[1:] and then.totals.insurance == ZERO5
    now = aging.aging_report(biller, TODAY)
    assert now.totals.insurance == (D("100.00"),) + ZERO5[1:] and now.totals.patient == ZERO5


@pytest.mark.parametrize("many", [0, 500])
def test_account_names_are_the_same_read_either_way(biller, clinic: Clinic, monkeypatch, many: int) -> None:
    monkeypatch.setattr(aging, "_MANY_IDS", many)  # 0: every name comes from the whole-table read
    gid = clinic.guarantor(last="Guard")
    kid = clinic.patient(last="Kid", first="Kim", guarantor_id=gid)
    own = clinic.patient(last="Own", first="Olga")
    clinic.patient(last="Idle", first="Ida")  # owes nothing: not in the report
    for pid in (kid, own):
        clinic.visit(pid, (2500,), on=ago(4), claims=())
    rows = {r.key: (r.label, r.total) for r in aging.aging_report(biller).by_account}
    assert rows == {f"G{gid}": ("Guard, Gus", D("25.00")), f"P{own}": ("Own, Olga", D("25.00"))}


def test_a_reversal_made_by_the_service_agrees_with_the_ledger(biller, clinic: Clinic) -> None:
    from frontdesk.services.payments import insurance_corrections

    pid = clinic.patient(last="Serviced")
    visit = clinic.visit(pid, (10000, 4000), on=ago(20), claims=("submitted",))
    check = ins.enter_insurance_payment(biller, clinic.payer_id, kind="check", number="S1", paid_on=ago(5),
                                        total="90")
    ins.post_claim_lines(biller, check.id, visit.claim_ids[0], [
        (visit.line_ids[0], "80", "60", (("CO", "45", "20"), ("PR", "2", "20"))),
        (visit.line_ids[1], "30", "30", (("CO", "45", "10"),))])
    insurance_corrections.reverse_claim_posting(biller, check.id, visit.claim_ids[0], "Posted to the wrong claim")
    report = aging.aging_report(biller)
    led = ledger_service.ledger(biller, patient_id=pid)
    row = next(r for r in report.by_account if r.key == f"P{pid}")
    assert (row.total, row.insurance_total, row.patient_total) == (led.balance, led.insurance_portion,
                                                                   led.patient_portion)
    assert led.insurance_portion == D("140.00")
