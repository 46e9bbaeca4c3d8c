"""The claims reports of Billing > Reports: how fast claims go out and come back, the top denial reasons, and the
claims still waiting for a payer after 30, 60 and 90 days. Grouped SQL, a few rows per payer or reason.

* Timing: claims submitted in the range; days from the visit (date of service) to submission, and from
  submission to the payer's first payment on the claim (the paid date of the first check or EFT that paid
  something on it and was not reversed).
* Denials: payer line postings with a denial reason, entered in the range and standing (neither a reversal nor
  reversed), grouped by the CARC code the payer gave: each line once, under its principal reason (the group-reason
  of the posting's largest adjustment, any group); a denial typed by hand without an adjustment code keeps its
  typed reason, marked as such, so no denial drops out; the ten most frequent.
* Waiting: claims waiting for the payer on the To date whose submission is more than 30 / 60 / 90 days before it
  (the From date does not apply): submitted or partly paid today, or paid or denied today by payer postings dated
  (by their check's paid date, as in the timing and aging reports) after the To date. Timing uses only dated
  facts (submitted_on, the paying check's paid date), never today's status.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal

from sqlalchemy import ColumnElement, and_, case, func, literal, or_, select
from sqlalchemy.orm import Session, aliased

from frontdesk.domain.billing_reports import BillingReport, ReportColumn, ReportFilter
from frontdesk.domain.carc import describe
from frontdesk.domain.money import from_cents
from frontdesk.models import (
    Claim,
    Encounter,
    InsuranceLinePosting,
    InsurancePayment,
    PostingAdjustment,
    ServiceLine,
)
from frontdesk.services.billing import _report_queries as q
from frontdesk.services.billing._report_build import Names, ReportKind, chart_of
from frontdesk.storage.dialect_sql import days_between, no_index

TOP_DENIALS = 10
NO_CODE = "(typed, no CARC code)"
CHART_LABEL = 14  # a typed reason's bar label: the start of its text (a code label is "CO-50")
WAITING_STATUSES = ("submitted", "partly_paid")
DECIDED_STATUSES = ("paid", "denied")  # what a payer's postings move a waiting claim to


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


def _principal(adjustments: list[tuple[str, str, int]], typed: str) -> tuple[str, str]:
    """(chart label, table label) of a denied line: its largest adjustment's CARC group-reason (ties: the lower
    code), or, for a denial typed without a code, its typed reason marked as such."""
    if not adjustments:
        return typed[:CHART_LABEL], f"{typed} {NO_CODE}"
    group, reason, _cents = min(adjustments, key=lambda a: (-a[2], a[0], a[1]))
    return f"{group}-{reason}", describe(group, reason)


def denials(session: Session, flt: ReportFilter) -> BillingReport:
    """The ten most frequent denial reasons of the range by CARC code: denied lines, claims and charges denied."""
    names = Names(session)
    start, end = q.entered_bounds(session, flt)
    reversal = aliased(InsuranceLinePosting)
    posting = InsuranceLinePosting
    # one row per denied line and adjustment of its posting (a line typed without a code has one row of NULLs)
    query = (select(posting.id, posting.claim_id, ServiceLine.charge_cents, posting.denied_reason,
                    PostingAdjustment.group_code, PostingAdjustment.reason_code, PostingAdjustment.amount_cents)
             .join(Claim, Claim.id == posting.claim_id)
             .join(Encounter, Encounter.id == Claim.encounter_id)
             .join(ServiceLine, ServiceLine.id == posting.service_line_id)
             .outerjoin(PostingAdjustment, PostingAdjustment.line_posting_id == posting.id)
             # no_index: every original posting has NULL in reverses_id, a seek on it walks them all (_aging_data)
             .where(posting.denied_reason != "", no_index(posting.reverses_id).is_(None),
                    posting.created_at >= start, posting.created_at < end,
                    ~select(literal(1)).where(reversal.reverses_id == posting.id).exists()))
    lines: dict[int, tuple[int, int, str, list[tuple[str, str, int]]]] = {}
    for pid, claim_id, charge, typed, group, reason, amount in session.execute(_by_claim(query, flt)).all():
        line = lines.setdefault(pid, (claim_id, int(charge), typed, []))
        if group is not None:
            line[3].append((group, reason, int(amount)))
    counts: dict[tuple[str, str], int] = defaultdict(int)
    claims: dict[tuple[str, str], set[int]] = defaultdict(set)
    cents: dict[tuple[str, str], int] = defaultdict(int)
    for claim_id, charge, typed, adjustments in lines.values():
        key = _principal(adjustments, typed)
        counts[key] += 1
        claims[key].add(claim_id)
        cents[key] += charge
    found = sorted(((code, label, n, len(claims[(code, label)]), cents[(code, label)])
                    for (code, label), n in counts.items()), key=lambda f: (-f[2], f[1]))
    top = found[:TOP_DENIALS]
    rows = tuple((label, n, c, from_cents(money)) for _code, label, n, c, money in top)
    columns = (ReportColumn("Denial reason (CARC)"), ReportColumn("Lines denied", "count"),
               ReportColumn("Claims", "count"), ReportColumn("Charges denied", "money"))
    totals = (f"Top {len(top)} of {len(found)} reasons", sum(f[2] for f in top), sum(f[3] for f in top),
              from_cents(sum(f[4] for f in top)))
    chart_rows = [(code, n) for code, _label, n, _c, _money in top]
    return BillingReport("denials", "Denials by reason (top 10)", names.practice, flt, names.scope(flt), columns,
                         rows, totals, chart_of("Lines denied by reason", "Group-reason", chart_rows, 1, "count"),
                         "Denied lines posted in the range and still standing (a reversed denial is not counted), "
                         "each counted once under its principal reason: the CARC group-reason of its largest "
                         f"adjustment; a denial typed without a code is shown by its typed reason {NO_CODE}.")


def _waiting_at(flt: ReportFilter, end: datetime) -> ColumnElement[bool]:
    """True for a claim that was waiting for its payer on the To date: waiting today, or decided today but by
    payer postings dated after the To date (the latest paid date of its standing postings' checks, the date the
    timing report and the aging report count a payer's decision from). Only a claim whose status changed after
    the To date (status_at) can have been decided since, so the dated lookup runs for those alone."""
    posting, check, reversal = aliased(InsuranceLinePosting), aliased(InsurancePayment), aliased(InsuranceLinePosting)
    decided_on = (select(func.max(check.paid_on)).select_from(posting)
                  .join(check, check.id == posting.insurance_payment_id)
                  .where(posting.claim_id == Claim.id, no_index(posting.reverses_id).is_(None),
                         ~select(literal(1)).where(reversal.reverses_id == posting.id).exists())
                  .scalar_subquery())
    return or_(Claim.status.in_(WAITING_STATUSES),
               and_(Claim.status.in_(DECIDED_STATUSES), Claim.status_at >= end, decided_on > flt.end))


def waiting(session: Session, flt: ReportFilter) -> BillingReport:
    """Per payer: claims still awaiting the payer more than 30, 60 and 90 days after submission (at the To date)."""
    names = Names(session)
    age = days_between(literal(flt.end), Claim.submitted_on)

    def over(days: int):  # type: ignore[no-untyped-def]
        return func.sum(case((age > days, 1), else_=0))

    _start, end = q.entered_bounds(session, flt)
    query = _by_claim(
        select(Claim.payer_id, over(30), over(60), over(90),
               func.sum(Claim.total_cents - Claim.prior_paid_cents))
        .join(Encounter, Encounter.id == Claim.encounter_id)
        .where(_waiting_at(flt, end), Claim.submitted_on.is_not(None), Claim.submitted_on <= flt.end,
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
                         "Claims submitted or partly paid on the To date (a claim decided since counts by its "
                         "payer's paid date), aged from their submission to the To date (the From date does not "
                         "apply).")


BUILDERS: dict[str, Callable[[Session, ReportFilter], BillingReport]] = {
    "claims_timing": timing, "denials": denials, "claims_waiting": waiting}
KINDS = (ReportKind("claims_timing", "Claims: days to submission and to payment"),
         ReportKind("denials", "Claims: denials by reason (top 10)"),
         ReportKind("claims_waiting", "Claims: waiting over 30/60/90 days"))
