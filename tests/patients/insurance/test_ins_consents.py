"""Consents: the standard documents, signatures with versions, the status matrix, who may change settings."""

# Fixed dates are data here: every status is asked for on an explicit day (on=...), and every signature is in the past.

from __future__ import annotations

from datetime import date

import pytest
from ins_testlib import TODAY, audit_rows, days

from frontdesk.errors import ConflictError, NotFoundError, PermissionDenied, ValidationError
from frontdesk.services.patients import consents
from frontdesk.domain.dates import add_months
from frontdesk.services.patients.consents import ConsentInput, ConsentTypeInput

SIGNED = date(2025, 1, 15)  # financial policy valid 12 months: through 01/15/2026


def _types(ctx) -> dict[str, consents.ConsentTypeInfo]:
    return {t.code: t for t in consents.list_consent_types(ctx, include_inactive=True)}


def _status(ctx, patient_id, on=None) -> dict[str, consents.ConsentStatus]:
    return {s.type.code: s for s in consents.consent_status(ctx, patient_id, on=on)}


def _sign(ctx, patient_id, code, signed_on=SIGNED, **kw) -> consents.ConsentRecordInfo:
    return consents.record_consent(ctx, patient_id, ConsentInput(_types(ctx)[code].id, signed_on, **kw))


def _settings(t: consents.ConsentTypeInfo, **changes: object) -> ConsentTypeInput:
    values: dict[str, object] = dict(name=t.name, current_version=t.current_version, required=t.required,
                                     validity_months=t.validity_months, active=t.active)
    values.update(changes)
    return ConsentTypeInput(**values)  # type: ignore[arg-type]


def test_the_five_standard_documents_come_with_the_database(frontdesk_ctx) -> None:
    types = _types(frontdesk_ctx)
    assert set(types) == {"npp", "financial_policy", "assignment_of_benefits", "release_of_information",
                          "communication"}
    assert types["npp"].name == "HIPAA Notice of Privacy Practices acknowledgment"
    assert all(t.current_version == "2026-01" and t.active for t in types.values())
    assert [code for code, t in types.items() if not t.required] == ["communication"]
    assert types["financial_policy"].validity_months == 12 and types["npp"].validity_months is None


def test_a_new_patient_has_everything_missing(frontdesk_ctx, patient_id) -> None:
    status = consents.consent_status(frontdesk_ctx, patient_id)
    assert [s.state for s in status] == ["missing"] * 5
    assert [s.type.required for s in status] == [True, True, True, True, False]  # required first
    assert {s.type.code for s in status if s.needs_attention} == {"npp", "financial_policy",
                                                                  "assignment_of_benefits",
                                                                  "release_of_information"}
    assert status[0].state_label == "Not signed"


@pytest.mark.parametrize("on, state", [
    (date(2025, 1, 15), "ok"),
    (date(2025, 12, 15), "ok"),  # 31 days before expiry
    (date(2025, 12, 16), "expiring_soon"),  # 30 days before
    (date(2026, 1, 15), "expiring_soon"),  # the last valid day
    (date(2026, 1, 16), "expired"),
])
def test_validity_months_expiry(frontdesk_ctx, patient_id, on, state) -> None:
    record = _sign(frontdesk_ctx, patient_id, "financial_policy")
    assert record.expires_on == date(2026, 1, 15) and record.version == "2026-01"
    status = _status(frontdesk_ctx, patient_id, on)["financial_policy"]
    assert status.state == state and status.record == record
    assert status.needs_attention is (state == "expired")


def test_explicit_expiry_wins_and_no_validity_never_expires(frontdesk_ctx, patient_id) -> None:
    _sign(frontdesk_ctx, patient_id, "npp", signed_on=date(2020, 3, 1))
    _sign(frontdesk_ctx, patient_id, "release_of_information", expires_on=date(2025, 3, 1))
    status = _status(frontdesk_ctx, patient_id, date(2025, 3, 2))
    assert status["npp"].state == "ok" and status["npp"].record.expires_on is None
    assert status["release_of_information"].state == "expired"
    assert status["release_of_information"].record.expires_on == date(2025, 3, 1)


