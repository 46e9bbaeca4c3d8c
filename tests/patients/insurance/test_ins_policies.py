"""Insurance policies: ranks free for the dates covered, subscriber rules, member ids, copay, history."""

from __future__ import annotations

from decimal import Decimal

import pytest
from ins_testlib import TODAY, audit_rows, days, patient_input, policy_input, spouse_policy

from frontdesk.error_messages import to_user_message
from frontdesk.errors import ConflictError, NotFoundError, PermissionDenied, ValidationError
from frontdesk.services.patients import insurance, patients
from frontdesk.services.billing import payers
from frontdesk.services.patients._insurance_queries import patients_with_member_id
from frontdesk.services._lookups import policy_in_effect


def test_add_a_self_policy(frontdesk_ctx, patient_id, payer) -> None:
    record = insurance.add_policy(frontdesk_ctx, patient_id, policy_input(payer.id, copay="$25"))
    assert record.payer_name == "Aetna" and record.claim_type == "group_health_plan"
    assert record.rank == 1 and record.rank_label == "Primary" and record.status == "active"
    assert record.member_id == "W123-456 789" and record.copay == Decimal("25.00")
    assert record.relationship == "self" and record.subscriber_name == "" and record.subscriber_dob is None
    assert record.latest_check is None and record.card_sides == ()
    assert record.accept_assignment and record.release_signed_on == days(-365)
    assert insurance.list_policies(frontdesk_ctx, patient_id) == [record]


def test_self_subscriber_fields_are_not_kept(frontdesk_ctx, patient_id, payer_id) -> None:
    # A form switched back to 'self' may still carry the spouse's details; they must not linger.
    record = insurance.add_policy(frontdesk_ctx, patient_id, spouse_policy(payer_id, relationship="self"))
    assert record.subscriber_first_name == "" and record.subscriber_employer == "" and record.subscriber_dob is None


def test_a_spouse_subscriber(frontdesk_ctx, patient_id, payer_id) -> None:
    record = insurance.add_policy(frontdesk_ctx, patient_id, spouse_policy(payer_id))
    assert record.relationship_label == "Spouse" and record.subscriber_name == "Doe, John"
    assert record.subscriber_sex == "M" and record.subscriber_phone == "+15185550143"
    assert record.subscriber_employer == "Acme Tools" and record.subscriber_zip_code == "12207"


@pytest.mark.parametrize("overrides, field", [
    ({"subscriber_first_name": ""}, "subscriber_first_name"),
    ({"subscriber_last_name": "  "}, "subscriber_last_name"),
    ({"subscriber_dob": ""}, "subscriber_dob"),
    ({"subscriber_dob": "02/30/1960"}, "subscriber_dob"),
    ({"subscriber_dob": days(1)}, "subscriber_dob"),
    ({"subscriber_sex": ""}, "subscriber_sex"),
    ({"subscriber_sex": "X"}, "subscriber_sex"),
    ({"subscriber_city": ""}, "subscriber_city"),
    ({"subscriber_state": "ZZ"}, "subscriber_state"),
    ({"subscriber_zip_code": "12"}, "subscriber_zip_code"),
    ({"subscriber_phone": "555"}, "subscriber_phone"),
    ({"subscriber_employer": "x" * 81}, "subscriber_employer"),
    ({"relationship": "cousin"}, "relationship"),
])
def test_subscriber_rules(frontdesk_ctx, patient_id, payer_id, overrides, field) -> None:
    with pytest.raises(ValidationError) as caught:
        insurance.add_policy(frontdesk_ctx, patient_id, spouse_policy(payer_id, **overrides))
    assert caught.value.field == field
    assert insurance.list_policies(frontdesk_ctx, patient_id) == []


def test_subscriber_address_phone_employer_are_optional(frontdesk_ctx, patient_id, payer_id) -> None:
    record = insurance.add_policy(frontdesk_ctx, patient_id, spouse_policy(
        payer_id, relationship="child", subscriber_address_line1="", subscriber_city="", subscriber_state="",
        subscriber_zip_code="", subscriber_phone="", subscriber_employer=""))
    assert record.relationship == "child" and record.subscriber_address_line1 == ""


