"""The claims reports of Billing > Reports: how fast claims go out and come back, the top denial reasons, and the
claims still waiting for a payer after 30, 60 and 90 days. Grouped SQL, a few rows per payer or reason.

* Timing: claims submitted in the range; days from the visit (date of service) to submission, and from
  submission to the payer's first payment on the claim (the paid date of the first check or EFT that paid
  something on it and was not reversed).
* Denials: payer line postings with a denial reason, entered in the range and standing (neither a reversal nor
  reversed); the ten most frequent reasons.
* Waiting: claims submitted or partly paid today whose submission is more than 30 / 60 / 90 days before the
  To date (the From date does not apply; statuses are today's, as in the aging report).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from sqlalchemy import case, func, literal, select
from sqlalchemy.orm import Session, aliased

from frontdesk.domain.billing_reports import BillingReport, ReportColumn, ReportFilter
from frontdesk.domain.money import from_cents
from frontdesk.models import Claim, Encounter, InsuranceLinePosting, InsurancePayment, ServiceLine
from frontdesk.services.billing import _report_queries as q
from frontdesk.services.billing._report_build import Names, ReportKind, chart_of
from frontdesk.storage.dialect_sql import days_between

TOP_DENIALS = 10
WAITING_STATUSES = ("submitted", "partly_paid")


def _average(days: int, count: int) -> Decimal | None:
    return (Decimal(days) / Decimal(count)).quantize(Decimal("0.1")) if count else None


def _by_claim(query, flt: ReportFilter):  # type: ignore[no-untyped-def]
    """``query`` (over Claim joined to its Encounter) narrowed to the filter's provider and payer."""
    if flt.provider_id is not None:
        query = query.where(Encounter.rendering_provider_id == flt.provider_id)
    if flt.payer_id is not None:
        query = query.where(Claim.payer_id == flt.payer_id)
    return query


def timing(session: Session, flt: ReportFilter) -> BillingReport:
    """Per payer: claims submitted, average days visit -> submission, claims paid, average days to payment."""
    names = Names(session)
    posting, check = aliased(InsuranceLinePosting), aliased(InsurancePayment)
    reversal = aliased(InsuranceLinePosting)
    first_paid = (select(posting.claim_id.label("claim_id"), func.min(check.paid_on).label("paid_on"))
                  .join(check, check.id == posting.insurance_payment_id)
                  .where(posting.paid_cents > 0, posting.reverses_id.is_(None),
                         ~select(literal(1)).where(reversal.reverses_id == posting.id).exists())
                  .group_by(posting.claim_id).subquery("first_paid"))
    to_submit = days_between(Claim.submitted_on, Encounter.service_date)
    to_pay = days_between(first_paid.c.paid_on, Claim.submitted_on)
    query = _by_claim(
        select(Claim.payer_id, func.count(Claim.id), func.sum(to_submit), func.count(first_paid.c.paid_on),
               func.sum(to_pay))
        .join(Encounter, Encounter.id == Claim.encounter_id)
        .outerjoin(first_paid, first_paid.c.claim_id == Claim.id)
        .where(Claim.submitted_on >= flt.start, Claim.submitted_on <= flt.end), flt).group_by(Claim.payer_id)
    found = [(y, int(n), int(s or 0), int(p), int(d or 0)) for y, n, s, p, d in session.execute(query).all()]
    rows = tuple(sorted(((names.payer(y), n, _average(s, n), p, _average(d, p)) for y, n, s, p, d in found),
                        key=lambda r: (-r[1], r[0])))
    n, s = sum(f[1] for f in found), sum(f[2] for f in found)
    p, d = sum(f[3] for f in found), sum(f[4] for f in found)
    columns = (ReportColumn("Payer"), ReportColumn("Claims submitted", "count"),
               ReportColumn("Avg days visit to submission", "days"), ReportColumn("Claims paid", "count"),
               ReportColumn("Avg days submission to payment", "days"))
    return BillingReport("claims_timing", "Claim timing: visit to submission to payment", names.practice, flt,
                         names.scope(flt), columns, rows, ("Total", n, _average(s, n), p, _average(d, p)),
                         chart_of("Average days from submission to payment", "Payer", rows, 4, "days"),
                         "Claims submitted in the range; payment = the payer's first check or EFT that paid on "
                         "the claim (by its paid date).")


