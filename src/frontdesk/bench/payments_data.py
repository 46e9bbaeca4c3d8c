"""The synthetic practice's money for the benchmarks: payer postings for adjudicated claims and patient payments.

Cash and checks received before today are on daily bank deposits, as at a practice that closes its days;
without them every payment of ten years would wait for the bank and the end-of-day screen would list them all.

Every charge of a paid, partly paid or denied claim gets a line posting (allowed, paid, CO-45 and PR-2), one
payer EFT per month carries them; patients pay their part (and copays) until about ``payments_wanted`` patient
payments exist, each applied to one of their charges. Rows go in through Core ``insert`` in chunks.
"""

from __future__ import annotations

import random
import time
from datetime import date, timedelta

from sqlalchemy import Select, and_, case, func, insert, select

from frontdesk.models import (
    Claim,
    ClaimLine,
    Deposit,
    DepositItem,
    InsuranceLinePosting,
    InsurancePayment,
    Payment,
    PaymentApplication,
    PostingAdjustment,
    ServiceLine,
)
from frontdesk.models.base import utcnow
from frontdesk.storage.engine import Database

CHUNK = 20_000
ADJUDICATED = ("paid", "partly_paid", "denied")


def _count(session, model) -> int:  # type: ignore[no-untyped-def]
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _unposted() -> Select:  # type: ignore[type-arg]
    """Lines of adjudicated claims without a payer posting (the demo's own claims already have theirs)."""
    posted = select(InsuranceLinePosting.id).where(InsuranceLinePosting.claim_id == Claim.id,
                                                   InsuranceLinePosting.service_line_id == ClaimLine.service_line_id)
    return (select(Claim.id, Claim.patient_id, Claim.payer_id, Claim.status, ClaimLine.service_line_id,
                   ClaimLine.charge_cents, ServiceLine.from_date)
            .join(ClaimLine, ClaimLine.claim_id == Claim.id)
            .join(ServiceLine, ServiceLine.id == ClaimLine.service_line_id)
            .where(Claim.status.in_(ADJUDICATED), ~posted.exists()))


def _post_insurance(session, rng: random.Random) -> tuple[int, list[tuple[int, int, date, int]]]:  # type: ignore[no-untyped-def]
    """Postings for every adjudicated claim line; returns (postings, [(patient, line, date, PR cents)])."""
    rows = session.execute(_unposted().order_by(Claim.id)).all()
    now = utcnow()
    checks: dict[tuple[int, date], int] = {}
    next_check = int(session.scalar(select(func.max(InsurancePayment.id))) or 0) + 1
    next_posting = int(session.scalar(select(func.max(InsuranceLinePosting.id))) or 0) + 1
    postings: list[dict[str, object]] = []
    adjustments: list[dict[str, object]] = []
    owed: list[tuple[int, int, date, int]] = []
    totals: dict[int, int] = {}
    for claim_id, patient_id, payer_id, status, line_id, charge, dos in rows:
        paid_on = date(dos.year, dos.month, 1) + timedelta(days=40)
        key = (payer_id, paid_on)
        if key not in checks:
            checks[key] = next_check
            next_check += 1
        allowed = charge * 4 // 5
        denied = status == "denied"
        coinsurance = 0 if denied else allowed // 5
        paid = 0 if denied else allowed - coinsurance
        if status == "partly_paid" and rng.random() < 0.5:
            paid, coinsurance = paid // 2, coinsurance + paid - paid // 2
        postings.append(dict(id=next_posting, insurance_payment_id=checks[key], claim_id=claim_id,
                             service_line_id=line_id, allowed_cents=allowed, paid_cents=paid,
                             denied_reason="Not covered" if denied else "", created_at=now))
        write_off = charge - allowed if not denied else charge
        adjustments.append(dict(line_posting_id=next_posting, service_line_id=line_id, group_code="CO",
                                reason_code="45" if not denied else "96", amount_cents=write_off))
        if coinsurance:
            adjustments.append(dict(line_posting_id=next_posting, service_line_id=line_id, group_code="PR",
                                    reason_code="2", amount_cents=coinsurance))
            owed.append((patient_id, line_id, paid_on, coinsurance))
        totals[checks[key]] = totals.get(checks[key], 0) + paid
        next_posting += 1
    session.execute(insert(InsurancePayment), [
        dict(id=cid, payer_id=payer, kind="eft", number=f"EFT{cid:08d}", paid_on=on, total_cents=totals.get(cid, 0),
             status="closed", closed_at=now, created_at=now) for (payer, on), cid in checks.items()])
    for start in range(0, len(postings), CHUNK):
        session.execute(insert(InsuranceLinePosting), postings[start:start + CHUNK])
    for start in range(0, len(adjustments), CHUNK):
        session.execute(insert(PostingAdjustment), adjustments[start:start + CHUNK])
    return len(postings), owed


