"""Incoming referrals: recorded on the patient, in the contact history, and filling box 17 on new encounters."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from ref_lib import INCOMING_NPI, RefClinic, add_appointment
from testsupport import STAFF_PASSWORD

from frontdesk.domain.permissions import Role
from frontdesk.errors import ValidationError
from frontdesk.services.patients import contact_history
from frontdesk.services.billing import encounters
from frontdesk.services.desk import referrals
from frontdesk.services.admin import users
from frontdesk.services.session import Actor, ServiceContext
from frontdesk.services.billing.billing_types import EncounterHeader
from frontdesk.services.desk.referral_types import IncomingReferralInput


def incoming(clinic: RefClinic, **changes: object) -> IncomingReferralInput:
    values: dict[str, object] = {"patient_id": clinic.patient_id, "referring_first_name": "Omar",
                                 "referring_last_name": "Haddad", "referring_npi": INCOMING_NPI,
                                 "starts_on": date(2026, 11, 1), "ends_on": date(2027, 4, 30),
                                 "reason": "Diabetes management", "authorization_number": "REF 7781",
                                 "visits_allowed": "6"}
    values.update(changes)
    return IncomingReferralInput(**values)  # type: ignore[arg-type]


def _biller(practice, admin: ServiceContext) -> ServiceContext:  # type: ignore[no-untyped-def]
    info = users.add_user(admin, "ben", "Ben Biller", Role.BILLING, STAFF_PASSWORD)
    return ServiceContext(practice.db, Actor(info.id, info.username, info.full_name, info.role))


def test_an_incoming_referral_is_recorded_and_noted(clinic: RefClinic) -> None:
    row = referrals.add_incoming_referral(clinic.desk, incoming(clinic))
    assert (row.referring_name, row.visits_allowed, row.authorization_number) == ("Omar Haddad", 6, "REF 7781")
    assert referrals.list_incoming_referrals(clinic.desk, clinic.patient_id) == [row]
    entry = contact_history.list_contact_history(clinic.desk, clinic.patient_id)[0]
    assert (entry.kind, entry.direction, entry.ref_type) == ("referral", "in", "incoming_referral")
    assert "Omar Haddad" in entry.summary


@pytest.mark.parametrize(("changes", "field"), [
    ({"referring_last_name": ""}, "referring_last_name"),
    ({"referring_npi": ""}, "referring_npi"),
    ({"referring_npi": "1555555551"}, "referring_npi"),
    ({"starts_on": None}, "starts_on"),
    ({"ends_on": date(2026, 10, 1)}, "ends_on"),
    ({"visits_allowed": "-1"}, "visits_allowed"),
    ({"authorization_number": "#12"}, "authorization_number"),
    ({"patient_id": None}, "patient_id"),
])
def test_bad_incoming_referrals_name_the_field(clinic: RefClinic, changes: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as err:
        referrals.add_incoming_referral(clinic.desk, incoming(clinic, **changes))
    assert err.value.field == field
    assert referrals.list_incoming_referrals(clinic.desk, clinic.patient_id) == []


def test_a_visit_during_the_referral_takes_box_17_from_it(practice, clinic: RefClinic) -> None:  # type: ignore[no-untyped-def]
    biller = _biller(practice, clinic.admin)
    referrals.add_incoming_referral(clinic.desk, incoming(clinic))
    appt = add_appointment(practice, clinic, datetime(2026, 11, 16, 15, 0, tzinfo=UTC))
    enc = encounters.encounter_for_appointment(biller, appt)
    h = enc.header
    assert (h.referring_qualifier, h.referring_first_name, h.referring_last_name, h.referring_npi,
            h.prior_authorization) == ("DN", "Omar", "Haddad", INCOMING_NPI, "REF 7781")


def test_before_the_referral_the_patient_records_referrer_is_used(practice, clinic: RefClinic) -> None:  # type: ignore[no-untyped-def]
    biller = _biller(practice, clinic.admin)
    referrals.add_incoming_referral(clinic.desk, incoming(clinic, starts_on=date(2026, 11, 18)))
    appt = add_appointment(practice, clinic, datetime(2026, 11, 16, 15, 0, tzinfo=UTC))
    h = encounters.encounter_for_appointment(biller, appt).header
    assert (h.referring_last_name, h.referring_npi, h.prior_authorization) == ("Nguyen", "1679576722", "")


def test_a_walk_in_encounter_gets_it_unless_box_17_was_typed(practice, clinic: RefClinic) -> None:  # type: ignore[no-untyped-def]
    biller = _biller(practice, clinic.admin)
    ref = referrals.add_incoming_referral(clinic.desk, incoming(clinic))
    blank = EncounterHeader(service_date=date(2026, 11, 17), rendering_provider_id=clinic.provider_id)
    h = encounters.create_encounter(biller, clinic.patient_id, blank).header
    assert (h.referring_last_name, h.referring_npi, h.prior_authorization) == ("Haddad", INCOMING_NPI, "REF 7781")
    typed = EncounterHeader(service_date=date(2026, 11, 18), rendering_provider_id=clinic.provider_id,
                            referring_qualifier="DK", referring_last_name="Nguyen", referring_npi="1679576722",
                            prior_authorization="P-1")
    h = encounters.create_encounter(biller, clinic.patient_id, typed).header
    assert (h.referring_qualifier, h.referring_last_name, h.prior_authorization) == ("DK", "Nguyen", "P-1")
    # A withdrawn referral no longer fills anything.
    referrals.withdraw_incoming_referral(clinic.desk, ref.id)
    later = EncounterHeader(service_date=date(2026, 11, 19), rendering_provider_id=clinic.provider_id)
    h = encounters.create_encounter(biller, clinic.patient_id, later).header
    assert (h.referring_qualifier, h.prior_authorization) == ("", "")


def test_the_latest_referral_in_effect_wins_and_expired_ones_do_not_count(practice, clinic: RefClinic) -> None:  # type: ignore[no-untyped-def]
    biller = _biller(practice, clinic.admin)
    referrals.add_incoming_referral(clinic.desk, incoming(clinic, starts_on=date(2026, 1, 5), ends_on=None,
                                                          authorization_number=""))
    referrals.add_incoming_referral(clinic.desk, incoming(clinic, referring_first_name="", referring_last_name="Kim",
                                                          starts_on=date(2026, 11, 10), ends_on=date(2026, 11, 12),
                                                          referring_npi="1666666668"))
    inside = EncounterHeader(service_date=date(2026, 11, 11), rendering_provider_id=clinic.provider_id)
    assert encounters.create_encounter(biller, clinic.patient_id, inside).header.referring_last_name == "Kim"
    after = EncounterHeader(service_date=date(2026, 11, 13), rendering_provider_id=clinic.provider_id)
    h = encounters.create_encounter(biller, clinic.patient_id, after).header
    assert (h.referring_last_name, h.prior_authorization) == ("Haddad", "")
