"""Demo billing: claims in every state, reproducible from the seed, idempotent, and every ready claim clean."""

from __future__ import annotations

import collections
import json
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select
from bc_testlib import demo_without_charges
from shared_build import shared_practice_copy

from frontdesk.models import (
    Claim,
    ClaimBatch,
    ClaimLine,
    Encounter,
    InsuranceLinePosting,
    InsurancePayment,
    Payment,
    PostingAdjustment,
    Statement,
)
from frontdesk.services.payments import aging
from frontdesk.services.billing import claims
from frontdesk.services.payments import ledger as ledger_service
from frontdesk.services.payments import statements as st_service
from frontdesk.services._ledger_queries import line_states
from frontdesk.services.session import ServiceContext
from frontdesk.demo.billing import seed_demo_billing
from frontdesk.services.payments.statements import StatementFilters


def _demo(folder: Path) -> ServiceContext:
    return demo_without_charges(folder, 400, years=0.5, per_provider_day=8)


def _snapshot(ctx: ServiceContext) -> list[tuple]:
    with ctx.db.session(write=False) as session:
        return [tuple(r) for r in session.execute(
            select(Claim.encounter_id, Claim.payer_rank, Claim.status, Claim.frequency_code, Claim.total_cents,
                   Claim.prior_paid_cents, Claim.problem_count).order_by(Claim.id))]


def _billed_demo(folder: Path) -> tuple[ServiceContext, dict[str, int]]:
    ctx = _demo(folder)
    return ctx, {"made": seed_demo_billing(ctx, encounters=150, seed=42)}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """This worker's copy of the billed demo (built once for the run: shared_build.py)."""
    ctx, values = shared_practice_copy(tmp_path_factory, "bc-demo-billed", _billed_demo,
                                       tmp_path_factory.mktemp("demo_a") / "practice")
    yield ctx, values["made"]
    ctx.db.close()


def test_demo_claims_cover_every_state(demo) -> None:  # type: ignore[no-untyped-def]
    ctx, made = demo
    rows = _snapshot(ctx)
    assert made == len(rows) >= 150
    states = collections.Counter(r[2] for r in rows)
    assert set(states) == {"draft", "ready", "held", "submitted", "partly_paid", "paid", "denied", "closed"}, states
    frequencies = collections.Counter(r[3] for r in rows)
    assert frequencies["7"] >= 1 and frequencies["8"] >= 1
    assert any(r[1] == 2 and r[5] > 0 and r[2] in ("ready", "draft") for r in rows)  # a released secondary
    with ctx.db.session(write=False) as session:
        assert session.scalar(select(func.count(Encounter.id))) == 150
        assert session.scalar(select(func.count(ClaimBatch.id))) >= 2
    drafts = [cid for cid, in [(c.id,) for c in claims.claim_rows(ctx, "draft", 0, 500)]]
    problems = [p for cid in drafts for p in claims.claim_problems(ctx, cid)]
    assert any(p.box == "12" and p.target.field == "release_signed_on" for p in problems)
    for row in claims.claim_rows(ctx, "ready", 0, 500):  # a ready claim may only carry warnings (abbreviated)
        assert [p for p in claims.claim_problems(ctx, row.id) if not p.warning] == [], row.id


def test_demo_billing_is_idempotent(demo) -> None:  # type: ignore[no-untyped-def]
    ctx, _made = demo
    before = _snapshot(ctx)
    assert seed_demo_billing(ctx, encounters=150, seed=42) == 0
    assert _snapshot(ctx) == before


