"""A full claim life cycle through the services: encounter, diagnoses, lines, claims, submit, correct, void."""

from __future__ import annotations

from datetime import date

import pytest
from bc_testlib import DOS, TODAY, BillingClinic, child_policy, header, line

from frontdesk.errors import ConflictError
from frontdesk.models import Claim, ClaimBatch
from frontdesk.services.admin import audit
from frontdesk.services.billing import claims, encounters
from frontdesk.services.patients import insurance
from frontdesk.services.billing.claim_states import change_status, release_secondary, submit


def _submit(clinic: BillingClinic, claim_id: int, via: str = "paper") -> None:
    """What the lead's print/export service does: a batch, then claim_states.submit in one transaction."""
    with clinic.biller.db.session(write=True) as session:
        batch = ClaimBatch(kind=via)
        session.add(batch)
        session.flush()
        submit(session, session.get(Claim, claim_id), via=via, batch_id=batch.id, on_date=TODAY,
               user_id=clinic.biller.actor.user_id)


def _encounter(clinic: BillingClinic) -> int:
    enc = encounters.create_encounter(clinic.biller, clinic.patient_id, header(rendering_provider_id=clinic.provider_id))
    encounters.set_diagnoses(clinic.biller, enc.id, ["J06.9", "r509"])
    encounters.add_service_line(clinic.biller, enc.id, line("99213", modifiers=("25",), pointers="AB"))
    detail = encounters.add_service_line(clinic.biller, enc.id, line("J1100", units="4", pointers="A"))
    assert [ln.charge_cents for ln in detail.lines] == [12500, 4 * 337]
    assert detail.total_cents == 12500 + 1348
    assert [d.display_code for d in detail.diagnoses] == ["J06.9", "R50.9"]
    return enc.id


def test_full_life_cycle(clinic: BillingClinic) -> None:
    enc_id = _encounter(clinic)
    [row] = claims.create_claims(clinic.biller, enc_id)
    assert row.status == "ready", claims.claim_problems(clinic.biller, row.id)
    assert row.total_cents == 13848 and row.problem_count == 0 and row.payer_name == "Blue Prairie Health"
    assert encounters.get_encounter(clinic.biller, enc_id).status == "billed"
    with pytest.raises(ConflictError):
        claims.create_claims(clinic.biller, enc_id)  # open claims already

    [form] = claims.claim_forms(clinic.biller, [row.id])
    assert form.patient_control_number.endswith(f"C{row.id}") and form.patient_control_number.isalnum()
    assert form.relationship == "child" and form.insured.name.first == "John"
    assert form.insured_id == "XJH123456789" and form.diagnoses == ("J069", "R509")
    assert form.total_cents == 13848 and form.federal_tax_id == "123456789"
    assert form.billing.npi == "1234567893" and form.rendering.npi == "1245319599"
    assert form.other_coverage is None and form.signature_date == TODAY

    _submit(clinic, row.id)
    detail = encounters.get_encounter(clinic.biller, enc_id)
    assert detail.locked and detail.claims[0].status == "submitted" and detail.claims[0].submitted_on == TODAY
    with pytest.raises(ConflictError, match="corrected claim"):
        encounters.add_service_line(clinic.biller, enc_id, line("90471"))
    with pytest.raises(ConflictError):
        encounters.void_encounter(clinic.biller, enc_id, "wrong patient")

    denied = claims.set_claim_status(clinic.biller, row.id, "denied", "CO-16 missing info")
    assert denied.status == "denied"
    fixed = claims.correct_claim(clinic.biller, row.id, "PX-778812")
    assert fixed.frequency_code == "7" and fixed.status == "ready"
    assert claims.get_claim(clinic.biller, row.id).row.status == "closed"
    assert not encounters.get_encounter(clinic.biller, enc_id).locked  # unlocked for the replacement
    detail = encounters.add_service_line(clinic.biller, enc_id, line("90471", pointers="A"))
    replacement = next(c for c in detail.claims if c.id == fixed.id)
    assert replacement.total_cents == 13848 + 2500  # re-snapshotted in the same transaction
    [form] = claims.claim_forms(clinic.biller, [fixed.id])
    assert form.frequency_code == "7" and form.original_reference == "PX-778812"

    _submit(clinic, fixed.id, "x12_837p")
    assert encounters.get_encounter(clinic.biller, enc_id).locked
    void = claims.void_claim(clinic.biller, fixed.id, "PX-778813")
    assert void.frequency_code == "8" and void.status == "ready" and void.total_cents == 16348
    assert claims.get_claim(clinic.biller, fixed.id).row.status == "closed"
    _submit(clinic, void.id)
    closed = claims.set_claim_status(clinic.biller, void.id, "closed", "void acknowledged")
    assert closed.status == "closed"
    events = claims.get_claim(clinic.biller, fixed.id).events
    assert [e.to_status for e in events] == ["draft", "ready", "submitted", "closed"]
    assert events[-1].username == "ben" and "Voided by claim" in events[-1].note
    rows = audit.list_events(clinic.admin, audit.AuditFilter(patient_id=clinic.patient_id))
    actions = {r.action for r in rows}
    assert {"claim.create", "claim.correct", "claim.void", "claim.denied", "claim.closed", "encounter.create",
            "encounter.diagnoses", "encounter.line_add"} <= actions
    # Audit rows carry ids only: no names, codes or amounts in their details.
    assert all("O'Brien" not in r.detail and "J06" not in r.detail for r in rows)


