"""Opening a referral is an audited view; re-reading the one on screen after a change is not (issue 21)."""

from __future__ import annotations

import pytest
from ref_lib import RefClinic, referral
from sqlalchemy import select

from frontdesk.errors import NotFoundError
from frontdesk.models import AuditEvent
from frontdesk.services.desk import referrals


@pytest.mark.both_engines
def test_get_referral_is_the_view_and_referral_detail_the_quiet_refresh(practice, clinic: RefClinic) -> None:  # type: ignore[no-untyped-def]
    created = referrals.create_referral(clinic.desk, referral(clinic))
    opened = referrals.get_referral(clinic.desk, created.id)
    assert referrals.referral_detail(clinic.desk, created.id) == opened
    with practice.db.session(write=False) as session:
        views = session.execute(select(AuditEvent.entity_id, AuditEvent.patient_id)
                                .where(AuditEvent.action == "referral.view")).all()
    assert [tuple(v) for v in views] == [(str(created.id), clinic.patient_id)]
    with pytest.raises(NotFoundError):
        referrals.referral_detail(clinic.desk, created.id + 99)
