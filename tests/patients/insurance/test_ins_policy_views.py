"""Opening a patient's list of policies is an audited view (member ids, subscribers); its refreshes are not."""

from __future__ import annotations

import pytest
from ins_testlib import audit_rows, policy_input

from frontdesk.errors import NotFoundError, PermissionDenied
from frontdesk.services.patients import insurance


@pytest.mark.both_engines
def test_opening_the_policies_writes_one_view_event_and_listing_them_none(frontdesk_ctx, admin_ctx, patient_id,
                                                                          payer_id) -> None:
    insurance.add_policy(frontdesk_ctx, patient_id, policy_input(payer_id))
    before = len(audit_rows(admin_ctx, "patient.view"))
    opened = insurance.open_policies(frontdesk_ctx, patient_id)
    assert opened == insurance.list_policies(frontdesk_ctx, patient_id)  # the same rows; the refresh is quiet
    views = audit_rows(admin_ctx, "patient.view")
    assert len(views) == before + 1
    assert (views[0].username, views[0].entity_type, views[0].entity_id, views[0].patient_id, views[0].detail) == (
        "rita", "insurance_policies", str(patient_id), patient_id, "insurance policies: 1")


def test_policies_that_cannot_be_opened_write_no_view(frontdesk_ctx, anon_ctx, admin_ctx, patient_id) -> None:
    with pytest.raises(NotFoundError):
        insurance.open_policies(frontdesk_ctx, patient_id + 99)
    with pytest.raises(PermissionDenied):
        insurance.open_policies(anon_ctx, patient_id)
    assert audit_rows(admin_ctx, "patient.view") == []
