"""Open amounts of every charge as of a date, split into insurance and patient portions, in a few grouped queries.

Same balance model as services/payments/_ledger_queries.py (open = charge - insurance paid - written off - patient
money applied; the insurance portion is the open amount while a claim still awaits a payer's decision on
the line), but for the whole practice at once and as of a date: charges with a date of service after the
date are left out, and so are payer postings (by the check's paid date) and patient money (by the date
received) after it. Claim statuses are today's (the database keeps no status history precise enough to
rewind), so for a past date a claim decided since then counts as decided. A payer's decision on a line
is a live posting (not a reversal, not reversed); a reversal dated after the as-of date does not count yet.
For today both models agree exactly; a test holds them to it.

Speed: the per-charge arithmetic and the grouping run inside the database (one statement, see open_sql), so
Python only sees one row per patient, bucket and payer; `frontdesk bench` (aging_report) times it
(issue 7: under 3 s with 200,000 charges and 300,000 payments).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, Date, Select, and_, bindparam, case, func, literal, select, table, union_all
from sqlalchemy import column as column_
from sqlalchemy.orm import Session, aliased

from frontdesk.models import (
    Claim,
    ClaimLine,
    Encounter,
    Guarantor,
    InsuranceLinePosting,
    InsurancePayment,
    Patient,
    Payment,
    PaymentApplication,
    PostingAdjustment,
    ServiceLine,
)
from frontdesk.services._ledger_queries import AWAITING_STATUSES, PRIOR_PAYER_REASON
from frontdesk.storage.dialect_sql import days_between, no_index

BUCKET_LABELS = ("0-30", "31-60", "61-90", "91-120", "Over 120")
BUCKET_COUNT = len(BUCKET_LABELS)


def bucket_of(days: int) -> int:
    """Bucket index of an age in days: 0-30 -> 0, 31-60 -> 1, 61-90 -> 2, 91-120 -> 3, over 120 -> 4."""
    if days <= 30:
        return 0
    if days <= 60:
        return 1
    if days <= 90:
        return 2
    if days <= 120:
        return 3
    return 4


@dataclass(slots=True)
class OpenAmount:
    """Open money of one patient in one bucket (cents); ``payer_id`` is the payer awaited for ``insurance``."""

    patient_id: int
    bucket: int
    payer_id: int | None
    insurance: int
    patient: int


@dataclass
class Receivables:
    """Open amounts grouped by patient, bucket and awaited payer, and every patient's unapplied credit (cents)."""

    as_of: date
    amounts: list[OpenAmount]
    credit: dict[int, int]  # patient id -> money received and not applied (only non-zero entries)


# One statement does the per-charge arithmetic and the grouping inside the database: 200,000 charges never
# cross into Python one by one. It is built from SQLAlchemy constructs and runs unchanged on SQLite and
# PostgreSQL; the two spots where the engines differ (whole days between dates, a planner hint) are
# storage/dialect_sql.py constructs. Why it is shaped so (measured on SQLite with 1.38 M charges, 1.2 M payer
# line postings and 1 M patient payments; 15.7 s -> about 5 s for the whole report):
# * The outer loop walks service_line and looks its encounter up by primary key: the join's
#   ``no_index(service_line.encounter_id)`` keeps SQLite off the (encounter_id, ...) index. Left to itself
#   SQLite walked encounters by the patient index and fetched each patient's charges through that index: a
#   random page read, and a SQLCipher page decryption, per charge (3-4x slower). The final grouping needs a
#   temporary b-tree either way.
# * All money against a charge (payer paid, written off, patient money applied) is one UNION ALL summed per
#   service line ("money"): one sort and one automatic index instead of three grouped subqueries each
#   materialised and indexed on its own (25% less work).
# * The joins that date payer postings and patient money are left out when nothing in the database is dated
#   after the as-of date (see receivables), which saves a lookup per posting, adjustment and application.
# A payer has decided a line when a LIVE posting of the claim covers it: neither a reversal itself nor
# reversed (by a reversal dated on or before the as-of date). Sums need no such care: a reversal negates
# every amount, so paid and written-off amounts net out by themselves. ``no_index(reverses_id)`` keeps SQLite
# off the reverses_id index there: every original posting has NULL in it, so a seek on "IS NULL" would walk
# a million index entries per claim line instead of the few postings of the line.
# The awaited payer of a line is the lowest-rank claim still awaiting a decision on it (the first row of the
# line by payer rank, then claim id: a window function both engines have).


