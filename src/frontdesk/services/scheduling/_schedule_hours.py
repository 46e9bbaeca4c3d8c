"""Working time of providers per local day, as UTC intervals: weekly hours, exceptions, holidays, blockouts."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from frontdesk.domain import schedule_time as st
from frontdesk.models import Blockout, Holiday, ScheduleException, WorkingHours

Interval = tuple[datetime, datetime]


@dataclass(frozen=True)
class Block:
    """A blocked stretch of one provider's day (UTC), with what it is for."""

    start: datetime
    end: datetime
    kind: str
    reason: str
    blockout_id: int


class ScheduleCalendar:
    """The hours rules of some providers over a date range, loaded in four queries and evaluated per day.

    Holidays close the whole practice; on a day covered by an exception the exception's hours replace
    the weekly hours (an exception without times = day off).
    """

    def __init__(self, session: Session, provider_ids: list[int], first_day: date, last_day: date,
                 tz: ZoneInfo) -> None:
        self.tz = tz
        self.first_day, self.last_day = first_day, last_day
        self._weekly: dict[tuple[int, int], list[tuple[time, time]]] = defaultdict(list)
        self._exceptions: dict[int, list[ScheduleException]] = defaultdict(list)
        ids = list(provider_ids)
        if ids:
            for row in session.scalars(select(WorkingHours).where(WorkingHours.provider_id.in_(ids))):
                self._weekly[(row.provider_id, row.weekday)].append((row.start_time, row.end_time))
            for exc in session.scalars(select(ScheduleException).where(
                    ScheduleException.provider_id.in_(ids), ScheduleException.last_day >= first_day,
                    ScheduleException.first_day <= last_day)):
                self._exceptions[exc.provider_id].append(exc)
        # Plain tuples grouped by provider (None = practice-wide): blocks() runs for every provider-day.
        self._blockouts: dict[int | None, list[tuple[int, int | None, date | None, date | None, date | None,
                                                     time, time, str, str]]] = defaultdict(list)
        for b in session.scalars(select(Blockout).where(
                or_(Blockout.provider_id.is_(None), Blockout.provider_id.in_(ids)),
                or_(Blockout.on_date.is_(None), Blockout.on_date.between(first_day, last_day)))):
            self._blockouts[b.provider_id].append((b.id, b.weekday, b.on_date, b.first_day, b.last_day, b.start_time,
                                                   b.end_time, b.kind, b.reason))
        self.holidays: dict[date, str] = dict(session.execute(
            select(Holiday.day, Holiday.name).where(Holiday.day.between(first_day, last_day))).all())
        self._hours_memo: dict[tuple[int, date], list[Interval]] = {}
        self._utc_memo: dict[tuple[date, time, str], datetime] = {}

    def _utc(self, day: date, at: time, edge: str) -> datetime:
        key = (day, at, edge)
        found = self._utc_memo.get(key)
        if found is None:
            found = self._utc_memo[key] = st.wall_to_utc(day, at, self.tz, edge=edge)
        return found

    def wall_hours(self, provider_id: int, day: date) -> list[tuple[time, time]]:
        """The provider's working intervals that day in local wall time (holidays not applied)."""
        covering = [e for e in self._exceptions.get(provider_id, ()) if e.first_day <= day <= e.last_day]
        if covering:
            spans = [(e.start_time, e.end_time) for e in covering if e.start_time is not None and e.end_time]
        else:
            spans = list(self._weekly.get((provider_id, day.weekday()), ()))
        return _merge_wall(spans)

    def hours(self, provider_id: int, day: date) -> list[Interval]:
        """The provider's working intervals that day as UTC instants (holidays not applied)."""
        key = (provider_id, day)
        found = self._hours_memo.get(key)
        if found is None:
            found = [(self._utc(day, s, "start"), self._utc(day, e, "end"))
                     for s, e in self.wall_hours(provider_id, day)]
            self._hours_memo[key] = found
        return found

    def blocks(self, provider_id: int, day: date) -> list[Block]:
        """Blockouts of the provider (and practice-wide ones) that day, as UTC intervals."""
        found = []
        weekday = day.weekday()
        for rows in (self._blockouts.get(provider_id, ()), self._blockouts.get(None, ())):
            for block_id, on_weekday, on_date, first, last, start, end, kind, reason in rows:
                if on_date is not None:
                    applies = on_date == day
                else:
                    applies = (on_weekday == weekday and (first is None or first <= day)
                               and (last is None or day <= last))
                if applies:
                    found.append(Block(self._utc(day, start, "start"), self._utc(day, end, "end"), kind, reason,
                                       block_id))
        found.sort(key=lambda blk: blk.start)
        return found

    def holiday(self, day: date) -> str | None:
        return self.holidays.get(day)

    def free_intervals(self, provider_id: int, day: date, busy: list[Interval]) -> list[Interval]:
        """Working time that day minus blockouts and ``busy``; nothing on a holiday."""
        if day in self.holidays:
            return []
        taken = sorted([(b.start, b.end) for b in self.blocks(provider_id, day)] + list(busy))
        return subtract(self.hours(provider_id, day), taken)


def _merge_wall(spans: list[tuple[time, time]]) -> list[tuple[time, time]]:
    merged: list[tuple[time, time]] = []
    for s, e in sorted(spans):
        if s >= e:
            continue
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def subtract(intervals: list[Interval], taken: list[Interval]) -> list[Interval]:
    """``intervals`` minus the (start-sorted) ``taken`` intervals."""
    result: list[Interval] = []
    for start, end in intervals:
        cursor = start
        for t_start, t_end in taken:
            if t_end <= cursor:
                continue
            if t_start >= end:
                break
            if t_start > cursor:
                result.append((cursor, t_start))
            cursor = max(cursor, t_end)
            if cursor >= end:
                break
        if cursor < end:
            result.append((cursor, end))
    return result


def within_hours(calendar: ScheduleCalendar, provider_id: int, start: datetime, end: datetime) -> bool:
    """Does [start, end) fit inside one working interval of the provider's local day?"""
    day = st.local_date(start, calendar.tz)
    return any(s <= start and end <= e for s, e in calendar.hours(provider_id, day))
