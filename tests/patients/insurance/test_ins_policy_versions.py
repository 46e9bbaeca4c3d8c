"""A policy saved from a stale dialog is refused, never silently overwritten (issue 19), on both engines.

The edit dialog sends back the version it loaded; an edit, an end or a re-rank saved by someone else since
moves the version on, and the refusal names who did it and when (practice time).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from ins_testlib import days, policy_input

from frontdesk.services.patients import insurance
from frontdesk.services.patients.insurance import ChangedMeanwhile

WHEN = r"\d\d/\d\d/\d{4} \d{1,2}:\d\d [AP]M"  # practice time, MM/DD/YYYY h:mm AM/PM


@pytest.mark.both_engines
def test_a_stale_policy_save_says_who_changed_it(admin_ctx, frontdesk_ctx, patient_id, payer_id) -> None:  # type: ignore[no-untyped-def]
    added = insurance.add_policy(frontdesk_ctx, patient_id, policy_input(payer_id))
    assert added.version == 1
    opened = insurance.get_policy(frontdesk_ctx, added.id)  # Rita's dialog
    ada = insurance.update_policy(admin_ctx, added.id, policy_input(payer_id, copay="40.00"), version=1)
    assert ada.version == 2

    with pytest.raises(ChangedMeanwhile, match=rf"^Ada Admin changed this policy on {WHEN}, after you opened it\. "
                                               "Your changes were not saved"):
        insurance.update_policy(frontdesk_ctx, added.id, policy_input(payer_id, group_number="GRP-2"),
                                version=opened.version)
    kept = insurance.get_policy(frontdesk_ctx, added.id)
    assert (kept.copay, kept.group_number, kept.version) == (Decimal("40.00"), "GRP-1001", 2)
    # reloaded, the same save goes through
    saved = insurance.update_policy(frontdesk_ctx, added.id, policy_input(payer_id, copay="40.00",
                                                                          group_number="GRP-2"), version=kept.version)
    assert (saved.copay, saved.group_number, saved.version) == (Decimal("40.00"), "GRP-2", 3)


def test_ending_or_reranking_a_policy_makes_open_dialogs_stale(admin_ctx, frontdesk_ctx, patient_id, payer_id,  # type: ignore[no-untyped-def]
                                                              other_payer_id) -> None:
    first = insurance.add_policy(frontdesk_ctx, patient_id, policy_input(payer_id))
    second = insurance.add_policy(frontdesk_ctx, patient_id, policy_input(other_payer_id, rank=2, member_id="C-1"))
    insurance.reorder_policies(admin_ctx, patient_id, [second.id, first.id])
    with pytest.raises(ChangedMeanwhile, match="^Ada Admin changed this policy on "):
        insurance.update_policy(frontdesk_ctx, first.id, policy_input(payer_id, rank=2, copay="30"),
                                version=first.version)
    ended = insurance.end_policy(admin_ctx, second.id, days(0))
    assert ended.version == second.version + 2  # re-ranked, then ended
    with pytest.raises(ChangedMeanwhile):
        insurance.update_policy(frontdesk_ctx, second.id, policy_input(other_payer_id, member_id="C-1"),
                                version=second.version + 1)
    # a save that changes nothing does not make anyone's dialog stale
    same = insurance.get_policy(frontdesk_ctx, first.id)
    again = insurance.update_policy(frontdesk_ctx, first.id, policy_input(payer_id, rank=2), version=same.version)
    assert again.version == same.version
