"""Check-in intake: start or resume, each step confirmed with time and user, the rules behind each step."""

from __future__ import annotations

from decimal import Decimal

import pytest
from ins_testlib import TODAY, audit_rows, days, patient_input, policy_input

from frontdesk.errors import ConflictError, NotFoundError, PermissionDenied, ValidationError
from frontdesk.services.patients import consents, eligibility, insurance, intake, patients
from frontdesk.services.patients.consents import ConsentInput
from frontdesk.services.patients.eligibility import CheckInput


def _sign_all_required(ctx, patient_id) -> None:
    for t in consents.list_consent_types(ctx):
        if t.required:
            consents.record_consent(ctx, patient_id, ConsentInput(t.id, TODAY))


def _check(ctx, policy_id, **kw) -> eligibility.EligibilityCheckInfo:
    values = {"checked_on": TODAY, "method": "portal", "result": "active", **kw}
    return eligibility.log_check(ctx, policy_id, CheckInput(**values))


def test_the_whole_checklist(frontdesk_ctx, admin_ctx, patient_id, payer_id) -> None:
    policy = insurance.add_policy(frontdesk_ctx, patient_id, policy_input(payer_id, copay="35"))
    _sign_all_required(frontdesk_ctx, patient_id)
    summary = intake.start_intake(frontdesk_ctx, patient_id, appointment_id=41)
    assert summary.visit_date == TODAY and summary.appointment_id == 41 and summary.started_by == "rita"
    assert [s.done for s in summary.steps] == [False] * 4 and not summary.complete
    assert summary.suggested_copay == Decimal("35.00") and [p.id for p in summary.policies] == [policy.id]
    assert summary.consent_problems == ()

    intake.confirm_demographics(frontdesk_ctx, summary.id)
    check = _check(frontdesk_ctx, policy.id)
    intake.verify_insurance(frontdesk_ctx, summary.id, "eligibility")
    intake.confirm_consents(frontdesk_ctx, summary.id)
    done = intake.set_copay_due(frontdesk_ctx, summary.id)
    assert done.complete and all(s.by == "rita" and s.at is not None for s in done.steps)
    assert done.eligibility_check_id == check.id and done.insurance_method == "eligibility"
    assert done.step("insurance").note == "Eligibility check" and done.visit_checks[0].id == check.id
    assert done.copay_due == Decimal("35.00") and done.step("copay").note == "$35.00" and not done.copay_collected
    assert done.step("consents").note == "All required consents current"
    assert intake.get_intake(frontdesk_ctx, summary.id) == done
    assert intake.intake_for_appointment(frontdesk_ctx, 41) == done
    assert intake.intake_for_appointment(frontdesk_ctx, 42) is None
    actions = [r.action for r in audit_rows(admin_ctx, "intake.")]
    assert actions == ["intake.copay", "intake.consents", "intake.insurance", "intake.demographics", "intake.start"]
    assert all(r.patient_id == patient_id for r in audit_rows(admin_ctx, "intake."))


def test_start_resumes_the_same_visit(frontdesk_ctx, admin_ctx, patient_id) -> None:
    first = intake.start_intake(frontdesk_ctx, patient_id)
    intake.confirm_demographics(frontdesk_ctx, first.id)
    again = intake.start_intake(frontdesk_ctx, patient_id)
    assert again.id == first.id and again.step("demographics").done
    linked = intake.start_intake(frontdesk_ctx, patient_id, appointment_id=7)  # the appointment turns up later
    assert linked.id == first.id and linked.appointment_id == 7
    assert audit_rows(admin_ctx, "intake.update")[0].detail == "fields: appointment_id"
    second_visit = intake.start_intake(frontdesk_ctx, patient_id, appointment_id=8)  # a second visit that day
    assert second_visit.id != first.id
    assert intake.start_intake(frontdesk_ctx, patient_id, appointment_id=8).id == second_visit.id
    yesterday = intake.start_intake(frontdesk_ctx, patient_id, visit_date=days(-1))
    assert yesterday.id not in (first.id, second_visit.id) and yesterday.visit_date == days(-1)


def test_start_refusals(frontdesk_ctx, patient_id) -> None:
    other = patients.register_patient(frontdesk_ctx, patient_input("Ann", "Roe", dob="01/02/1980")).id
    intake.start_intake(frontdesk_ctx, patient_id, appointment_id=5)
    with pytest.raises(ConflictError):
        intake.start_intake(frontdesk_ctx, other, appointment_id=5)
    with pytest.raises(ValidationError) as caught:
        intake.start_intake(frontdesk_ctx, patient_id, visit_date=days(1))
    assert caught.value.field == "visit_date"
    for bad in (0, -3, "5", True):
        with pytest.raises(ValidationError):
            intake.start_intake(frontdesk_ctx, patient_id, appointment_id=bad)
    with pytest.raises(NotFoundError):
        intake.start_intake(frontdesk_ctx, 9999)
    with pytest.raises(NotFoundError):
        intake.confirm_demographics(frontdesk_ctx, 9999)


