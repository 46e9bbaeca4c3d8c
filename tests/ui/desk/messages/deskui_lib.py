"""What the Messages/Tasks tab tests share: staff logins, patients, and driving the real dialogs."""

from __future__ import annotations

from dataclasses import dataclass

from calendar_support import person
from pytestqt.qtbot import QtBot
from testsupport import STAFF_PASSWORD

from frontdesk.domain.permissions import Role
from frontdesk.services.patients import patients
from frontdesk.services.admin import users
from frontdesk.services._base import Actor, ServiceContext


@dataclass
class Staff:
    rita: Actor  # front desk
    doctor: Actor  # Dr. Alvarez's own login
    biller: Actor
    patient_id: int


def actor(admin: ServiceContext, username: str, name: str, role: Role) -> Actor:
    info = users.add_user(admin, username, name, role, STAFF_PASSWORD)
    return Actor(info.id, info.username, info.full_name, info.role)


def build_staff(admin_ctx: ServiceContext, frontdesk_ctx: ServiceContext, rita: Actor) -> Staff:
    doctor = actor(admin_ctx, "dralvarez", "Maria Alvarez, MD", Role.BILLING)
    biller = actor(admin_ctx, "bill", "Bill Ing", Role.BILLING)
    pid = patients.register_patient(frontdesk_ctx, person("Ann", "Able")).id
    return Staff(rita, doctor, biller, pid)


def choose_combo(qtbot: QtBot, combo, text: str) -> None:  # type: ignore[no-untyped-def]
    """Pick the entry whose text is ``text`` the way a keyboard user would (focus, then select)."""
    index = combo.findText(text)
    assert index >= 0, f"{text!r} not offered"
    combo.setFocus()
    combo.setCurrentIndex(index)
