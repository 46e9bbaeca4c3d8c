"""Demo billing: claims in every state, reproducible from the seed, idempotent, and every ready claim clean."""

from __future__ import annotations

import collections
from pathlib import Path

import pytest
from sqlalchemy import func, select
from testsupport import FAST_KDF

from frontdesk.demo import DEMO_PRACTICE
from frontdesk.first_run import create_practice
from frontdesk.models import Claim, ClaimBatch, Encounter
from frontdesk.paths import DataPaths
from frontdesk.services import claims
from frontdesk.services._base import ServiceContext
from frontdesk.services.demo_billing import seed_demo_billing
from frontdesk.services.demo_data import seed_demo_patients, seed_demo_providers
from frontdesk.services.demo_fees import seed_demo_fee_schedule
from frontdesk.services.demo_insurance import seed_demo_insurance
from frontdesk.services.demo_schedule import seed_demo_schedule


def _demo(folder: Path) -> ServiceContext:
    result = create_practice(DataPaths(folder), DEMO_PRACTICE, admin_username="dana", admin_full_name="Dana Demo",
                             admin_password="Correct-Horse-Battery-9", passphrase="demo passphrase for tests",
                             kdf=FAST_KDF, is_demo=True)
    ctx = ServiceContext(result.db, result.actor)
    seed_demo_providers(ctx)
    seed_demo_patients(ctx, 400, 42)
    seed_demo_insurance(ctx)
    seed_demo_fee_schedule(ctx)
    seed_demo_schedule(ctx, years=0.5, per_provider_day=8)
    return ctx


def _snapshot(ctx: ServiceContext) -> list[tuple]:
    with ctx.db.session(write=False) as session:
        return [tuple(r) for r in session.execute(
            select(Claim.encounter_id, Claim.payer_rank, Claim.status, Claim.frequency_code, Claim.total_cents,
                   Claim.prior_paid_cents, Claim.problem_count).order_by(Claim.id))]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    ctx = _demo(tmp_path_factory.mktemp("demo_a"))
    made = seed_demo_billing(ctx, encounters=150, seed=42)
    yield ctx, made
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
    for row in claims.claim_rows(ctx, "ready", 0, 500):
        assert claims.claim_problems(ctx, row.id) == [], row.id


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
