"""Property: any sequence of charges, payments, postings, reversals and refunds keeps the balance model whole."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from pay_lib import Clinic

from frontdesk.domain.money import from_cents, to_cents
from frontdesk.errors import FrontDeskError
from frontdesk.services.payments import insurance_corrections as fix
from frontdesk.services.payments import insurance_payments as ins
from frontdesk.services.payments import ledger as ledger_service
from frontdesk.services.payments import payments
from frontdesk.services._ledger_queries import patient_balances

pytestmark = pytest.mark.usefixtures("frozen_clock")  # fixed dates: a fixed practice clock

cents = st.integers(min_value=1, max_value=50_000)
step = st.one_of(
    st.tuples(st.just("charge"), cents, st.booleans()),  # with a submitted claim or self-pay
    st.tuples(st.just("pay"), cents, st.sampled_from(["oldest", "credit", "first"])),
    st.tuples(st.just("post"), st.integers(0, 20), cents, cents, cents),  # line index, paid, CO, PR
    st.tuples(st.just("reverse"), st.integers(0, 20)),
    st.tuples(st.just("unpost"), st.integers(0, 20)),  # reverse a claim's payer postings
    st.tuples(st.just("refund"), cents),
    st.tuples(st.just("apply"), st.integers(0, 20)),
)


def _money(c: int) -> str:
    return f"{from_cents(c)}"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(step, min_size=1, max_size=12))
def test_balance_equals_charges_minus_payments_minus_adjustments(billing_ctx, clinic: Clinic, steps) -> None:
    pid = clinic.patient()
    lines: list[tuple[int, int | None]] = []  # (service line id, claim id)
    entries: list[int] = []  # payment entry ids
    expected = 0  # cents: charges - insurance paid - written off - patient money
    seen: set[str] = set()
    standing: dict[int, int] = {}  # claim id -> paid + CO of its standing postings on the check (cents)
    check = ins.enter_insurance_payment(billing_ctx, clinic.payer_id, kind="eft", number="T1",
                                        paid_on=date(2026, 11, 1), total="99999999")
    for action in steps:
        try:
            if action[0] == "charge":
                visit = clinic.visit(pid, (action[1],), claims=("submitted",) if action[2] else ())
                lines.append((visit.line_ids[0], visit.claim_ids[0] if visit.claim_ids else None))
                expected += action[1]
            elif action[0] == "pay":
                apply_to = {"oldest": None, "credit": [], "first": [lines[0][0]] if lines else []}[action[2]]
                info = payments.take_payment(billing_ctx, pid, method="cash", amount=_money(action[1]),
                                             apply_to=apply_to)
                entries.append(info.id)
                expected -= action[1]
            elif action[0] == "post" and lines:
                line_id, claim_id = lines[action[1] % len(lines)]
                if claim_id is not None:
                    paid, co, pr = action[2], action[3], action[4]
                    ins.post_claim_lines(billing_ctx, check.id, claim_id, [
                        (line_id, _money(paid + pr), _money(paid), (("CO", "45", _money(co)), ("PR", "1", _money(pr))))])
                    expected -= paid + co
                    standing[claim_id] = standing.get(claim_id, 0) + paid + co
            elif action[0] == "unpost" and lines:
                claim_id = lines[action[1] % len(lines)][1]
                if claim_id is not None:
                    fix.reverse_claim_posting(billing_ctx, check.id, claim_id, "property test")
                    expected += standing.pop(claim_id)
            elif action[0] == "reverse" and entries:
                target = payments.get_payment(billing_ctx, entries[action[1] % len(entries)])
                rev = payments.reverse_payment(billing_ctx, target.id, "property test")
                entries.append(rev.id)
                expected -= to_cents(rev.amount)  # money received goes down (or up, for a refund)
            elif action[0] == "refund":
                info = payments.refund_credit(billing_ctx, pid, _money(action[1]), "cash", "property test")
                entries.append(info.id)
                expected += action[1]
            elif action[0] == "apply" and entries:
                payments.apply_credit(billing_ctx, entries[action[1] % len(entries)], None)
            event(f"{action[0]} done")
        except FrontDeskError:
            event(f"{action[0]} refused")  # refused input changes nothing (checked by the invariants below)
        led = ledger_service.ledger(billing_ctx, patient_id=pid)
        assert led.balance == from_cents(expected)
        assert led.closing_balance == led.balance
        assert led.insurance_portion + led.patient_portion == led.balance
        assert led.insurance_portion >= 0
        assert led.charges - led.payments - led.insurance_payments - led.adjustments + led.refunds == led.balance
        refs = {e.ref for e in led.entries}
        assert seen <= refs, "a posted entry disappeared"
        seen = refs
        with billing_ctx.db.session(write=False) as s:
            assert patient_balances(s, [pid]) == {pid: Decimal(led.balance)}
