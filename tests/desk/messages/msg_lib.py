"""What the messages/tasks core tests share: the Desk set-up (a doctor's login, a biller, two patients)."""

from __future__ import annotations

from dataclasses import dataclass

from calendar_support import person
from testsupport import STAFF_PASSWORD

from frontdesk.domain.permissions import Role
from frontdesk.services.patients import patients
from frontdesk.services.admin import users
from frontdesk.services.session import Actor, ServiceContext


@dataclass
class Desk:
    admin: ServiceContext
    desk: ServiceContext  # Rita, front desk
    doctor: ServiceContext  # Dr. Alvarez's own login (front desk role)
    biller: ServiceContext  # Bill, billing role
    doctor_id: int
    patient_id: int
    other_patient_id: int


def staff_ctx(admin: ServiceContext, username: str, name: str, role: Role) -> ServiceContext:
    info = users.add_user(admin, username, name, role, STAFF_PASSWORD)
    return ServiceContext(admin.db, Actor(info.id, info.username, info.full_name, info.role))


def build_desk(admin_ctx: ServiceContext, frontdesk_ctx: ServiceContext) -> Desk:
    doctor = staff_ctx(admin_ctx, "dralvarez", "Maria Alvarez, MD", Role.FRONT_DESK)
    biller = staff_ctx(admin_ctx, "bill", "Bill Ing", Role.BILLING)
    p1 = patients.register_patient(frontdesk_ctx, person("Ann", "Able")).id
    p2 = patients.register_patient(frontdesk_ctx, person("Bob", "Baker", "(518) 555-0199")).id
    assert doctor.actor is not None
    return Desk(admin_ctx, frontdesk_ctx, doctor, biller, doctor.actor.user_id, p1, p2)