def test_demo_billing_is_reproducible_from_the_seed(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ctx, _made = demo
    other = _demo(tmp_path / "demo_b")
    try:
        seed_demo_billing(other, encounters=150, seed=42)
        assert _snapshot(other) == _snapshot(ctx)
    finally:
        other.db.close()


def _claim_money(session) -> dict[int, dict[str, object]]:  # type: ignore[no-untyped-def]
    """Per claim: its payer postings (count, paid), PR per line, and the claim's lines."""
    out: dict[int, dict[str, object]] = {}
    for claim_id, line_id in session.execute(select(ClaimLine.claim_id, ClaimLine.service_line_id)):
        out.setdefault(claim_id, {"lines": set(), "postings": 0, "paid": 0, "denied": 0, "pr": {}, "posted": set()})
        out[claim_id]["lines"].add(line_id)  # type: ignore[attr-defined]
    for claim_id, line_id, paid, denied in session.execute(
            select(InsuranceLinePosting.claim_id, InsuranceLinePosting.service_line_id,
                   InsuranceLinePosting.paid_cents, InsuranceLinePosting.denied_reason)):
        money = out[claim_id]
        money["postings"] += 1  # type: ignore[operator]
        money["paid"] += paid  # type: ignore[operator]
        money["denied"] += bool(denied)  # type: ignore[operator]
        money["posted"].add(line_id)  # type: ignore[attr-defined]
    for claim_id, line_id, amount in session.execute(
            select(InsuranceLinePosting.claim_id, PostingAdjustment.service_line_id, PostingAdjustment.amount_cents)
            .join(InsuranceLinePosting, InsuranceLinePosting.id == PostingAdjustment.line_posting_id)
            .where(PostingAdjustment.group_code == "PR")):
        pr = out[claim_id]["pr"]
        pr[line_id] = pr.get(line_id, 0) + amount  # type: ignore[attr-defined,union-attr]
    return out


def test_every_demo_claim_status_agrees_with_the_money(demo) -> None:  # type: ignore[no-untyped-def]
    """Issue 15 item 12: a Paid claim has payer money behind it and leaves the patient only PR (less what
    they paid); Partly paid has payer money and a line still awaited; nothing sent-but-undecided has any."""
    ctx, _made = demo
    with ctx.db.session(write=False) as session:
        money = _claim_money(session)
        claims_ = session.execute(select(Claim.id, Claim.status, Claim.payer_rank).order_by(Claim.id)).all()
        states = line_states(session, [], line_ids=[line for m in money.values() for line in m["lines"]])
        replaced = set(session.scalars(select(Claim.replaces_claim_id).where(Claim.replaces_claim_id.is_not(None))))
    seen = collections.Counter()
    for claim in claims_:
        m = money[claim.id]
        status = claim.status
        if status == "closed" and claim.id in replaced:
            status = "replaced"
        seen[status] += 1
        if status in ("draft", "ready", "held", "submitted") or (status == "replaced" and not m["postings"]):
            assert m["postings"] == 0, (claim.id, status)
            continue
        assert m["postings"] > 0, (claim.id, status)
        if status in ("paid", "closed"):
            assert m["paid"] > 0 and m["posted"] == m["lines"], claim.id
        elif status == "partly_paid":
            assert m["paid"] > 0 and m["posted"] < m["lines"], claim.id
            assert all(states[line].awaiting_insurance for line in m["lines"] - m["posted"]), claim.id
        else:  # denied, or denied then corrected by a new claim
            assert m["paid"] == 0 and m["denied"] == len(m["lines"]), claim.id
        for line in m["lines"]:
            state = states[line]
            assert state.open >= 0, (claim.id, line)
            if state.awaiting_insurance:  # a secondary (or the corrected claim) still owes its part
                assert state.patient_portion == 0, (claim.id, line)
            elif claim.payer_rank == 1:
                # The patient owes what the payer made their responsibility, less what they paid: never the charge.
                assert state.patient_portion == m["pr"].get(line, 0) - state.patient_applied, (claim.id, line)
    assert {"paid", "partly_paid", "denied", "closed", "submitted", "ready"} <= set(seen), seen
    with ctx.db.session(write=False) as session:
        assert session.scalar(select(func.count(InsurancePayment.id)).where(InsurancePayment.status == "closed")) >= 2
        assert session.scalar(select(func.count(Payment.id))) >= 1  # some patients paid their part


def test_demo_aging_statements_and_ledgers_agree(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ctx, _made = demo
    report = aging.aging_report(ctx)
    assert report.totals.insurance_total > 0 and report.totals.patient_total > 0
    for row in report.by_account:
        kind, number = row.key[0], int(row.key[1:])
        led = ledger_service.ledger(ctx, **({"guarantor_id": number} if kind == "G" else {"patient_id": number}))
        assert (row.total, row.insurance_total, row.patient_total) == (
            led.balance, led.insurance_portion, led.patient_portion), row.key
    batch = st_service.prepare_statement_batch(ctx, tmp_path / "s.pdf", StatementFilters(
        min_balance="0.01", days_since_last=0)).batch
    assert batch is not None
    try:
        with ctx.db.session(write=False) as session:
            rows = list(session.scalars(select(Statement).where(Statement.batch_id == batch.id)))
            for row in rows:
                led = ledger_service.ledger(ctx, guarantor_id=row.guarantor_id) if row.guarantor_id else \
                    ledger_service.ledger(ctx, patient_id=row.patient_id)
                snap = json.loads(row.snapshot)
                assert Decimal(snap["amount_due"]) == led.patient_portion > 0, row.id
                assert Decimal(snap["insurance_pending"]) == led.insurance_portion, row.id
    finally:
        st_service.discard_statement_batch(ctx, batch.id, "test")
