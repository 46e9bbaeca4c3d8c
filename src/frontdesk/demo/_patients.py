"""Synthetic patients for the demo and benchmarks: rich demographics, households and guarantors (no I/O).

Everything is made up and seeded: phone numbers use the 555-01xx exchange reserved for fiction,
e-mail addresses use example.com/.org/.net, which can never reach a real mailbox.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from frontdesk.domain.formats import phone_digits
from frontdesk.domain.npi import npi_check_digit
from frontdesk.domain.text import fold_key
from frontdesk.models.base import utcnow

_FICTIONAL_AREA_CODES = ("212", "315", "518", "607", "716", "845", "914")
_EMAIL_DOMAINS = ("example.com", "example.org", "example.net")
_LANGUAGES = ("English",) * 17 + ("Spanish", "Spanish", "Chinese", "Russian")
_EMERGENCY_RELATIONS = ("spouse", "parent", "child", "sibling", "friend", "partner")
_SUFFIXES = ("Jr.", "Sr.", "II", "III")
HOUSEHOLD_SHARE = 0.08  # adults who bring 1-3 children, the parent as their guarantor
INACTIVE_SHARE = 0.03
DECEASED_SHARE = 0.01


def fake_npi(rng: random.Random) -> str:
    """A made-up NPI with a correct check digit."""
    first_nine = "1" + "".join(str(rng.randrange(10)) for _ in range(8))
    return first_nine + str(npi_check_digit(first_nine))


def fake_phone(rng: random.Random) -> str:
    """A fictional number (555-01xx) in E.164."""
    return f"+1{rng.choice(_FICTIONAL_AREA_CODES)}55501{rng.randrange(100):02d}"


@dataclass
class DemoRows:
    """One batch of rows, in the order the foreign keys need them inserted."""

    families: list[dict[str, object]] = field(default_factory=list)
    patients: list[dict[str, object]] = field(default_factory=list)
    guarantors: list[dict[str, object]] = field(default_factory=list)
    links: list[dict[str, object]] = field(default_factory=list)  # patient -> guarantor, set after both exist
    phones: list[dict[str, object]] = field(default_factory=list)


class DemoPeople:
    """Makes patients one at a time, sometimes a whole household; ids continue from the given ones."""

    def __init__(self, seed: int, first_id: int, first_family_id: int, first_guarantor_id: int, *,
                 today: date) -> None:
        from faker import Faker  # imported late: Faker is slow to import and only the demo needs it

        self.fake = Faker("en_US")
        self.fake.seed_instance(seed)
        self.rng = random.Random(seed)
        self.next_id, self.next_family, self.next_guarantor = first_id, first_family_id, first_guarantor_id
        self.today = today  # the practice's date
        self.now = utcnow()

    def rows(self, count: int, chunk: int) -> Iterator[DemoRows]:
        """``count`` patients in batches of about ``chunk``."""
        made = 0
        batch = DemoRows()
        while made < count:
            made += self._household(batch, count - made)
            if len(batch.patients) >= chunk:
                yield batch
                batch = DemoRows()
        if batch.patients:
            yield batch

    # -- people ----------------------------------------------------------------------------
    def _household(self, batch: DemoRows, room: int) -> int:
        rng = self.rng
        adult_age = rng.randrange(25, 60)
        if room >= 2 and rng.random() < HOUSEHOLD_SHARE:
            family_id = self.next_family
            self.next_family += 1
            batch.families.append({"id": family_id, "created_at": self.now})
            parent = self._person(batch, age=adult_age, family_id=family_id)
            guarantor_id = self._guarantor(batch, patient_id=int(parent["id"]))
            children = min(rng.randint(1, 3), room - 1)
            for _ in range(children):
                child = self._person(batch, age=rng.randrange(0, 18), family_id=family_id, like=parent)
                batch.links.append({"pid": child["id"], "gid": guarantor_id, "rel": "parent"})
            return 1 + children
        person = self._person(batch, age=rng.randrange(0, 95))
        if self.today.year - person["dob"].year >= 80 and rng.random() < 0.1:  # type: ignore[union-attr]
            guarantor_id = self._guarantor(batch, like=person)  # an adult child who is not a patient
            batch.links.append({"pid": person["id"], "gid": guarantor_id, "rel": "child"})
        return 1

    def _person(self, batch: DemoRows, *, age: int, family_id: int | None = None,
                like: dict[str, object] | None = None) -> dict[str, object]:
        fake, rng = self.fake, self.rng
        sex = rng.choice("MF")
        first = fake.first_name_male() if sex == "M" else fake.first_name_female()
        last = str(like["last_name"]) if like else fake.last_name()
        dob = self.today - timedelta(days=age * 365 + rng.randrange(365))
        patient_id = self.next_id
        self.next_id += 1
        phones = self._phones(batch, patient_id, like)
        preferred = next(k for k in ("mobile", "home", "work") if phones.get(k))
        email = ""
        if age >= 16 and rng.random() < 0.5:
            email = f"{fold_key(first)}.{fold_key(last)}{rng.randrange(100)}@{rng.choice(_EMAIL_DOMAINS)}"
        text_ok = bool(phones.get("mobile")) and rng.random() < 0.6
        contact = rng.choice(["", "phone"] + (["text"] if text_ok else []) + (["email"] if email else []) + ["mail"])
        status, died = "active", None
        if like is None and family_id is None:
            roll = rng.random()
            if roll < DECEASED_SHARE:
                status, died = "deceased", dob + (self.today - dob) * rng.randrange(90, 100) // 100
            elif roll < DECEASED_SHARE + INACTIVE_SHARE:
                status = "inactive"
        has_emergency = rng.random() < 0.6
        referred = rng.random() < 0.15
        row: dict[str, object] = {
            "id": patient_id, "account_number": str(100000 + patient_id), "first_name": first,
            "middle_name": fake.first_name() if rng.random() < 0.3 else "", "last_name": last,
            "suffix": rng.choice(_SUFFIXES) if sex == "M" and age >= 18 and rng.random() < 0.03 else "",
            "preferred_name": first[:3] if len(first) > 5 and rng.random() < 0.05 else "",
            "dob": dob, "sex": sex, "gender_identity": "",
            "phone": phones[preferred], "preferred_phone_kind": preferred,
            "phone_digits": phone_digits(phones[preferred]),
            "email": email, "preferred_contact": contact, "voicemail_ok": rng.random() < 0.7, "text_ok": text_ok,
            "preferred_language": rng.choice(_LANGUAGES),
            "emergency_name": fake.name() if has_emergency else "",
            "emergency_relationship": rng.choice(_EMERGENCY_RELATIONS) if has_emergency else "",
            "emergency_phone": fake_phone(rng) if has_emergency else "",
            "referring_name": f"Dr. {fake.first_name()} {fake.last_name()}" if referred else "",
            "referring_npi": fake_npi(rng) if referred else "",
            "status": status, "deceased_date": died, "notes": "", "duplicate_override_reason": "",
            "guarantor_relationship": "", "family_id": family_id,
            "last_name_key": fold_key(last), "first_name_key": fold_key(first),
            "created_at": self.now, "updated_at": self.now,
        }
        address = ("address_line1", "address_line2", "city", "state", "zip_code")
        if like:
            row.update({k: like[k] for k in address})
        else:
            row.update({"address_line1": fake.street_address(), "address_line2": "", "city": fake.city(),
                        "state": self._state(), "zip_code": fake.zipcode()})
        batch.patients.append(row)
        return row

    def _state(self) -> str:
        # Without the freely associated states (FM, MH, PW): the registration form refuses those codes.
        return str(self.fake.state_abbr(include_territories=False, include_freely_associated_states=False))

    def _phones(self, batch: DemoRows, patient_id: int, like: dict[str, object] | None) -> dict[str, str]:
        rng = self.rng
        phones: dict[str, str] = {}
        if like is not None and like["phone"]:
            phones["home"] = str(like["phone"])  # a child shares the household phone
        elif rng.random() < 0.6:
            phones["home"] = fake_phone(rng)
        if like is None and (rng.random() < 0.8 or not phones):
            phones["mobile"] = fake_phone(rng)
        if like is None and rng.random() < 0.2:
            phones["work"] = fake_phone(rng)
        for kind, e164 in phones.items():
            digits = phone_digits(e164)
            batch.phones.append({"patient_id": patient_id, "kind": kind, "e164": e164, "digits": digits,
                                 "local7": digits[-7:]})
        return phones

    def _guarantor(self, batch: DemoRows, *, patient_id: int | None = None,
                   like: dict[str, object] | None = None) -> int:
        guarantor_id = self.next_guarantor
        self.next_guarantor += 1
        row: dict[str, object] = {"id": guarantor_id, "patient_id": patient_id, "first_name": "", "middle_name": "",
                                  "last_name": "", "suffix": "", "dob": None, "address_line1": "",
                                  "address_line2": "", "city": "", "state": "", "zip_code": "", "phone": "",
                                  "created_at": self.now, "updated_at": self.now}
        if like is not None:
            row.update({"first_name": self.fake.first_name(), "last_name": like["last_name"],
                        "address_line1": self.fake.street_address(), "city": self.fake.city(),
                        "state": self._state(), "zip_code": self.fake.zipcode(),
                        "phone": fake_phone(self.rng)})
        batch.guarantors.append(row)
        return guarantor_id
