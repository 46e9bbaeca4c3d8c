"""Issue 21 item 1: choosing a referral is one audited view; the refreshes of the list (a referral or patient
changed anywhere) re-read the referral on screen without writing another."""

from __future__ import annotations

from refui_lib import UiClinic

from frontdesk.services._base import ServiceContext
from frontdesk.services.admin import audit
from frontdesk.services.desk import referrals
from frontdesk.services.desk.referral_types import ReferralInput
from frontdesk.services.patients import patients
from frontdesk.services.patients.patients import PatientInput


def _views(admin_ctx: ServiceContext) -> list[str]:
    return [r.entity_id for r in reversed(audit.list_events(admin_ctx, audit.AuditFilter(action="referral.view")))]


def test_a_referral_is_viewed_once_per_choice_not_per_refresh(qtbot, harness, clinic: UiClinic, desk,  # type: ignore[no-untyped-def]
                                                              admin_ctx) -> None:
    first = referrals.create_referral(desk, ReferralInput(patient_id=clinic.patient_id,
                                                          outside_provider_id=clinic.cardiology_id,
                                                          reason="Palpitations"))
    second = referrals.create_referral(desk, ReferralInput(patient_id=clinic.other_patient_id,
                                                           outside_provider_id=clinic.imaging_id, reason="X-ray"))
    tab = harness.tab
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2)
    tab.table.selectRow(tab.model.row_of(first.id))
    qtbot.waitUntil(lambda: tab.current is not None and tab.current.id == first.id)
    assert _views(admin_ctx) == [str(first.id)]

    # Changes elsewhere reload the list (and the referral on screen): no new view.
    patients.register_patient(desk, PatientInput(first_name="New", last_name="Comer", dob="01/01/1990", sex="F"))
    referrals.update_referral(desk, second.id, ReferralInput(patient_id=clinic.other_patient_id,
                                                            outside_provider_id=clinic.imaging_id, reason="MRI"))
    referrals.update_referral(desk, first.id, ReferralInput(patient_id=clinic.patient_id,
                                                           outside_provider_id=clinic.cardiology_id,
                                                           reason="Palpitations, worse"))
    qtbot.waitUntil(lambda: tab.current is not None and "worse" in tab.details.text())
    tab.reload()  # F5
    assert tab.current is not None and tab.current.id == first.id
    assert _views(admin_ctx) == [str(first.id)]

    # Choosing another referral, then the first again: two more openings.
    tab.table.selectRow(tab.model.row_of(second.id))
    qtbot.waitUntil(lambda: tab.current is not None and tab.current.id == second.id)
    tab.table.selectRow(tab.model.row_of(first.id))
    qtbot.waitUntil(lambda: tab.current is not None and tab.current.id == first.id)
    assert _views(admin_ctx) == [str(first.id), str(second.id), str(first.id)]
