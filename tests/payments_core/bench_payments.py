"""Payments benchmark (not collected by pytest): run `python tests/payments_core/bench_payments.py`.

Builds an encrypted practice with 200,000 charges and 300,000 patient payments (plus claims and insurance
postings), then times: a 2,000-line ledger, a 50-line EOB posting, and patient_balances for a search page.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # testsupport

from sqlalchemy import insert, select
from testsupport import ADMIN_PASSWORD, FAST_KDF, PASSPHRASE, PRACTICE

from frontdesk.domain.permissions import Role
from frontdesk.first_run import create_practice
from frontdesk.models import (
    Claim,
    ClaimLine,
    Encounter,
    InsuranceLinePosting,
    InsurancePayment,
    InsurancePolicy,
    Patient,
    Payer,
    Payment,
    PaymentApplication,
    PostingAdjustment,
    Provider,
    ServiceLine,
    User,
)
from frontdesk.models.base import utcnow
from frontdesk.paths import DataPaths
from frontdesk.services import insurance_payments as ins
from frontdesk.services import ledger as ledger_service
from frontdesk.services._base import Actor, ServiceContext
from frontdesk.services._ledger_queries import patient_balances
from frontdesk.services.payment_types import ClaimPostingInput, LinePostingInput
from frontdesk.storage.engine import Database
from frontdesk.storage.store import KeySource, unlock_key

PATIENTS = 20_000
CHARGES = 200_000
PAYMENTS = 300_000
BIG_CHARGES = 500  # the 2,000-line patient: 500 charges, 500 payer payments, 500 adjustments, 500 payments


def _timed(fn, repeats: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    runs = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - started) * 1000)
    runs.sort()
    return statistics.median(runs), runs[min(len(runs) - 1, int(len(runs) * 0.95))]


def build(db) -> dict[str, int]:  # type: ignore[no-untyped-def]
    now = utcnow()
    day0 = date(2024, 1, 1)
    with db.session(write=True) as s:
        s.add_all([Provider(first_name="Ava", last_name="Carter", npi="1245319599"),
                   Payer(name="Blue Prairie Health", name_key="blue prairie health", claim_type="group_health_plan")])
        s.flush()
        s.execute(insert(Patient), [{"account_number": f"B{i:07d}", "first_name": "Pat", "last_name": f"Bench{i}",
                                         "dob": date(1970, 1, 1), "sex": "F", "last_name_key": f"bench{i}",
                                         "first_name_key": "pat", "created_at": now, "updated_at": now}
                                    for i in range(1, PATIENTS + 1)])
        s.execute(insert(InsurancePolicy), [{"patient_id": i, "payer_id": 1, "rank": 1, "member_id": f"M{i}",
                                                 "member_key": f"M{i}", "relationship": "self",
                                                 "effective_date": date(2020, 1, 1), "created_at": now, "updated_at": now}
                                            for i in range(1, PATIENTS + 1)])
        # Patient 1 is the big ledger; everyone else shares the rest of the charges.
        encounters, lines = [], []
        for n in range(1, CHARGES + 1):
            patient = 1 if n <= BIG_CHARGES else 2 + (n % (PATIENTS - 1))
            encounters.append({"id": n, "patient_id": patient, "service_date": day0 + timedelta(days=n % 900),
                                   "rendering_provider_id": 1, "status": "billed", "place_of_service": "11", "created_at": now,
                                   "updated_at": now})
            lines.append({"id": n, "encounter_id": n, "line_number": 1, "from_date": day0 + timedelta(days=n % 900),
                              "to_date": day0 + timedelta(days=n % 900), "place_of_service": "11", "code": "99213",
                              "charge_cents": 12500, "created_at": now})
        s.execute(insert(Encounter), encounters)
        s.execute(insert(ServiceLine), lines)
        s.execute(insert(Claim), [{"id": n, "encounter_id": n, "patient_id": e["patient_id"], "policy_id": e["patient_id"],
                                       "payer_id": 1, "payer_rank": 1, "status": "submitted", "total_cents": 12500,
                                       "status_at": now, "created_at": now, "updated_at": now}
                                  for n, e in enumerate(encounters, start=1)])
        s.execute(insert(ClaimLine), [{"claim_id": n, "service_line_id": n, "line_number": 1, "charge_cents": 12500}
                                      for n in range(1, CHARGES + 1)])
        s.execute(insert(InsurancePayment), [{"id": 1, "payer_id": 1, "kind": "eft", "number": "T1", "paid_on": day0,
                                                  "total_cents": 0, "status": "open", "created_at": now}])
        # Half the charges were adjudicated: paid, CO-45 and PR-2.
        s.execute(insert(InsuranceLinePosting), [{"id": n, "insurance_payment_id": 1, "claim_id": n, "service_line_id": n,
                                                      "allowed_cents": 10000, "paid_cents": 8000, "remark_codes": "",
                                                      "denied_reason": "", "created_at": now}
                                                 for n in range(1, CHARGES // 2)])
        s.execute(insert(PostingAdjustment), [{"line_posting_id": n, "service_line_id": n, "group_code": "CO",
                                                   "reason_code": "45", "amount_cents": 2500}
                                              for n in range(1, CHARGES // 2)])
        payments, applications = [], []
        for n in range(1, PAYMENTS + 1):
            patient = 1 if n <= BIG_CHARGES else 2 + (n % (PATIENTS - 1))
            payments.append({"id": n, "patient_id": patient, "kind": "payment", "method": "cash", "amount_cents": 500,
                                 "received_on": day0 + timedelta(days=n % 900), "check_number": "", "card_last4": "",
                                 "card_auth_code": "", "note": "", "reason": "", "created_at": now})
            applications.append({"payment_id": n, "service_line_id": n if n <= BIG_CHARGES else 1 + (n % CHARGES),
                                     "amount_cents": 500, "created_at": now})
        s.execute(insert(Payment), payments)
        s.execute(insert(PaymentApplication), applications)
    return {"big_patient": 1}


def main(keep: str | None = None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(keep or tmp)
        key_file = root / "bench.key"  # a throwaway benchmark practice: the raw key is kept beside it
        if keep and key_file.exists():
            db = Database(DataPaths(root / "p").database, key_file.read_bytes())
            with db.session(write=False) as s:
                admin = s.scalar(select(User).where(User.username == "admin"))
                actor = Actor(admin.id, admin.username, admin.full_name, Role(admin.role))
        else:
            result = create_practice(DataPaths(root / "p"), PRACTICE, admin_username="admin",
                                     admin_full_name="Ada Admin", admin_password=ADMIN_PASSWORD,
                                     passphrase=PASSPHRASE, kdf=FAST_KDF)
            db, actor = result.db, result.actor
            started = time.perf_counter()
            build(db)
            print(f"built {CHARGES:,} charges and {PAYMENTS:,} payments in {time.perf_counter() - started:.1f} s")
            if keep:
                key_file.write_bytes(unlock_key(DataPaths(root / "p"), KeySource(passphrase=PASSPHRASE)))
        ctx = ServiceContext(db, actor)
        led = ledger_service.ledger(ctx, patient_id=1)
        print(f"big ledger: {len(led.entries)} lines, balance {led.balance}")
        med, p95 = _timed(lambda: ledger_service.ledger(ctx, patient_id=1), 20)
        print(f"ledger ({len(led.entries)} lines): median {med:.1f} ms, p95 {p95:.1f} ms (target < 100 ms)")
        ids = list(range(2, 52))
        with db.session(write=False) as s:
            med, p95 = _timed(lambda: patient_balances(s, ids), 20)
        print(f"patient_balances (50 patients): median {med:.1f} ms, p95 {p95:.1f} ms")
        with db.session(write=True) as s:
            # 50 fresh one-line claims to post (the unposted second half of the data set).
            claim_ids = list(s.scalars(select(Claim.id).where(Claim.id > CHARGES // 2, Claim.status == "submitted")
                                      .limit(50 * 20)))
        timings = []
        for batch in range(20):
            check = ins.enter_insurance_payment(ctx, 1, kind="eft", number=f"E{batch}", paid_on=date(2026, 1, 5),
                                                total="4000.00")
            chunk = claim_ids[batch * 50:(batch + 1) * 50]
            eob = [ClaimPostingInput(cid, (LinePostingInput(cid, "100", "80", (("CO", "45", "25"), ("PR", "2", "20")),
                                                            ("N130",)),)) for cid in chunk]
            started = time.perf_counter()
            ins.post_eob(ctx, check.id, eob)  # one save: 50 claims with one line each
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        print(f"50-line EOB (post_eob, 50 claims): median {statistics.median(timings):.0f} ms, "
              f"p95 {timings[int(len(timings) * 0.95) - 1]:.0f} ms (target < 200 ms)")
        db.close()


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    main(sys.argv[1] if len(sys.argv) > 1 else None)
