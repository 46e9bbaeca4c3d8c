"""The free-slot search behind "find an opening" (query helper: takes a session, never commits).

Working time is evaluated per local day and converted to UTC; blockouts, holidays, exceptions and
booked appointments are subtracted; candidate starts sit on the practice's slot grid in local time.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from frontdesk.domain import schedule_time as st
from frontdesk.services.scheduling._schedule_hours import Interval, ScheduleCalendar, subtract
from frontdesk.services.scheduling._schedule_queries import busy_by_provider
from frontdesk.services.scheduling.appointment_types import MAX_LENGTH


@dataclass(frozen=True)
class Opening:
    """A bookable start for the requested length (times aware, practice time zone)."""

    provider_id: int
    provider_name: str
    start: datetime
    end: datetime

    @property
    def length_minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)


@dataclass(frozen=True)
class SearchSpec:
    provider_ids: list[int]  # in display order; ties at one time list providers in this order
    provider_names: dict[int, str]
    first_day: date
    days: int
    length_minutes: int
    weekdays: frozenset[int]  # empty = any day
    windows: tuple[tuple[time, time], ...]  # local; empty = any time
    limit: int


def _intersect(a: list[Interval], b: list[Interval]) -> list[Interval]:
    out: list[Interval] = []
    for s1, e1 in a:
        for s2, e2 in b:
            s, e = max(s1, s2), min(e1, e2)
            if s < e:
                out.append((s, e))
    return sorted(out)


def _grid_starts(interval: Interval, length: timedelta, slot: int, tz: ZoneInfo, cap: int) -> list[datetime]:
    """Up to ``cap`` starts on the local slot grid inside ``interval`` that leave room for ``length``.

    The first start is the interval's local time rounded up to the grid; later ones step in real time,
    so a spring-forward day never offers a skipped time and a fall-back day offers both 1:30s.
    """
    start, end = interval
    if end - start < length:
        return []
    local = start.astimezone(tz)
    past_grid = timedelta(minutes=(local.hour * 60 + local.minute) % slot, seconds=local.second,
                          microseconds=local.microsecond)
    cand = start if not past_grid else start - past_grid + timedelta(minutes=slot)
    step = timedelta(minutes=slot)
    found: list[datetime] = []
    while cand + length <= end and len(found) < cap:
        found.append(cand)
        cand += step
    return found


def search_openings(session: Session, spec: SearchSpec, slot_minutes: int, tz: ZoneInfo, now: datetime
                    ) -> list[Opening]:
    """The first ``spec.limit`` openings from ``spec.first_day`` on, earliest first."""
    last_day = spec.first_day + timedelta(days=spec.days - 1)
    calendar = ScheduleCalendar(session, spec.provider_ids, spec.first_day, last_day, tz)
    length = timedelta(minutes=spec.length_minutes)
    order = {p: i for i, p in enumerate(spec.provider_ids)}
    found: list[Opening] = []
    # Booked time is read a window of days at a time (7, then 14, 28 ...): a search that finds its
    # openings in the first days never reads the next two months of bookings.
    busy: dict[int, list[Interval]] = {}
    busy_starts: dict[int, list[datetime]] = {}
    loaded_until, window = spec.first_day - timedelta(days=1), 7
    for offset in range(spec.days):
        day = spec.first_day + timedelta(days=offset)
        if (spec.weekdays and day.weekday() not in spec.weekdays) or calendar.holiday(day):
            continue
        day_start, day_end = st.day_bounds_utc(day, tz)
        if day_end <= now:
            continue
        if day > loaded_until:
            loaded_until = min(last_day, day + timedelta(days=window - 1))
            window *= 2
            busy = busy_by_provider(session, spec.provider_ids, day_start, st.day_bounds_utc(loaded_until, tz)[1])
            busy_starts = {p: [s for s, _e in spans] for p, spans in busy.items()}
        allowed: list[Interval] = [(max(day_start, now), day_end)]
        if spec.windows:
            allowed = _intersect(allowed, sorted((st.wall_to_utc(day, s, tz), st.wall_to_utc(day, e, tz, edge="end"))
                                                 for s, e in spec.windows))
        day_found: list[Opening] = []
        for provider_id in spec.provider_ids:
            hours = calendar.hours(provider_id, day)
            if not hours:
                continue
            starts = busy_starts[provider_id]
            lo = bisect.bisect_left(starts, day_start - MAX_LENGTH)
            hi = bisect.bisect_left(starts, day_end)
            taken = sorted([(b.start, b.end) for b in calendar.blocks(provider_id, day)] + busy[provider_id][lo:hi])
            for interval in _intersect(subtract(hours, taken), allowed):
                cap = spec.limit - len(found)
                for cand in _grid_starts(interval, length, slot_minutes, tz, cap):
                    day_found.append(Opening(provider_id, spec.provider_names.get(provider_id, ""),
                                             cand.astimezone(tz), (cand + length).astimezone(tz)))
        # Sort on the UTC instant: aware times in one zone compare by wall clock, which ties the two 1:30s.
        day_found.sort(key=lambda o: (o.start.astimezone(UTC), order[o.provider_id]))
        found.extend(day_found)
        if len(found) >= spec.limit:
            break
    return found[:spec.limit]