def denials(session: Session, flt: ReportFilter) -> BillingReport:
    """The ten most frequent denial reasons of the range: denied lines, claims and the charges denied."""
    names = Names(session)
    start, end = q.entered_bounds(session, flt)
    reversal = aliased(InsuranceLinePosting)
    query = (select(InsuranceLinePosting.denied_reason, func.count(InsuranceLinePosting.id),
                    func.count(func.distinct(InsuranceLinePosting.claim_id)), func.sum(ServiceLine.charge_cents))
             .join(Claim, Claim.id == InsuranceLinePosting.claim_id)
             .join(Encounter, Encounter.id == Claim.encounter_id)
             .join(ServiceLine, ServiceLine.id == InsuranceLinePosting.service_line_id)
             .where(InsuranceLinePosting.denied_reason != "", InsuranceLinePosting.reverses_id.is_(None),
                    InsuranceLinePosting.created_at >= start, InsuranceLinePosting.created_at < end,
                    ~select(literal(1)).where(reversal.reverses_id == InsuranceLinePosting.id).exists()))
    query = _by_claim(query, flt).group_by(InsuranceLinePosting.denied_reason)
    found = sorted(((r, int(n), int(c), int(cents or 0)) for r, n, c, cents in session.execute(query).all()),
                   key=lambda f: (-f[1], f[0]))
    top = found[:TOP_DENIALS]
    rows = tuple((r, n, c, from_cents(cents)) for r, n, c, cents in top)
    columns = (ReportColumn("Denial reason"), ReportColumn("Lines denied", "count"), ReportColumn("Claims", "count"),
               ReportColumn("Charges denied", "money"))
    totals = (f"Top {len(top)} of {len(found)} reasons", sum(f[1] for f in top), sum(f[2] for f in top),
              from_cents(sum(f[3] for f in top)))
    return BillingReport("denials", "Denials by reason (top 10)", names.practice, flt, names.scope(flt), columns,
                         rows, totals, chart_of("Lines denied by reason", "Denial reason", rows, 1, "count"),
                         "Denied lines posted in the range and still standing (a reversed denial is not counted).")


def waiting(session: Session, flt: ReportFilter) -> BillingReport:
    """Per payer: claims still awaiting the payer more than 30, 60 and 90 days after submission (at the To date)."""
    names = Names(session)
    age = days_between(literal(flt.end), Claim.submitted_on)

    def over(days: int):  # type: ignore[no-untyped-def]
        return func.sum(case((age > days, 1), else_=0))

    query = _by_claim(
        select(Claim.payer_id, over(30), over(60), over(90),
               func.sum(Claim.total_cents - Claim.prior_paid_cents))
        .join(Encounter, Encounter.id == Claim.encounter_id)
        .where(Claim.status.in_(WAITING_STATUSES), Claim.submitted_on.is_not(None), Claim.submitted_on <= flt.end,
               age > 30), flt).group_by(Claim.payer_id)
    found = [(y, int(a or 0), int(b or 0), int(c or 0), int(t or 0)) for y, a, b, c, t in session.execute(query)]
    rows = tuple(sorted(((names.payer(y), a, b, c, from_cents(t)) for y, a, b, c, t in found),
                        key=lambda r: (-r[1], r[0])))
    columns = (ReportColumn("Payer"), ReportColumn("Over 30 days", "count"), ReportColumn("Over 60 days", "count"),
               ReportColumn("Over 90 days", "count"), ReportColumn("Billed (over 30 days)", "money"))
    totals = ("Total", sum(f[1] for f in found), sum(f[2] for f in found), sum(f[3] for f in found),
              from_cents(sum(f[4] for f in found)))
    return BillingReport("claims_waiting", "Claims waiting for the payer over 30/60/90 days", names.practice, flt,
                         names.scope(flt), columns, rows, totals,
                         chart_of("Claims waiting over 30 days by payer", "Payer", rows, 1, "count"),
                         "Claims submitted or partly paid today, aged from their submission to the To date (the "
                         "From date does not apply).")


BUILDERS: dict[str, Callable[[Session, ReportFilter], BillingReport]] = {
    "claims_timing": timing, "denials": denials, "claims_waiting": waiting}
KINDS = (ReportKind("claims_timing", "Claims: days to submission and to payment"),
         ReportKind("denials", "Claims: denials by reason (top 10)"),
         ReportKind("claims_waiting", "Claims: waiting over 30/60/90 days"))
