"""What the calendar's dialogs and columns need to know: providers, appointment types, rooms, settings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from frontdesk.domain import schedule_time as st
from frontdesk.services.admin import providers as provider_service
from frontdesk.services.scheduling import desk_blockouts, schedule_catalog, schedule_setup
from frontdesk.services.scheduling.schedule_setup import ScheduleSettings
from frontdesk.services.admin.providers import ProviderInfo
from frontdesk.services.scheduling.schedule_catalog import AppointmentTypeInfo, RoomInfo
from frontdesk.services.session import ServiceContext


@dataclass(frozen=True)
class Catalog:
    """A snapshot; the pane reloads it when providers or the schedule setup change."""

    settings: ScheduleSettings = field(default_factory=lambda: ScheduleSettings(st.DEFAULT_TIME_ZONE, 15))
    providers: tuple[ProviderInfo, ...] = ()  # active and inactive (names of old bookings)
    types: tuple[AppointmentTypeInfo, ...] = ()  # active only (what can be booked)
    rooms: tuple[RoomInfo, ...] = ()  # active only
    names: dict[int, str] = field(default_factory=dict)
    desk_blockouts: bool = False  # the practice lets the front desk block out time (Admin's setting)

    @property
    def active_providers(self) -> list[ProviderInfo]:
        return [p for p in self.providers if p.active]

    def provider_label(self, provider_id: int | None) -> str:
        return self.names.get(provider_id or 0, "")

    def type_info(self, type_id: int | None) -> AppointmentTypeInfo | None:
        return next((t for t in self.types if t.id == type_id), None)

    def types_for(self, provider_id: int | None) -> list[AppointmentTypeInfo]:
        """Types the provider offers (a type without a provider list is offered by all)."""
        return [t for t in self.types if not t.provider_ids or provider_id in t.provider_ids]

    def now_local(self) -> datetime:
        """The practice's wall clock now (the scheduling services' clock, so tests can freeze it)."""
        return st.utc_now().astimezone(self.settings.tz)


def load_catalog(ctx: ServiceContext) -> Catalog:
    """One runner job: every list the calendar needs (read-only calls, one after another)."""
    providers = tuple(provider_service.list_providers(ctx, include_inactive=True))
    return Catalog(schedule_setup.get_schedule_settings(ctx), providers,
                   tuple(schedule_catalog.list_appointment_types(ctx)), tuple(schedule_catalog.list_rooms(ctx)),
                   {p.id: p.display_name for p in providers}, desk_blockouts.desk_blockouts_allowed(ctx))


def call_catalog(call: Callable[..., int], on_done: Callable[[Catalog], None],
                 on_error: Callable[[BaseException], None] | None = None) -> int:
    """``call`` is UiContext.call; the catalogue is gathered on the database thread in one job."""
    return call(load_catalog, on_done=on_done, on_error=on_error)
