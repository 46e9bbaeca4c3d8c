"""The synthetic-records service: demo practice only, MANAGE_PRACTICE only, rows checked, links right, one audit."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from frontdesk.errors import ConflictError, PermissionDenied, ValidationError
from frontdesk.models import ConsentRecord, EligibilityCheck, Family, Guarantor, InsurancePolicy, Patient, PatientPhone
from frontdesk.models import Practice
from frontdesk.services.admin import audit
from frontdesk.services.billing import payers
from frontdesk.services.patients import consents, eligibility, family, insurance, patients
from frontdesk.services.patients.synthetic import (
    SyntheticCheck,
    SyntheticConsent,
    SyntheticCoverage,
    SyntheticGuarantor,
    SyntheticHousehold,
    SyntheticPatient,
    SyntheticPhone,
    SyntheticPolicy,
    SyntheticSubscriber,
    add_synthetic_coverage,
    add_synthetic_patients,
    demo_practice_today,
    patients_for_coverage,
)
from frontdesk.services.session import ServiceContext

COUNTED = (Patient, Family, Guarantor, PatientPhone, InsurancePolicy, EligibilityCheck, ConsentRecord)


@pytest.fixture
def demo_db(practice):  # type: ignore[no-untyped-def]
    with practice.db.session(write=True) as session:
        session.scalars(select(Practice)).one().is_demo = True
    return practice.db


@pytest.fixture
def today(demo_db, admin_ctx: ServiceContext) -> date:  # type: ignore[no-untyped-def]
    return demo_practice_today(admin_ctx)


def _person(first: str, last: str, dob: date, **extra: object) -> SyntheticPatient:
    values: dict = {"sex": "F", "phones": (SyntheticPhone("home", "+15185550123"),), "preferred_phone_kind": "home",
                    "address_line1": "1 Elm St", "city": "Albany", "state": "NY", "zip_code": "12207", **extra}
    return SyntheticPatient(first, last, dob, **values)


def _households(today: date) -> list[SyntheticHousehold]:
    parent = _person("Rosa", "Diaz", today - timedelta(days=40 * 365),
                     phones=(SyntheticPhone("mobile", "+15185550177"), SyntheticPhone("work", "+15185550178")),
                     preferred_phone_kind="mobile")
    kids = tuple(_person(name, "Diaz", today - timedelta(days=age * 365), guarantor_relationship="parent")
                 for name, age in (("Ana", 9), ("Luis", 6)))
    elder = _person("Walter", "Kim", today - timedelta(days=88 * 365), sex="M", guarantor_relationship="child")
    return [
        SyntheticHousehold((parent, *kids), family=True, guarantor=SyntheticGuarantor(patient=0)),
        SyntheticHousehold((elder,), guarantor=SyntheticGuarantor(first_name="June", last_name="Kim",
                                                                  state="NY", phone="+15185550190")),
        SyntheticHousehold((_person("Solo", "Park", today - timedelta(days=30 * 365)),)),
    ]


def _counts(db) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with db.session(write=False) as session:
        return {m.__tablename__: session.scalar(select(func.count()).select_from(m)) for m in COUNTED}


def _events(ctx: ServiceContext, action: str) -> list[audit.AuditRow]:
    return audit.list_events(ctx, audit.AuditFilter(action=action))


def test_refused_outside_a_demo_practice(practice, admin_ctx: ServiceContext) -> None:
    dob = date(1980, 1, 1)  # a past date: only the refusal is under test
    before = _counts(practice.db)
    with pytest.raises(ConflictError):
        demo_practice_today(admin_ctx)
    with pytest.raises(ConflictError):
        add_synthetic_patients(admin_ctx, [SyntheticHousehold((_person("Ada", "Lee", dob),))])
    with pytest.raises(ConflictError):
        patients_for_coverage(admin_ctx)
    with pytest.raises(ConflictError):
        add_synthetic_coverage(admin_ctx, [])
    assert _counts(practice.db) == before


def test_refused_to_a_role_without_manage_practice(demo_db, frontdesk_ctx: ServiceContext, today: date) -> None:
    before = _counts(demo_db)
    for call in (lambda: demo_practice_today(frontdesk_ctx), lambda: patients_for_coverage(frontdesk_ctx),
                 lambda: add_synthetic_patients(frontdesk_ctx, _households(today)),
                 lambda: add_synthetic_coverage(frontdesk_ctx, [])):
        with pytest.raises(PermissionDenied):
            call()
    assert _counts(demo_db) == before


def test_households_are_linked_and_audited_once(demo_db, admin_ctx: ServiceContext, today: date) -> None:
    earlier = patients.register_patient(admin_ctx, patients.PatientInput("Ada", "Lee", "03/14/1962", "F"))
    # chunk=2: the batch goes out in several inserts, still one transaction and one audit event
    assert add_synthetic_patients(admin_ctx, _households(today), chunk=2) == 5
    saved = {}
    with demo_db.session(write=False) as session:
        for p in session.scalars(select(Patient).where(Patient.id != earlier.id).order_by(Patient.id)):
            saved[p.first_name] = p.id
    assert list(saved) == ["Rosa", "Ana", "Luis", "Walter", "Solo"]
    assert min(saved.values()) == earlier.id + 1  # ids continue after the practice's own
    rosa = patients.open_patient(admin_ctx, saved["Rosa"])
    assert (rosa.account_number, rosa.phone, rosa.mobile_phone, rosa.work_phone) == (
        str(100000 + saved["Rosa"]), "+15185550177", "+15185550177", "+15185550178")
    for child in ("Ana", "Luis"):
        g = family.get_guarantor(admin_ctx, saved[child])
        assert (g.patient_id, g.relationship, g.first_name) == (saved["Rosa"], "parent", "Rosa")
    assert family.get_guarantor(admin_ctx, saved["Rosa"]).guarantor_id is None  # pays for herself
    assert {m.patient.id for m in family.list_family(admin_ctx, saved["Ana"])} == {
        saved["Rosa"], saved["Ana"], saved["Luis"]}
    walter = family.get_guarantor(admin_ctx, saved["Walter"])
    assert (walter.patient_id, walter.relationship, walter.first_name, walter.last_name, walter.phone) == (
        None, "child", "June", "Kim", "+15185550190")
    assert family.list_family(admin_ctx, saved["Solo"]) == []
    assert family.get_guarantor(admin_ctx, saved["Solo"]).guarantor_id is None
    events = _events(admin_ctx, "demo.patients")
    assert len(events) == 1 and "5 synthetic patients" in events[0].detail


@pytest.mark.parametrize(("bad", "field"), [
    (lambda h, t: replace(h, patients=(replace(h.patients[0], last_name=" "),)), "last_name"),
    (lambda h, t: replace(h, patients=(replace(h.patients[0], sex="X"),)), "sex"),
    (lambda h, t: replace(h, patients=(replace(h.patients[0], state="ZZ"),)), "state"),
    (lambda h, t: replace(h, patients=(replace(h.patients[0], dob=t + timedelta(days=1)),)), "dob"),
    (lambda h, t: replace(h, patients=(replace(h.patients[0], status="deceased"),)), "deceased_date"),
    (lambda h, t: replace(h, patients=(replace(h.patients[0], preferred_phone_kind="work"),)),
     "preferred_phone_kind"),
    (lambda h, t: replace(h, patients=(replace(h.patients[0], guarantor_relationship="parent"),)),
     "guarantor_relationship"),
    (lambda h, t: replace(h, guarantor=SyntheticGuarantor(patient=3)), "patient"),
])
def test_a_bad_patient_row_names_its_field_and_nothing_is_written(demo_db, admin_ctx: ServiceContext,
                                                                   today: date, bad, field: str) -> None:
    good = _households(today)
    before = _counts(demo_db)
    # the bad household comes after a chunk was already inserted (chunk=1): that one is rolled back too
    with pytest.raises(ValidationError) as raised:
        add_synthetic_patients(admin_ctx, [*good, bad(good[2], today)], chunk=1)
    assert raised.value.field == field and "patient 6" in raised.value.message.lower()
    assert _counts(demo_db) == before
    assert _events(admin_ctx, "demo.patients") == []


def _payer(ctx: ServiceContext) -> int:
    return payers.add_payer(ctx, payers.PayerInput("Aetna", "group_health_plan", "60054")).id


def test_coverage_links_policies_checks_and_consents(demo_db, admin_ctx: ServiceContext, today: date) -> None:
    add_synthetic_patients(admin_ctx, _households(today))
    payer_id = _payer(admin_ctx)
    ctype = consents.list_consent_types(admin_ctx)[0]
    people = patients_for_coverage(admin_ctx)
    assert [p.last_name for p in people] == ["Diaz", "Diaz", "Diaz", "Kim", "Park"]
    child, elder = people[1], people[3]
    start = today - timedelta(days=200)
    check = SyntheticCheck(today - timedelta(days=3), "portal", "active", reference_number="REF1")
    spouse = SyntheticSubscriber("Rosa", "Diaz", child.dob - timedelta(days=30 * 365), "F")
    coverage = [
        SyntheticCoverage(child.id, (SyntheticPolicy(payer_id, 1, "ABC123", "child", start, subscriber=spouse,
                                                     checks=(check,)),),
                          (SyntheticConsent(ctype.id, ctype.current_version, today, "representative",
                                            representative_name="Rosa Diaz", representative_relationship="Parent"),)),
        SyntheticCoverage(elder.id, (SyntheticPolicy(payer_id, 1, "XYZ9", "self", start,
                                                     end_date=today - timedelta(days=1)),)),
    ]
    added = add_synthetic_coverage(admin_ctx, coverage, chunk=1)
    assert (added.policies, added.checks, added.consents) == (2, 1, 1)
    [policy] = insurance.list_policies(admin_ctx, child.id)
    assert (policy.payer_id, policy.member_id, policy.relationship, policy.subscriber_first_name) == (
        payer_id, "ABC123", "child", "Rosa")
    [logged] = eligibility.list_checks(admin_ctx, policy.id)
    assert (logged.reference_number, logged.checked_by) == ("REF1", admin_ctx.actor.username)  # type: ignore[union-attr]
    [signed] = consents.list_consents(admin_ctx, child.id)
    assert (signed.consent_type_id, signed.signed_by, signed.recorded_by) == (
        ctype.id, "representative", admin_ctx.actor.username)  # type: ignore[union-attr]
    assert [p.end_date for p in insurance.list_policies(admin_ctx, elder.id)] == [today - timedelta(days=1)]
    assert len(_events(admin_ctx, "demo.insurance")) == 1


@pytest.mark.parametrize(("bad", "field"), [
    (lambda p: replace(p, rank=4), "rank"),
    (lambda p: replace(p, member_id=" - "), "member_id"),
    (lambda p: replace(p, end_date=p.effective_date - timedelta(days=1)), "end_date"),
    (lambda p: replace(p, payer_id=p.payer_id + 99), "payer_id"),
    (lambda p: replace(p, relationship="spouse"), "subscriber"),
    (lambda p: replace(p, checks=(SyntheticCheck(p.effective_date, "email", "active"),)), "method"),
])
def test_a_bad_coverage_row_names_its_field_and_nothing_is_written(demo_db, admin_ctx: ServiceContext,
                                                                    today: date, bad, field: str) -> None:
    add_synthetic_patients(admin_ctx, _households(today))
    payer_id = _payer(admin_ctx)
    people = patients_for_coverage(admin_ctx)
    good = SyntheticPolicy(payer_id, 1, "ABC123", "self", today - timedelta(days=100))
    records = [SyntheticCoverage(p.id, (good,)) for p in people]
    before = _counts(demo_db)
    with pytest.raises(ValidationError) as raised:
        add_synthetic_coverage(admin_ctx, [*records, SyntheticCoverage(people[0].id, (bad(good),))], chunk=1)
    assert raised.value.field == field and f"Coverage {len(records) + 1}, policy 1" in raised.value.message
    assert _counts(demo_db) == before
    assert _events(admin_ctx, "demo.insurance") == []


def test_coverage_for_a_patient_not_saved_is_refused(demo_db, admin_ctx: ServiceContext, today: date) -> None:
    add_synthetic_patients(admin_ctx, _households(today))
    missing = max(p.id for p in patients_for_coverage(admin_ctx)) + 1
    ctype = consents.list_consent_types(admin_ctx)[0]
    signed = SyntheticConsent(ctype.id, ctype.current_version, today, "patient")
    with pytest.raises(ValidationError) as raised:
        add_synthetic_coverage(admin_ctx, [SyntheticCoverage(missing, consents=(signed,))])
    assert raised.value.field == "patient_id"
    with pytest.raises(ValidationError) as raised:
        add_synthetic_coverage(admin_ctx, [SyntheticCoverage(missing - 1, consents=(replace(signed, signed_by="x"),))])
    assert raised.value.field == "signed_by"
    assert _counts(demo_db)["consent_record"] == 0
