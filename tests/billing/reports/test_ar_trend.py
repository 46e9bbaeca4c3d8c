"""The A/R trend: 12 month-ends, each the aging report's own figure as of that day; filters refused by name."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from eod_lib import practice_day
from sqlalchemy import select

from frontdesk.domain.billing_reports import ReportFilter, month_ends
from frontdesk.domain.money import from_cents
from frontdesk.errors import ValidationError
from frontdesk.models import InsuranceLinePosting, Payment, PaymentApplication, PostingAdjustment
from frontdesk.services.payments import _aging_data, aging, payments
from frontdesk.services.payments import insurance_payments as ins
from frontdesk.services.payments.ar_trend import ar_trend_report


def test_month_ends_are_the_twelve_latest_on_or_before_the_to_date() -> None:
    assert month_ends(date(2024, 3, 15), 3) == [date(2023, 12, 31), date(2024, 1, 31), date(2024, 2, 29)]
    assert month_ends(date(2024, 3, 31), 2) == [date(2024, 2, 29), date(2024, 3, 31)]


@pytest.mark.both_engines
def test_each_month_end_equals_the_aging_report_of_that_day(clinic, billing_ctx, frontdesk_ctx) -> None:
    today = practice_day(clinic.db)
    last_end = month_ends(today, 1)[0]
    previous_end = last_end.replace(day=1) - timedelta(days=1)
    p = clinic.patient("Avery")
    clinic.visit(p, (10000,), on=previous_end - timedelta(days=40))  # 40 days old at the previous month-end
    clinic.visit(p, (5000,), on=last_end - timedelta(days=2), claims=())  # after the previous month-end
    payments.take_payment(frontdesk_ctx, p, method="cash", amount="7.50", received_on=last_end, apply_to=[])

    report = ar_trend_report(billing_ctx, ReportFilter(today - timedelta(days=30), today))
    assert len(report.rows) == 12 and report.rows[-1][0] == last_end.strftime("%m/%d/%Y")
    earlier, latest = report.rows[-2], report.rows[-1]
    assert earlier[1:] == (Decimal("0.00"), Decimal("100.00"), Decimal("0.00"), Decimal("0.00"), Decimal("0.00"),
                           Decimal("0.00"), Decimal("100.00"))
    assert latest[-2:] == (Decimal("-7.50"), Decimal("142.50"))  # the credit is subtracted: the row sums
    for row, as_of in ((earlier, previous_end), (latest, last_end)):
        assert row[-1] == aging.aging_report(billing_ctx, as_of).totals.total
    assert report.chart.values[-2:] == (Decimal("100.00"), Decimal("142.50"))


def test_a_provider_or_payer_filter_is_refused_by_name(clinic, billing_ctx) -> None:
    today = practice_day(clinic.db)
    with pytest.raises(ValidationError) as err:
        ar_trend_report(billing_ctx, ReportFilter(today, today, provider_id=clinic.provider_id))
    assert err.value.field == "provider"
    with pytest.raises(ValidationError) as err:
        ar_trend_report(billing_ctx, ReportFilter(today, today - timedelta(days=1)))
    assert err.value.field == "end"


def _reverse_on(db, line_id: int, check_id: int) -> None:  # type: ignore[no-untyped-def]
    """Reverse the line's posting on a later check, the way corrections store it (every amount negated)."""
    with db.session(write=True) as s:
        original = s.scalar(select(InsuranceLinePosting).where(InsuranceLinePosting.service_line_id == line_id))
        reversal = InsuranceLinePosting(
            insurance_payment_id=check_id, claim_id=original.claim_id, service_line_id=line_id,
            allowed_cents=-original.allowed_cents, paid_cents=-original.paid_cents, reverses_id=original.id,
            reason="posted to the wrong claim")
        s.add(reversal)
        s.flush()
        for adj in s.scalars(select(PostingAdjustment).where(PostingAdjustment.line_posting_id == original.id)):
            s.add(PostingAdjustment(line_posting_id=reversal.id, service_line_id=line_id, group_code=adj.group_code,
                                    reason_code=adj.reason_code, amount_cents=-adj.amount_cents))


def _money_on_a_void_visit(clinic, patient_id: int, on: date, received_on: date) -> None:  # type: ignore[no-untyped-def]
    """A voided visit whose charge had patient money applied (stored straight: the services refuse it now)."""
    void = clinic.visit(patient_id, (3000,), on=on, claims=(), status="void")
    with clinic.db.session(write=True) as s:
        pay = Payment(patient_id=patient_id, kind="payment", method="cash", amount_cents=1200, received_on=received_on)
        s.add(pay)
        s.flush()
        s.add(PaymentApplication(payment_id=pay.id, service_line_id=void.line_ids[0], amount_cents=1200))