@pytest.mark.parametrize("overrides, field", [
    ({"member_id": ""}, "member_id"),
    ({"member_id": "A"}, "member_id"),
    ({"member_id": "--"}, "member_id"),
    ({"member_id": "X" * 31}, "member_id"),
    ({"member_id": "ABC#123"}, "member_id"),
    ({"member_id": "ABC_123"}, "member_id"),
    ({"member_id": "ÄBC123"}, "member_id"),
    ({"group_number": "G;1"}, "group_number"),
    ({"plan_name": "p" * 81}, "plan_name"),
    ({"rank": 0}, "rank"),
    ({"rank": 4}, "rank"),
    ({"rank": "1"}, "rank"),
    ({"effective_date": ""}, "effective_date"),
    ({"effective_date": "13/01/2025"}, "effective_date"),
    ({"effective_date": "01/01/1900"}, "effective_date"),
    ({"effective_date": days(365 * 6)}, "effective_date"),
    ({"end_date": days(-366)}, "end_date"),
    ({"copay": "12.345"}, "copay"),
    ({"copay": "10000.01"}, "copay"),
    ({"copay": "-5"}, "copay"),
    ({"copay": "twenty"}, "copay"),
    ({"accept_assignment": "yes"}, "accept_assignment"),
    ({"release_signed_on": days(1)}, "release_signed_on"),
    ({"assignment_signed_on": "99/99/2020"}, "assignment_signed_on"),
    ({"payer_id": 9999}, "payer_id"),
    ({"payer_id": None}, "payer_id"),
])
def test_bad_policy_fields_are_named_and_nothing_is_saved(frontdesk_ctx, admin_ctx, patient_id, payer_id,
                                                          overrides, field) -> None:
    before = len(audit_rows(admin_ctx))
    with pytest.raises(ValidationError) as caught:
        insurance.add_policy(frontdesk_ctx, patient_id, policy_input(payer_id, **overrides))
    assert caught.value.field == field
    assert to_user_message(caught.value).field == field
    assert insurance.list_policies(frontdesk_ctx, patient_id) == []
    assert len(audit_rows(admin_ctx)) == before


def test_member_id_is_kept_as_typed_with_a_search_key(frontdesk_ctx, admin_ctx, patient_id, payer_id) -> None:
    record = insurance.add_policy(frontdesk_ctx, patient_id, policy_input(payer_id, member_id=" abc-12  34 "))
    assert record.member_id == "abc-12 34"
    other = patients.register_patient(frontdesk_ctx, patient_input("Ann", "Roe", dob="01/02/1980")).id
    insurance.add_policy(frontdesk_ctx, other, policy_input(payer_id, member_id="XYZ999"))
    with admin_ctx.db.session(write=False) as session:

        def found(key: str) -> list[int]:
            return sorted(session.scalars(patients_with_member_id(key)))

        assert found("ABC1234") == [patient_id]
        assert found("abc 12-34") == [patient_id]
        assert found("abc1") == [patient_id]  # a prefix is enough
        assert found("xyz-999") == [other]
        assert found("a") == [] and found("") == [] and found("--") == []
        assert found("ABC12345") == []


@pytest.mark.sqlite_only("reads SQLite's query plan")
def test_member_search_uses_the_index(admin_ctx) -> None:
    stmt = patients_with_member_id("ABC123")
    with admin_ctx.db.engine.connect() as conn:
        compiled = stmt.compile(conn, compile_kwargs={"literal_binds": True})
        plan = " ".join(str(r[-1]) for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}"))
    assert "ix_insurance_policy_member_key" in plan


