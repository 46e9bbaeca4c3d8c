"""Fee schedule services on a real encrypted practice: validation, duplicates, payer fees, audit, permissions."""

from __future__ import annotations

import pytest
from codes_testlib import add_payer

from frontdesk.errors import (
    ConflictError,
    NotFoundError,
    PermissionDenied,
    ValidationError,
)
from frontdesk.services.admin import audit
from frontdesk.services.billing import fee_schedule
from frontdesk.services.session import ServiceContext
from frontdesk.services.billing._fees import fee_for
from frontdesk.services.billing.billing_types import FeeItem


def _events(ctx: ServiceContext, action: str) -> list[audit.AuditRow]:
    return audit.list_events(ctx, audit.AuditFilter(action=action))


def test_add_and_list(billing_ctx: ServiceContext) -> None:
    item = fee_schedule.add_fee_item(billing_ctx, " 99213 ", "  Est. patient visit,   low complexity ", "$1,130.50",
                                     "2", "25, 95")
    assert item == FeeItem(item.id, "99213", "cpt", "Est. patient visit, low complexity", 113050, 2, ("25", "95"),
                           True)
    hcpcs = fee_schedule.add_fee_item(billing_ctx, "j1100", "Dexamethasone, per 1 mg", "2", 10)
    assert (hcpcs.code, hcpcs.code_system, hcpcs.allowed_modifiers) == ("J1100", "hcpcs", ())
    free = fee_schedule.add_fee_item(billing_ctx, "0001F", "Quality measure reported", "0")
    assert free.fee_cents == 0
    assert [i.code for i in fee_schedule.list_fee_items(billing_ctx)] == ["0001F", "99213", "J1100"]


@pytest.mark.parametrize("field, kwargs", [
    ("code", {"code": "9921"}),
    ("code", {"code": ""}),
    ("description", {"description": "  "}),
    ("description", {"description": "x" * 81}),
    ("fee", {"fee": "-5.00"}),
    ("fee", {"fee": "abc"}),
    ("fee", {"fee": "1.005"}),
    ("fee", {"fee": "100000.00"}),
    ("fee", {"fee": ""}),
    ("default_units", {"default_units": 0}),
    ("default_units", {"default_units": "1000"}),
    ("default_units", {"default_units": "2.5"}),
    ("allowed_modifiers", {"allowed_modifiers": "25 25"}),
    ("allowed_modifiers", {"allowed_modifiers": "2"}),
])
def test_validation_names_the_field(billing_ctx: ServiceContext, field: str, kwargs: dict[str, object]) -> None:
    args: dict[str, object] = {"code": "99213", "description": "Visit", "fee": "100", "default_units": 1,
                               "allowed_modifiers": ""}
    args.update(kwargs)
    with pytest.raises(ValidationError) as caught:
        fee_schedule.add_fee_item(billing_ctx, **args)  # type: ignore[arg-type]
    assert caught.value.field == field
    assert fee_schedule.list_fee_items(billing_ctx, include_inactive=True) == []


def test_many_allowed_modifiers_fit(billing_ctx: ServiceContext) -> None:
    item = fee_schedule.add_fee_item(billing_ctx, "69210", "Ear wax removal", "70", 1, "50 RT LT 59 XS 76")
    assert item.allowed_modifiers == ("50", "RT", "LT", "59", "XS", "76")


def test_duplicate_code_refused_even_when_retired(billing_ctx: ServiceContext) -> None:
    item = fee_schedule.add_fee_item(billing_ctx, "99213", "Visit", "100")
    with pytest.raises(ConflictError) as caught:
        fee_schedule.add_fee_item(billing_ctx, "99213", "Other words", "90")
    assert caught.value.field == "code" and "already" in caught.value.message
    fee_schedule.update_fee_item(billing_ctx, item.id, description="Visit", fee="100", default_units=1,
                                 allowed_modifiers="", active=False)
    with pytest.raises(ConflictError, match="retired"):
        fee_schedule.add_fee_item(billing_ctx, "99213", "Visit again", "100")


def test_update_and_retire(billing_ctx: ServiceContext) -> None:
    item = fee_schedule.add_fee_item(billing_ctx, "99214", "Visit", "150")
    changed = fee_schedule.update_fee_item(billing_ctx, item.id, description="Est. visit, moderate", fee="190.00",
                                           default_units="1", allowed_modifiers="25", active=False)
    assert (changed.code, changed.description, changed.fee_cents, changed.allowed_modifiers, changed.active) == (
        "99214", "Est. visit, moderate", 19000, ("25",), False)
    assert fee_schedule.list_fee_items(billing_ctx) == []
    assert fee_schedule.list_fee_items(billing_ctx, include_inactive=True) == [changed]
    with pytest.raises(ValidationError) as caught:
        fee_schedule.update_fee_item(billing_ctx, item.id, description="x", fee="-1", default_units=1,
                                     allowed_modifiers="", active=True)
    assert caught.value.field == "fee"
    with pytest.raises(NotFoundError):
        fee_schedule.update_fee_item(billing_ctx, 9999, description="x", fee="1", default_units=1,
                                     allowed_modifiers="", active=True)


