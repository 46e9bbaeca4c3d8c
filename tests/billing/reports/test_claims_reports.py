"""Billing > Reports claims reports: days to submission and to payment, the top denial reasons, and claims waiting
over 30/60/90 days, checked against hand-computed claims on both engines."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from eod_lib import practice_day

from frontdesk.domain.billing_reports import ReportFilter
from frontdesk.domain.carc import describe
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
    assert denials.rows == ((describe("CO", "18"), 1, 1, Decimal("40.00")),  # by the CARC code, not the typed text
                            (describe("CO", "50"), 1, 1, Decimal("125.00")))
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


def _deny(ctx, payer_id: int, visit, typed: str,  # type: ignore[no-untyped-def]
          *adjustments: tuple[tuple[str, str, str], ...]) -> int:
    """Each line of ``visit`` denied (nothing paid) with its own adjustments, on a new $0.00 EOB; the EOB's id."""
    eob = insurance_payments.enter_insurance_payment(ctx, payer_id, kind="eft", number=f"D{visit.claim_ids[0]}",
                                                     paid_on=practice_day(ctx.db, 1), total="0.00")
    insurance_payments.post_claim_lines(ctx, eob.id, visit.claim_ids[0], [
        LinePostingInput(line, allowed="0.00", paid="0.00", denied_reason=typed, adjustments=adj)
        for line, adj in zip(visit.line_ids, adjustments, strict=True)])
    return eob.id


@pytest.mark.both_engines
def test_denials_by_carc_code_principal_reason_typed_fallback_and_top_ten(clinic, billing_ctx) -> None:
    from frontdesk.services.payments import insurance_corrections

    today = practice_day(clinic.db)
    p, q = clinic.patient("Avery"), clinic.patient("Blake")
    payer = clinic.payer_id
    # Avery: one claim, the first line's largest adjustment is CO-50 (the PR-1 part is smaller), the second's CO-16.
    a = clinic.visit(p, (12500, 4000), on=today - timedelta(days=20))
    _deny(billing_ctx, payer, a, "Not necessary", (("CO", "50", "100.00"), ("PR", "1", "25.00")),
          (("CO", "16", "40.00"),))
    # Blake: CO-50 again on another claim, a PR-96 denial the patient owes, and a line denied by hand, no code.
    b = clinic.visit(q, (9000, 3000, 2000), on=today - timedelta(days=15))
    _deny(billing_ctx, payer, b, "Medical necessity", (("CO", "50", "90.00"),), (("PR", "96", "30.00"),), ())
    # A denial that was reversed does not count.
    c = clinic.visit(q, (7000,), on=today - timedelta(days=10))
    reversed_eob = _deny(billing_ctx, payer, c, "Duplicate", (("CO", "18", "70.00"),))
    insurance_corrections.reverse_claim_posting(billing_ctx, reversed_eob, c.claim_ids[0], "Posted in error")

    report = reports.billing_report(billing_ctx, "denials", ReportFilter(today, today))
    assert report.rows == ((describe("CO", "50"), 2, 2, Decimal("215.00")),
                           (describe("CO", "16"), 1, 1, Decimal("40.00")),
                           ("Medical necessity (typed, no CARC code)", 1, 1, Decimal("20.00")),
                           (describe("PR", "96"), 1, 1, Decimal("30.00")))
    assert report.totals == ("Top 4 of 4 reasons", 5, 5, Decimal("305.00"))
    assert report.chart.labels == ("CO-50", "CO-16", "Medical necess", "PR-96")
    assert report.chart.values == (Decimal(2), Decimal(1), Decimal(1), Decimal(1))

    # Eleven codes: the ten most frequent are shown (ties by label), the total says how many there were.
    many = clinic.visit(q, tuple(1000 + n for n in range(11)), on=today - timedelta(days=5))
    _deny(billing_ctx, payer, many, "Not covered", *((("CO", str(200 + n), f"{10 + n / 100:.2f}"),) for n in range(11)))
    top = reports.billing_report(billing_ctx, "denials", ReportFilter(today, today))
    assert len(top.rows) == 10 and top.rows[0] == (describe("CO", "50"), 2, 2, Decimal("215.00"))
    assert top.totals[0] == "Top 10 of 15 reasons"


@pytest.mark.both_engines
def test_waiting_at_a_past_to_date_counts_claims_decided_since(clinic, billing_ctx) -> None:
    """A claim the payer paid after the To date was still waiting on it; one paid before it was not (issue 20:
    the report read today's status, so a past To date lost every claim decided since)."""
    today = practice_day(clinic.db)
    day = lambda n: today - timedelta(days=n)  # noqa: E731
    p = clinic.patient("Avery")
    paid_since, paid_before = clinic.visit(p, (20000,), on=day(99)), clinic.visit(p, (5000,), on=day(99))
    for visit, paid_on, number, amount in ((paid_since, day(40), "7", "200.00"), (paid_before, day(62), "8", "50.00")):
        _submitted(clinic, visit.claim_ids[0], day(95))
        check = insurance_payments.enter_insurance_payment(billing_ctx, clinic.payer_id, kind="check",
                                                           number=number, paid_on=paid_on, total=amount)
        insurance_payments.post_claim_lines(billing_ctx, check.id, visit.claim_ids[0], [
            LinePostingInput(visit.line_ids[0], allowed=amount, paid=amount)])
    assert {clinic.claim_status(v.claim_ids[0]) for v in (paid_since, paid_before)} == {"paid"}
    payer = _payer_name(billing_ctx, clinic.payer_id)

    then = reports.billing_report(billing_ctx, "claims_waiting", ReportFilter(day(120), day(50)))
    assert then.rows == ((payer, 1, 0, 0, Decimal("200.00")),)  # 45 days after submission, paid on day 40
    assert reports.billing_report(billing_ctx, "claims_waiting", ReportFilter(day(120), day(40))).rows == ()
    assert reports.billing_report(billing_ctx, "claims_waiting", ReportFilter(day(120), today)).rows == ()
