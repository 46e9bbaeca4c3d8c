"""The demo Desk's cast: which demo patients, providers and clock the seeded messages and referrals use."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import exists, select

from frontdesk.domain import schedule_time as st
from frontdesk.domain.permissions import Permission
from frontdesk.errors import ValidationError
from frontdesk.models import Appointment, Patient, PhoneMessage, Provider, StaffTask
from frontdesk.models.referral import OutsideProvider
from frontdesk.services._base import Tx, operation
from frontdesk.services._practice_clock import schedule_settings
from frontdesk.demo.data import _require_demo

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


def _adults(tx: Tx, today: date, *, unbooked_from: date | None = None):  # type: ignore[no-untyped-def]
    """Active adult patients with a phone, by id (adults: the caller is the patient themself)."""
    stmt = (select(Patient.id, Patient.first_name, Patient.last_name, Patient.phone)
            .where(Patient.status == "active", Patient.phone != "",
                   Patient.dob <= today - timedelta(days=18 * 366)).order_by(Patient.id))
    if unbooked_from is not None:
        # A recall is for someone not booked yet; one already booked would show as "booked", not on the list.
        tz = schedule_settings(tx.session).tz
        since = st.day_bounds_utc(unbooked_from, tz)[0]
        stmt = stmt.where(~exists().where(Appointment.patient_id == Patient.id, Appointment.start_utc >= since))
    return [DeskPatient(*row) for row in tx.session.execute(stmt)]


@operation(Permission.MANAGE_PRACTICE, write=False)
def demo_desk_cast(tx: Tx, patients: int, recall_patients: int, seed: int = 7) -> DemoDeskCast:
    """Pick (reproducibly from ``seed``) distinct demo patients for the desk items; demo practice only.

    ``already_seeded`` says the desk has messages, tasks or directory entries already (seeding again would
    duplicate them).
    """
    _require_demo(tx)
    for name, value in (("patients", patients), ("recall_patients", recall_patients)):
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_PATIENTS:
            raise ValidationError(name, f"Ask for 0 to {MAX_PATIENTS} patients.")
    session = tx.session
    seeded = any(session.scalar(select(model.id).limit(1)) is not None
                 for model in (PhoneMessage, StaffTask, OutsideProvider))
    tz = schedule_settings(session).tz
    today = st.local_date(st.utc_now(), tz)
    rng = random.Random(seed)
    pool = _adults(tx, today)
    chosen = rng.sample(pool, min(patients, len(pool)))
    taken = {p.id for p in chosen}
    unbooked = [p for p in _adults(tx, today, unbooked_from=today) if p.id not in taken]
    recalled = rng.sample(unbooked, min(recall_patients, len(unbooked)))
    providers = tuple(session.scalars(select(Provider.id).where(Provider.active.is_(True)).order_by(Provider.id)))
    return DemoDeskCast(seeded, tz.key, tuple(chosen), tuple(recalled), providers)