def test_insurance_needs_a_check_for_the_visit_date(frontdesk_ctx, patient_id, payer_id, other_payer_id) -> None:
    primary = insurance.add_policy(frontdesk_ctx, patient_id, policy_input(payer_id))
    secondary = insurance.add_policy(frontdesk_ctx, patient_id, policy_input(other_payer_id, rank=2))
    visit = intake.start_intake(frontdesk_ctx, patient_id)
    _check(frontdesk_ctx, primary.id, checked_on=days(-1))  # yesterday's does not count
    with pytest.raises(ValidationError, match="No eligibility check") as caught:
        intake.verify_insurance(frontdesk_ctx, visit.id, "eligibility")
    assert caught.value.field == "insurance_method"
    inactive = _check(frontdesk_ctx, primary.id, result="inactive")
    with pytest.raises(ValidationError, match="did not find active coverage"):
        intake.verify_insurance(frontdesk_ctx, visit.id, "eligibility")
    secondary_ok = _check(frontdesk_ctx, secondary.id)
    with pytest.raises(ValidationError):  # the primary's check speaks for the visit
        intake.verify_insurance(frontdesk_ctx, visit.id, "eligibility")
    chosen = intake.verify_insurance(frontdesk_ctx, visit.id, "eligibility", check_id=secondary_ok.id)
    assert chosen.eligibility_check_id == secondary_ok.id
    with pytest.raises(ValidationError) as caught:
        intake.verify_insurance(frontdesk_ctx, visit.id, "eligibility", check_id=inactive.id + 100)
    assert caught.value.field == "check_id"
    assert {c.id for c in chosen.visit_checks} == {inactive.id, secondary_ok.id}


def test_verified_from_card_or_self_pay(frontdesk_ctx, patient_id, payer_id) -> None:
    visit = intake.start_intake(frontdesk_ctx, patient_id)
    with pytest.raises(ValidationError, match="no policy in effect"):
        intake.verify_insurance(frontdesk_ctx, visit.id, "card")
    with pytest.raises(ValidationError, match="no policy in effect"):
        intake.verify_insurance(frontdesk_ctx, visit.id, "eligibility")
    assert intake.verify_insurance(frontdesk_ctx, visit.id, "self_pay").step("insurance").note == "Self-pay"
    insurance.add_policy(frontdesk_ctx, patient_id, policy_input(payer_id))
    by_card = intake.verify_insurance(frontdesk_ctx, visit.id, "card")
    assert by_card.insurance_method == "card" and by_card.eligibility_check_id is None
    with pytest.raises(ValidationError) as caught:
        intake.verify_insurance(frontdesk_ctx, visit.id, "gut feeling")
    assert caught.value.field == "insurance_method"


def test_consents_need_a_reason_when_not_current(frontdesk_ctx, admin_ctx, patient_id) -> None:
    visit = intake.start_intake(frontdesk_ctx, patient_id)
    assert len(visit.consent_problems) == 4
    with pytest.raises(ValidationError, match="HIPAA Notice of Privacy Practices") as caught:
        intake.confirm_consents(frontdesk_ctx, visit.id)
    assert caught.value.field == "override_reason"
    assert not intake.get_intake(frontdesk_ctx, visit.id).step("consents").done
    with pytest.raises(ValidationError):
        intake.confirm_consents(frontdesk_ctx, visit.id, override_reason="x" * 201)
    went_ahead = intake.confirm_consents(frontdesk_ctx, visit.id, override_reason="Patient will sign after visit")
    assert went_ahead.step("consents").done
    assert went_ahead.step("consents").note == "Went ahead: Patient will sign after visit"
    detail = audit_rows(admin_ctx, "intake.consents")[0].detail
    assert detail == "fields: consents_at, consents_override_reason" and "sign after" not in detail
    _sign_all_required(frontdesk_ctx, patient_id)
    clean = intake.confirm_consents(frontdesk_ctx, visit.id, override_reason="no longer needed")
    assert clean.consents_override_reason == "" and clean.consent_problems == ()


def test_copay_from_primary_or_typed(frontdesk_ctx, patient_id, payer_id, other_payer_id) -> None:
    visit = intake.start_intake(frontdesk_ctx, patient_id)
    assert intake.set_copay_due(frontdesk_ctx, visit.id).copay_due == Decimal("0.00")  # self-pay: nothing fixed
    insurance.add_policy(frontdesk_ctx, patient_id, policy_input(payer_id, copay="40"))
    insurance.add_policy(frontdesk_ctx, patient_id, policy_input(other_payer_id, rank=2, copay="15"))
    assert intake.set_copay_due(frontdesk_ctx, visit.id).copay_due == Decimal("40.00")
    assert intake.set_copay_due(frontdesk_ctx, visit.id, "$12.50").copay_due == Decimal("12.50")
    assert intake.set_copay_due(frontdesk_ctx, visit.id, Decimal(0)).copay_due == Decimal("0.00")
    for bad in ("12.345", "-1", "10000.01", "abc"):
        with pytest.raises(ValidationError) as caught:
            intake.set_copay_due(frontdesk_ctx, visit.id, bad)
        assert caught.value.field == "copay_due"
    assert intake.get_intake(frontdesk_ctx, visit.id).copay_due == Decimal("0.00")


def test_a_backdated_visit_uses_that_days_policy(frontdesk_ctx, patient_id, payer_id, other_payer_id) -> None:
    old = insurance.add_policy(frontdesk_ctx, patient_id, policy_input(payer_id, copay="20", end_date=days(-2)))
    insurance.add_policy(frontdesk_ctx, patient_id, policy_input(other_payer_id, copay="50", effective_date=days(-1)))
    visit = intake.start_intake(frontdesk_ctx, patient_id, visit_date=days(-3))
    assert [p.id for p in visit.policies] == [old.id] and visit.suggested_copay == Decimal("20.00")


def test_permissions(frontdesk_ctx, anon_ctx, patient_id) -> None:
    visit = intake.start_intake(frontdesk_ctx, patient_id)
    for call in (lambda c: intake.start_intake(c, patient_id), lambda c: intake.confirm_demographics(c, visit.id),
                 lambda c: intake.get_intake(c, visit.id)):
        with pytest.raises(PermissionDenied):
            call(anon_ctx)
