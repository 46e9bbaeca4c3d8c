"""Synthetic payers, policies, eligibility checks and consents for the demo practice (seeded, bulk)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

from sqlalchemy import func, insert, select

from frontdesk.domain.formats import US_STATES, age_on
from frontdesk.domain.permissions import Permission
from frontdesk.domain.text import fold_key
from frontdesk.models import ConsentRecord, ConsentType, EligibilityCheck, InsurancePolicy, Patient, Payer
from frontdesk.models.base import utcnow
from frontdesk.services._base import Tx, operation, require_actor
from frontdesk.domain.dates import add_months
from frontdesk.domain.insurance_fields import SUBSCRIBER_FIELDS, member_key
from frontdesk.services._practice_clock import practice_today
from frontdesk.demo.data import _require_demo

CHUNK = 5000
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
_BLANK_SUBSCRIBER = {name: (None if name == "subscriber_dob" else "") for name in SUBSCRIBER_FIELDS}


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


def _subscriber(rng: random.Random, people: _People, patient, relationship: str, today: date) -> dict:  # type: ignore[no-untyped-def]
    if relationship == "child":  # a parent, 22 to 42 years older than the patient
        sex = rng.choice("MF")
        dob = patient.dob - timedelta(days=365 * rng.randrange(22, 42) + rng.randrange(0, 365))
    else:  # a spouse of about the patient's age, an adult
        sex = "F" if patient.sex == "M" else "M"
        years = max(18, age_on(patient.dob, today) + rng.randrange(-6, 7))
        dob = today - timedelta(days=365 * years + rng.randrange(30, 330))
    values = {
        "subscriber_first_name": rng.choice(people.male if sex == "M" else people.female),
        "subscriber_last_name": patient.last_name,
        "subscriber_dob": dob, "subscriber_sex": sex,
        "subscriber_employer": rng.choice(people.employers)[:80],
    }
    # Same household; Faker can hand out Pacific freely associated states (MH, FM, PW) the form refuses.
    if patient.address_line1 and patient.state in US_STATES:
        values.update(subscriber_address_line1=patient.address_line1, subscriber_city=patient.city,
                      subscriber_state=patient.state, subscriber_zip_code=patient.zip_code)
    return values


def _policy_rows(rng: random.Random, people: _People, patient, payers: dict[str, tuple[int, str]],  # type: ignore[no-untyped-def]
                 today: date) -> list[dict]:
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
    rows = []
    for rank, name in enumerate(plans, start=1):
        payer_id, style = payers[name]
        commercial = style == "commercial"
        relationship = "self"
        if commercial and age < 18:
            relationship = "child"
        elif commercial and rng.random() < 0.2:
            relationship = "spouse"
        row = {
            "patient_id": patient.id, "payer_id": payer_id, "rank": rank, "member_id": _member_id(rng, style),
            "group_number": str(rng.randrange(100000, 999999)) if commercial else "",
            "plan_name": rng.choice(_PLANS) if commercial else "", "relationship": relationship,
            "effective_date": start, "end_date": None,
            "copay_cents": rng.choice(_COPAYS) if commercial and rank == 1 else 0,
            "accept_assignment": True, "release_signed_on": start, "assignment_signed_on": start,
        }
        if relationship != "self":
            row.update(_subscriber(rng, people, patient, relationship, today))
        rows.append(row)
    if rows and rng.random() < 0.1:  # an older primary, ended the day before the current one began
        old_start = max(patient.dob, start - timedelta(days=rng.randrange(365, 2500)))
        if old_start < start - timedelta(days=30):
            payer_id, style = payers[rng.choice(_COMMERCIAL)]
            rows.append({"patient_id": patient.id, "payer_id": payer_id, "rank": 1,
                         "member_id": _member_id(rng, style), "group_number": str(rng.randrange(100000, 999999)),
                         "plan_name": rng.choice(_PLANS), "relationship": "self", "effective_date": old_start,
                         "end_date": start - timedelta(days=1), "copay_cents": rng.choice(_COPAYS),
                         "accept_assignment": True, "release_signed_on": old_start,
                         "assignment_signed_on": old_start})
    return rows


def _consent_rows(rng: random.Random, people: _People, patient, types: list[ConsentType], today: date,  # type: ignore[no-untyped-def]
                  user_id: int) -> Iterator[dict]:
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
        yield {"patient_id": patient.id, "consent_type_id": ctype.id, "version": version, "signed_on": signed,
               "signed_by": "representative" if minor else "patient",
               "representative_name": parent if minor else "", "representative_relationship": "Parent" if minor else "",
               "expires_on": None, "recorded_by": user_id, "recorded_at": utcnow()}


def _flush(tx: Tx, model: type, rows: list[dict]) -> None:
    """A Core executemany: the ORM's bulk path would fetch each new id back, one statement per row."""
    if rows:
        tx.session.execute(insert(model.__table__), rows)  # type: ignore[attr-defined]
        rows.clear()


