"""Opening a claim is the audited view; re-reading the one on screen (claim_detail) is not (issue 21)."""

from __future__ import annotations

import pytest
from bc_testlib import BillingClinic, header, line

from frontdesk.errors import NotFoundError
from frontdesk.services._base import ServiceContext
from frontdesk.services.admin import audit
from frontdesk.services.billing import claims, encounters


@pytest.mark.both_engines
def test_claim_detail_is_get_claim_without_the_view_event(clinic: BillingClinic, admin_ctx: ServiceContext) -> None:
    enc = encounters.create_encounter(clinic.biller, clinic.patient_id, header(rendering_provider_id=clinic.provider_id))
    encounters.set_diagnoses(clinic.biller, enc.id, ["J06.9"])
    encounters.add_service_line(clinic.biller, enc.id, line("99213", pointers="A"))
    [row] = claims.create_claims(clinic.biller, enc.id)
    quiet = claims.claim_detail(clinic.biller, row.id)
    assert audit.list_events(admin_ctx, audit.AuditFilter(action="claim.view")) == []
    assert claims.get_claim(clinic.biller, row.id) == quiet
    views = audit.list_events(admin_ctx, audit.AuditFilter(action="claim.view"))
    assert [(v.entity_id, v.patient_id) for v in views] == [(str(row.id), clinic.patient_id)]
    with pytest.raises(NotFoundError):
        claims.claim_detail(clinic.biller, row.id + 99)