def test_older_version_is_outdated_and_expired_wins(frontdesk_ctx, patient_id) -> None:
    _sign(frontdesk_ctx, patient_id, "npp", version="2025-01")
    _sign(frontdesk_ctx, patient_id, "financial_policy", version="2025-01")
    status = _status(frontdesk_ctx, patient_id, date(2025, 6, 1))
    assert status["npp"].state == "outdated" and status["npp"].needs_attention
    assert status["financial_policy"].state == "outdated"
    assert _status(frontdesk_ctx, patient_id, date(2026, 2, 1))["financial_policy"].state == "expired"


def test_the_latest_signature_counts(frontdesk_ctx, patient_id) -> None:
    _sign(frontdesk_ctx, patient_id, "financial_policy", signed_on=date(2023, 1, 1))
    newer = _sign(frontdesk_ctx, patient_id, "financial_policy", signed_on=TODAY)
    _sign(frontdesk_ctx, patient_id, "financial_policy", signed_on=date(2022, 1, 1))  # old paper entered late
    assert _status(frontdesk_ctx, patient_id)["financial_policy"].record.id == newer.id
    assert len(consents.list_consents(frontdesk_ctx, patient_id)) == 3
    assert consents.list_consents(frontdesk_ctx, patient_id)[0].id == newer.id


def test_optional_missing_is_not_flagged(frontdesk_ctx, patient_id) -> None:
    for code in ("npp", "financial_policy", "assignment_of_benefits", "release_of_information"):
        _sign(frontdesk_ctx, patient_id, code, signed_on=TODAY)
    status = consents.consent_status(frontdesk_ctx, patient_id)
    assert [s.state for s in status] == ["ok", "ok", "ok", "ok", "missing"]
    assert not any(s.needs_attention for s in status)


def test_new_current_version_makes_signatures_outdated(admin_ctx, frontdesk_ctx, patient_id) -> None:
    _sign(frontdesk_ctx, patient_id, "npp", signed_on=TODAY)
    npp = _types(admin_ctx)["npp"]
    consents.update_consent_type(admin_ctx, npp.id, _settings(npp, current_version="2026-07"))
    assert _status(frontdesk_ctx, patient_id)["npp"].state == "outdated"
    assert audit_rows(admin_ctx, "consent_type.update")[0].detail == "fields: current_version"
    _sign(frontdesk_ctx, patient_id, "npp", signed_on=TODAY)  # blank version = the current one
    assert _status(frontdesk_ctx, patient_id)["npp"].state == "ok"


def test_practice_settings_required_validity_active(admin_ctx, frontdesk_ctx, patient_id) -> None:
    types = _types(admin_ctx)
    consents.update_consent_type(admin_ctx, types["communication"].id,
                                 _settings(types["communication"], required=True, validity_months="24"))
    consents.update_consent_type(admin_ctx, types["release_of_information"].id,
                                 _settings(types["release_of_information"], active=False))
    status = _status(frontdesk_ctx, patient_id)
    assert "release_of_information" not in status and status["communication"].needs_attention
    assert _types(admin_ctx)["communication"].validity_months == 24
    with pytest.raises(ValidationError) as caught:
        _sign(frontdesk_ctx, patient_id, "release_of_information")
    assert caught.value.field == "consent_type_id"


@pytest.mark.parametrize("changes, field", [
    ({"name": ""}, "name"), ({"current_version": ""}, "current_version"),
    ({"current_version": "v#1"}, "current_version"), ({"validity_months": 0}, "validity_months"),
    ({"validity_months": 121}, "validity_months"), ({"validity_months": "twelve"}, "validity_months"),
    ({"required": "yes"}, "required"),
])
def test_bad_settings(admin_ctx, changes, field) -> None:
    npp = _types(admin_ctx)["npp"]
    with pytest.raises(ValidationError) as caught:
        consents.update_consent_type(admin_ctx, npp.id, _settings(npp, **changes))
    assert caught.value.field == field
    assert _types(admin_ctx)["npp"] == npp


