"""Synthetic patients and providers for the demo practice and benchmarks (Faker, seeded)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import func, insert, select

from frontdesk.domain.formats import phone_digits
from frontdesk.domain.npi import npi_check_digit
from frontdesk.domain.permissions import Permission
from frontdesk.domain.text import fold_key
from frontdesk.errors import ConflictError, ValidationError
from frontdesk.models import Patient, Practice, Provider
from frontdesk.models.base import utcnow
from frontdesk.services._base import Tx, operation
from frontdesk.services.patients import ACCOUNT_BASE

MAX_PATIENTS = 2_000_000
DEMO_PROVIDERS = (
    ("Maria", "Alvarez", "MD", "207Q00000X"),
    ("James", "Okafor", "DO", "207R00000X"),
    ("Linda", "Chen", "NP", "363LF0000X"),
)
# Exchange 555-01xx is reserved for fiction, so demo phone numbers never ring a real person.
_FICTIONAL_AREA_CODES = ("212", "315", "518", "607", "716", "845", "914")


def fake_npi(rng: random.Random) -> str:
    first_nine = "1" + "".join(str(rng.randrange(10)) for _ in range(8))
    return first_nine + str(npi_check_digit(first_nine))


def _fake_patient_rows(count: int, seed: int, first_id: int):  # type: ignore[no-untyped-def]
    from faker import Faker

    fake = Faker("en_US")
    fake.seed_instance(seed)
    rng = random.Random(seed)
    today = date.today()
    now = utcnow()
    for i in range(count):
        sex = rng.choice("MF")
        first = fake.first_name_male() if sex == "M" else fake.first_name_female()
        last = fake.last_name()
        dob = today - timedelta(days=rng.randrange(0, 95 * 365))
        phone = f"+1{rng.choice(_FICTIONAL_AREA_CODES)}55501{rng.randrange(100):02d}"
        yield {
            "id": first_id + i,
            "account_number": str(ACCOUNT_BASE + first_id + i),
            "first_name": first,
            "middle_name": fake.first_name() if rng.random() < 0.3 else "",
            "last_name": last,
            "dob": dob,
            "sex": sex,
            "phone": phone,
            "address_line1": fake.street_address(),
            "address_line2": "",
            "city": fake.city(),
            "state": fake.state_abbr(include_territories=False),
            "zip_code": fake.zipcode(),
            "last_name_key": fold_key(last),
            "first_name_key": fold_key(first),
            "phone_digits": phone_digits(phone),
            "created_at": now,
            "updated_at": now,
        }


@operation(Permission.MANAGE_PRACTICE)
def seed_demo_providers(tx: Tx, seed: int = 7) -> int:
    """Add the demo practice's three providers (valid NPIs); only in a demo practice."""
    _require_demo(tx)
    rng = random.Random(seed)
    added = 0
    for first, last, cred, taxonomy in DEMO_PROVIDERS:
        tx.session.add(Provider(first_name=first, last_name=last, credential=cred, npi=fake_npi(rng),
                                taxonomy=taxonomy, active=True))
        added += 1
    tx.session.flush()
    tx.audit("demo.providers", entity_type="provider", detail=f"{added} demo providers")
    tx.changed("providers")
    return added


@operation(Permission.MANAGE_PRACTICE)
def seed_demo_patients(tx: Tx, count: int, seed: int = 42, chunk: int = 5000) -> int:
    """Bulk-insert ``count`` fake patients (one audit event for the batch); only in a demo practice."""
    _require_demo(tx)
    if not isinstance(count, int) or not 0 <= count <= MAX_PATIENTS:
        raise ValidationError("patients", f"Number of demo patients must be 0 to {MAX_PATIENTS:,}.")
    first_id = (tx.session.scalar(select(func.max(Patient.id))) or 0) + 1
    batch: list[dict[str, object]] = []
    for row in _fake_patient_rows(count, seed, first_id):
        batch.append(row)
        if len(batch) >= chunk:
            tx.session.execute(insert(Patient), batch)
            batch = []
    if batch:
        tx.session.execute(insert(Patient), batch)
    tx.audit("demo.patients", entity_type="patient", detail=f"{count} synthetic patients")
    tx.changed("patients")
    return count


def _require_demo(tx: Tx) -> None:
    practice = tx.session.scalar(select(Practice).limit(1))
    if practice is None or not practice.is_demo:
        raise ConflictError("Synthetic data can only be added to a demo practice.")
