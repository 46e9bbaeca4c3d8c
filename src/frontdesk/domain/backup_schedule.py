"""When a scheduled backup is due, missed or after hours, and how its result reads (pure: no database, no Qt).

The schedule's times are on the practice's wall clock. A daily time is *due* from that moment for GRACE; a
workstation that finds it later than that (the PC was off, nobody had FrontDesk open) records it as *missed*
instead of starting a backup in the middle of the next morning. "After hours" is from the end of business
hours until AFTER_HOURS later (through the night), so closing the app at 1 AM still counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from frontdesk.domain import schedule_time as st
from frontdesk.domain.formats import format_datetime

GRACE = timedelta(hours=2)
AFTER_HOURS = timedelta(hours=12)
STALE_RUN = timedelta(hours=3)  # a claim still "running" this long after it began: the PC stopped mid-backup
DAILY, CLOSE = "daily", "close"
RUNNING, OK, FAILED, MISSED = "running", "ok", "failed", "missed"


@dataclass(frozen=True)
class BackupPlan:
    """The practice's backup schedule: a time each day and/or when FrontDesk closes after business hours."""

    daily: bool = False
    daily_at: time = time(21, 0)
    on_close: bool = False
    close_after: time = time(18, 0)  # the end of business hours
    folder: str = ""

    @property
    def enabled(self) -> bool:
        return self.daily or self.on_close


@dataclass(frozen=True)
class ScheduledOutcome:
    """What became of one due time: ``result`` is running, ok, failed or missed."""

    kind: str
    due_at: datetime
    result: str
    message: str = ""
    file_name: str = ""
    finished_at: datetime | None = None
    workstation: str = ""


def last_due(at: time, now: datetime, tz: ZoneInfo, since: datetime) -> datetime | None:
    """The latest instant at or before ``now`` when the practice's clock showed ``at`` (None before ``since``)."""
    day = st.local_date(now, tz)
    due = st.wall_to_utc(day, at, tz)
    if due > now:
        due = st.wall_to_utc(day - timedelta(days=1), at, tz)
    return due if due >= since else None


def daily_due(plan: BackupPlan, now: datetime, tz: ZoneInfo, since: datetime) -> tuple[datetime, bool] | None:
    """The daily due time that applies now and whether it is still to run (True) or was missed (False)."""
    if not plan.daily:
        return None
    due = last_due(plan.daily_at, now, tz, since)
    if due is None:
        return None
    return due, now - due <= GRACE


def closing_due(plan: BackupPlan, now: datetime, tz: ZoneInfo) -> datetime | None:
    """The end of business hours a close at ``now`` comes after (None during business hours or when off).

    Unlike the daily time it applies even on the evening the schedule was set: a close is never "missed".
    """
    if not plan.on_close:
        return None
    due = last_due(plan.close_after, now, tz, now - AFTER_HOURS)
    return due if due is not None and now - due < AFTER_HOURS else None


def effective_result(outcome: ScheduledOutcome, now: datetime) -> str:
    """The result, with a claim that has run far too long counted as failed (its PC stopped or crashed)."""
    if outcome.result == RUNNING and outcome.finished_at is None and now - outcome.due_at > STALE_RUN:
        return FAILED
    return outcome.result


def _what(outcome: ScheduledOutcome, tz: ZoneInfo) -> str:
    when = format_datetime(outcome.due_at, tz)
    return f"The closing backup of {when}" if outcome.kind == CLOSE else f"The scheduled backup of {when}"


def describe(outcome: ScheduledOutcome, tz: ZoneInfo, now: datetime) -> str:
    """One sentence for the status bar: what happened to this due time, in the practice's clock."""
    result = effective_result(outcome, now)
    what = _what(outcome, tz)
    where = f" on {outcome.workstation}" if outcome.workstation else ""
    if result == OK:
        return f"{what} was verified{where}: {outcome.file_name}."
    if result == MISSED:
        return f"\u26a0 {what} was missed: FrontDesk was not open on any computer then. Back up now."
    if result == RUNNING:
        return f"{what} is running{where}."
    reason = (outcome.message or "it did not finish (the computer running it stopped)").rstrip(". ")
    return f"\u26a0 {what} FAILED{where}: {reason}. Back up now."
