"""Open amounts of every charge as of a date, split into insurance and patient portions, in a few grouped queries.

Same balance model as services/payments/_ledger_queries.py (open = charge - insurance paid - written off - patient
money applied; the insurance portion is the open amount while a claim still awaits a payer's decision on
the line), but for the whole practice at once and as of a date: charges with a date of service after the
date are left out, and so are payer postings (by the check's paid date) and patient money (by the date
received) after it. Claim statuses are today's (the database keeps no status history precise enough to
rewind), so for a past date a claim decided since then counts as decided. A payer's decision on a line
is a live posting (not a reversal, not reversed); a reversal dated after the as-of date does not count yet.
For today both models agree exactly; a test holds them to it.

Speed: the per-charge arithmetic and the grouping run inside SQLite (one statement, see _OPEN_SQL), so
Python only sees one row per patient, bucket and payer; `frontdesk bench` (aging_report) times it
(issue 7: under 3 s with 200,000 charges and 300,000 payments).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from frontdesk.models import Guarantor, Patient
from frontdesk.services._ledger_queries import AWAITING_STATUSES, PRIOR_PAYER_REASON

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


# One statement does the per-charge arithmetic and the grouping inside SQLite: 200,000 charges never cross
# into Python one by one. Why it is shaped so (measured on 1.38 M charges, 1.2 M payer line postings and
# 1 M patient payments; 15.7 s -> about 5 s for the whole report):
# * The outer loop walks service_line in rowid order and looks its encounter up by primary key (CROSS JOIN
#   pins that order). Left to itself SQLite walked encounters by the patient index and fetched each
#   patient's charges through the (encounter_id, ...) index: a random page read, and a SQLCipher page
#   decryption, per charge (3-4x slower). The final grouping needs a temporary b-tree either way.
# * All money against a charge (payer paid, written off, patient money applied) is one UNION ALL summed per
#   service line ("money"): one sort and one automatic index instead of three grouped subqueries each
#   materialised and indexed on its own (25% less work).
# * {ip_join} / {adj_join} / {pm_join} are the joins that date payer postings and patient money; they are
#   left out when nothing in the database is dated after the as-of date (see receivables), which saves a
#   lookup per posting, adjustment and application.
# A payer has decided a line when a LIVE posting of the claim covers it: neither a reversal itself nor
# reversed (by a reversal dated on or before the as-of date). Sums need no such care: a reversal negates
# every amount, so paid and written-off amounts net out by themselves. The unary + in "+p.reverses_id"
# keeps SQLite off the reverses_id index there: every original posting has NULL in it, so a seek on
# "IS NULL" would walk a million index entries per claim line instead of the few postings of the line.
# The awaited payer of a line is the lowest-rank claim still awaiting a decision on it (SQLite returns the
# bare payer_id of the row holding MIN(payer_rank)).
_OPEN_SQL = """
WITH money AS (
    SELECT sl, SUM(c) AS c FROM (
        SELECT p.service_line_id AS sl, p.paid_cents AS c FROM insurance_line_posting p {ip_join}
        UNION ALL
        SELECT a.service_line_id, a.amount_cents FROM posting_adjustment a {adj_join}
        WHERE a.group_code != 'PR' AND a.reason_code != :prior
        UNION ALL
        SELECT a.service_line_id, a.amount_cents FROM payment_application a {pm_join})
    GROUP BY sl),
aw AS (
    SELECT cl.service_line_id AS sl, c.payer_id AS payer_id, MIN(c.payer_rank) AS payer_rank
    FROM claim_line cl JOIN claim c ON c.id = cl.claim_id
    WHERE c.status IN ({statuses}) AND NOT EXISTS (
        SELECT 1 FROM insurance_line_posting p {ip_join}
        WHERE p.claim_id = c.id AND p.service_line_id = cl.service_line_id AND +p.reverses_id IS NULL
          AND NOT EXISTS (SELECT 1 FROM insurance_line_posting r {rp_join} WHERE r.reverses_id = p.id))
    GROUP BY cl.service_line_id),
