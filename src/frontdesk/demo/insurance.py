"""Synthetic payers, policies, eligibility checks and consents for the demo practice (seeded).

The ten payers are added as the Payers tab adds them; the policies (most patients have one to three), their
eligibility checks and the signed consents go in bulk through ``services.patients.synthetic``.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date, timedelta

from frontdesk.domain.dates import add_months
from frontdesk.domain.formats import US_STATES, age_on
from frontdesk.services.billing import payers as payer_list
from frontdesk.services.patients import consents as consent_forms
from frontdesk.services.patients import synthetic
from frontdesk.services.patients.synthetic import (
    PatientForCoverage,
    SyntheticCheck,
    SyntheticConsent,
    SyntheticCoverage,
    SyntheticPolicy,
    SyntheticSubscriber,
)
from frontdesk.services.session import ServiceContext

# (name, EDI payer id, claim type, PO box city/state/ZIP, id style, active)
DEMO_PAYERS = (
    ("Medicare Part B (NGS)", "13202", "medicare", ("Hingham", "MA", "02044"), "mbi", True),
    ("New York Medicaid (eMedNY)", "MCDNY", "medicaid", ("Rensselaer", "NY", "12144"), "medicaid", True),
    ("Blue Cross Blue Shield", "00803", "group_health_plan", ("Buffalo", "NY", "14240"), "commercial", True),
    ("Aetna", "60054", "group_health_plan", ("Lexington", "KY", "40512"), "commercial", True),
    ("UnitedHealthcare", "87726", "group_health_plan", ("Salt Lake City", "UT", "84130"), "commercial", True),
    ("Cigna", "62308", "group_health_plan", ("Chattanooga", "TN", "37422"), "commercial", True),
    ("TRICARE East", "TREST", "tricare", ("Madison", "WI", "53744"), "tricare", True),
    ("CHAMPVA", "84146", "champva", ("Denver", "CO", "80246"), "tricare", True),
    ("Humana Medicare Advantage", "61101", "group_health_plan", ("Louisville", "KY", "40201"), "commercial", True),
    ("Empire Plan (closed)", "87726E", "group_health_plan", ("Albany", "NY", "12201"), "commercial", False),
)
_COMMERCIAL = ("Blue Cross Blue Shield", "Aetna", "UnitedHealthcare", "Cigna")
_PLANS = ("PPO", "HMO", "EPO", "POS", "High Deductible PPO")
_COPAYS = (0, 2000, 2500, 3000, 3500, 4000, 5000)
_MBI_LETTERS = "ACDEFGHJKMNPQRTUVWXY"  # MBIs avoid S, L, O, I, B, Z
OLD_CONSENT_VERSION = "2025-01"


def _member_id(rng: random.Random, style: str) -> str:
    def digits(n: int) -> str:
        return "".join(str(rng.randrange(10)) for _ in range(n))

    def letters(n: int, pool: str = "ABCDEFGHJKLMNPRSTUVWXYZ") -> str:
        return "".join(rng.choice(pool) for _ in range(n))

    if style == "mbi":  # Medicare Beneficiary Identifier, shown with its customary dashes
        return (f"{rng.randrange(1, 10)}{letters(1, _MBI_LETTERS)}{letters(1, _MBI_LETTERS + '0123456789')}"
                f"{digits(1)}-{letters(2, _MBI_LETTERS)}{digits(1)}-{letters(2, _MBI_LETTERS)}{digits(2)}")
    if style == "medicaid":
        return f"{letters(2)}{digits(5)}{letters(1)}"
    if style == "tricare":
        return digits(11)
    return f"{letters(3)}{digits(9)}"


class _People:
    """Pools of fake names and employers, made once (Faker per row would dominate the run time)."""

    def __init__(self, seed: int) -> None:
        from faker import Faker

        fake = Faker("en_US")
        fake.seed_instance(seed)
        self.male = [fake.first_name_male() for _ in range(150)]
        self.female = [fake.first_name_female() for _ in range(150)]
        self.employers = [fake.company() for _ in range(80)]


def _subscriber(rng: random.Random, people: _People, patient: PatientForCoverage, relationship: str,
                today: date) -> SyntheticSubscriber:
    if relationship == "child":  # a parent, 22 to 42 years older than the patient
        sex = rng.choice("MF")
        dob = patient.dob - timedelta(days=365 * rng.randrange(22, 42) + rng.randrange(0, 365))
    else:  # a spouse of about the patient's age, an adult
        sex = "F" if patient.sex == "M" else "M"
        years = max(18, age_on(patient.dob, today) + rng.randrange(-6, 7))
        dob = today - timedelta(days=365 * years + rng.randrange(30, 330))
    first, employer = rng.choice(people.male if sex == "M" else people.female), rng.choice(people.employers)[:80]
    # Same household; Faker can hand out Pacific freely associated states (MH, FM, PW) the form refuses.
    if patient.address_line1 and patient.state in US_STATES:
        return SyntheticSubscriber(first, patient.last_name, dob, sex, employer=employer,
                                   address_line1=patient.address_line1, city=patient.city, state=patient.state,
                                   zip_code=patient.zip_code)
    return SyntheticSubscriber(first, patient.last_name, dob, sex, employer=employer)


def _policies(rng: random.Random, people: _People, patient: PatientForCoverage,
              payers: dict[str, tuple[int, str]], today: date) -> list[SyntheticPolicy]:
    """0 to 3 policies for one patient, in a shape the services would have accepted."""
    age = age_on(patient.dob, today)
    if rng.random() < 0.08:
        return []  # self-pay
    if age >= 65:
        plans = ["Medicare Part B (NGS)"]
        if rng.random() < 0.4:
            plans.append("New York Medicaid (eMedNY)" if rng.random() < 0.25 else rng.choice(_COMMERCIAL))
    elif rng.random() < (0.35 if age < 18 else 0.15):
        plans = ["New York Medicaid (eMedNY)"]
    else:
        roll = rng.random()
        plans = ["TRICARE East" if roll < 0.05 else "CHAMPVA" if roll < 0.07 else rng.choice(_COMMERCIAL)]
        if age >= 18 and rng.random() < 0.1:
            plans.append(rng.choice([p for p in _COMMERCIAL if p != plans[0]]))
    start = max(patient.dob, today - timedelta(days=rng.randrange(30, 2200)))
    policies = []
    for rank, name in enumerate(plans, start=1):
        payer_id, style = payers[name]
        commercial = style == "commercial"
        relationship = "self"
        if commercial and age < 18:
            relationship = "child"
        elif commercial and rng.random() < 0.2:
            relationship = "spouse"
        # The keywords are evaluated in order: their order is the order of the draws (same seed, same demo).
        policy = dict(
            member_id=_member_id(rng, style),
            group_number=str(rng.randrange(100000, 999999)) if commercial else "",
            plan_name=rng.choice(_PLANS) if commercial else "",
            copay_cents=rng.choice(_COPAYS) if commercial and rank == 1 else 0,
        )
        subscriber = _subscriber(rng, people, patient, relationship, today) if relationship != "self" else None
        policies.append(SyntheticPolicy(payer_id, rank, relationship=relationship, effective_date=start,
                                        release_signed_on=start, assignment_signed_on=start, subscriber=subscriber,
                                        **policy))  # type: ignore[arg-type]
    if policies and rng.random() < 0.1:  # an older primary, ended the day before the current one began
        old_start = max(patient.dob, start - timedelta(days=rng.randrange(365, 2500)))
        if old_start < start - timedelta(days=30):
            payer_id, style = payers[rng.choice(_COMMERCIAL)]
            policies.append(SyntheticPolicy(
                payer_id, 1, member_id=_member_id(rng, style), group_number=str(rng.randrange(100000, 999999)),
                plan_name=rng.choice(_PLANS), relationship="self", effective_date=old_start,
                end_date=start - timedelta(days=1), copay_cents=rng.choice(_COPAYS), release_signed_on=old_start,
                assignment_signed_on=old_start))
    return policies


def _check(rng: random.Random, people: _People, policy: SyntheticPolicy, today: date) -> SyntheticCheck:
    checked_on = max(policy.effective_date, today - timedelta(days=rng.randrange(0, 60)))
    contact = rng.choice(people.female + people.male) if rng.random() < 0.5 else ""
    return SyntheticCheck(checked_on, method=rng.choice(("phone", "portal", "portal")), payer_contact=contact,
                          reference_number=f"REF{rng.randrange(10**7, 10**8)}",
                          result="active" if rng.random() < 0.93 else "inactive")


def _consents(rng: random.Random, people: _People, patient: PatientForCoverage,
              types: list[consent_forms.ConsentTypeInfo], today: date) -> Iterator[SyntheticConsent]:
    """Most patients current; some never signed, some signed an older version, some expired."""
    if rng.random() < 0.1:
        return  # a new patient: nothing signed yet
    minor = age_on(patient.dob, today) < 18
    parent = f"{rng.choice(people.female + people.male)} {patient.last_name}"
    for ctype in types:
        if rng.random() < (0.06 if ctype.required else 0.4):
            continue
        signed = max(patient.dob, today - timedelta(days=rng.randrange(0, 480)))
        version = ctype.current_version if rng.random() < 0.88 else OLD_CONSENT_VERSION
        if ctype.validity_months and add_months(signed, ctype.validity_months) < today and rng.random() < 0.5:
            signed = max(patient.dob, today - timedelta(days=rng.randrange(0, 330)))  # most re-sign on time
        yield SyntheticConsent(ctype.id, version, signed, "representative" if minor else "patient",
                               representative_name=parent if minor else "",
                               representative_relationship="Parent" if minor else "")


def _coverage(rng: random.Random, people: _People, patients: Iterable[PatientForCoverage],
              payers: dict[str, tuple[int, str]], types: list[consent_forms.ConsentTypeInfo],
              today: date) -> Iterator[SyntheticCoverage]:
    for patient in patients:
        policies = _policies(rng, people, patient, payers, today)
        for n, policy in enumerate(policies):
            if policy.end_date is None and rng.random() < 0.15:
                policies[n] = replace(policy, checks=(_check(rng, people, policy, today),))
        yield SyntheticCoverage(patient.id, tuple(policies), tuple(_consents(rng, people, patient, types, today)))


def seed_demo_insurance(ctx: ServiceContext, seed: int = 7) -> int:
    """Add demo payers, policies for most patients, some eligibility checks and consents; demo practice only.

    Returns the number of policies added. The payers are audited one by one as the Payers tab would; the
    policies, checks and consents as one event.
    """
    today = synthetic.demo_practice_today(ctx)  # refuses outside a demo practice
    rng = random.Random(seed)
    people = _People(seed)
    payers: dict[str, tuple[int, str]] = {}
    for name, edi, claim_type, (city, state, zip_code), style, active in DEMO_PAYERS:
        po_box = f"PO Box {rng.randrange(1000, 99999)}"
        payer = payer_list.add_payer(ctx, payer_list.PayerInput(
            name, claim_type, edi, address_line1=po_box, city=city, state=state, zip_code=zip_code,
            phone=f"+1518555{rng.randrange(100, 200):04d}"))
        if not active:
            payer_list.set_payer_active(ctx, payer.id, False)
        payers[name] = (payer.id, style)
    types = sorted(consent_forms.list_consent_types(ctx), key=lambda t: t.id)
    patients = synthetic.patients_for_coverage(ctx)
    added = synthetic.add_synthetic_coverage(ctx, _coverage(rng, people, patients, payers, types, today))
    return added.policies
