"""Synthetic patients for the demo and benchmarks: rich demographics, households and guarantors (no I/O).

It makes the rows; ``services.patients.synthetic`` checks and writes them.

Everything is made up and seeded: phone numbers use the 555-01xx exchange reserved for fiction,
e-mail addresses use example.com/.org/.net, which can never reach a real mailbox.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from frontdesk.domain.npi import npi_check_digit
from frontdesk.domain.text import fold_key
from frontdesk.services.patients.synthetic import (
    SyntheticGuarantor,
    SyntheticHousehold,
    SyntheticPatient,
    SyntheticPhone,
)

_FICTIONAL_AREA_CODES = ("212", "315", "518", "607", "716", "845", "914")
_EMAIL_DOMAINS = ("example.com", "example.org", "example.net")
_LANGUAGES = ("English",) * 17 + ("Spanish", "Spanish", "Chinese", "Russian")
_EMERGENCY_RELATIONS = ("spouse", "parent", "child", "sibling", "friend", "partner")
_SUFFIXES = ("Jr.", "Sr.", "II", "III")
HOUSEHOLD_SHARE = 0.08  # adults who bring 1-3 children, the parent as their guarantor
INACTIVE_SHARE = 0.03
DECEASED_SHARE = 0.01


# "" = not recorded (asked of nobody at registration); no "physician": those patients have a referring physician.
_REFERRAL_DRAW = ("", "patient", "insurance", "web", "walk_in", "other")
_REFERRAL_WEIGHTS = (20, 30, 20, 20, 6, 4)

def fake_npi(rng: random.Random) -> str:
    """A made-up NPI with a correct check digit."""
    first_nine = "1" + "".join(str(rng.randrange(10)) for _ in range(8))
    return first_nine + str(npi_check_digit(first_nine))


def fake_phone(rng: random.Random) -> str:
    """A fictional number (555-01xx) in E.164."""
    return f"+1{rng.choice(_FICTIONAL_AREA_CODES)}55501{rng.randrange(100):02d}"


class DemoPeople:
    """Makes patients one at a time, sometimes a whole household, from one seed and the practice's date.

    The order of the random draws is the demo: the same seed gives the same practice, so keep it.
    """

    def __init__(self, seed: int, *, today: date) -> None:
        from faker import Faker  # imported late: Faker is slow to import and only the demo needs it

        self.fake = Faker("en_US")
        self.fake.seed_instance(seed)
        self.rng = random.Random(seed)
        # Referral sources draw from their own stream, so adding them left every other draw (the demo) as it was.
        self.source_rng = random.Random(f"referral-source-{seed}")
        self.today = today  # the practice's date

    def households(self, count: int) -> Iterator[SyntheticHousehold]:
        """Households holding ``count`` patients in all."""
        made = 0
        while made < count:
            household = self._household(count - made)
            made += len(household.patients)
            yield household

    # -- people ----------------------------------------------------------------------------
    def _household(self, room: int) -> SyntheticHousehold:
        rng = self.rng
        adult_age = rng.randrange(25, 60)
        if room >= 2 and rng.random() < HOUSEHOLD_SHARE:
            parent = self._person(age=adult_age, in_family=True)
            children = min(rng.randint(1, 3), room - 1)
            kids = tuple(self._person(age=rng.randrange(0, 18), in_family=True, like=parent, pays="parent")
                         for _ in range(children))
            return SyntheticHousehold((parent, *kids), family=True, guarantor=SyntheticGuarantor(patient=0))
        person = self._person(age=rng.randrange(0, 95))
        if self.today.year - person.dob.year >= 80 and rng.random() < 0.1:
            guarantor = self._outside_guarantor(person)  # an adult child who is not a patient
            return SyntheticHousehold((replace(person, guarantor_relationship="child"),), guarantor=guarantor)
        return SyntheticHousehold((person,))

    def _person(self, *, age: int, in_family: bool = False, like: SyntheticPatient | None = None,
                pays: str = "") -> SyntheticPatient:
        fake, rng = self.fake, self.rng
        sex = rng.choice("MF")
        first = fake.first_name_male() if sex == "M" else fake.first_name_female()
        last = like.last_name if like else fake.last_name()
        dob = self.today - timedelta(days=age * 365 + rng.randrange(365))
        phones = self._phones(like)
        kinds = [phone.kind for phone in phones]
        preferred = next(k for k in ("mobile", "home", "work") if k in kinds)
        email = ""
        if age >= 16 and rng.random() < 0.5:
            email = f"{fold_key(first)}.{fold_key(last)}{rng.randrange(100)}@{rng.choice(_EMAIL_DOMAINS)}"
        text_ok = "mobile" in kinds and rng.random() < 0.6
        contact = rng.choice(["", "phone"] + (["text"] if text_ok else []) + (["email"] if email else []) + ["mail"])
        status, died = "active", None
        if like is None and not in_family:
            roll = rng.random()
            if roll < DECEASED_SHARE:
                status, died = "deceased", dob + (self.today - dob) * rng.randrange(90, 100) // 100
            elif roll < DECEASED_SHARE + INACTIVE_SHARE:
                status = "inactive"
        has_emergency = rng.random() < 0.6
        referred = rng.random() < 0.15
        # The keywords below are evaluated in order: their order is the order of the draws.
        values: dict[str, Any] = dict(
            first_name=first, last_name=last, dob=dob, sex=sex, phones=phones, preferred_phone_kind=preferred,
            middle_name=fake.first_name() if rng.random() < 0.3 else "",
            suffix=rng.choice(_SUFFIXES) if sex == "M" and age >= 18 and rng.random() < 0.03 else "",
            preferred_name=first[:3] if len(first) > 5 and rng.random() < 0.05 else "",
            email=email, preferred_contact=contact, voicemail_ok=rng.random() < 0.7, text_ok=text_ok,
            preferred_language=rng.choice(_LANGUAGES),
            emergency_name=fake.name() if has_emergency else "",
            emergency_relationship=rng.choice(_EMERGENCY_RELATIONS) if has_emergency else "",
            emergency_phone=fake_phone(rng) if has_emergency else "",
            referring_name=f"Dr. {fake.first_name()} {fake.last_name()}" if referred else "",
            referring_npi=fake_npi(rng) if referred else "",
            referral_source="physician" if referred else self._referral_source(),
            status=status, deceased_date=died, guarantor_relationship=pays,
        )
        if like:
            values.update(address_line1=like.address_line1, address_line2=like.address_line2, city=like.city,
                          state=like.state, zip_code=like.zip_code)
        else:
            values.update(address_line1=fake.street_address(), city=fake.city(), state=self._state(),
                          zip_code=fake.zipcode())
        return SyntheticPatient(**values)

    def _referral_source(self) -> str:
        """How a patient who came without a physician's referral heard of the practice; a fifth never said."""
        return self.source_rng.choices(_REFERRAL_DRAW, weights=_REFERRAL_WEIGHTS)[0]

    def _state(self) -> str:
        # Without the freely associated states (FM, MH, PW): the registration form refuses those codes.
        return str(self.fake.state_abbr(include_territories=False, include_freely_associated_states=False))

    def _phones(self, like: SyntheticPatient | None) -> tuple[SyntheticPhone, ...]:
        rng = self.rng
        phones: dict[str, str] = {}
        if like is not None and like.preferred_phone:
            phones["home"] = like.preferred_phone  # a child shares the household phone
        elif rng.random() < 0.6:
            phones["home"] = fake_phone(rng)
        if like is None and (rng.random() < 0.8 or not phones):
            phones["mobile"] = fake_phone(rng)
        if like is None and rng.random() < 0.2:
            phones["work"] = fake_phone(rng)
        return tuple(SyntheticPhone(kind, e164) for kind, e164 in phones.items())

    def _outside_guarantor(self, like: SyntheticPatient) -> SyntheticGuarantor:
        fake = self.fake
        return SyntheticGuarantor(first_name=fake.first_name(), last_name=like.last_name,
                                  address_line1=fake.street_address(), city=fake.city(), state=self._state(),
                                  zip_code=fake.zipcode(), phone=fake_phone(self.rng))
