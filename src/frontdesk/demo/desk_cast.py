"""The demo Desk's cast: which demo patients, providers and clock the seeded messages and referrals use."""

from __future__ import annotations

import random
from dataclasses import dataclass

from frontdesk.errors import ValidationError
from frontdesk.services.desk import synthetic
from frontdesk.services.session import ServiceContext

MAX_PATIENTS = 200


@dataclass(frozen=True)
class DeskPatient:
    """A demo patient as the seeded desk items name them (phone in E.164)."""

    id: int
    first_name: str
    last_name: str
    phone: str

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class DemoDeskCast:
    """Who the demo desk items are about; ``recall_patients`` have nothing booked from today on."""

    already_seeded: bool
    time_zone: str
    patients: tuple[DeskPatient, ...]
    recall_patients: tuple[DeskPatient, ...]
    provider_ids: tuple[int, ...]


def demo_desk_cast(ctx: ServiceContext, patients: int, recall_patients: int, seed: int = 7) -> DemoDeskCast:
    """Pick (reproducibly from ``seed``) distinct demo patients for the desk items; demo practice only.

    Candidates are active adults with a phone (the caller is the patient themself); recall patients also have
    nothing booked from today on. ``already_seeded`` says the desk has messages, tasks or directory entries
    already (seeding again would duplicate them).
    """
    for name, value in (("patients", patients), ("recall_patients", recall_patients)):
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_PATIENTS:
            raise ValidationError(name, f"Ask for 0 to {MAX_PATIENTS} patients.")
    found = synthetic.desk_cast_candidates(ctx)
    rng = random.Random(seed)
    pool = [DeskPatient(c.id, c.first_name, c.last_name, c.phone) for c in found.adults]
    chosen = rng.sample(pool, min(patients, len(pool)))
    taken = {p.id for p in chosen}
    unbooked = [p for p in pool if p.id in found.unbooked_ids and p.id not in taken]
    recalled = rng.sample(unbooked, min(recall_patients, len(unbooked)))
    return DemoDeskCast(found.already_seeded, found.time_zone, tuple(chosen), tuple(recalled), found.provider_ids)
