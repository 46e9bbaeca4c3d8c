"""The A/R trend's figures: every month-end's receivables by aging bucket, and the unapplied credit, in one read.

The figures are the aging report's own (services/payments/_aging_data.py ``receivables``, summed over patients and
payers) for each month-end, but read once instead of twelve times. A bucket total adds the insurance and patient
portions, so which payer a line awaits does not matter here; what matters, per charge, is its amount, its date of
service, and every amount of money against it with the date it counts from:

* a payer's payment on the line, and a non-PR adjustment other than the prior-payer reason (the same exclusions as
  ``open_sql``): the paid date of the check or EFT it came on; a reversal is a posting of its own with every amount
  negated, dated by its own check, so it nets out from its date on;
* patient money applied to the line: the date the payment was received;

charges of a void visit left out. Unapplied credit at a month-end is the patient money received by then less what
of it was applied to (non-void) charges dated by then.

Where the time goes, and how it is avoided (10-year bench practice: 1.38 M charges, 1.2 M payer postings, 1 M
patient payments). Joining every amount of money to its charge (for the date of service) and the charge to its
visit (void or not) is millions of random lookups: 10-12 s on a loaded 2-core machine. But a charge dated 121 days
or more before the first month-end is "Over 120" at all twelve, so for those "old" charges (of non-void visits)
only their total open amount is needed, and that is a difference of plain sums, at each month-end M:

    old charges - money on them dated by M
      = (all charges - recent charges - void visits' old charges)
      - (all money - money dated after M - money dated by M on recent charges or on void visits' charges)

Every term is cheap: the all-rows totals are single-table scans with no join; money dated after the first
month-end is found through the date indexes (a year of money, not ten); money on recent charges (the last 16
months) is the only part joined to its charge, and void visits are few. Recent charges (void ones subtracted)
are summed per date of service and aged exactly. Each statement returns a few thousand rows at most; Python adds
up 12 month-ends x 5 buckets from them. Portable SQL: the month-end a date first counts at is a CASE over the 12
dates, bound as parameters (index 12: after the last); the planner hints are storage/dialect_sql.py's no_index,
and the materialised CTE is syntax both engines have (SQLite 3.35+, PostgreSQL 12+).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import ColumnElement, Select, case, func, literal, select, union_all
from sqlalchemy.orm import Session, aliased

from frontdesk.models import (
    Encounter,
    InsuranceLinePosting,
    InsurancePayment,
    Payment,
    PaymentApplication,
    PostingAdjustment,
    ServiceLine,
)
from frontdesk.services._ledger_queries import PRIOR_PAYER_REASON
from frontdesk.services.payments._aging_data import BUCKET_COUNT, bucket_of
from frontdesk.storage.dialect_sql import no_index

OLD_DAYS = 121  # a charge this many days before a month-end is "Over 120" at it (bucket_of)


@dataclass(frozen=True)
class MonthEnd:
    """One point of the trend (cents): open charges per aging bucket, and the unapplied credit (positive)."""

    as_of: date
    buckets: tuple[int, ...]
    credit: int


def _first_end(dated: ColumnElement[date], ends: list[date]) -> ColumnElement[int]:
    """Index of the first month-end on or after ``dated``; len(ends) when it is after the last one."""
    return case(*((dated <= end, i) for i, end in enumerate(ends)), else_=len(ends))


Arm = tuple[Select, ColumnElement[int]]  # type: ignore[type-arg]


def _money_arms(ends: list[date], *, after: date | None = None) -> list[Arm]:
    """The three kinds of money against a charge, each as (select of service line, cents, month-end index, 1 if
    patient money; its service-line column for the caller's join); ``after``: only money dated after that day,
    found from the checks and payments dated after it (no_index keeps SQLite from walking all the money and
    looking each check or payment up instead)."""
    posting, check = aliased(InsuranceLinePosting), aliased(InsurancePayment)
    adjustment, by, by_check = aliased(PostingAdjustment), aliased(InsuranceLinePosting), aliased(InsurancePayment)
    application, received = aliased(PaymentApplication), aliased(Payment)
    key = no_index if after is not None else (lambda column: column)
    paid = (select(posting.service_line_id.label("sl"), posting.paid_cents.label("c"),
                   _first_end(check.paid_on, ends).label("k"), literal(0).label("p"))
            .join(check, key(check.id) == posting.insurance_payment_id))
    adjusted = (select(adjustment.service_line_id, adjustment.amount_cents, _first_end(by_check.paid_on, ends),
                       literal(0))
                .join(by, key(by.id) == adjustment.line_posting_id)
                .join(by_check, key(by_check.id) == by.insurance_payment_id)
                .where(adjustment.group_code != "PR", adjustment.reason_code != PRIOR_PAYER_REASON))
    applied = (select(application.service_line_id, application.amount_cents, _first_end(received.received_on, ends),
                      literal(1))
               .join(received, received.id == application.payment_id))
    if after is not None:
        paid, adjusted = paid.where(check.paid_on > after), adjusted.where(by_check.paid_on > after)
        applied = applied.where(received.received_on > after)
    return [(paid, posting.service_line_id), (adjusted, adjustment.service_line_id),
            (applied, application.service_line_id)]


def _on_lines(ends: list[date], old: date, *, void: bool) -> Select:  # type: ignore[type-arg]
    """(date of service, or NULL when old; month-end index; patient money; cents) of all money against recent
    charges (``void`` False; void visits' included, the caller subtracts them) or against void visits' charges.
    The charges wanted are read once (a materialised CTE) and their money found through its service-line index:
    no_index keeps SQLite from walking all the money and looking each charge up."""
    lines = select(ServiceLine.id, ServiceLine.from_date)
    if void:
        lines = lines.where(ServiceLine.encounter_id.in_(select(Encounter.id).where(Encounter.status == "void")))
    else:
        lines = lines.where(ServiceLine.from_date > old)
    wanted = lines.cte("wanted").prefix_with("MATERIALIZED")  # one scan of the charges, not one per kind of money
    arms = [arm.add_columns(wanted.c.from_date.label("f")).join(wanted, no_index(wanted.c.id) == line_id)
            for arm, line_id in _money_arms(ends)]
    every = union_all(*arms).subquery("money")
    dos = case((every.c.f > old, every.c.f))
    return select(dos, every.c.k, every.c.p, func.sum(every.c.c)).group_by(dos, every.c.k, every.c.p)


def _late(ends: list[date]) -> Select:  # type: ignore[type-arg]
    """(month-end index, patient money, cents) of all money dated after the first month-end, on any charge."""
    every = union_all(*(arm for arm, _line in _money_arms(ends, after=ends[0]))).subquery("late")
    return select(every.c.k, every.c.p, func.sum(every.c.c)).group_by(every.c.k, every.c.p)


def _totals() -> Select:  # type: ignore[type-arg]
    """(what, cents) of every row ever: payer paid + written off (0), patient money applied (1), received (2)."""
    paid = select(literal(0).label("what"), func.sum(InsuranceLinePosting.paid_cents).label("c"))
    adjusted = select(literal(0), func.sum(PostingAdjustment.amount_cents)).where(
        PostingAdjustment.group_code != "PR", PostingAdjustment.reason_code != PRIOR_PAYER_REASON)
    applied = select(literal(1), func.sum(PaymentApplication.amount_cents))
    received = select(literal(2), func.sum(Payment.amount_cents))
    return union_all(paid, adjusted, applied, received)


def _charges(old: date, *, void: bool) -> Select:  # type: ignore[type-arg]
    """(date of service or NULL when old, cents) of every charge, or of void visits' charges only."""
    dos = case((ServiceLine.from_date > old, ServiceLine.from_date))
    query = select(dos, func.sum(ServiceLine.charge_cents))
    if void:
        query = query.join(Encounter, Encounter.id == ServiceLine.encounter_id).where(Encounter.status == "void")
    return query.group_by(dos)


def _received_late(ends: list[date]) -> Select:  # type: ignore[type-arg]
    """(month-end index, cents) of patient payments received after the first month-end (the date index)."""
    k = _first_end(Payment.received_on, ends)
    return select(k, func.sum(Payment.amount_cents)).where(Payment.received_on > ends[0]).group_by(k)


def month_end_totals(session: Session, ends: list[date]) -> list[MonthEnd]:
    """Each month-end of ``ends`` (ascending): the aging report's bucket totals and unapplied credit as of it."""
    old = ends[0] - timedelta(days=OLD_DAYS)
    rows = lambda query: session.execute(query).all()  # noqa: E731
    total: dict[int, int] = defaultdict(int)  # 0 payer money, 1 patient money applied, 2 patient money received
    for what, cents in rows(_totals()):
        total[int(what)] += int(cents or 0)
    charges: dict[date | None, int] = defaultdict(int)  # None: every old charge together
    for on, cents in rows(_charges(old, void=False)):
        charges[on] += int(cents)
    for on, cents in rows(_charges(old, void=True)):
        charges[on] -= int(cents)
    recent: dict[tuple[date, int, int], int] = defaultdict(int)  # (date of service, month-end, patient) -> cents
    void_money: dict[tuple[int, int], int] = defaultdict(int)  # (month-end, patient) -> cents, any date of service
    for on, k, p, cents in rows(_on_lines(ends, old, void=False)):
        recent[(on, int(k), int(p))] += int(cents)
    for on, k, p, cents in rows(_on_lines(ends, old, void=True)):
        void_money[(int(k), int(p))] += int(cents)
        if on is not None:
            recent[(on, int(k), int(p))] -= int(cents)
    late = {(int(k), int(p)): int(cents) for k, p, cents in rows(_late(ends))}
    received_late = {int(k): int(cents) for k, cents in rows(_received_late(ends))}
    out = []
    for j, as_of in enumerate(ends):
        buckets = [0] * BUCKET_COUNT
        for on, cents in charges.items():
            if on is not None and on <= as_of:
                buckets[bucket_of((as_of - on).days)] += cents
        applied_recent = 0
        money_recent = [0, 0]  # by patient flag: dated by then, on recent non-void charges of any date of service
        for (on, k, p), cents in recent.items():
            if k <= j:
                money_recent[p] += cents
                if on <= as_of:
                    buckets[bucket_of((as_of - on).days)] -= cents
                    applied_recent += cents * p
        old_money = [total[p] - sum(c for (k, q), c in late.items() if q == p and k > j) - money_recent[p]
                     - sum(c for (k, q), c in void_money.items() if q == p and k <= j) for p in (0, 1)]
        buckets[-1] += charges[None] - old_money[0] - old_money[1]
        received = total[2] - sum(c for k, c in received_late.items() if k > j)
        out.append(MonthEnd(as_of, tuple(buckets), received - old_money[1] - applied_recent))
    return out
