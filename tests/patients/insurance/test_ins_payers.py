"""The payer list: claim types for CMS-1500 box 1, validation, duplicates, retiring, who may change it."""

from __future__ import annotations

import pytest
from ins_testlib import audit_rows, payer_input

from frontdesk.errors import ConflictError, NotFoundError, PermissionDenied, ValidationError
from frontdesk.services.billing import payers


def test_add_and_list_payers(admin_ctx, frontdesk_ctx) -> None:
    medicare = payers.add_payer(admin_ctx, payer_input("Medicare Part B", claim_type="Medicare",
                                                       edi_payer_id="13202", phone=""))
    aetna = payers.add_payer(admin_ctx, payer_input(" Aetna  Health ", edi_payer_id="60054"))
    assert medicare.claim_type == "medicare" and medicare.claim_type_label == "Medicare"
    assert aetna.name == "Aetna Health" and aetna.state == "TX" and aetna.phone == "+18005550199"
    # front desk may read the list (to pick a payer on a policy), sorted by name
    assert [p.name for p in payers.list_payers(frontdesk_ctx)] == ["Aetna Health", "Medicare Part B"]
    assert payers.get_payer(frontdesk_ctx, medicare.id).edi_payer_id == "13202"


@pytest.mark.parametrize("claim_type", ["medicare", "medicaid", "tricare", "champva", "group_health_plan",
                                        "feca_black_lung", "other", "Group health plan", "FECA black lung"])
def test_every_box_1_claim_type_is_accepted(admin_ctx, claim_type) -> None:
    info = payers.add_payer(admin_ctx, payer_input("Payer " + claim_type.replace("_", " "), claim_type=claim_type))
    assert info.claim_type in {"medicare", "medicaid", "tricare", "champva", "group_health_plan",
                               "feca_black_lung", "other"}


@pytest.mark.parametrize("overrides, field", [
    ({"name": "  "}, "name"),
    ({"name": "x" * 101}, "name"),
    ({"claim_type": "workers_comp"}, "claim_type"),
    ({"edi_payer_id": "60-054"}, "edi_payer_id"),
    ({"edi_payer_id": "A"}, "edi_payer_id"),
    ({"phone": "12345"}, "phone"),
    ({"city": ""}, "city"),
    ({"state": "XX"}, "state"),
    ({"zip_code": "1234"}, "zip_code"),
])
def test_bad_payer_fields_are_named_and_nothing_is_saved(admin_ctx, overrides, field) -> None:
    with pytest.raises(ValidationError) as caught:
        payers.add_payer(admin_ctx, payer_input(**overrides))
    assert caught.value.field == field
    assert payers.list_payers(admin_ctx, include_inactive=True) == []


def test_duplicates_are_refused_but_same_name_other_id_is_fine(admin_ctx, payer) -> None:
    with pytest.raises(ConflictError, match="already has"):
        payers.add_payer(admin_ctx, payer_input("AETNA"))
    second = payers.add_payer(admin_ctx, payer_input("Aetna", edi_payer_id="68862"))
    with pytest.raises(ConflictError):
        payers.update_payer(admin_ctx, second.id, payer_input("Aetna"))


def test_update_audits_field_names_only(admin_ctx, payer) -> None:
    updated = payers.update_payer(admin_ctx, payer.id, payer_input(phone="(800) 555-0188", city="Austin"))
    assert updated.city == "Austin"
    row = audit_rows(admin_ctx, "payer.update")[0]
    assert row.detail == "fields: city, phone" and "Austin" not in row.detail


def test_retired_payers_are_hidden_from_the_list_but_kept(admin_ctx, frontdesk_ctx, payer) -> None:
    payers.set_payer_active(admin_ctx, payer.id, False)
    assert payers.list_payers(frontdesk_ctx) == []
    assert [p.active for p in payers.list_payers(frontdesk_ctx, include_inactive=True)] == [False]
    assert payers.set_payer_active(admin_ctx, payer.id, True).active
    with pytest.raises(NotFoundError):
        payers.get_payer(admin_ctx, 9999)


def test_billing_manages_payers_front_desk_does_not(billing_ctx, frontdesk_ctx) -> None:
    info = payers.add_payer(billing_ctx, payer_input())
    payers.update_payer(billing_ctx, info.id, payer_input(city="Austin"))
    with pytest.raises(PermissionDenied, match="Front desk"):
        payers.add_payer(frontdesk_ctx, payer_input("Cigna", edi_payer_id="62308"))
    with pytest.raises(PermissionDenied):
        payers.update_payer(frontdesk_ctx, info.id, payer_input(city="Dallas"))
    with pytest.raises(PermissionDenied):
        payers.set_payer_active(frontdesk_ctx, info.id, False)
    assert payers.get_payer(billing_ctx, info.id).city == "Austin"
