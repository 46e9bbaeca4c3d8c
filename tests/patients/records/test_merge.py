"""Merging two records of one person: preview, everything moves to the survivor, the duplicate is kept as merged."""

from __future__ import annotations

import pytest
from pc_lib import audit_rows, basic
from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table, UniqueConstraint, text

from frontdesk.errors import ConflictError, PermissionDenied, ValidationError
from frontdesk.services.patients import contact_history, family, insurance, merge, patients
from frontdesk.services.billing import payers
from frontdesk.services.patients.insurance import PolicyInput
from frontdesk.services.billing.payers import PayerInput

REASON = "test: two records of one person"


@pytest.fixture
def pair(admin_ctx):  # type: ignore[no-untyped-def]
    """The record that stays (home phone only) and a duplicate with more on it."""
    keep = patients.register_patient(admin_ctx, basic("Ann", "Smith", dob="05/06/1970", phone="(518) 555-0142"))
    dup = patients.register_patient(admin_ctx, basic("Anne", "Smyth", dob="05/06/1970", home_phone="607-555-0111",
                                                     mobile_phone="212-555-0187", preferred_phone_kind="mobile",
                                                     email="anne@example.com"),
                                     duplicate_override_reason=REASON)
    return keep, dup


def _policy(ctx, patient_id: int, member_id: str) -> None:  # type: ignore[no-untyped-def]
    payer_list = payers.list_payers(ctx)
    payer = payer_list[0] if payer_list else payers.add_payer(ctx, PayerInput(
        name="Aetna", claim_type="group_health_plan", edi_payer_id="60054", address_line1="PO Box 981106",
        city="El Paso", state="TX", zip_code="79998"))
    insurance.add_policy(ctx, patient_id, PolicyInput(payer_id=payer.id, rank=1, member_id=member_id,
                                                      effective_date="01/01/2020"))


def test_preview_counts_what_will_move(admin_ctx, pair) -> None:
    keep, dup = pair
    contact_history.add_contact_note(admin_ctx, dup.id, "Called to confirm", kind="call", direction="out")
    contact_history.add_contact_note(admin_ctx, dup.id, "Left a message", kind="call", direction="out")
    _policy(admin_ctx, dup.id, "W123456789")
    preview = merge.preview_merge(admin_ctx, keep.id, dup.id)
    assert (preview.survivor.id, preview.duplicate.id) == (keep.id, dup.id)
    assert dict(preview.moves) == {"contact_event": 2, "insurance_policy": 1, "patient_phone": 1}
    assert preview.phones_kept == 1  # both have a home phone: the survivor's stays
    assert preview.filled_fields == ("email",)
    assert preview.blockers == () and preview.rows_moved == 4
    assert patients.open_patient(admin_ctx, dup.id).status == "active"  # a preview changes nothing


def test_merge_moves_everything_and_keeps_the_duplicate_as_merged(admin_ctx, pair) -> None:
    keep, dup = pair
    contact_history.add_contact_note(admin_ctx, dup.id, "Called to confirm", kind="call")
    _policy(admin_ctx, dup.id, "W123456789")
    result = merge.merge_patients(admin_ctx, keep.id, dup.id)
    survivor = result.survivor
    assert survivor.id == keep.id and survivor.status == "active"
    assert (survivor.home_phone, survivor.mobile_phone) == ("+15185550142", "+12125550187")
    assert survivor.phone == "+15185550142" and survivor.email == "anne@example.com"
    gone = patients.open_patient(admin_ctx, dup.id)
    assert (gone.status, gone.merged_into_id) == ("merged", keep.id)
    assert gone.home_phone == "+16075550111"  # the phone the survivor already had a kind for stays behind
    history = contact_history.list_contact_history(admin_ctx, keep.id)
    assert [(e.kind, e.summary) for e in history] == [
        ("merge", f"Record {dup.account_number} was merged into this one."), ("call", "Called to confirm")]
    assert contact_history.list_contact_history(admin_ctx, dup.id) == []
    assert [p.member_id for p in insurance.list_policies(admin_ctx, keep.id)] == ["W123456789"]
    assert [p.id for p in patients.search_patients(admin_ctx, "W123456789")] == [keep.id]
    assert [p.id for p in patients.search_patients(admin_ctx, "212-555-0187")] == [keep.id]
    [event] = audit_rows(admin_ctx, "patient.merge")
    assert (event.entity_id, event.patient_id) == (str(dup.id), keep.id)
    assert event.detail == (f"merged patient {dup.id} into {keep.id}; moved: contact_event 1, insurance_policy 1, "
                            "patient_phone 1; filled: email")


