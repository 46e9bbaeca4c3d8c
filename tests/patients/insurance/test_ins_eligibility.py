"""The manual eligibility log: one entry per check, latest shown with the policy, on the contact history."""

from __future__ import annotations

import pytest
from ins_testlib import TODAY, audit_rows, days, policy_input
from sqlalchemy import select

from frontdesk.errors import NotFoundError, PermissionDenied, ValidationError
from frontdesk.models import ContactEvent
from frontdesk.services.patients import eligibility, insurance
from frontdesk.services.patients.eligibility import CheckInput


@pytest.fixture
def policy_id(frontdesk_ctx, patient_id, payer_id) -> int:
    return insurance.add_policy(frontdesk_ctx, patient_id, policy_input(payer_id)).id


def _check(**overrides: object) -> CheckInput:
    values: dict[str, object] = dict(checked_on=TODAY, method="phone", result="active",
                                     payer_contact="Maria at provider services", reference_number="REF-778812",
                                     note="Deductible met; $25 office copay.")
    values.update(overrides)
    return CheckInput(**values)  # type: ignore[arg-type]


def test_log_a_check_and_see_it_with_the_policy(frontdesk_ctx, admin_ctx, patient_id, policy_id,
                                                frontdesk_actor) -> None:
    logged = eligibility.log_check(frontdesk_ctx, policy_id, _check())
    assert logged.checked_by == "rita" and logged.method_label == "Phone" and logged.result_label == "Active"
    assert insurance.get_policy(frontdesk_ctx, policy_id).latest_check == logged
    row = audit_rows(admin_ctx, "eligibility.create")[0]
    assert row.patient_id == patient_id
    assert row.detail == "fields: checked_on, method, note, payer_contact, reference_number, result"
    with admin_ctx.db.session(write=False) as session:
        event = session.scalars(select(ContactEvent).where(ContactEvent.patient_id == patient_id)).one()
        assert (event.kind, event.outcome, event.ref_type, event.ref_id) == ("eligibility", "Active",
                                                                              "insurance_policy", policy_id)
        assert "Aetna" in event.summary and "REF-778812" not in event.summary
        assert event.user_id == frontdesk_actor.user_id


def test_latest_is_by_date_checked_then_by_entry(frontdesk_ctx, policy_id) -> None:
    first = eligibility.log_check(frontdesk_ctx, policy_id, _check(checked_on=days(-3), result="inactive"))
    today_a = eligibility.log_check(frontdesk_ctx, policy_id, _check(method="portal"))
    eligibility.log_check(frontdesk_ctx, policy_id, _check(checked_on=days(-5), method="fax"))  # entered late
    today_b = eligibility.log_check(frontdesk_ctx, policy_id, _check(result="other"))
    assert insurance.get_policy(frontdesk_ctx, policy_id).latest_check.id == today_b.id
    assert [c.id for c in eligibility.list_checks(frontdesk_ctx, policy_id)][:3] == [today_b.id, today_a.id,
                                                                                     first.id]


@pytest.mark.parametrize("overrides, field", [
    ({"checked_on": days(1)}, "checked_on"),
    ({"checked_on": ""}, "checked_on"),
    ({"checked_on": "02/31/2026"}, "checked_on"),
    ({"method": "email"}, "method"),
    ({"result": "maybe"}, "result"),
    ({"payer_contact": "x" * 81}, "payer_contact"),
    ({"reference_number": "r" * 41}, "reference_number"),
    ({"note": "n" * 501}, "note"),
    ({"note": "bad\u202echaracter"}, "note"),
])
def test_bad_check_fields(frontdesk_ctx, policy_id, overrides, field) -> None:
    with pytest.raises(ValidationError) as caught:
        eligibility.log_check(frontdesk_ctx, policy_id, _check(**overrides))
    assert caught.value.field == field
    assert eligibility.list_checks(frontdesk_ctx, policy_id) == []


def test_all_results_and_methods(frontdesk_ctx, policy_id) -> None:
    for method in ("phone", "portal", "fax"):
        for result in ("active", "inactive", "not_found", "other", "Not found"):
            eligibility.log_check(frontdesk_ctx, policy_id, _check(method=method, result=result, payer_contact="",
                                                                   reference_number="", note=""))
    assert len(eligibility.list_checks(frontdesk_ctx, policy_id)) == 15


def test_unknown_policy_and_permissions(frontdesk_ctx, anon_ctx, policy_id) -> None:
    with pytest.raises(NotFoundError):
        eligibility.log_check(frontdesk_ctx, 9999, _check())
    with pytest.raises(NotFoundError):
        eligibility.list_checks(frontdesk_ctx, 9999)
    with pytest.raises(PermissionDenied):
        eligibility.log_check(anon_ctx, policy_id, _check())