def test_add_a_practice_document(admin_ctx, frontdesk_ctx, patient_id) -> None:
    added = consents.add_consent_type(admin_ctx, "Telehealth", ConsentTypeInput("Telehealth consent", "1.0",
                                                                                validity_months=6))
    assert added.code == "telehealth" and added.required
    assert _status(frontdesk_ctx, patient_id)["telehealth"].state == "missing"
    with pytest.raises(ConflictError) as caught:
        consents.add_consent_type(admin_ctx, "telehealth", ConsentTypeInput("Again", "1.0"))
    assert caught.value.field == "code"
    for bad in ("", "9lives", "has space", "x"):
        with pytest.raises(ValidationError):
            consents.add_consent_type(admin_ctx, bad, ConsentTypeInput("Doc", "1.0"))
    with pytest.raises(NotFoundError):
        consents.update_consent_type(admin_ctx, 9999, ConsentTypeInput("Doc", "1.0"))


def test_representative_signatures(frontdesk_ctx, admin_ctx, patient_id) -> None:
    record = _sign(frontdesk_ctx, patient_id, "npp", signed_by="representative",
                   representative_name="Mary Doe", representative_relationship="Mother")
    assert (record.signed_by, record.representative_name, record.recorded_by) == ("representative", "Mary Doe",
                                                                                  "rita")
    by_patient = _sign(frontdesk_ctx, patient_id, "npp", representative_name="Mary Doe")
    assert by_patient.representative_name == ""  # the patient signed: no stale representative kept
    for kw, field in (({"representative_name": ""}, "representative_name"),
                      ({"representative_name": "Mary Doe", "representative_relationship": ""},
                       "representative_relationship")):
        with pytest.raises(ValidationError) as caught:
            _sign(frontdesk_ctx, patient_id, "npp", signed_by="representative", **kw)
        assert caught.value.field == field
    detail = audit_rows(admin_ctx, "consent.record")[-1].detail
    assert detail == ("type: npp; fields: representative_name, representative_relationship, signed_by, "
                      "signed_on, version") and "Mary" not in detail


@pytest.mark.parametrize("kw, field", [
    ({"signed_on": days(1)}, "signed_on"), ({"signed_on": ""}, "signed_on"), ({"signed_by": "nurse"}, "signed_by"),
    ({"version": "v#2"}, "version"), ({"expires_on": SIGNED}, "expires_on"),
    ({"expires_on": "1/40/2026"}, "expires_on"),
])
def test_bad_signatures(frontdesk_ctx, patient_id, kw, field) -> None:
    args = {"signed_on": SIGNED, **kw}
    with pytest.raises(ValidationError) as caught:
        _sign(frontdesk_ctx, patient_id, "npp", **args)
    assert caught.value.field == field
    assert consents.list_consents(frontdesk_ctx, patient_id) == []


def test_unknown_document_or_patient(frontdesk_ctx, patient_id) -> None:
    with pytest.raises(ValidationError):
        consents.record_consent(frontdesk_ctx, patient_id, ConsentInput(9999, SIGNED))
    with pytest.raises(NotFoundError):
        consents.consent_status(frontdesk_ctx, 9999)


def test_front_desk_records_consents_but_cannot_change_settings(frontdesk_ctx, billing_ctx, patient_id) -> None:
    _sign(frontdesk_ctx, patient_id, "npp")
    npp = _types(frontdesk_ctx)["npp"]
    for ctx in (frontdesk_ctx, billing_ctx):
        with pytest.raises(PermissionDenied):
            consents.update_consent_type(ctx, npp.id, _settings(npp, current_version="2027-01"))
        with pytest.raises(PermissionDenied):
            consents.add_consent_type(ctx, "telehealth", ConsentTypeInput("Telehealth", "1"))
    assert _types(frontdesk_ctx)["npp"].current_version == "2026-01"


@pytest.mark.parametrize("day, months, expected", [
    (date(2025, 1, 31), 1, date(2025, 2, 28)), (date(2024, 1, 31), 1, date(2024, 2, 29)),
    (date(2025, 11, 15), 2, date(2026, 1, 15)), (date(2025, 3, 31), 12, date(2026, 3, 31)),
    (date(2024, 2, 29), 12, date(2025, 2, 28)), (date(2025, 5, 5), 120, date(2035, 5, 5)),
])
def test_add_months(day, months, expected) -> None:
    assert add_months(day, months) == expected