line AS (
    SELECT e.patient_id AS patient_id,
           CAST(julianday(:d) - julianday(sl.from_date) AS INTEGER) AS days,
           sl.charge_cents - COALESCE(money.c, 0) AS open,
           aw.payer_id AS payer_id
    FROM service_line sl CROSS JOIN encounter e ON e.id = sl.encounter_id
    LEFT JOIN money ON money.sl = sl.id LEFT JOIN aw ON aw.sl = sl.id
    WHERE e.status != 'void' AND sl.from_date <= :d)
SELECT patient_id,
       CASE WHEN days <= 30 THEN 0 WHEN days <= 60 THEN 1 WHEN days <= 90 THEN 2 WHEN days <= 120 THEN 3 ELSE 4 END
           AS bucket,
       CASE WHEN payer_id IS NOT NULL AND open > 0 THEN payer_id END AS awaited,
       SUM(CASE WHEN payer_id IS NOT NULL AND open > 0 THEN open ELSE 0 END) AS insurance,
       SUM(CASE WHEN payer_id IS NOT NULL AND open > 0 THEN 0 ELSE open END) AS patient
FROM line WHERE open != 0 GROUP BY patient_id, bucket, awaited
"""

# The joins that date money, for when something in the database is dated after the as-of date.
_DATED_JOINS = {
    "ip_join": "JOIN insurance_payment ip ON ip.id = p.insurance_payment_id AND ip.paid_on <= :d",
    "adj_join": ("JOIN insurance_line_posting p ON p.id = a.line_posting_id "
                 "JOIN insurance_payment ip ON ip.id = p.insurance_payment_id AND ip.paid_on <= :d"),
    "rp_join": "JOIN insurance_payment rp ON rp.id = r.insurance_payment_id AND rp.paid_on <= :d",
}
_DATED_PAYMENTS = "JOIN payment pm ON pm.id = a.payment_id AND pm.received_on <= :d"

_CREDIT_SQL = """
SELECT patient_id, SUM(c) FROM (
    SELECT patient_id, amount_cents AS c FROM payment WHERE received_on <= :d
    UNION ALL
    SELECT pm.patient_id, -a.amount_cents FROM payment_application a JOIN payment pm ON pm.id = a.payment_id
    JOIN service_line sl ON sl.id = a.service_line_id JOIN encounter e ON e.id = sl.encounter_id
    WHERE pm.received_on <= :d AND e.status != 'void' AND sl.from_date <= :d)
GROUP BY patient_id HAVING SUM(c) != 0
"""


def open_sql(*, postings_dated: bool, payments_dated: bool) -> str:
    """The open-amounts statement, with or without the joins that leave out money dated after :d."""
    joins = dict.fromkeys(_DATED_JOINS, "") if not postings_dated else dict(_DATED_JOINS)
    statuses = ", ".join(f"'{s}'" for s in AWAITING_STATUSES)  # constants, not user input
    return _OPEN_SQL.format(statuses=statuses, pm_join=_DATED_PAYMENTS if payments_dated else "", **joins)


def _dated_after(session: Session, column: str, table: str, as_of: date) -> bool:
    """True when some row of ``table`` is dated after ``as_of`` (a covering-index scan: ~70 ms for 1 M payments)."""
    latest = session.execute(text(f"SELECT MAX({column}) FROM {table}")).scalar()
    return latest is not None and str(latest) > as_of.isoformat()  # ISO dates compare as text


def receivables(session: Session, as_of: date) -> Receivables:
    """The practice's open amounts as of a date, grouped by patient, bucket and awaited payer."""
    # As of today nothing is usually dated later (payment dates are refused in the future), so the date
    # joins would keep every row anyway; they are dropped only when the data proves it, never assumed.
    sql = open_sql(postings_dated=_dated_after(session, "paid_on", "insurance_payment", as_of),
                   payments_dated=_dated_after(session, "received_on", "payment", as_of))
    params = {"d": as_of.isoformat(), "prior": PRIOR_PAYER_REASON}
    rows = session.execute(text(sql), params).all()
    amounts = [OpenAmount(pid, bucket, payer, int(ins), int(pat)) for pid, bucket, payer, ins, pat in rows]
    credit = {pid: int(c) for pid, c in session.execute(text(_CREDIT_SQL), params).all()}
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
