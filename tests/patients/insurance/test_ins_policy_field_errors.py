"""A policy form with several wrong fields hears of all of them at once, each naming its field."""

from __future__ import annotations

import pytest
from ins_testlib import policy_input, spouse_policy

from frontdesk.errors import ValidationErrors
from frontdesk.services.patients import insurance


def test_three_wrong_policy_fields_are_three_named_errors(frontdesk_ctx, patient_id, payer_id) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationErrors) as caught:
        insurance.add_policy(frontdesk_ctx, patient_id, policy_input(payer_id, member_id="", group_number="G;1",
                                                                     effective_date="13/01/2025"))
    assert [e.field for e in caught.value.errors] == ["member_id", "group_number", "effective_date"]
    assert insurance.list_policies(frontdesk_ctx, patient_id) == []


def test_subscriber_fields_are_reported_together_with_the_policys(frontdesk_ctx, patient_id, payer_id) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationErrors) as caught:
        insurance.add_policy(frontdesk_ctx, patient_id, spouse_policy(
            payer_id, rank=4, subscriber_first_name="", subscriber_sex="X", subscriber_zip_code="12",
            subscriber_state="ZZ"))
    assert [e.field for e in caught.value.errors] == ["rank", "subscriber_first_name", "subscriber_sex",
                                                      "subscriber_state", "subscriber_zip_code"]
