"""The aging report and the statements agree with the ledger for a mixed practice (seeded random activity)."""

from __future__ import annotations

import json
import random
from decimal import Decimal

from sqlalchemy import select
from st_lib import Clinic, ago, set_address

from frontdesk.models import Statement
from frontdesk.services.payments import aging, payments
from frontdesk.services.payments import insurance_payments as ins
from frontdesk.services.payments import ledger as ledger_service
from frontdesk.services.payments import statements as st_service
from frontdesk.services.payments.statements import StatementFilters


def test_aging_and_statements_match_the_ledgers(biller, clinic: Clinic, tmp_path) -> None:
    rng = random.Random(7)
    patients = []
    for n in range(8):
        pid = clinic.patient(last=f"Mix{n}")
        set_address(clinic.db, pid)
        patients.append(pid)
        for _ in range(rng.randint(1, 3)):
            charges = tuple(rng.choice((2500, 4000, 12500)) for _ in range(rng.randint(1, 3)))
            claims = rng.choice(((), ("submitted",), ("submitted", "held")))
            visit = clinic.visit(pid, charges, on=ago(rng.randint(0, 200)), claims=claims)
            if claims and rng.random() < 0.6:
                line, charge = visit.line_ids[0], charges[0]
                allowed, paid = charge * 4 // 5, charge * 3 // 5
                pr = allowed - paid
                money = lambda c: f"{Decimal(c) / 100:.2f}"
                check = ins.enter_insurance_payment(biller, clinic.payer_id, kind="eft", number=f"E{line}",
                                                    paid_on=ago(0), total=money(paid))
                ins.post_claim_lines(biller, check.id, visit.claim_ids[0], [
                    (line, money(allowed), money(paid), (("CO", "45", money(charge - allowed)),
                                                         ("PR", "2", money(pr))))])
        if rng.random() < 0.5:
            payments.take_payment(biller, pid, method="cash", amount=str(rng.choice((5, 20, 300))))
    report = aging.aging_report(biller)
    rows = {r.key: r for r in report.by_account}
    assert report.totals.insurance_total > 0 and report.totals.patient_total > 0  # the mix has both portions
    for pid in patients:
        led = ledger_service.ledger(biller, patient_id=pid)
        row = rows.get(f"P{pid}")
        got = (row.total, row.insurance_total, row.patient_total) if row else (Decimal("0.00"),) * 3
        assert got == (led.balance, led.insurance_portion, led.patient_portion), pid
    batch = st_service.prepare_statement_batch(biller, tmp_path / "s.pdf", StatementFilters(
        min_balance="0.01", days_since_last=0)).batch
    with biller.db.session(write=False) as s:
        snaps = {r.patient_id: json.loads(r.snapshot)
                 for r in s.scalars(select(Statement).where(Statement.batch_id == batch.id))}
    assert snaps
    for pid, snap in snaps.items():
        led = ledger_service.ledger(biller, patient_id=pid)
        assert Decimal(snap["amount_due"]) == led.patient_portion > 0
        assert Decimal(snap["new_balance"]) == led.balance
        assert Decimal(snap["insurance_pending"]) == led.insurance_portion
    owing = {pid for pid in patients if ledger_service.ledger(biller, patient_id=pid).patient_portion > 0}
    assert set(snaps) == owing
