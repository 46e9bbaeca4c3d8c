"""Table models of the schedule setup tabs: exceptions, holidays, blockouts, rooms and appointment types."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QColor

from frontdesk.services.scheduling.schedule_catalog import AppointmentTypeInfo, RoomInfo
from frontdesk.services.scheduling.schedule_setup import BlockoutInfo, ExceptionInfo, HolidayInfo
from frontdesk.ui.widgets.models import MUTED_COLOUR, Column
from frontdesk.ui.widgets.schedule_inputs import (
    WEEKDAY_LONG,
    DecoratedRecordModel,
    clock_text,
    colour_label,
)

ProviderName = Callable[[int], str]

BLOCKOUT_KIND_LABELS = {"lunch": "Lunch", "meeting": "Meeting", "procedure": "Procedure", "other": "Other"}


def _day(value) -> str:  # type: ignore[no-untyped-def]
    return value.strftime("%m/%d/%Y") if value else ""


def _ordinal(value) -> int:  # type: ignore[no-untyped-def]
    return value.toordinal() if value else 0


def exception_hours(e: ExceptionInfo) -> str:
    """'Day off' or 'Works 9:00 AM-1:00 PM'."""
    return "Day off" if e.start is None or e.end is None else f"Works {clock_text(e.start)}\u2013{clock_text(e.end)}"


EXCEPTION_COLUMNS: list[Column[ExceptionInfo]] = [
    Column("From", lambda e: _day(e.first_day), sort=lambda e: _ordinal(e.first_day)),
    Column("To", lambda e: _day(e.last_day), sort=lambda e: _ordinal(e.last_day)),
    Column("Hours", exception_hours),
    Column("Reason", lambda e: e.reason),
]

HOLIDAY_COLUMNS: list[Column[HolidayInfo]] = [
    Column("Date", lambda h: _day(h.day), sort=lambda h: _ordinal(h.day)),
    Column("Weekday", lambda h: WEEKDAY_LONG[h.day.weekday()], sort=lambda h: h.day.weekday()),
    Column("Holiday", lambda h: h.name),
]


def blockout_when(b: BlockoutInfo) -> str:
    """'Every Monday', 'Every Monday, 03/04/2030 to 06/28/2030' or '03/05/2030'."""
    if b.on_date is not None:
        return _day(b.on_date)
    text = f"Every {WEEKDAY_LONG[b.weekday or 0]}"
    if b.first_day and b.last_day:
        return f"{text}, {_day(b.first_day)} to {_day(b.last_day)}"
    if b.first_day:
        return f"{text} from {_day(b.first_day)}"
    if b.last_day:
        return f"{text} until {_day(b.last_day)}"
    return text


def blockout_columns(provider_name: ProviderName) -> list[Column[BlockoutInfo]]:
    """Columns of the blockouts table (``provider_name`` turns an id into a name)."""
    return [
        Column("For", lambda b: "Whole practice" if b.provider_id is None else provider_name(b.provider_id)),
        Column("Kind", lambda b: BLOCKOUT_KIND_LABELS.get(b.kind, b.kind)),
        Column("When", blockout_when,
               sort=lambda b: f"{_ordinal(b.on_date):08d} {b.weekday if b.weekday is not None else 9}"),
        Column("Time", lambda b: f"{clock_text(b.start)}\u2013{clock_text(b.end)}", sort=lambda b: b.start.isoformat()),
        Column("Reason", lambda b: b.reason),
    ]


def _status(active: bool) -> str:
    return "Active" if active else "Out of use"


ROOM_COLUMNS: list[Column[RoomInfo]] = [
    Column("Room", lambda r: r.name),
    Column("Status", lambda r: _status(r.active), colour=lambda r: None if r.active else MUTED_COLOUR),
]


def type_columns(provider_name: ProviderName) -> list[Column[AppointmentTypeInfo]]:
    """Columns of the appointment types table (``provider_name`` turns an id into a name)."""
    return [
        Column("Type", lambda t: t.name),
        Column("Length", lambda t: f"{t.default_minutes} min", sort=lambda t: t.default_minutes),
        Column("Colour", lambda t: colour_label(t.colour)),
        Column("Offered by", lambda t: ", ".join(provider_name(p) for p in t.provider_ids) or "Every provider"),
        Column("Status", lambda t: _status(t.active), colour=lambda t: None if t.active else MUTED_COLOUR),
    ]


class ExceptionsModel(DecoratedRecordModel[ExceptionInfo]):
    """A provider's hours exceptions."""

    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(EXCEPTION_COLUMNS, parent=parent)


class HolidaysModel(DecoratedRecordModel[HolidayInfo]):
    """Practice holidays by date."""

    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(HOLIDAY_COLUMNS, parent=parent)


class BlockoutsModel(DecoratedRecordModel[BlockoutInfo]):
    """Blockouts of a provider and of the whole practice."""

    def __init__(self, provider_name: ProviderName, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(blockout_columns(provider_name), parent=parent)


class RoomsModel(DecoratedRecordModel[RoomInfo]):
    """Exam rooms, in use or not."""

    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ROOM_COLUMNS, parent=parent)


class TypesModel(DecoratedRecordModel[AppointmentTypeInfo]):
    """Appointment types; the type and colour cells show a swatch beside the words."""

    def __init__(self, provider_name: ProviderName, parent=None) -> None:  # type: ignore[no-untyped-def]
        swatch = {0: lambda t: QColor(t.colour), 2: lambda t: QColor(t.colour)}
        super().__init__(type_columns(provider_name), swatch, parent)
