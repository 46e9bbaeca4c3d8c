"""What the calendar side panels look up together: providers, appointment types and the practice time zone."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from frontdesk.services.admin import providers as providers_service
from frontdesk.services.scheduling import schedule_catalog, schedule_setup
from frontdesk.services.admin.providers import ProviderInfo
from frontdesk.services.scheduling.schedule_catalog import AppointmentTypeInfo
from frontdesk.services.scheduling.schedule_setup import ScheduleSettings
from frontdesk.services.session import ServiceContext


@dataclass(frozen=True)
class Catalog:
    """Providers and types (inactive ones too, so old entries still show names) and the schedule settings."""

    providers: tuple[ProviderInfo, ...]
    types: tuple[AppointmentTypeInfo, ...]
    settings: ScheduleSettings

    @property
    def tz(self) -> ZoneInfo:
        return self.settings.tz

    def active_providers(self) -> list[ProviderInfo]:
        return [p for p in self.providers if p.active]

    def active_types(self) -> list[AppointmentTypeInfo]:
        return [t for t in self.types if t.active]

    def provider_name(self, provider_id: int) -> str:
        found = next((p for p in self.providers if p.id == provider_id), None)
        return found.display_name if found else f"Provider #{provider_id}"

    def type_of(self, type_id: int | None) -> AppointmentTypeInfo | None:
        return next((t for t in self.types if t.id == type_id), None)

    def providers_text(self, provider_ids: tuple[int, ...] | list[int]) -> str:
        """'Any provider', or the names joined by commas."""
        return ", ".join(self.provider_name(p) for p in provider_ids) if provider_ids else "Any provider"

    def offering(self, type_id: int | None) -> list[ProviderInfo]:
        """Active providers who offer the type (a type without a list is offered by everyone)."""
        appt_type = self.type_of(type_id)
        active = self.active_providers()
        if appt_type is None or not appt_type.provider_ids:
            return active
        return [p for p in active if p.id in appt_type.provider_ids]


def load_catalog(ctx: ServiceContext) -> Catalog:
    """Read providers, types and settings (three read-only service calls; runs on the database thread)."""
    return Catalog(tuple(providers_service.list_providers(ctx, include_inactive=True)),
                   tuple(schedule_catalog.list_appointment_types(ctx, include_inactive=True)),
                   schedule_setup.get_schedule_settings(ctx))
