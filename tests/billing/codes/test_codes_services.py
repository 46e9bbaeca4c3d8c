"""The diagnosis search service and the demo fee schedule, on a real encrypted practice."""

from __future__ import annotations

import pytest

from frontdesk.codes import icd10cm
from frontdesk.domain.procedure_codes import clean_modifiers, clean_procedure_code
from frontdesk.errors import ConflictError, PermissionDenied
from frontdesk.models import Practice
from frontdesk.services.admin import audit
from frontdesk.demo import fees as demo_fees
from frontdesk.services.billing import diagnosis_codes, fee_schedule
from frontdesk.services.session import ServiceContext
from frontdesk.services.billing._fees import fee_for
from frontdesk.demo.insurance import seed_demo_insurance


def test_diagnosis_search_service(frontdesk_ctx: ServiceContext, anon_ctx: ServiceContext) -> None:
    found = diagnosis_codes.search_diagnoses(frontdesk_ctx, "acute upper resp", limit=5)
    assert found == icd10cm.search("acute upper resp", 5) and "J06.9" in [d.display_code for d in found]
    assert diagnosis_codes.diagnosis_code_set(frontdesk_ctx) == icd10cm.code_set_version()
    with pytest.raises(PermissionDenied):
        diagnosis_codes.search_diagnoses(anon_ctx, "E11")


def test_typed_diagnosis_is_the_exact_code_or_choices_never_a_pick(frontdesk_ctx: ServiceContext,
                                                                    anon_ctx: ServiceContext) -> None:
    exact = diagnosis_codes.resolve_typed_diagnosis(frontdesk_ctx, " e11.9 ")
    assert exact.addable and exact.code is not None and exact.code.code == "E119" and exact.choices == ()
    header = diagnosis_codes.resolve_typed_diagnosis(frontdesk_ctx, "I25")
    assert not header.addable and header.code is not None and header.code.code == "I25"
    assert header.choices == tuple(icd10cm.billable_under("I25", 50))
    assert header.choices and all(c.billable and c.code.startswith("I25") for c in header.choices)
    words = diagnosis_codes.resolve_typed_diagnosis(frontdesk_ctx, "diabetes", 5)
    assert words.code is None and not words.addable and words.choices == tuple(icd10cm.search("diabetes", 5))
    nothing = diagnosis_codes.resolve_typed_diagnosis(frontdesk_ctx, "zzqx")
    assert nothing == diagnosis_codes.TypedDiagnosis(None, ())
    assert icd10cm.billable_under("E11.9") == [] and icd10cm.billable_under("E11", 0) == []
    with pytest.raises(PermissionDenied):
        diagnosis_codes.resolve_typed_diagnosis(anon_ctx, "E11")


def _make_demo(db) -> None:  # type: ignore[no-untyped-def]
    with db.session(write=True) as session:
        session.query(Practice).one().is_demo = True


def test_demo_fee_schedule_refused_outside_a_demo(admin_ctx: ServiceContext) -> None:
    with pytest.raises(ConflictError):
        demo_fees.seed_demo_fee_schedule(admin_ctx)


def test_demo_fee_schedule(practice, admin_ctx: ServiceContext) -> None:
    _make_demo(practice.db)
    seed_demo_insurance(admin_ctx)  # the demo payers (no patients yet: no policies)
    added = demo_fees.seed_demo_fee_schedule(admin_ctx)
    items = fee_schedule.list_fee_items(admin_ctx)
    assert added == len(items) >= 30
    codes = {i.code for i in items}
    assert {"99213", "99214", "90471", "J1100", "G0008", "36415"} <= codes
    for item in items:
        # every item is one the fee schedule form accepts
        assert clean_procedure_code(item.code) == (item.code, item.code_system)
        assert clean_modifiers(" ".join(item.allowed_modifiers), maximum=40) == item.allowed_modifiers
        assert 0 < item.fee_cents < 1_000_00 and 1 <= item.default_units <= 999
        assert 0 < len(item.description) <= 80
    assert {i.code: i.description for i in items}["99213"] == "Est. patient visit, low complexity"
    medicare = next(p for p in _payers(admin_ctx) if p.name.startswith("Medicare"))
    payer_fees = {i.code: cents for i, cents in fee_schedule.list_payer_fees(admin_ctx, medicare.id)}
    assert len(payer_fees) >= 3
    default = {i.code: i.fee_cents for i in items}
    assert all(cents != default[code] for code, cents in payer_fees.items())
    with practice.db.session(write=False) as session:
        assert fee_for(session, "99213", medicare.id)[1] == payer_fees["99213"]
    # added as the Fee schedule tab adds them: one audit event per item and per payer fee
    assert len(_events(admin_ctx, "fee_item.create")) == added
    assert len(_events(admin_ctx, "payer_fee.create")) == sum(len(f) for f in demo_fees.DEMO_PAYER_FEES.values())
    # again: nothing new, nothing audited
    assert demo_fees.seed_demo_fee_schedule(admin_ctx) == 0
    assert fee_schedule.list_fee_items(admin_ctx) == items
    assert len(_events(admin_ctx, "fee_item.create")) == added
    assert len(_events(admin_ctx, "payer_fee.create")) == sum(len(f) for f in demo_fees.DEMO_PAYER_FEES.values())


def test_demo_fee_schedule_without_payers_keeps_default_fees(practice, admin_ctx: ServiceContext) -> None:
    _make_demo(practice.db)
    assert demo_fees.seed_demo_fee_schedule(admin_ctx) >= 30


def _events(ctx: ServiceContext, action: str) -> list[audit.AuditRow]:
    return audit.list_events(ctx, audit.AuditFilter(action=action))


def _payers(ctx: ServiceContext):  # type: ignore[no-untyped-def]
    from frontdesk.services.billing import payers

    return payers.list_payers(ctx)