@operation(Permission.MANAGE_PRACTICE)
def seed_demo_insurance(tx: Tx, seed: int = 7) -> int:
    """Add demo payers, policies for most patients, some eligibility checks and consents; demo practice only.

    Returns the number of policies added. One audit event for the batch.
    """
    _require_demo(tx)
    actor = require_actor(tx)
    rng = random.Random(seed)
    people = _People(seed)
    today = practice_today(tx.session)
    now = utcnow()
    payers: dict[str, tuple[int, str]] = {}
    for name, edi, claim_type, (city, state, zip_code), style, active in DEMO_PAYERS:
        payer = Payer(name=name, name_key=fold_key(name), edi_payer_id=edi, claim_type=claim_type,
                      address_line1=f"PO Box {rng.randrange(1000, 99999)}", city=city, state=state,
                      zip_code=zip_code, phone=f"+1518555{rng.randrange(100, 200):04d}", active=active,
                      created_at=now, updated_at=now)
        tx.session.add(payer)
        tx.session.flush()
        payers[name] = (payer.id, style)
    types = list(tx.session.scalars(select(ConsentType).where(ConsentType.active.is_(True))
                                    .order_by(ConsentType.id)))
    patients = tx.session.execute(select(Patient.id, Patient.dob, Patient.sex, Patient.last_name,
                                         Patient.address_line1, Patient.city, Patient.state, Patient.zip_code)
                                  .order_by(Patient.id)).all()
    next_id = (tx.session.scalar(select(func.max(InsurancePolicy.id))) or 0) + 1
    policies: list[dict] = []
    checks: list[dict] = []
    consents: list[dict] = []
    added = 0
    for patient in patients:
        for row in _policy_rows(rng, people, patient, payers, today):
            # Every row with the same keys, so the bulk insert goes out as one executemany per chunk.
            policies.append({**_BLANK_SUBSCRIBER, **row, "id": next_id, "member_key": member_key(row["member_id"]),
                             "created_at": now, "updated_at": now})
            if row["end_date"] is None and rng.random() < 0.15:
                checked_on = max(row["effective_date"], today - timedelta(days=rng.randrange(0, 60)))
                contact = rng.choice(people.female + people.male) if rng.random() < 0.5 else ""
                checks.append({"policy_id": next_id, "checked_on": checked_on, "checked_by": actor.user_id,
                               "method": rng.choice(("phone", "portal", "portal")), "payer_contact": contact,
                               "reference_number": f"REF{rng.randrange(10**7, 10**8)}",
                               "result": "active" if rng.random() < 0.93 else "inactive", "note": "",
                               "recorded_at": now})
            next_id += 1
            added += 1
        consents.extend(_consent_rows(rng, people, patient, types, today, actor.user_id))
        if len(policies) >= CHUNK:
            _flush(tx, InsurancePolicy, policies)
            _flush(tx, EligibilityCheck, checks)
        if len(consents) >= CHUNK:
            _flush(tx, ConsentRecord, consents)
    _flush(tx, InsurancePolicy, policies)
    _flush(tx, EligibilityCheck, checks)
    _flush(tx, ConsentRecord, consents)
    tx.audit("demo.insurance", entity_type="insurance_policy",
             detail=f"{len(DEMO_PAYERS)} payers, {added} synthetic policies")
    tx.changed("payers", "insurance", "consents")
    return added