def _paid_by(query: Select, posting, as_of: ColumnElement[date]) -> Select:  # type: ignore[no-untyped-def,type-arg]
    """``query`` (over an insurance_line_posting alias) keeping only postings of checks paid by ``as_of``."""
    check = aliased(InsurancePayment)
    return query.join(check, and_(check.id == posting.insurance_payment_id, check.paid_on <= as_of))


@functools.cache  # built once per variant (building it costs more than running it on a small practice)
def open_sql(*, postings_dated: bool, payments_dated: bool) -> Select:  # type: ignore[type-arg]
    """The open-amounts statement as of the ``as_of`` parameter, with or without the joins that leave out money
    dated later: rows of (patient id, bucket, awaited payer id or None, insurance cents, patient cents)."""
    d = bindparam("as_of", type_=Date())
    posting = aliased(InsuranceLinePosting)
    paid = select(posting.service_line_id.label("sl"), posting.paid_cents.label("c"))
    adjustment = aliased(PostingAdjustment)
    adjusted = select(adjustment.service_line_id, adjustment.amount_cents).where(
        adjustment.group_code != "PR", adjustment.reason_code != PRIOR_PAYER_REASON)
    if postings_dated:
        paid = _paid_by(paid, posting, d)
        by = aliased(InsuranceLinePosting)
        adjusted = _paid_by(adjusted.join(by, by.id == adjustment.line_posting_id), by, d)
    application = aliased(PaymentApplication)
    applied = select(application.service_line_id, application.amount_cents)
    if payments_dated:
        received = aliased(Payment)
        applied = applied.join(received, and_(received.id == application.payment_id, received.received_on <= d))
    every = union_all(paid, adjusted, applied).subquery("u")
    money = select(every.c.sl, func.sum(every.c.c).label("c")).group_by(every.c.sl).cte("money")

    line_, claim = aliased(ClaimLine), aliased(Claim)
    live, reversal = aliased(InsuranceLinePosting), aliased(InsuranceLinePosting)
    reversed_ = select(literal(1)).select_from(reversal).where(reversal.reverses_id == live.id)
    decided = select(literal(1)).select_from(live).where(
        live.claim_id == claim.id, live.service_line_id == line_.service_line_id,
        no_index(live.reverses_id).is_(None))
    if postings_dated:
        reversed_, decided = _paid_by(reversed_, reversal, d), _paid_by(decided, live, d)
    decided = decided.where(~reversed_.exists())
    first = func.row_number().over(partition_by=line_.service_line_id, order_by=(claim.payer_rank, claim.id))
    awaiting = (select(line_.service_line_id.label("sl"), claim.payer_id.label("payer_id"), first.label("n"))
                .join(claim, claim.id == line_.claim_id)
                .where(claim.status.in_(AWAITING_STATUSES), ~decided.exists()).subquery("awaiting"))
    aw = select(awaiting.c.sl, awaiting.c.payer_id).where(awaiting.c.n == 1).cte("aw")

    charge, visit = aliased(ServiceLine), aliased(Encounter)
    days = days_between(d, charge.from_date)
    open_ = charge.charge_cents - func.coalesce(money.c.c, 0)
    bucket = case((days <= 30, 0), (days <= 60, 1), (days <= 90, 2), (days <= 120, 3), else_=4)
    line = (select(visit.patient_id.label("patient_id"), bucket.label("bucket"),
                   case((and_(aw.c.payer_id.is_not(None), open_ > 0), aw.c.payer_id)).label("awaited"),
                   open_.label("amount"))
            .select_from(charge).join(visit, visit.id == no_index(charge.encounter_id))
            .outerjoin(money, money.c.sl == charge.id).outerjoin(aw, aw.c.sl == charge.id)
            .where(visit.status != "void", charge.from_date <= d).cte("line"))
    insured = line.c.awaited.is_not(None)
    return (select(line.c.patient_id, line.c.bucket, line.c.awaited,
                   func.sum(case((insured, line.c.amount), else_=0)).label("insurance"),
                   func.sum(case((insured, 0), else_=line.c.amount)).label("patient"))
            .where(line.c.amount != 0).group_by(line.c.patient_id, line.c.bucket, line.c.awaited))