def ensure_payments_data(db: Database, payments_wanted: int, *, seed: int = 11) -> int:
    """Top the practice up to about ``payments_wanted`` patient payments (after the payer postings)."""
    with db.session(write=False) as session:
        have = _count(session, Payment)
        # not a bare count of postings: the demo's few hundred would make a 300,000-claim practice look posted
        posted = session.execute(_unposted().limit(1)).first() is None
    if have >= payments_wanted * 0.98 and posted:
        return have
    started = time.perf_counter()
    rng = random.Random(seed)
    now = utcnow()
    with db.session(write=True) as session:
        made_postings, owed = (0, []) if posted else _post_insurance(session, rng)
        if len(owed) < payments_wanted - have:  # copays and prepayments on other charges make up the rest
            extra = session.execute(select(ServiceLine.id, ServiceLine.from_date, Claim.patient_id)
                                    .join(ClaimLine, ClaimLine.service_line_id == ServiceLine.id)
                                    .join(Claim, Claim.id == ClaimLine.claim_id)
                                    .limit(payments_wanted - have - len(owed))).all()
            owed += [(patient, line, dos, 2500) for line, dos, patient in extra]
        next_payment = int(session.scalar(select(func.max(Payment.id))) or 0) + 1
        payments: list[dict[str, object]] = []
        applications: list[dict[str, object]] = []
        for patient_id, line_id, due_on, amount in owed[:max(0, payments_wanted - have)]:
            method = rng.choices(("cash", "check", "card"), (30, 25, 45))[0]
            payments.append(dict(id=next_payment, patient_id=patient_id, kind="payment", method=method,
                                 amount_cents=amount, received_on=due_on + timedelta(days=rng.randint(0, 30)),
                                 check_number=str(1000 + next_payment % 9000) if method == "check" else "",
                                 card_last4=f"{next_payment % 10000:04d}" if method == "card" else "",
                                 card_auth_code=f"A{next_payment % 100000:05d}" if method == "card" else "",
                                 created_at=now))
            applications.append(dict(payment_id=next_payment, service_line_id=line_id, amount_cents=amount,
                                     created_at=now))
            next_payment += 1
            if len(payments) >= CHUNK:
                session.execute(insert(Payment), payments)
                session.execute(insert(PaymentApplication), applications)
                payments.clear()
                applications.clear()
        if payments:
            session.execute(insert(Payment), payments)
            session.execute(insert(PaymentApplication), applications)
        total = _count(session, Payment)
    print(f"added {made_postings:,} payer line postings and {total - have:,} patient payments "
          f"in {time.perf_counter() - started:.1f} s")
    return total


def ensure_deposits(db: Database, today: date) -> int:
    """One deposit per day for the cash and checks received before ``today``, if none exist yet; returns items."""
    with db.session(write=False) as session:
        if _count(session, Deposit):
            return 0
    started = time.perf_counter()
    is_cash = case((Payment.method == "cash", Payment.amount_cents), else_=0)
    is_check = case((Payment.method == "check", Payment.amount_cents), else_=0)
    waiting = and_(Payment.method.in_(("cash", "check")), Payment.received_on < today)
    with db.session(write=True) as session:
        days = session.execute(select(Payment.received_on, func.sum(is_cash), func.sum(is_check),
                                      func.sum(case((Payment.method == "check", 1), else_=0)))
                               .where(waiting).group_by(Payment.received_on)).all()
        now = utcnow()
        session.execute(insert(Deposit), [dict(deposit_date=day, cash_cents=int(cash), check_cents=int(checks),
                                               check_count=int(n), total_cents=int(cash) + int(checks),
                                               note="bench", created_at=now) for day, cash, checks, n in days])
        session.execute(insert(DepositItem).from_select(
            ["deposit_id", "payment_id", "method", "amount_cents"],
            select(Deposit.id, Payment.id, Payment.method, Payment.amount_cents)
            .join(Deposit, Deposit.deposit_date == Payment.received_on).where(waiting)))
        items = _count(session, DepositItem)
    print(f"added {len(days):,} daily deposits holding {items:,} payments in {time.perf_counter() - started:.1f} s")
    return items