def test_payer_fees_and_fee_for(billing_ctx: ServiceContext, payer_id: int, admin_ctx: ServiceContext) -> None:
    visit = fee_schedule.add_fee_item(billing_ctx, "99213", "Visit", "130")
    shot = fee_schedule.add_fee_item(billing_ctx, "96372", "Injection", "40")
    other_payer = add_payer(admin_ctx, "Cigna", "62308")
    assert fee_schedule.set_payer_fee(billing_ctx, payer_id, visit.id, "92.47") == (visit, 9247)
    assert fee_schedule.list_payer_fees(billing_ctx, payer_id) == [(visit, 9247)]
    assert fee_schedule.list_payer_fees(billing_ctx, other_payer) == []

    def looked_up(code: str, payer: int | None) -> tuple[int | None, int | None]:
        with billing_ctx.db.session(write=False) as session:
            item, cents = fee_for(session, code, payer)
            return (item.id if item else None), cents

    assert looked_up("99213", payer_id) == (visit.id, 9247)  # the payer's own fee
    assert looked_up(" 99213", other_payer) == (visit.id, 13000)  # no payer fee: the default
    assert looked_up("99213", None) == (visit.id, 13000)
    assert looked_up("96372", payer_id) == (shot.id, 4000)
    assert looked_up("J9999", payer_id) == (None, None)
    # changing it, then removing it (None or blank): the default applies again
    assert fee_schedule.set_payer_fee(billing_ctx, payer_id, visit.id, "$95.00") == (visit, 9500)
    assert fee_schedule.set_payer_fee(billing_ctx, payer_id, visit.id, None) is None
    assert looked_up("99213", payer_id) == (visit.id, 13000)
    assert fee_schedule.set_payer_fee(billing_ctx, payer_id, visit.id, "  ") is None  # removing twice is quiet
    fee_schedule.set_payer_fee(billing_ctx, payer_id, shot.id, "0")  # a payer may pay nothing for a code
    assert looked_up("96372", payer_id) == (shot.id, 0)
    with pytest.raises(ValidationError) as caught:
        fee_schedule.set_payer_fee(billing_ctx, payer_id, shot.id, "-3")
    assert caught.value.field == "fee"
    with pytest.raises(NotFoundError):
        fee_schedule.set_payer_fee(billing_ctx, 9999, shot.id, "3")
    with pytest.raises(NotFoundError):
        fee_schedule.list_payer_fees(billing_ctx, 9999)
    with pytest.raises(NotFoundError):
        fee_schedule.set_payer_fee(billing_ctx, payer_id, 9999, "3")


def test_inactive_item_still_has_its_fee(billing_ctx: ServiceContext) -> None:
    item = fee_schedule.add_fee_item(billing_ctx, "99212", "Visit", "85")
    fee_schedule.update_fee_item(billing_ctx, item.id, description="Visit", fee="85", default_units=1,
                                 allowed_modifiers="", active=False)
    with billing_ctx.db.session(write=False) as session:
        found, cents = fee_for(session, "99212", None)
        assert found is not None and not found.active and cents == 8500


def test_every_change_is_audited_with_ids_only(billing_ctx: ServiceContext, payer_id: int,
                                               admin_ctx: ServiceContext) -> None:
    item = fee_schedule.add_fee_item(billing_ctx, "99213", "Secret words visit", "130")
    fee_schedule.update_fee_item(billing_ctx, item.id, description="Other words", fee="131", default_units=1,
                                 allowed_modifiers="", active=True)
    fee_schedule.set_payer_fee(billing_ctx, payer_id, item.id, "90")
    fee_schedule.set_payer_fee(billing_ctx, payer_id, item.id, "91")
    fee_schedule.set_payer_fee(billing_ctx, payer_id, item.id, None)
    created = _events(admin_ctx, "fee_item.create")
    updated = _events(admin_ctx, "fee_item.update")
    assert [(e.entity_type, e.entity_id, e.username) for e in created] == [("fee_schedule_item", str(item.id), "ben")]
    assert updated[0].detail == "fields: description, fee_cents"
    actions = {e.action for e in _events(admin_ctx, "payer_fee")}
    assert actions == {"payer_fee.create", "payer_fee.update", "payer_fee.remove"}
    for event in created + updated + _events(admin_ctx, "payer_fee"):
        assert "words" not in event.detail and "130" not in event.detail and "90" not in event.detail


def test_changes_are_announced(practice, billing_ctx: ServiceContext) -> None:
    seen: list[frozenset[str]] = []
    ctx = ServiceContext(practice.db, billing_ctx.actor, seen.append)
    fee_schedule.add_fee_item(ctx, "99213", "Visit", "130")
    assert "fee_schedule" in seen[-1]


def test_permissions(frontdesk_ctx: ServiceContext, billing_ctx: ServiceContext, anon_ctx: ServiceContext,
                     payer_id: int) -> None:
    item = fee_schedule.add_fee_item(billing_ctx, "99213", "Visit", "130")
    assert fee_schedule.list_fee_items(frontdesk_ctx) == [item]  # the desk may look (VIEW_BILLING)
    assert fee_schedule.list_payer_fees(frontdesk_ctx, payer_id) == []
    with pytest.raises(PermissionDenied):
        fee_schedule.add_fee_item(frontdesk_ctx, "99214", "Visit", "190")
    with pytest.raises(PermissionDenied):
        fee_schedule.update_fee_item(frontdesk_ctx, item.id, description="x", fee="1", default_units=1,
                                     allowed_modifiers="", active=True)
    with pytest.raises(PermissionDenied):
        fee_schedule.set_payer_fee(frontdesk_ctx, payer_id, item.id, "1")
    with pytest.raises(PermissionDenied):
        fee_schedule.list_fee_items(anon_ctx)