def test_secondary_is_held_then_released_with_the_primary_payment(clinic: BillingClinic) -> None:
    insurance.add_policy(clinic.admin, clinic.patient_id, child_policy(clinic.medigap_id, rank=2))
    enc_id = _encounter(clinic)
    primary, secondary = claims.create_claims(clinic.biller, enc_id)
    assert (primary.payer_rank, primary.status) == (1, "ready")
    assert (secondary.payer_rank, secondary.status, secondary.payer_name) == (2, "held", "Heartland Medigap")
    [form] = claims.claim_forms(clinic.biller, [primary.id])
    assert form.other_coverage is not None and form.other_coverage.payer_name == "Heartland Medigap"
    _submit(clinic, primary.id)
    with pytest.raises(ConflictError):
        _submit(clinic, secondary.id)  # held is not ready
    detail = encounters.get_encounter(clinic.biller, enc_id)
    paid = {detail.lines[0].id: 8000, detail.lines[1].id: 1000}
    with clinic.biller.db.session(write=True) as session:
        primary_claim = session.get(Claim, primary.id)
        change_status(session, primary_claim, "paid", user_id=clinic.biller.actor.user_id, note="EOB")
        released = release_secondary(session, primary_claim, paid, user_id=clinic.biller.actor.user_id)
        assert [c.id for c in released] == [secondary.id]
    row = claims.get_claim(clinic.biller, secondary.id)
    assert row.row.status == "ready" and row.prior_paid_cents == 9000
    [form] = claims.claim_forms(clinic.biller, [secondary.id])
    assert form.amount_paid_cents == 9000 and [ln.prior_paid_cents for ln in form.lines] == [8000, 1000]
    assert form.other_coverage is not None and form.other_coverage.payer_name == "Blue Prairie Health"
    assert form.other_coverage.paid_cents == 9000 and form.payer_rank == 2
    assert form.other_coverage.claim_type == "group_health_plan" and form.other_coverage.paid_date is not None
    claims.set_claim_status(clinic.biller, primary.id, "closed", "balance to secondary")  # paid -> closed
    [form] = claims.claim_forms(clinic.biller, [secondary.id])
    assert form.other_coverage is not None and form.other_coverage.member_id == "XJH123456789"


def test_editing_the_encounter_rescrubs_its_unsent_claims(clinic: BillingClinic) -> None:
    enc_id = _encounter(clinic)
    [row] = claims.create_claims(clinic.biller, enc_id)
    assert row.status == "ready"
    moved = encounters.update_encounter(clinic.biller, enc_id, header(service_date=date(2025, 12, 15),
                                                                      rendering_provider_id=clinic.provider_id))
    assert {ln.from_date for ln in moved.lines} == {date(2025, 12, 15)}  # lines followed the date of service
    assert moved.claims[0].status == "draft" and moved.claims[0].problem_count >= 1
    [problem] = claims.claim_problems(clinic.biller, row.id)
    assert (problem.box, problem.target.kind, problem.target.field) == ("11", "policy", "effective_date")
    back = encounters.update_encounter(clinic.biller, enc_id, header(rendering_provider_id=clinic.provider_id))
    assert back.claims[0].status == "ready" and back.claims[0].problem_count == 0
    removed = encounters.remove_service_line(clinic.biller, back.lines[0].id)
    assert [ln.line_number for ln in removed.lines] == [1] and removed.lines[0].code == "J1100"
    assert removed.claims[0].total_cents == 1348


