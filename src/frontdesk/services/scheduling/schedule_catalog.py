"""Calendar catalogue: exam rooms and appointment types (default length, colour, the providers who offer them)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import delete, insert, select

from frontdesk.domain.permissions import Permission
from frontdesk.domain.text import clean_text
from frontdesk.errors import NotFoundError, ValidationError
from frontdesk.models import AppointmentType, ExamRoom, Provider
from frontdesk.models.scheduling import appointment_type_provider
from frontdesk.services._base import Tx, operation
from frontdesk.services.scheduling._booking import clean_length

_COLOUR_RE = re.compile(r"^#[0-9A-Fa-f]{6}$")


@dataclass(frozen=True)
class RoomInfo:
    id: int
    name: str
    active: bool


@dataclass(frozen=True)
class AppointmentTypeInfo:
    id: int
    name: str
    default_minutes: int
    colour: str
    active: bool
    provider_ids: tuple[int, ...]  # empty = offered by every provider


@operation(Permission.VIEW_SCHEDULE, write=False)
def list_rooms(tx: Tx, *, include_inactive: bool = False) -> list[RoomInfo]:
    """Exam rooms by name."""
    stmt = select(ExamRoom).order_by(ExamRoom.name)
    if not include_inactive:
        stmt = stmt.where(ExamRoom.active.is_(True))
    return [RoomInfo(r.id, r.name, r.active) for r in tx.session.scalars(stmt)]


def _room_name(tx: Tx, name: str, exclude_id: int | None = None) -> str:
    text = clean_text(name, "name", "Room name", max_len=40, required=True)
    clash = tx.session.scalar(select(ExamRoom.id).where(ExamRoom.name == text))
    if clash is not None and clash != exclude_id:
        raise ValidationError("name", f"There is already a room called {text}.")
    return text


@operation(Permission.MANAGE_SCHEDULE_SETUP)
def add_room(tx: Tx, name: str) -> RoomInfo:
    """Add an exam room."""
    room = ExamRoom(name=_room_name(tx, name), active=True)
    tx.session.add(room)
    tx.session.flush()
    tx.audit("schedule.room_add", entity_type="exam_room", entity_id=room.id)
    tx.changed("schedule_setup")
    return RoomInfo(room.id, room.name, room.active)


@operation(Permission.MANAGE_SCHEDULE_SETUP)
def update_room(tx: Tx, room_id: int, name: str, active: bool = True) -> RoomInfo:
    """Rename a room or take it out of use (its past appointments keep it)."""
    room = tx.session.get(ExamRoom, room_id)
    if room is None:
        raise NotFoundError("That room no longer exists.")
    room.name, room.active = _room_name(tx, name, room.id), bool(active)
    tx.audit("schedule.room_update", entity_type="exam_room", entity_id=room.id,
             detail="active" if room.active else "inactive")
    tx.changed("schedule_setup")
    return RoomInfo(room.id, room.name, room.active)


def _type_info(tx: Tx, t: AppointmentType) -> AppointmentTypeInfo:
    ids = tuple(sorted(tx.session.scalars(select(appointment_type_provider.c.provider_id)
                                          .where(appointment_type_provider.c.type_id == t.id))))
    return AppointmentTypeInfo(t.id, t.name, t.default_minutes, t.colour, t.active, ids)


@operation(Permission.VIEW_SCHEDULE, write=False)
def list_appointment_types(tx: Tx, *, include_inactive: bool = False) -> list[AppointmentTypeInfo]:
    """Appointment types by name, each with the providers who offer it."""
    stmt = select(AppointmentType).order_by(AppointmentType.name)
    if not include_inactive:
        stmt = stmt.where(AppointmentType.active.is_(True))
    links: dict[int, list[int]] = {}
    for type_id, provider_id in tx.session.execute(select(appointment_type_provider.c.type_id,
                                                          appointment_type_provider.c.provider_id)):
        links.setdefault(type_id, []).append(provider_id)
    return [AppointmentTypeInfo(t.id, t.name, t.default_minutes, t.colour, t.active,
                                tuple(sorted(links.get(t.id, ())))) for t in tx.session.scalars(stmt)]


def _clean_type(tx: Tx, name: str, default_minutes: int, colour: str, provider_ids: list[int] | tuple[int, ...],
                exclude_id: int | None = None) -> tuple[str, int, str, list[int]]:
    text = clean_text(name, "name", "Type name", max_len=60, required=True)
    clash = tx.session.scalar(select(AppointmentType.id).where(AppointmentType.name == text))
    if clash is not None and clash != exclude_id:
        raise ValidationError("name", f"There is already an appointment type called {text}.")
    minutes = clean_length(default_minutes, "default_minutes")
    if not isinstance(colour, str) or not _COLOUR_RE.match(colour):
        raise ValidationError("colour", "Colour must be written #RRGGBB, e.g. #4A90D9.")
    if not all(isinstance(p, int) and not isinstance(p, bool) for p in provider_ids):
        raise ValidationError("provider_ids", "Choose providers from the list.")
    ids = sorted(set(provider_ids))
    if ids:
        known = set(tx.session.scalars(select(Provider.id).where(Provider.id.in_(ids))))
        if known != set(ids):
            raise ValidationError("provider_ids", "One of the chosen providers no longer exists.")
    return text, minutes, colour.upper(), ids


def _set_links(tx: Tx, type_id: int, provider_ids: list[int]) -> None:
    tx.session.execute(delete(appointment_type_provider).where(appointment_type_provider.c.type_id == type_id))
    if provider_ids:
        tx.session.execute(insert(appointment_type_provider),
                           [{"type_id": type_id, "provider_id": p} for p in provider_ids])


@operation(Permission.MANAGE_SCHEDULE_SETUP)
def add_appointment_type(tx: Tx, name: str, default_minutes: int, colour: str,
                         provider_ids: list[int] | tuple[int, ...] = ()) -> AppointmentTypeInfo:
    """Add an appointment type; ``provider_ids`` lists who offers it (empty = every provider)."""
    text, minutes, hex_colour, ids = _clean_type(tx, name, default_minutes, colour, provider_ids)
    appt_type = AppointmentType(name=text, default_minutes=minutes, colour=hex_colour, active=True)
    tx.session.add(appt_type)
    tx.session.flush()
    _set_links(tx, appt_type.id, ids)
    tx.audit("schedule.type_add", entity_type="appointment_type", entity_id=appt_type.id)
    tx.changed("schedule_setup")
    return _type_info(tx, appt_type)


@operation(Permission.MANAGE_SCHEDULE_SETUP)
def update_appointment_type(tx: Tx, type_id: int, name: str, default_minutes: int, colour: str,
                            provider_ids: list[int] | tuple[int, ...] = (), active: bool = True
                            ) -> AppointmentTypeInfo:
    """Change a type (booked appointments keep their own length)."""
    appt_type = tx.session.get(AppointmentType, type_id)
    if appt_type is None:
        raise NotFoundError("That appointment type no longer exists.")
    text, minutes, hex_colour, ids = _clean_type(tx, name, default_minutes, colour, provider_ids, appt_type.id)
    appt_type.name, appt_type.default_minutes, appt_type.colour = text, minutes, hex_colour
    appt_type.active = bool(active)
    _set_links(tx, appt_type.id, ids)
    tx.audit("schedule.type_update", entity_type="appointment_type", entity_id=appt_type.id,
             detail="active" if appt_type.active else "inactive")
    tx.changed("schedule_setup")
    return _type_info(tx, appt_type)
