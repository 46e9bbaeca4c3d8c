"""Day view columns: one per provider (or per exam room), shaded by working hours, blockouts and holidays."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from frontdesk.domain.formats import format_date
from frontdesk.services.scheduling.appointment_types import AppointmentInfo
from frontdesk.services.scheduling.schedule_views import ProviderDay, ScheduleView
from frontdesk.ui.calendar.catalog import Catalog
from frontdesk.ui.calendar.grid_layout import (
    DAY_MINUTES,
    Column,
    Placed,
    Shade,
    minute_of,
    off_hours_shades,
)
from frontdesk.ui.calendar.grid_paint import clock

NO_ROOM = "No room"


def block_label(kind: str, reason: str) -> str:
    """'Lunch', 'Meeting: staff huddle' (the kind, and the reason when it adds something)."""
    title = kind.capitalize()
    return f"{title}: {reason}" if reason and reason.strip().lower() != kind.lower() else title


def day_shades(pd: ProviderDay) -> tuple[Shade, ...]:
    """Hatched stretches of one provider-day: closed for a holiday, not working, and blockouts."""
    if pd.holiday:
        return (Shade(0, DAY_MINUTES, f"Closed: {pd.holiday}", "holiday"),)
    shades = off_hours_shades(pd.hours, pd.day)
    shades += [Shade(minute_of(b.start, pd.day), minute_of(b.end, pd.day), block_label(b.kind, b.reason), "block")
               for b in pd.blocks]
    return tuple(shades)


def hours_text(pd: ProviderDay | None) -> str:
    """Column subtitle: '9:00 AM–5:00 PM', 'Closed: Christmas' or 'Not working'."""
    if pd is None:
        return ""
    if pd.holiday:
        return f"Closed: {pd.holiday}"
    if not pd.hours:
        return "Not working"
    spans = [(minute_of(s, pd.day), minute_of(e, pd.day)) for s, e in pd.hours]
    return ", ".join(f"{clock(a)}\u2013{clock(b)}" for a, b in spans)


def place(appointments: Iterable[AppointmentInfo], column_of: dict[object, int], key_of) -> list[Placed]:  # type: ignore[no-untyped-def]
    """Placed items for the appointments whose column key is shown."""
    out = []
    for info in appointments:
        column = column_of.get(key_of(info))
        if column is None:
            continue
        day = info.start.date()
        start = minute_of(info.start, day)
        end = minute_of(info.end, day)
        out.append(Placed(info, column, start, max(end, start + 1)))
    return out


def provider_columns(view: ScheduleView, catalog: Catalog) -> list[Column]:
    days = {pd.provider_id: pd for pd in view.provider_days if pd.day == view.first_day}
    return [Column(pid, catalog.provider_label(pid) or f"Provider {pid}", hours_text(days.get(pid)),
                   view.first_day, pid, None, day_shades(days[pid]) if pid in days else ())
            for pid in view.provider_ids]


def room_columns(view: ScheduleView, catalog: Catalog) -> list[Column]:
    """A column per active room and one for visits without a room; holidays shade them all."""
    holiday = next((pd.holiday for pd in view.provider_days if pd.holiday), None)
    shades = (Shade(0, DAY_MINUTES, f"Closed: {holiday}", "holiday"),) if holiday else ()
    columns = [Column(("room", r.id), r.name, "Exam room", view.first_day, None, r.id, shades) for r in catalog.rooms]
    known = {r.id for r in catalog.rooms}
    # Rooms out of use that still hold visits today get a column, so nothing booked is hidden.
    for info in view.appointments:
        if info.room_id is not None and info.room_id not in known:
            known.add(info.room_id)
            columns.append(Column(("room", info.room_id), info.room_name, "Room out of use", view.first_day, None,
                                  info.room_id, shades))
    columns.append(Column(("room", None), NO_ROOM, "Visits without a room", view.first_day, None, None, shades))
    return columns


def build_day(view: ScheduleView, catalog: Catalog, *, by_room: bool = False) -> tuple[list[Column], list[Placed]]:
    """Columns and laid-out appointments of a one-day ScheduleView."""
    if by_room:
        columns = room_columns(view, catalog)
        index = {c.key: i for i, c in enumerate(columns)}
        return columns, place(view.appointments, index, lambda a: ("room", a.room_id))
    columns = provider_columns(view, catalog)
    index = {c.key: i for i, c in enumerate(columns)}
    return columns, place(view.appointments, index, lambda a: a.provider_id)


def day_title(day: date, today: date) -> str:
    suffix = " (today)" if day == today else ""
    return f"{day.strftime('%A')}, {format_date(day)}{suffix}"


def column_start(column: Column, minute: int) -> datetime:
    """The naive local wall time of a slot in a column (what the booking services take)."""
    return datetime(column.day.year, column.day.month, column.day.day, minute // 60, minute % 60)