@functools.cache
def _credit_sql() -> Select:  # type: ignore[type-arg]
    """(patient id, money received by ``as_of`` and not applied to a charge dated by then), non-zero only."""
    d = bindparam("as_of", type_=Date())
    application, received = aliased(PaymentApplication), aliased(Payment)
    charge, visit = aliased(ServiceLine), aliased(Encounter)
    every = union_all(
        select(Payment.patient_id.label("patient_id"), Payment.amount_cents.label("c"))
        .where(Payment.received_on <= d),
        select(received.patient_id, -application.amount_cents)
        .select_from(application).join(received, received.id == application.payment_id)
        .join(charge, charge.id == application.service_line_id).join(visit, visit.id == charge.encounter_id)
        .where(received.received_on <= d, visit.status != "void", charge.from_date <= d)).subquery("u")
    total = func.sum(every.c.c)
    return select(every.c.patient_id, total).group_by(every.c.patient_id).having(total != 0)


def _dated_after(session: Session, column: str, table_name: str, as_of: date) -> bool:
    """True when some row of ``table_name`` is dated after ``as_of`` (a covering-index scan: ~70 ms for 1 M
    payments)."""
    dated = column_(column, Date())
    latest = session.execute(select(func.max(dated)).select_from(table(table_name, dated))).scalar()
    return latest is not None and latest > as_of


def receivables(session: Session, as_of: date) -> Receivables:
    """The practice's open amounts as of a date, grouped by patient, bucket and awaited payer."""
    # As of today nothing is usually dated later (payment dates are refused in the future), so the date
    # joins would keep every row anyway; they are dropped only when the data proves it, never assumed.
    query = open_sql(postings_dated=_dated_after(session, "paid_on", "insurance_payment", as_of),
                     payments_dated=_dated_after(session, "received_on", "payment", as_of))
    rows = session.execute(query, {"as_of": as_of}).all()
    amounts = [OpenAmount(pid, bucket, payer, int(ins), int(pat)) for pid, bucket, payer, ins, pat in rows]
    credit = {pid: int(c) for pid, c in session.execute(_credit_sql(), {"as_of": as_of}).all()}
    return Receivables(as_of, amounts, credit)


@dataclass(frozen=True)
class Account:
    """Who gets the bill: a guarantor row, or a patient answering for themself (no guarantor row)."""

    guarantor_id: int | None
    patient_id: int | None

    @property
    def key(self) -> str:
        return f"G{self.guarantor_id}" if self.guarantor_id is not None else f"P{self.patient_id}"


def accounts_of(session: Session, patient_ids: set[int]) -> dict[int, Account]:
    """Patient id -> the account that answers for them (the same rule as the guarantor ledger)."""
    rows = session.execute(select(Patient.id, Patient.guarantor_id)).all() if len(patient_ids) > 500 else \
        session.execute(select(Patient.id, Patient.guarantor_id).where(Patient.id.in_(list(patient_ids)))).all()
    own_row = dict(session.execute(select(Guarantor.patient_id, Guarantor.id)
                                   .where(Guarantor.patient_id.is_not(None))).all())
    out: dict[int, Account] = {}
    for patient_id, guarantor_id in rows:
        if patient_id not in patient_ids:
            continue
        if guarantor_id is None and patient_id in own_row:
            guarantor_id = own_row[patient_id]
        out[patient_id] = Account(guarantor_id, None if guarantor_id is not None else patient_id)
    return out
