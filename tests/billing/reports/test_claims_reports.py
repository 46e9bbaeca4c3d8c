"""Billing > Reports claims reports: days to submission and to payment, the top denial reasons, and claims waiting
over 30/60/90 days, checked against hand-computed claims on both engines."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from eod_lib import practice_day

from frontdesk.domain.billing_reports import ReportFilter
from frontdesk.models import Claim
from frontdesk.services.billing import reports
from frontdesk.services.payments import insurance_payments
from frontdesk.services.payments.payment_types import LinePostingInput


def _submitted(clinic, claim_id: int, on) -> None:  # type: ignore[no-untyped-def]
    with clinic.db.session(write=True) as s:
        s.get(Claim, claim_id).submitted_on = on


def _payer_name(ctx, payer_id: int) -> str:  # type: ignore[no-untyped-def]
    return dict(reports.report_filter_choices(ctx)[1])[payer_id]


@pytest.mark.both_engines
def test_timing_denials_and_waiting_claims(clinic, billing_ctx) -> None:
    today = practice_day(clinic.db)
    day = lambda n: today - timedelta(days=n)  # noqa: E731
    p = clinic.patient("Avery")
    # Seen 100 days ago, submitted 4 days later, paid 20 days after submission (check dated then).
    paid = clinic.visit(p, (10000,), on=day(100))
    _submitted(clinic, paid.claim_ids[0], day(96))
    check = insurance_payments.enter_insurance_payment(billing_ctx, clinic.payer_id, kind="check", number="1",
                                                       paid_on=day(76), total="80.00")
    insurance_payments.post_claim_lines(billing_ctx, check.id, paid.claim_ids[0], [LinePostingInput(
        paid.line_ids[0], allowed="80.00", paid="80.00", adjustments=(("CO", "45", "20.00"),))])
    # Seen 70 days ago, submitted 2 days later, both lines denied (no payment).
    denied = clinic.visit(p, (12500, 4000), on=day(70))
    _submitted(clinic, denied.claim_ids[0], day(68))
    eft = insurance_payments.enter_insurance_payment(billing_ctx, clinic.payer_id, kind="eft", number="E2",
                                                     paid_on=day(1), total="0.00")
    insurance_payments.post_claim_lines(billing_ctx, eft.id, denied.claim_ids[0], [
        LinePostingInput(denied.line_ids[0], allowed="0.00", paid="0.00", denied_reason="Not medically necessary",
                         adjustments=(("CO", "50", "125.00"),)),
        LinePostingInput(denied.line_ids[1], allowed="0.00", paid="0.00", denied_reason="Duplicate claim",
                         adjustments=(("CO", "18", "40.00"),))])
    # Still waiting: submitted 95 and 40 days ago.
    for seen, sent, cents in ((99, 95, 20000), (45, 40, 5000)):
        waiting = clinic.visit(p, (cents,), on=day(seen))
        _submitted(clinic, waiting.claim_ids[0], day(sent))
    payer = _payer_name(billing_ctx, clinic.payer_id)
    flt = ReportFilter(day(120), today)

    timing = reports.billing_report(billing_ctx, "claims_timing", flt)
    # 4 claims submitted: visit to submission 4, 2, 4, 5 days (avg 3.8); one paid, 20 days after submission.
    assert timing.rows == ((payer, 4, Decimal("3.8"), 1, Decimal("20.0")),)
    assert timing.chart.values == (Decimal("20.0"),)

    denials = reports.billing_report(billing_ctx, "denials", ReportFilter(today, today))
    assert denials.rows == (("Duplicate claim", 1, 1, Decimal("40.00")),
                            ("Not medically necessary", 1, 1, Decimal("125.00")))
    assert denials.totals == ("Top 2 of 2 reasons", 2, 2, Decimal("165.00"))

    # Submitted and unpaid: 95 days (over 30, 60 and 90) and 40 days (over 30 only); the paid and denied claims
    # are decided, not waiting.
    with clinic.db.session(write=True) as s:
        s.get(Claim, paid.claim_ids[0]).status = "paid"
        s.get(Claim, denied.claim_ids[0]).status = "denied"
    waiting = reports.billing_report(billing_ctx, "claims_waiting", flt)
    assert waiting.rows == ((payer, 2, 1, 1, Decimal("250.00")),)
    earlier = reports.billing_report(billing_ctx, "claims_waiting", ReportFilter(day(120), day(50)))
    assert earlier.rows == ((payer, 1, 0, 0, Decimal("200.00")),)  # at that To date only the first was 45 days old
