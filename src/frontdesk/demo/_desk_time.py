"""The demo desk's clock: moments of the last few business days, and service calls made as if at one of them.

The script (``_desk_script``) and the seeding entry point (``desk``) both use these; they import nothing
back from either, so the demo modules form no import cycle.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from typing import TypeVar

from frontdesk.domain import schedule_time as st
from frontdesk.services.session import ServiceContext

R = TypeVar("R")


@contextmanager
def services_clock(at: datetime) -> Iterator[None]:
    """Within the block, service calls made from THIS thread see ``at`` as now; other threads keep the real clock.

    The Qt thread may read the clock while the demo is built on the worker thread, so the override is
    per thread; the previous clock (a test's frozen one, say) is restored afterwards.
    """
    previous = st.utc_now
    owner = threading.get_ident()

    def clock() -> datetime:
        return at if threading.get_ident() == owner else previous()

    st.utc_now = clock
    try:
        yield
    finally:
        st.utc_now = previous


def business_days_back(day: date, count: int) -> date:
    """The weekday ``count`` business days before ``day`` (0: ``day`` itself)."""
    for _ in range(count):
        day -= timedelta(days=1)
        while day.weekday() >= 5:
            day -= timedelta(days=1)
    return day


def business_days_ahead(day: date, count: int) -> date:
    """The weekday ``count`` business days after ``day`` (0: ``day``, or the next weekday if it is a weekend)."""
    while day.weekday() >= 5:
        day += timedelta(days=1)
    for _ in range(count):
        day += timedelta(days=1)
        while day.weekday() >= 5:
            day += timedelta(days=1)
    return day


class Timeline:
    """Moments of the last few business days, never later than now.

    Day 0 is the latest business day whose morning has begun: today on a weekday after 9:00 AM, otherwise
    the business day before. A moment that would fall after now (seeding at 9:30 AM a message "taken at
    11:15") moves to just before now, so the order of the day is kept.
    """

    def __init__(self, now: datetime, tz_name: str) -> None:
        self.now = now
        self.tz = st.zone(tz_name)
        local = st.to_local(now, self.tz)
        self.today = local.date()
        day = self.today
        if day.weekday() >= 5 or local.time().replace(tzinfo=None) < time(9):
            day = business_days_back(day if day.weekday() < 5 else business_days_ahead(day, 0), 1)
        self.day0 = day

    def at(self, days_back: int, clock: time) -> datetime:
        """``clock`` on the business day ``days_back`` before day 0, or a little before now if that is later.

        "A little" shrinks as ``clock`` gets later (54 minutes for 8:52 AM, 11 for 4:10 PM), so moments
        moved before now keep their order.
        """
        moment = st.wall_to_utc(business_days_back(self.day0, days_back), clock, self.tz)
        minutes = max(1, (18 * 60 - (clock.hour * 60 + clock.minute)) // 10)
        return min(moment, self.now - timedelta(minutes=minutes))

    def later(self, moment: datetime, minutes: int) -> datetime:
        """``minutes`` after ``moment`` but not after now (a follow-up step of the same item)."""
        return min(moment + timedelta(minutes=minutes), self.now)

    def calendar_days_back(self, days: int) -> date:
        """A business day about ``days`` calendar days before today (moved back off a weekend)."""
        day = self.today - timedelta(days=days)
        while day.weekday() >= 5:
            day -= timedelta(days=1)
        return day

    def weekday_near(self, days: int) -> date:
        """The weekday ``days`` calendar days from today, moved off a weekend away from today."""
        day = self.today + timedelta(days=days)
        step = timedelta(days=1 if days >= 0 else -1)
        while day.weekday() >= 5:
            day += step
        return day


def run_at(moment: datetime, fn: Callable[..., R], ctx: ServiceContext, *args: object, **kwargs: object) -> R:
    """Call a service operation as if at ``moment``."""
    with services_clock(moment):
        return fn(ctx, *args, **kwargs)