def test_self_pay_visit_has_nothing_to_bill(clinic: BillingClinic) -> None:
    from frontdesk.errors import ValidationError

    enc = encounters.create_encounter(clinic.biller, clinic.self_pay_id, header(rendering_provider_id=clinic.provider_id))
    with pytest.raises(ValidationError) as err:
        claims.create_claims(clinic.biller, enc.id)
    assert err.value.field == "policy" and "self-pay" in err.value.message
    assert claims.claim_count(clinic.biller) == 0


def test_void_an_unbilled_encounter_closes_its_draft_claims(clinic: BillingClinic) -> None:
    enc_id = _encounter(clinic)
    [row] = claims.create_claims(clinic.biller, enc_id)
    voided = encounters.void_encounter(clinic.biller, enc_id, "Entered on the wrong patient")
    assert voided.status == "void" and voided.claims[0].status == "closed"
    with pytest.raises(ConflictError):
        encounters.set_diagnoses(clinic.biller, enc_id, ["J069"])
    assert encounters.list_encounters(clinic.biller, status="void")[0].id == enc_id
    assert row.id == voided.claims[0].id


def test_claims_list_pages_newest_first(clinic: BillingClinic) -> None:
    ids = []
    for day in (date(2026, 11, 2), date(2026, 11, 3), DOS):
        enc = encounters.create_encounter(clinic.biller, clinic.patient_id,
                                          header(service_date=day, rendering_provider_id=clinic.provider_id))
        encounters.set_diagnoses(clinic.biller, enc.id, ["J069"])
        encounters.add_service_line(clinic.biller, enc.id, line())
        ids += [r.id for r in claims.create_claims(clinic.biller, enc.id)]
    assert claims.claim_count(clinic.desk) == 3 and claims.claim_count(clinic.desk, "ready") == 3
    assert [r.id for r in claims.claim_rows(clinic.desk, "ready", 0, 2)] == sorted(ids, reverse=True)[:2]
    assert [r.id for r in claims.claim_rows(clinic.desk, None, 2, 2)] == [min(ids)]
    assert claims.claim_rows(clinic.desk, "paid") == []
    rows = encounters.list_encounters(clinic.desk, patient_id=clinic.patient_id)
    assert [r.service_date for r in rows] == [DOS, date(2026, 11, 3), date(2026, 11, 2)]
    assert rows[0].claim_statuses == "Primary: Ready" and rows[0].total_cents == 12500 and rows[0].line_count == 1


@pytest.mark.sqlite_only("reads SQLite's query plan")
def test_claims_list_pages_and_uses_its_index_with_50000_claims(clinic: BillingClinic) -> None:
    from sqlalchemy import insert

    enc_id = _encounter(clinic)
    statuses = ["paid", "submitted", "ready", "denied", "closed", "draft", "held", "partly_paid"]
    with clinic.admin.db.session(write=True) as session:
        session.execute(insert(Claim.__table__), [  # type: ignore[arg-type]
            {"encounter_id": enc_id, "patient_id": clinic.patient_id, "policy_id": clinic.policy_id,
             "payer_id": clinic.payer_id, "payer_rank": 1, "status": statuses[i % 8], "frequency_code": "1",
             "total_cents": 100 + i, "problem_count": 0} for i in range(50_000)])
    claims.claim_rows(clinic.desk, "ready")  # warm the connection and the statement cache
    count = claims.claim_count(clinic.desk, "ready")  # its speed: `frontdesk bench` claims_list_open
    page = claims.claim_rows(clinic.desk, "ready", 0, 200)
    assert count == 6250 and len(page) == 200 and page[0].id > page[-1].id
    with clinic.admin.db.session(write=False) as session:
        from sqlalchemy import text
        plan = " ".join(str(r[-1]) for r in session.execute(text(
            "EXPLAIN QUERY PLAN SELECT id FROM claim WHERE status = 'ready' ORDER BY id DESC LIMIT 200")))
    assert "ix_claim_status_id" in plan