def test_two_primaries_overlapping_in_time_conflict_on_rank(frontdesk_ctx, patient_id, payer_id,
                                                            other_payer_id) -> None:
    insurance.add_policy(frontdesk_ctx, patient_id, policy_input(payer_id, end_date=days(-10)))
    with pytest.raises(ConflictError, match="primary") as caught:
        insurance.add_policy(frontdesk_ctx, patient_id, policy_input(other_payer_id, effective_date=days(-10)))
    assert caught.value.field == "rank" and to_user_message(caught.value).field == "rank"
    # the day after the old one ends is free; so is the same dates as secondary
    insurance.add_policy(frontdesk_ctx, patient_id, policy_input(other_payer_id, effective_date=days(-9)))
    insurance.add_policy(frontdesk_ctx, patient_id, policy_input(other_payer_id, rank=2, member_id="S-2"))
    # an open-ended primary blocks a future primary too
    with pytest.raises(ConflictError):
        insurance.add_policy(frontdesk_ctx, patient_id, policy_input(payer_id, effective_date=days(100)))
    assert [(p.rank, p.status) for p in insurance.list_policies(frontdesk_ctx, patient_id)] == [
        (1, "active"), (2, "active"), (1, "ended")]


def test_other_patients_ranks_do_not_clash(frontdesk_ctx, patient_id, payer_id) -> None:
    other = patients.register_patient(frontdesk_ctx, patient_input("Ann", "Roe", dob="01/02/1980")).id
    insurance.add_policy(frontdesk_ctx, patient_id, policy_input(payer_id))
    insurance.add_policy(frontdesk_ctx, other, policy_input(payer_id))


def test_update_checks_rank_against_the_others_only(frontdesk_ctx, admin_ctx, patient_id, payer_id,
                                                    other_payer_id) -> None:
    primary = insurance.add_policy(frontdesk_ctx, patient_id, policy_input(payer_id))
    secondary = insurance.add_policy(frontdesk_ctx, patient_id, policy_input(other_payer_id, rank=2))
    insurance.update_policy(frontdesk_ctx, primary.id, policy_input(payer_id, copay="30"))  # itself is no clash
    with pytest.raises(ConflictError):
        insurance.update_policy(frontdesk_ctx, secondary.id, policy_input(other_payer_id, rank=1))
    assert insurance.get_policy(frontdesk_ctx, secondary.id).rank == 2
    row = audit_rows(admin_ctx, "insurance.update")[0]
    assert row.detail == "fields: copay_cents" and row.patient_id == patient_id


def test_inactive_payer_refused_for_new_choice_but_kept_on_old_policies(frontdesk_ctx, admin_ctx, patient_id,
                                                                        payer_id, other_payer_id) -> None:
    policy = insurance.add_policy(frontdesk_ctx, patient_id, policy_input(payer_id))
    payers.set_payer_active(admin_ctx, payer_id, False)
    updated = insurance.update_policy(frontdesk_ctx, policy.id, policy_input(payer_id, copay="40"))
    assert updated.copay == Decimal("40.00")
    with pytest.raises(ValidationError, match="no longer active") as caught:
        insurance.add_policy(frontdesk_ctx, patient_id, policy_input(payer_id, rank=2))
    assert caught.value.field == "payer_id"
    payers.set_payer_active(admin_ctx, other_payer_id, False)
    with pytest.raises(ValidationError):
        insurance.update_policy(frontdesk_ctx, policy.id, policy_input(other_payer_id))


def test_end_policy_keeps_it_as_history(frontdesk_ctx, admin_ctx, patient_id, payer_id, other_payer_id) -> None:
    old = insurance.add_policy(frontdesk_ctx, patient_id, policy_input(payer_id))
    with pytest.raises(ValidationError) as caught:
        insurance.end_policy(frontdesk_ctx, old.id, days(-400))
    assert caught.value.field == "end_date"
    with pytest.raises(ValidationError):
        insurance.end_policy(frontdesk_ctx, old.id, "")
    ended = insurance.end_policy(frontdesk_ctx, old.id, days(-1))
    assert ended.status == "ended" and ended.end_date == days(-1)
    new = insurance.add_policy(frontdesk_ctx, patient_id, policy_input(other_payer_id, effective_date=TODAY))
    assert [p.id for p in insurance.list_policies(frontdesk_ctx, patient_id)] == [new.id, old.id]
    assert [p.id for p in insurance.list_policies(frontdesk_ctx, patient_id, include_history=False)] == [new.id]
    assert audit_rows(admin_ctx, "insurance.end")[0].detail == "fields: end_date"


