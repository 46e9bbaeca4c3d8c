"""Medicare MBIs: CMS's format checked when typed on a Medicare policy, stored and shown as typed.

CMS's MBI: 11 characters (dashes and spaces are not part of it). Position 1 a digit 1-9; 2, 5, 8, 9 a
letter; 3, 6 a letter or digit; 4, 7, 10, 11 a digit; letters never S, L, O, I, B, Z.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from ins_testlib import payer_input, policy_input

from frontdesk.domain.mbi import check_mbi, is_valid_mbi, mbi_characters, mbi_problem
from frontdesk.errors import ValidationError
from frontdesk.models import InsurancePolicy
from frontdesk.services.billing import payers
from frontdesk.services.patients import insurance
from frontdesk.services.session import ServiceContext


@pytest.mark.parametrize("typed", ["1EG4-TE5-MK73", "1EG4TE5MK73", "1eg4 te5 mk73", "9AA0-AA0-AA00", "2X94 C17-GT71"])
def test_well_formed_mbis_with_or_without_dashes(typed: str) -> None:
    assert is_valid_mbi(typed) and check_mbi(typed) == typed  # returned as typed


@pytest.mark.parametrize(("typed", "says"), [
    ("1EG4-TE5-MK7", "has 11 letters and digits (like 1EG4-TE5-MK73); this one has 10"),
    ("0EG4-TE5-MK73", "character 1 of a Medicare MBI must be a digit from 1 to 9, not '0'"),
    ("1SG4-TE5-MK73", "character 2 of a Medicare MBI must be a letter other than S, L, O, I, B or Z, not 'S'"),
    ("17G4-TE5-MK73", "character 2 of a Medicare MBI must be a letter, not '7'"),
    ("1EO4-TE5-MK73", "character 3 of a Medicare MBI must be a letter or a digit other than S, L, O, I, B or Z"),
    ("1EGA-TE5-MK73", "character 4 of a Medicare MBI must be a digit, not 'A'"),
    ("1EG4-ZE5-MK73", "character 5"),
    ("1EG4-TB5-MK73", "character 6"),
    ("1EG4-TEX-MK73", "character 7"),
    ("1EG4-TE5-IK73", "character 8"),
    ("1EG4-TE5-M173", "character 9"),
    ("1EG4-TE5-MKL3", "character 10"),
    ("1EG4-TE5-MK7O", "character 11"),
])
def test_each_position_rule_is_named(typed: str, says: str) -> None:
    assert says in (mbi_problem(typed) or "")
    with pytest.raises(ValidationError) as caught:
        check_mbi(typed)
    assert caught.value.field == "member_id"


def test_mbi_characters_drop_only_dashes_and_spaces() -> None:
    assert mbi_characters(" 1eg4-te5 mk73 ") == "1EG4TE5MK73"


@pytest.fixture
def medicare_id(admin_ctx: ServiceContext) -> int:
    return payers.add_payer(admin_ctx, payer_input("Medicare Part B", claim_type="medicare",
                                                   edi_payer_id="13202")).id


def test_a_medicare_policy_refuses_a_malformed_mbi_on_the_member_id_field(
        billing_ctx: ServiceContext, patient_id: int, medicare_id: int) -> None:
    with pytest.raises(ValidationError) as caught:
        insurance.add_policy(billing_ctx, patient_id, policy_input(medicare_id, member_id="123-45-6789A"))
    assert caught.value.field == "member_id" and "Medicare MBI" in caught.value.message
    saved = insurance.add_policy(billing_ctx, patient_id, policy_input(medicare_id, member_id="1eg4-te5-mk73"))
    assert saved.member_id == "1eg4-te5-mk73"  # stored and shown as typed
    assert insurance.get_policy(billing_ctx, saved.id).member_id == "1eg4-te5-mk73"


def test_other_payers_keep_their_own_id_formats(billing_ctx: ServiceContext, patient_id: int, payer_id: int) -> None:
    saved = insurance.add_policy(billing_ctx, patient_id, policy_input(payer_id, member_id="123-45-6789A"))
    assert saved.member_id == "123-45-6789A"


def test_moving_a_policy_to_medicare_checks_its_member_id(
        billing_ctx: ServiceContext, patient_id: int, payer_id: int, medicare_id: int) -> None:
    saved = insurance.add_policy(billing_ctx, patient_id, policy_input(payer_id, member_id="W123-456 789"))
    with pytest.raises(ValidationError) as caught:
        insurance.update_policy(billing_ctx, saved.id, policy_input(medicare_id, member_id="W123-456 789"))
    assert caught.value.field == "member_id"


def test_a_policy_saved_before_the_rule_keeps_opening_and_saving(
        billing_ctx: ServiceContext, patient_id: int, medicare_id: int) -> None:
    """A legacy HICN on a Medicare policy is not rewritten; edits elsewhere save; a new typed id is checked."""
    valid = insurance.add_policy(billing_ctx, patient_id, policy_input(medicare_id, member_id="1EG4-TE5-MK73"))
    with billing_ctx.db.session(write=True) as session:  # as an older version stored it
        row = session.get(InsurancePolicy, valid.id)
        row.member_id, row.member_key = "123456789A", "123456789A"
    assert insurance.get_policy(billing_ctx, valid.id).member_id == "123456789A"
    edited = insurance.update_policy(billing_ctx, valid.id, policy_input(medicare_id, member_id="123456789A",
                                                                       copay="30.00"))
    assert edited.member_id == "123456789A" and edited.copay == Decimal("30.00")
    with pytest.raises(ValidationError) as caught:
        insurance.update_policy(billing_ctx, valid.id, policy_input(medicare_id, member_id="123456789B"))
    assert caught.value.field == "member_id"
