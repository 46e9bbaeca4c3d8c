"""The demo Desk: a front desk's last few days of phone messages, tasks, referrals and recalls.

Everything goes through the public service operations, as the demo users (Dana the administrator, Rita at
the front desk, Ben in billing), so every rule, contact-history entry and audit row applies. Items that
happened earlier in the week are made with the services' clock (``schedule_time.utc_now``) set back to
that moment for this thread only, exactly as if someone had typed them then: a routine message taken
three business days ago is overdue today because the service computed its due time when it was taken.
The audit trail keeps the real time of each write (it reads its own clock).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TypeVar

from frontdesk.domain import schedule_time as st
from frontdesk.services.admin import users
from frontdesk.services.session import Actor, ServiceContext
from frontdesk.demo.desk_cast import DemoDeskCast, demo_desk_cast

R = TypeVar("R")
DEFAULT_SEED = 7
# Patients the script names: 11 in messages, 6 in tasks, 10 in referrals; 11 more for recalls.
SCRIPT_PATIENTS = (11, 6, 10)
RECALL_PATIENTS = 11


@dataclass(frozen=True)
class DemoDeskResult:
    """How many of each desk item the seeding made (all zero when the desk was seeded already)."""

    messages: int = 0
    tasks: int = 0
    directory_entries: int = 0
    referrals: int = 0
    incoming_referrals: int = 0
    recalls: int = 0


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


class Staff:
    """Service contexts for the demo users; a missing user falls back to the one seeding."""

    def __init__(self, ctx: ServiceContext) -> None:
        found = {u.username: u for u in users.list_users(ctx) if u.active}

        def as_user(username: str) -> ServiceContext:
            info = found.get(username)
            if info is None:
                return ctx
            return ctx.as_actor(Actor(info.id, info.username, info.full_name, info.role))

        from frontdesk.demo.build import (  # demo/build.py imports this module
            DEMO_BILLER,
            DEMO_EXTRA_USERS,
        )

        self.admin = ctx
        self.reception = as_user(DEMO_EXTRA_USERS[0][0])
        self.biller = as_user(DEMO_BILLER)

    def user_id(self, who: ServiceContext) -> int:
        """The user id behind one of the contexts above."""
        assert who.actor is not None  # every context here has a signed-in actor
        return who.actor.user_id


def run_at(moment: datetime, fn: Callable[..., R], ctx: ServiceContext, *args: object, **kwargs: object) -> R:
    """Call a service operation as if at ``moment``."""
    with services_clock(moment):
        return fn(ctx, *args, **kwargs)


def seed_demo_desk(ctx: ServiceContext, seed: int = DEFAULT_SEED) -> DemoDeskResult:
    """Fill the demo practice's Desk pane (messages, tasks, directory, referrals, recalls); demo practice only.

    ``ctx`` must be the demo administrator. Run once: a desk that already has items is left alone (zeros).
    """
    from frontdesk.demo._desk_script import (  # the script imports this module's helpers
        seed_directory,
        seed_messages,
        seed_recalls,
        seed_referrals,
        seed_tasks,
    )

    cast: DemoDeskCast = demo_desk_cast(ctx, sum(SCRIPT_PATIENTS), RECALL_PATIENTS, seed)
    if cast.already_seeded or not cast.patients:
        return DemoDeskResult()
    staff = Staff(ctx)
    line = Timeline(st.utc_now(), cast.time_zone)
    people = cast.patients
    # A very small demo repeats patients rather than failing.
    groups = []
    start = 0
    for size in SCRIPT_PATIENTS:
        groups.append([people[(start + i) % len(people)] for i in range(size)])
        start += size
    messages = seed_messages(staff, line, groups[0])
    tasks = seed_tasks(staff, line, groups[1])
    entries = seed_directory(staff, line, seed)
    outgoing, incoming = seed_referrals(staff, line, groups[2], entries, cast.provider_ids)
    recalls = seed_recalls(staff, line, list(cast.recall_patients), cast.provider_ids)
    return DemoDeskResult(messages, tasks, len(entries), outgoing, incoming, recalls)