def test_future_policy_status(frontdesk_ctx, patient_id, payer_id) -> None:
    record = insurance.add_policy(frontdesk_ctx, patient_id, policy_input(payer_id, effective_date=days(30)))
    assert record.status == "future"


def test_reorder_swaps_primary_and_secondary(frontdesk_ctx, admin_ctx, patient_id, payer_id,
                                             other_payer_id) -> None:
    a = insurance.add_policy(frontdesk_ctx, patient_id, policy_input(payer_id))
    b = insurance.add_policy(frontdesk_ctx, patient_id, policy_input(other_payer_id, rank=2))
    listed = insurance.reorder_policies(frontdesk_ctx, patient_id, [b.id, a.id])
    assert [(p.id, p.rank) for p in listed] == [(b.id, 1), (a.id, 2)]
    assert [r.detail for r in audit_rows(admin_ctx, "insurance.rank")] == ["fields: rank", "fields: rank"]
    for bad in ([a.id], [a.id, a.id], [a.id, b.id, 999]):
        with pytest.raises(ValidationError) as caught:
            insurance.reorder_policies(frontdesk_ctx, patient_id, bad)
        assert caught.value.field == "rank"


def test_reorder_refuses_a_clash_with_a_future_policy(frontdesk_ctx, patient_id, payer_id, other_payer_id) -> None:
    a = insurance.add_policy(frontdesk_ctx, patient_id, policy_input(payer_id, end_date=days(30)))
    b = insurance.add_policy(frontdesk_ctx, patient_id, policy_input(other_payer_id, rank=2))
    insurance.add_policy(frontdesk_ctx, patient_id, policy_input(payer_id, effective_date=days(31),
                                                                 member_id="NEXT-1"))
    # b as primary from today, open-ended, would overlap next month's primary: refused, nothing changed
    with pytest.raises(ConflictError) as caught:
        insurance.reorder_policies(frontdesk_ctx, patient_id, [b.id, a.id])
    assert caught.value.field == "rank"
    assert insurance.get_policy(frontdesk_ctx, b.id).rank == 2


def test_policy_in_effect(frontdesk_ctx, admin_ctx, patient_id, payer_id, other_payer_id) -> None:
    old = insurance.add_policy(frontdesk_ctx, patient_id, policy_input(payer_id, end_date=days(-1)))
    new = insurance.add_policy(frontdesk_ctx, patient_id, policy_input(other_payer_id, effective_date=TODAY))
    with admin_ctx.db.session(write=False) as session:
        assert policy_in_effect(session, patient_id, TODAY).id == new.id
        assert policy_in_effect(session, patient_id, days(-1)).id == old.id
        assert policy_in_effect(session, patient_id, days(-366)) is None
        assert policy_in_effect(session, patient_id, TODAY, rank=2) is None


def test_missing_records(frontdesk_ctx, patient_id, payer_id) -> None:
    with pytest.raises(NotFoundError):
        insurance.add_policy(frontdesk_ctx, 9999, policy_input(payer_id))
    with pytest.raises(NotFoundError):
        insurance.update_policy(frontdesk_ctx, 9999, policy_input(payer_id))
    with pytest.raises(NotFoundError):
        insurance.list_policies(frontdesk_ctx, 9999)


def test_permissions(frontdesk_ctx, billing_ctx, anon_ctx, patient_id, payer_id) -> None:
    record = insurance.add_policy(frontdesk_ctx, patient_id, policy_input(payer_id))  # front desk may
    assert insurance.list_policies(billing_ctx, patient_id)[0].id == record.id
    with pytest.raises(PermissionDenied):
        insurance.list_policies(anon_ctx, patient_id)
    with pytest.raises(PermissionDenied):
        insurance.add_policy(anon_ctx, patient_id, policy_input(payer_id, rank=2))
