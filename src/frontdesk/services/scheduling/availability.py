"""Find an opening: the first free slots for a type and length with chosen providers, days and times."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from sqlalchemy import select

from frontdesk.domain import schedule_time as st
from frontdesk.domain.permissions import Permission
from frontdesk.errors import ValidationError
from frontdesk.models import Provider
from frontdesk.models.scheduling import appointment_type_provider
from frontdesk.services._base import Tx, operation
from frontdesk.services.scheduling._booking import active_type, check_type_offered, clean_length
from frontdesk.services._lookups import active_provider, provider_label
from frontdesk.services.scheduling._openings import Opening, SearchSpec, search_openings
from frontdesk.services._practice_clock import schedule_settings

__all__ = ["Opening", "OpeningQuery", "find_openings"]

MAX_DAYS = 366
MAX_RESULTS = 200


@dataclass(frozen=True)
class OpeningQuery:
    """What to look for. Empty providers = every active provider offering the type; empty days/windows = any."""

    type_id: int
    length_minutes: int | None = None  # None = the type's default length
    provider_ids: tuple[int, ...] = ()
    weekdays: tuple[int, ...] = ()  # 0 = Monday
    windows: tuple[tuple[time, time], ...] = ()  # local times, e.g. ((time(8), time(12)),)
    from_day: date | None = None  # None = today (practice time zone)
    days: int = 60
    limit: int = 10


def _clean_windows(windows: tuple[tuple[time, time], ...]) -> tuple[tuple[time, time], ...]:
    out = []
    for window in windows:
        if (not isinstance(window, tuple) or len(window) != 2
                or not all(isinstance(t, time) for t in window) or window[1] <= window[0]):
            raise ValidationError("windows", "Each time window needs a start time before its end time.")
        out.append((window[0].replace(tzinfo=None), window[1].replace(tzinfo=None)))
    return tuple(out)


def _bounded(value: object, field: str, label: str, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= high:
        raise ValidationError(field, f"{label} must be 1 to {high}.")
    return value


def _build_spec(tx: Tx, query: OpeningQuery) -> tuple[SearchSpec, int]:
    """Validate the query into a search spec; returns (spec, slot minutes)."""
    settings = schedule_settings(tx.session)
    appt_type = active_type(tx.session, query.type_id)
    length = clean_length(appt_type.default_minutes if query.length_minutes is None else query.length_minutes)
    days = _bounded(query.days, "days", "Days to search", MAX_DAYS)
    limit = _bounded(query.limit, "limit", "Number of results", MAX_RESULTS)
    if any(isinstance(d, bool) or not isinstance(d, int) or not 0 <= d <= 6 for d in query.weekdays):
        raise ValidationError("weekdays", "Weekdays are 0 (Monday) to 6 (Sunday).")
    windows = _clean_windows(tuple(query.windows))
    first_day = query.from_day or st.local_date(st.utc_now(), settings.tz)
    if not isinstance(first_day, date):
        raise ValidationError("from_day", "Start the search on a date.")
    st.check_year(first_day, "from_day")
    if query.provider_ids:
        providers = []
        for provider_id in dict.fromkeys(query.provider_ids):
            provider = active_provider(tx.session, provider_id, "provider_ids")
            check_type_offered(tx.session, appt_type, provider)
            providers.append(provider)
    else:
        offered = set(tx.session.scalars(select(appointment_type_provider.c.provider_id)
                                         .where(appointment_type_provider.c.type_id == appt_type.id)))
        stmt = select(Provider).where(Provider.active.is_(True)).order_by(Provider.last_name, Provider.first_name)
        providers = [p for p in tx.session.scalars(stmt) if not offered or p.id in offered]
    spec = SearchSpec([p.id for p in providers], {p.id: provider_label(p) for p in providers}, first_day, days,
                      length, frozenset(query.weekdays), windows, limit)
    return spec, settings.slot_minutes


@operation(Permission.VIEW_SCHEDULE, write=False)
def find_openings(tx: Tx, query: OpeningQuery) -> list[Opening]:
    """The first free slots over the next ``days`` days, respecting hours, exceptions, holidays,
    blockouts, booked appointments and the slot grid; never in the past."""
    spec, slot = _build_spec(tx, query)
    return search_openings(tx.session, spec, slot, schedule_settings(tx.session).tz, st.utc_now())

