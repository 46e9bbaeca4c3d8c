"""When a message becomes overdue: urgent 1 h, today = 5 PM, routine = 2 business days (practice time)."""

# Fixed dates are data here: the rules get the time taken and the time asked about as arguments.

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from frontdesk.domain import schedule_time as st
from frontdesk.services.desk._message_rules import message_due_at, message_overdue, task_overdue

TZ = st.zone("America/New_York")


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return st.to_utc(datetime.combine(day, time(hour, minute)), TZ)


MON, FRI, SAT = date(2030, 3, 4), date(2030, 3, 8), date(2030, 3, 9)


@pytest.mark.parametrize(("urgency", "taken", "due"), [
    ("urgent", at(MON, 10), at(MON, 11)),
    ("today", at(MON, 10), at(MON, 17)),
    ("today", at(MON, 17, 30), at(date(2030, 3, 5), 17)),  # after hours: end of the next business day
    ("today", at(SAT, 10), at(date(2030, 3, 11), 17)),  # weekend: Monday 5 PM (across the DST change)
    ("routine", at(MON, 10), at(date(2030, 3, 6), 10)),
    ("routine", at(FRI, 10), at(date(2030, 3, 12), 10)),  # Friday -> Tuesday
    ("routine", at(SAT, 10), at(date(2030, 3, 13), 9)),  # weekend counts from Monday 9 AM
])
def test_due_times(urgency: str, taken: datetime, due: datetime) -> None:
    assert message_due_at(urgency, taken, TZ) == due


def test_done_is_never_overdue() -> None:
    due = at(MON, 11)
    assert message_overdue("open", due, at(MON, 11, 1))
    assert message_overdue("in_progress", due, at(MON, 11, 1))
    assert not message_overdue("open", due, at(MON, 11))
    assert not message_overdue("done", due, at(MON, 12))
    assert task_overdue("open", MON, date(2030, 3, 5))
    assert not task_overdue("open", MON, MON)
    assert not task_overdue("done", MON, date(2030, 3, 5))
