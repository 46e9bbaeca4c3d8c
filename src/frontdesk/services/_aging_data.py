"""Open amounts of every charge as of a date, split into insurance and patient portions, in a few grouped queries.

Same balance model as services/_ledger_queries.py (open = charge - insurance paid - written off - patient
money applied; the insurance portion is the open amount while a claim still awaits a payer's decision on
the line), but for the whole practice at once and as of a date: charges with a date of service after the
date are left out, and so are payer postings (by the check's paid date) and patient money (by the date
received) after it. Claim statuses are today's (the database keeps no status history precise enough to
rewind), so for a past date a claim decided since then counts as decided. For today both models agree
exactly; a test holds them to it.

Speed: the per-charge arithmetic and the grouping run inside SQLite (one statement, see _OPEN_SQL), so
Python only sees one row per patient, bucket and payer; `frontdesk bench` (aging_report) times it
on 200,000 charges and 300,000 payments.
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
# into Python one by one. Each grouped subquery is materialised once and joined by service line id.
# The awaited payer of a line is the lowest-rank claim still awaiting a decision on it (SQLite returns the
# bare payer_id of the row holding MIN(payer_rank)).
_OPEN_SQL = """
WITH ins AS (
    SELECT p.service_line_id AS sl, SUM(p.paid_cents) AS c FROM insurance_line_posting p
    JOIN insurance_payment ip ON ip.id = p.insurance_payment_id WHERE ip.paid_on <= :d GROUP BY p.service_line_id),
adj AS (
    SELECT a.service_line_id AS sl, SUM(a.amount_cents) AS c FROM posting_adjustment a
    JOIN insurance_line_posting p ON p.id = a.line_posting_id
    JOIN insurance_payment ip ON ip.id = p.insurance_payment_id
    WHERE ip.paid_on <= :d AND a.group_code != 'PR' AND a.reason_code != :prior GROUP BY a.service_line_id),
app AS (
    SELECT a.service_line_id AS sl, SUM(a.amount_cents) AS c FROM payment_application a
    JOIN payment pm ON pm.id = a.payment_id WHERE pm.received_on <= :d GROUP BY a.service_line_id),
aw AS (
    SELECT cl.service_line_id AS sl, c.payer_id AS payer_id, MIN(c.payer_rank) AS payer_rank
    FROM claim_line cl JOIN claim c ON c.id = cl.claim_id
    WHERE c.status IN ({statuses}) AND NOT EXISTS (
        SELECT 1 FROM insurance_line_posting p JOIN insurance_payment ip ON ip.id = p.insurance_payment_id
        WHERE p.claim_id = c.id AND p.service_line_id = cl.service_line_id AND ip.paid_on <= :d)
    GROUP BY cl.service_line_id),
line AS (
    SELECT e.patient_id AS patient_id,
           CAST(julianday(:d) - julianday(sl.from_date) AS INTEGER) AS days,
           sl.charge_cents - COALESCE(ins.c, 0) - COALESCE(adj.c, 0) - COALESCE(app.c, 0) AS open,
           aw.payer_id AS payer_id
    FROM service_line sl JOIN encounter e ON e.id = sl.encounter_id
    LEFT JOIN ins ON ins.sl = sl.id LEFT JOIN adj ON adj.sl = sl.id LEFT JOIN app ON app.sl = sl.id
    LEFT JOIN aw ON aw.sl = sl.id
    WHERE e.status != 'void' AND sl.from_date <= :d)
SELECT patient_id,
       CASE WHEN days <= 30 THEN 0 WHEN days <= 60 THEN 1 WHEN days <= 90 THEN 2 WHEN days <= 120 THEN 3 ELSE 4 END
           AS bucket,
       CASE WHEN payer_id IS NOT NULL AND open > 0 THEN payer_id END AS awaited,
       SUM(CASE WHEN payer_id IS NOT NULL AND open > 0 THEN open ELSE 0 END) AS insurance,
       SUM(CASE WHEN payer_id IS NOT NULL AND open > 0 THEN 0 ELSE open END) AS patient
FROM line WHERE open != 0 GROUP BY patient_id, bucket, awaited
"""

_CREDIT_SQL = """
SELECT patient_id, SUM(c) FROM (
    SELECT patient_id, amount_cents AS c FROM payment WHERE received_on <= :d
    UNION ALL
    SELECT pm.patient_id, -a.amount_cents FROM payment_application a JOIN payment pm ON pm.id = a.payment_id
    JOIN service_line sl ON sl.id = a.service_line_id JOIN encounter e ON e.id = sl.encounter_id
    WHERE pm.received_on <= :d AND e.status != 'void' AND sl.from_date <= :d)
GROUP BY patient_id HAVING SUM(c) != 0
"""


def receivables(session: Session, as_of: date) -> Receivables:
    """The practice's open amounts as of a date, grouped by patient, bucket and awaited payer."""
    statuses = ", ".join(f"'{s}'" for s in AWAITING_STATUSES)  # constants, not user input
    params = {"d": as_of.isoformat(), "prior": PRIOR_PAYER_REASON}
    rows = session.execute(text(_OPEN_SQL.format(statuses=statuses)), params).all()
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
