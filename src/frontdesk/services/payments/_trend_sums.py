"""The A/R trend's figures: every month-end's receivables by aging bucket, and the unapplied credit, in one pass.

The figures are the aging report's own (services/payments/_aging_data.py ``receivables``, summed over patients and
payers) for each month-end, but read once instead of twelve times. The trend needs only per-bucket totals, and a
bucket total is the insurance and patient portions added together, so which payer a line awaits does not matter
here; what matters, per charge, is its amount, its date of service, and every amount of money against it with the
date it counts from:

* a payer's payment on the line, and a non-PR adjustment other than the prior-payer reason (the same exclusions as
  ``open_sql``): the paid date of the check or EFT it came on; a reversal is a posting of its own with every amount
  negated, dated by its own check, so it nets out from its date on;
* patient money applied to the line: the date the payment was received;

charges of a void visit left out. Unapplied credit at a month-end is the patient money received by then less what
of it was applied to (non-void) charges dated by then.

So the database answers three grouped statements: charges by date of service; money by (date of service, the first
month-end it counts at, patient money or not); patient payments by the first month-end they count at. Each
returns a few thousand rows at most (one per day of service of ten years, times the 12 month-ends for the recent
ones), and Python adds up 12 month-ends x 5 buckets from them. Portable SQL: the month-end a date first counts at
is a CASE over the 12 dates, bound as parameters.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

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


@dataclass(frozen=True)
class MonthEnd:
    """One point of the trend (cents): open charges per aging bucket, and the unapplied credit (positive)."""

    as_of: date
    buckets: tuple[int, ...]
    credit: int


def _first_end(dated: ColumnElement[date], ends: list[date]) -> ColumnElement[int]:
    """Index of the first month-end on or after ``dated`` (rows dated after the last one are filtered out)."""
    return case(*((dated <= end, i) for i, end in enumerate(ends[:-1])), else_=len(ends) - 1)


def _charges_sql(last: date) -> Select:  # type: ignore[type-arg]
    """(date of service, charges) of non-void visits up to ``last``."""
    charge, visit = aliased(ServiceLine), aliased(Encounter)
    # the join walks service_line and looks each visit up by its key (see _aging_data: no_index keeps SQLite off
    # the encounter_id index, which would fetch charges patient by patient)
    return (select(charge.from_date, func.sum(charge.charge_cents))
            .join(visit, visit.id == no_index(charge.encounter_id))
            .where(visit.status != "void", charge.from_date <= last).group_by(charge.from_date))


def _money_sql(ends: list[date]) -> Select:  # type: ignore[type-arg]
    """(date of service, first month-end index, 1 for patient money else 0, cents) of all money against
    non-void charges up to the last month-end, dated up to it."""
    last = ends[-1]
    posting, check = aliased(InsuranceLinePosting), aliased(InsurancePayment)
    paid = (select(posting.service_line_id.label("sl"), posting.paid_cents.label("c"), check.paid_on.label("on"),
                   literal(0).label("patient"))
            .join(check, check.id == posting.insurance_payment_id).where(check.paid_on <= last))
    adjustment, by, by_check = aliased(PostingAdjustment), aliased(InsuranceLinePosting), aliased(InsurancePayment)
    adjusted = (select(adjustment.service_line_id, adjustment.amount_cents, by_check.paid_on, literal(0))
                .join(by, by.id == adjustment.line_posting_id).join(by_check, by_check.id == by.insurance_payment_id)
                .where(adjustment.group_code != "PR", adjustment.reason_code != PRIOR_PAYER_REASON,
                       by_check.paid_on <= last))
    application, received = aliased(PaymentApplication), aliased(Payment)
    applied = (select(application.service_line_id, application.amount_cents, received.received_on, literal(1))
               .join(received, received.id == application.payment_id).where(received.received_on <= last))
    every = union_all(paid, adjusted, applied).subquery("money")
    charge, visit = aliased(ServiceLine), aliased(Encounter)
    counts_at = _first_end(every.c.on, ends)
    return (select(charge.from_date, counts_at, every.c.patient, func.sum(every.c.c))
            .select_from(every).join(charge, charge.id == every.c.sl)
            .join(visit, visit.id == charge.encounter_id)
            .where(visit.status != "void", charge.from_date <= last)
            .group_by(charge.from_date, counts_at, every.c.patient))


def _received_sql(ends: list[date]) -> Select:  # type: ignore[type-arg]
    """(first month-end index, cents) of every patient payment received up to the last month-end."""
    counts_at = _first_end(Payment.received_on, ends)
    return (select(counts_at, func.sum(Payment.amount_cents)).where(Payment.received_on <= ends[-1])
            .group_by(counts_at))


def month_end_totals(session: Session, ends: list[date]) -> list[MonthEnd]:
    """Each month-end of ``ends`` (ascending): the aging report's bucket totals and unapplied credit as of it."""
    charges = [(on, int(cents)) for on, cents in session.execute(_charges_sql(ends[-1])).all()]
    money = [(on, int(at), int(patient), int(cents))
             for on, at, patient, cents in session.execute(_money_sql(ends)).all()]
    received = [0] * len(ends)
    for at, cents in session.execute(_received_sql(ends)).all():
        received[int(at)] += int(cents)
    out = []
    for j, as_of in enumerate(ends):
        buckets = [0] * BUCKET_COUNT
        for on, cents in charges:
            if on <= as_of:
                buckets[bucket_of((as_of - on).days)] += cents
        applied = 0
        for on, at, patient, cents in money:
            if at <= j and on <= as_of:
                buckets[bucket_of((as_of - on).days)] -= cents
                applied += cents * patient
        out.append(MonthEnd(as_of, tuple(buckets), sum(received[:j + 1]) - applied))
    return out