def test_family_and_guarantor_links_follow_the_survivor(admin_ctx, pair) -> None:
    keep, dup = pair
    kid = patients.register_patient(admin_ctx, basic("Tim", "Smyth", dob="04/04/2015"))
    family.link_family(admin_ctx, kid.id, dup.id)
    family.set_guarantor_patient(admin_ctx, kid.id, dup.id, "parent")
    preview = merge.preview_merge(admin_ctx, keep.id, dup.id)
    assert "family_id" in preview.filled_fields and ("guarantor", 1) in preview.moves
    merge.merge_patients(admin_ctx, keep.id, dup.id)
    members = family.list_family(admin_ctx, kid.id)
    assert [(m.patient.id, m.is_guarantor) for m in members] == [(keep.id, True), (kid.id, False)]
    who = family.get_guarantor(admin_ctx, kid.id)
    assert (who.patient_id, who.relationship, who.first_name) == (keep.id, "parent", "Ann")


def test_when_both_are_guarantors_the_dependants_move_to_the_survivors_row(admin_ctx, pair) -> None:
    keep, dup = pair
    kid1 = patients.register_patient(admin_ctx, basic("Tim", "Smith", dob="04/04/2015"))
    kid2 = patients.register_patient(admin_ctx, basic("Tom", "Smyth", dob="04/04/2017"))
    own = family.set_guarantor_patient(admin_ctx, kid1.id, keep.id, "parent").guarantor_id
    family.set_guarantor_patient(admin_ctx, kid2.id, dup.id, "parent")
    family.set_guarantor_patient(admin_ctx, keep.id, dup.id, "other")  # odd, but the survivor depends on it
    merge.merge_patients(admin_ctx, keep.id, dup.id)
    assert family.get_guarantor(admin_ctx, kid2.id).guarantor_id == own
    assert family.get_guarantor(admin_ctx, kid1.id).guarantor_id == own
    assert family.get_guarantor(admin_ctx, keep.id).is_self  # no one is their own guarantor


def test_earlier_merges_into_the_duplicate_point_at_the_survivor(admin_ctx, pair) -> None:
    keep, dup = pair
    older = patients.register_patient(admin_ctx, basic("Anne", "Smythe", dob="05/06/1970"),
                                      duplicate_override_reason=REASON)
    merge.merge_patients(admin_ctx, dup.id, older.id)
    merge.merge_patients(admin_ctx, keep.id, dup.id)
    assert patients.open_patient(admin_ctx, older.id).merged_into_id == keep.id


def test_refusals(admin_ctx, frontdesk_ctx, pair) -> None:
    keep, dup = pair
    with pytest.raises(PermissionDenied):
        merge.preview_merge(frontdesk_ctx, keep.id, dup.id)
    with pytest.raises(PermissionDenied):
        merge.merge_patients(frontdesk_ctx, keep.id, dup.id)
    with pytest.raises(ValidationError):
        merge.merge_patients(admin_ctx, keep.id, keep.id)
    merge.merge_patients(admin_ctx, keep.id, dup.id)
    with pytest.raises(ConflictError):
        merge.merge_patients(admin_ctx, keep.id, dup.id)  # already merged
    with pytest.raises(ConflictError):
        merge.preview_merge(admin_ctx, dup.id, keep.id)


def test_a_uniqueness_rule_blocks_the_merge_instead_of_breaking_it(admin_ctx, pair, monkeypatch) -> None:
    # A table another module might add: one row per patient and code.
    keep, dup = pair
    table = Table("zz_once_per_patient", MetaData(), Column("id", Integer, primary_key=True),
                  Column("patient_id", ForeignKey("patient.id")), Column("code", String(10)),
                  UniqueConstraint("patient_id", "code"))
    with admin_ctx.db.engine.begin() as conn:  # plain SQL both engines take (the test runs on either)
        conn.execute(text("CREATE TABLE zz_once_per_patient (id INTEGER PRIMARY KEY, patient_id INTEGER, "
                          "code VARCHAR(10), UNIQUE (patient_id, code))"))
        conn.execute(table.insert(), [{"id": 1, "patient_id": keep.id, "code": "A"},
                                      {"id": 2, "patient_id": dup.id, "code": "A"},
                                      {"id": 3, "patient_id": dup.id, "code": "B"}])
    real = merge._patient_references
    monkeypatch.setattr(merge, "_patient_references", lambda: [*real(), (table, table.c.patient_id)])
    preview = merge.preview_merge(admin_ctx, keep.id, dup.id)
    assert ("zz_once_per_patient", 2) in preview.moves
    assert len(preview.blockers) == 1 and "zz once per patient" in preview.blockers[0]
    with pytest.raises(ConflictError, match="zz once per patient"):
        merge.merge_patients(admin_ctx, keep.id, dup.id)
    assert patients.open_patient(admin_ctx, dup.id).status == "active"  # nothing happened
