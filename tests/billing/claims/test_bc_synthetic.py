"""The synthetic billing service (services/billing/synthetic.py): demo practice only, MANAGE_PRACTICE only,
bad input refused with the field named (nothing written), one audit event per write; the demo billing
seeders built on it refuse a real practice, and the demo's 837P settings are saved once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from bc_testlib import demo_without_charges
from shared_build import shared_practice_copy
from testsupport import STAFF_PASSWORD

from frontdesk.demo.billing import seed_demo_billing, seed_demo_billing_settings
from frontdesk.domain.permissions import Role
from frontdesk.errors import ConflictError, PermissionDenied, ValidationError
from frontdesk.models import AuditEvent, Claim, ClaimBatch, Encounter
from frontdesk.services.admin import users
from frontdesk.services.billing import billing_settings, synthetic
from frontdesk.services.billing.synthetic import BilledLine, BilledVisit, ClaimSent
from frontdesk.services.payments import insurance_payments
from frontdesk.services.payments.payment_types import ClaimPostingInput, LinePostingInput
from frontdesk.services.session import Actor, ServiceContext

DEMO_DAY = date(2020, 1, 2)  # any day: these calls are refused before it is read


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServiceContext]:
    """A small demo practice with a month of checked-out visits and no charges yet: this worker's copy (built once
    for the run: shared_build.py)."""
    ctx, _ = shared_practice_copy(
        tmp_path_factory, "bc-synthetic-unbilled",
        lambda folder: (demo_without_charges(folder, 60, years=0.1, per_provider_day=6), {}),
        tmp_path_factory.mktemp("synthetic") / "practice")
    yield ctx
    ctx.db.close()


def _insured(ctx: ServiceContext) -> list[synthetic.VisitToBill]:
    """The visits still to bill whose patient had an active payer that day."""
    found = [v for v in synthetic.visits_to_bill(ctx, 150).visits if v.primary and v.primary.payer_active]
    assert len(found) >= 10
    return found


def _visit(appointment_id: int, code: str = "99213", **line: object) -> BilledVisit:
    return BilledVisit(appointment_id, ("I10", "E119"), (BilledLine(code, **{"points_at": ("I10",), **line}),))


def _audit_count(ctx: ServiceContext) -> int:
    with ctx.db.session(write=False) as session:
        return int(session.scalar(select(func.count(AuditEvent.seq))) or 0)


def test_only_a_demo_practice_gets_synthetic_billing(admin_ctx: ServiceContext) -> None:
    for call in (lambda: synthetic.visits_to_bill(admin_ctx),
                 lambda: synthetic.add_billed_visits(admin_ctx, [_visit(1)]),
                 lambda: synthetic.mark_claims_sent(admin_ctx, [ClaimSent(1, DEMO_DAY, "paper")]),
                 lambda: synthetic.patient_shares(admin_ctx, [1])):
        with pytest.raises(ConflictError, match="demo practice"):
            call()



def test_a_role_without_manage_practice_is_refused(demo: ServiceContext) -> None:
    info = users.add_user(demo, "bella", "Bella Biller", Role.BILLING, STAFF_PASSWORD)
    biller = ServiceContext(demo.db, Actor(info.id, info.username, info.full_name, info.role))
    for call in (lambda: synthetic.visits_to_bill(biller),
                 lambda: synthetic.add_billed_visits(biller, [_visit(1)]),
                 lambda: synthetic.mark_claims_sent(biller, [ClaimSent(1, DEMO_DAY, "paper")]),
                 lambda: synthetic.patient_shares(biller, [1])):
        with pytest.raises(PermissionDenied, match="Billing"):
            call()


@pytest.mark.parametrize("visits, field", [
    ([], "visits"),
    ([BilledVisit(0, ("I10",), (BilledLine("99213", points_at=("I10",)),))], "visits[0].appointment_id"),
    ("VISIT", "visits"),
])
def test_a_wrong_list_of_visits_names_the_field(demo: ServiceContext, visits: object, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        synthetic.add_billed_visits(demo, visits)  # type: ignore[arg-type]
    assert caught.value.field == field


@pytest.mark.parametrize("visit, field", [
    (lambda a: _visit(a, code="XYZ99"), "visits[1].lines[0].code"),
    (lambda a: _visit(a, units=0), "visits[1].lines[0].units"),
    (lambda a: _visit(a, points_at=("J069",)), "visits[1].lines[0].points_at"),
    (lambda a: _visit(a, modifiers="25 XYZ"), "visits[1].lines[0].modifiers"),
    (lambda a: BilledVisit(a, ("I10",), (BilledLine("99213", points_at=("I10",)),), "1"), "visits[1].place_of_service"),
    (lambda a: BilledVisit(a, ("I10", "I10"), (BilledLine("99213", points_at=("I10",)),)), "visits[1].diagnoses"),
    (lambda a: BilledVisit(a, ("I10",), ()), "visits[1].lines"),
])
def test_a_wrong_visit_names_its_field_and_nothing_is_written(  # type: ignore[no-untyped-def]
        demo: ServiceContext, visit, field: str) -> None:
    first, second = _insured(demo)[:2]
    before = _audit_count(demo)
    with pytest.raises(ValidationError) as caught:
        synthetic.add_billed_visits(demo, [_visit(first.appointment_id), visit(second.appointment_id)])
    assert caught.value.field == field
    assert _audit_count(demo) == before
    with demo.db.session(write=False) as session:  # the good first visit went with the bad second one
        assert session.scalar(select(Encounter.id).where(Encounter.appointment_id == first.appointment_id)) is None


def test_wrong_sends_and_reads_name_the_field(demo: ServiceContext) -> None:
    found = synthetic.visits_to_bill(demo, 150)
    visit = _insured(demo)[0]
    [billed] = synthetic.add_billed_visits(demo, [_visit(visit.appointment_id)])
    claim = billed.primary_claim_id
    for sends, field in (([], "sends"), ([ClaimSent(999_999, found.today, "paper")], "sends[0].claim_id"),
                         ([ClaimSent(claim, found.today, "fax")], "sends[0].via"),
                         ([ClaimSent(claim, found.today + timedelta(days=1), "paper")], "sends[0].on"),
                         ([ClaimSent(claim, visit.service_date - timedelta(days=1), "paper")], "sends[0].on"),
                         ([ClaimSent(claim, found.today, "paper")] * 2, "sends")):
        with pytest.raises(ValidationError) as caught:
            synthetic.mark_claims_sent(demo, sends)
        assert caught.value.field == field, sends
    for days in (0, True, "30"):
        with pytest.raises(ValidationError) as caught:
            synthetic.visits_to_bill(demo, days)  # type: ignore[arg-type]
        assert caught.value.field == "days"
    with pytest.raises(ValidationError) as caught:
        synthetic.patient_shares(demo, ["1"])  # type: ignore[list-item]
    assert caught.value.field == "claim_ids"


def test_each_write_is_one_audit_event_and_the_claims_go_where_asked(demo: ServiceContext) -> None:
    insured = _insured(demo)
    # Two visits with only a primary policy and one with a secondary too (its claim is held).
    visits = [v for v in insured if v.secondary is None][:2] + [v for v in insured if v.secondary is not None][:1]
    assert len(visits) == 3
    before = _audit_count(demo)
    billed = synthetic.add_billed_visits(demo, [_visit(v.appointment_id) for v in visits])
    assert _audit_count(demo) == before + 1
    assert [b.appointment_id for b in billed] == [v.appointment_id for v in visits]
    assert {b.primary_status for b in billed} == {"ready"}
    for visit, claims in zip(visits, billed, strict=True):  # a held secondary exactly when one is in effect
        assert (claims.secondary_claim_id is not None) == (visit.secondary is not None)
        assert [line.code for line in claims.lines] == ["99213"] and claims.lines[0].charge_cents > 0
    remaining = {v.appointment_id for v in synthetic.visits_to_bill(demo, 150).visits}
    assert not remaining & {v.appointment_id for v in visits}  # charged visits are no longer to bill

    sent_on = max(v.service_date for v in visits)
    sent = synthetic.mark_claims_sent(demo, [ClaimSent(b.primary_claim_id, sent_on, "paper") for b in billed])
    assert _audit_count(demo) == before + 2
    assert {s.status for s in sent} == {"submitted"} and len({s.batch_id for s in sent}) == 1
    with demo.db.session(write=False) as session:
        batch = session.get(ClaimBatch, sent[0].batch_id)
        assert batch is not None and batch.claim_count == 3 and batch.kind == "paper"
        assert set(session.scalars(select(Claim.submitted_on).where(
            Claim.id.in_([b.primary_claim_id for b in billed])))) == {sent_on}
        actions = [a for a, in session.execute(select(AuditEvent.action).order_by(AuditEvent.seq.desc()).limit(2))]
    assert actions == ["demo.billing", "demo.billing"]

    # The payer leaves the first patient (no secondary) $20.00 of coinsurance: what patient_shares reports.
    first = billed[0]
    charge = first.lines[0].charge_cents
    payer_id = visits[0].primary.payer_id  # type: ignore[union-attr]
    check = insurance_payments.enter_insurance_payment(demo, payer_id, kind="check", number="123456",
                                                       paid_on=sent_on, total=f"{(charge - 2000) / 100:.2f}")
    insurance_payments.post_eob(demo, check.id, [ClaimPostingInput(first.primary_claim_id, (LinePostingInput(
        first.lines[0].service_line_id, f"{charge / 100:.2f}", f"{(charge - 2000) / 100:.2f}",
        (("PR", "2", "20.00"),)),))])
    shares = synthetic.patient_shares(demo, [b.primary_claim_id for b in billed])
    assert [(s.claim_id, s.patient_id, s.service_line_id, s.owed_cents) for s in shares] == [
        (first.primary_claim_id, visits[0].patient_id, first.lines[0].service_line_id, 2000)]


def test_the_demo_billing_seeders_refuse_a_real_practice(admin_ctx: ServiceContext) -> None:
    for seeder in (seed_demo_billing, seed_demo_billing_settings):
        with pytest.raises(ConflictError, match="demo practice"):
            seeder(admin_ctx)
    assert billing_settings.get_billing_settings(admin_ctx) == billing_settings.BillingSettingsInfo()


def test_the_demo_billing_settings_are_saved_once(demo: ServiceContext) -> None:
    seed_demo_billing_settings(demo)
    saved = billing_settings.get_billing_settings(demo)
    assert saved.complete and saved.usage_indicator == "T" and saved.receiver_id == "DEMOCLEAR"
    before = _audit_count(demo)
    seed_demo_billing_settings(demo)
    assert _audit_count(demo) == before and billing_settings.get_billing_settings(demo) == saved