@pytest.mark.both_engines
def test_every_month_end_equals_the_aging_figures_of_that_day(clinic, billing_ctx, frontdesk_ctx) -> None:
    """One pass over the money gives, at each of the 12 month-ends, what the aging report's own query gives."""
    today = practice_day(clinic.db)
    ends = month_ends(today)
    a, b, c = clinic.patient("Avery"), clinic.patient("Blake"), clinic.patient("Casey")
    old = clinic.visit(a, (10000, 4000), on=ends[0] - timedelta(days=150))  # "Over 120" from the first point
    first = ins.enter_insurance_payment(billing_ctx, clinic.payer_id, kind="check", number="T1",
                                        paid_on=ends[3] + timedelta(days=1), total="90")
    ins.post_claim_lines(billing_ctx, first.id, old.claim_ids[0], [  # PR and the prior-payer reason stay open
        (old.line_ids[0], "80", "60", (("CO", "45", "20"), ("PR", "2", "20"))),
        (old.line_ids[1], "30", "30", (("CO", "23", "10"),))])
    later = ins.enter_insurance_payment(billing_ctx, clinic.payer_id, kind="check", number="T2",
                                        paid_on=ends[7], total="0")  # on a month-end: counts from it
    _reverse_on(clinic.db, old.line_ids[0], later.id)
    recent = clinic.visit(b, (5000, 2500), on=ends[5] - timedelta(days=45), claims=())
    payments.take_payment(frontdesk_ctx, b, method="cash", amount="20", received_on=ends[5] - timedelta(days=1),
                          apply_to=[recent.line_ids[0]])
    ahead = clinic.visit(c, (6000,), on=ends[9], claims=())  # paid for before the visit (on account until then)
    payments.take_payment(frontdesk_ctx, c, method="check", check_number="101", amount="15",
                          received_on=ends[8] - timedelta(days=3), apply_to=[ahead.line_ids[0]])
    payments.take_payment(frontdesk_ctx, c, method="cash", amount="7.50", received_on=ends[10] + timedelta(days=2),
                          apply_to=[])  # credit on account
    clinic.visit(c, (1800,), on=today, claims=())  # after the last month-end unless today is one
    _money_on_a_void_visit(clinic, a, ends[2], ends[6])
    # Old charges (Over 120 at every month-end, summed as one): money before the first month-end and after the
    # last, and a void old visit with money on it.
    d = clinic.patient("Dana")
    older = clinic.visit(d, (9000, 1000), on=ends[0] - timedelta(days=400), claims=())
    payments.take_payment(frontdesk_ctx, d, method="cash", amount="30", received_on=ends[0] - timedelta(days=300),
                          apply_to=[older.line_ids[0]])
    payments.take_payment(frontdesk_ctx, d, method="cash", amount="5", received_on=today,
                          apply_to=[older.line_ids[1]])  # after the last month-end unless today is one
    payments.take_payment(frontdesk_ctx, b, method="cash", amount="2", received_on=today,
                          apply_to=[recent.line_ids[1]])
    _money_on_a_void_visit(clinic, d, ends[0] - timedelta(days=200), ends[0] - timedelta(days=190))

    report = ar_trend_report(billing_ctx, ReportFilter(today - timedelta(days=30), today))
    with clinic.db.session(write=False) as s:
        for row, as_of in zip(report.rows, ends, strict=True):
            data = _aging_data.receivables(s, as_of)
            buckets = [0] * 5
            for amount in data.amounts:
                buckets[amount.bucket] += amount.insurance + amount.patient
            credit = sum(data.credit.values())
            assert row == (as_of.strftime("%m/%d/%Y"), *map(from_cents, buckets), from_cents(-credit),
                           from_cents(sum(buckets) - credit)), as_of
    totals = [r[-1] for r in report.rows]
    # Worked by hand: 140 old; its check (after the 4th month-end) pays 60 + 30 and writes 20 off (the PR-2 20
    # and the prior-payer CO-23 10 stay open): 30; the reversal on the 8th month-end puts 80 back: 110. Dana's
    # old 100 less 30 is 70 "Over 120" throughout, and her 12 applied to a void visit is credit throughout.
    # Blake's visit (75) falls in the 5th month.
    assert report.rows[0][1:] == (*(Decimal("0.00"),) * 4, Decimal("210.00"), Decimal("-12.00"), Decimal("198.00"))
    assert totals[3:5] == [Decimal("198.00"), Decimal("163.00")]
    # 6th month-end: Blake's 75 less 20 applied, 45 days old ("31-60"); the void visit's 12 is not yet received
    assert report.rows[5][1:] == (Decimal("0.00"), Decimal("55.00"), *(Decimal("0.00"),) * 2, Decimal("100.00"),
                                  Decimal("-12.00"), Decimal("143.00"))
    assert report.rows[6][-2:] == (Decimal("-24.00"), Decimal("131.00"))  # applied to a void visit: credit
    assert report.rows[7][-1] == Decimal("211.00")  # the reversal counts on its check's date
    assert report.rows[8][-2:] == (Decimal("-39.00"), Decimal("196.00"))  # Casey's 15 on account before the visit
    assert report.rows[9][-2:] == (Decimal("-24.00"), Decimal("256.00"))  # then goes to the visit's 60
    last = Decimal("248.50") + (Decimal("11.00") if today == ends[-1] else Decimal("0.00"))  # 18 - 5 - 2 today
    assert report.rows[-1][-2:] == (Decimal("-31.50"), last)
    assert last == aging.aging_report(billing_ctx, ends[-1]).totals.total
