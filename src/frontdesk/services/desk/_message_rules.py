"""Rules shared by phone messages and tasks: when a message is overdue, who a recipient is, status words.

Overdue (decided once, when the message is taken, and stored as ``phone_message.due_at``):

* urgent  -- one hour after it was taken;
* today   -- the end of the business day (5:00 PM practice time) of the day it was taken; taken after
             5:00 PM or on a weekend, the end of the next business day;
* routine -- two business days later, at the same time of day (taken Friday 10 AM -> due Tuesday 10 AM);
             a message taken on a weekend counts from Monday 9:00 AM.

Business days are Monday to Friday in the practice time zone (holidays are not skipped: a message due on
a holiday shows as overdue the next morning, which errs on the side of attention). A message that is done
is never overdue. A task is overdue when it is not done and its due date is before today (practice time).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.domain import schedule_time as st
from frontdesk.domain.permissions import Role
from frontdesk.errors import ValidationError
from frontdesk.models import User
from frontdesk.models.messages import URGENCIES, WORK_STATUSES
from frontdesk.services.desk._routing import NURSES, NURSES_LABEL, clean_group, group_labels, provider_groups

BUSINESS_START = time(9, 0)
BUSINESS_END = time(17, 0)
URGENT_WITHIN = timedelta(hours=1)
ROUTINE_BUSINESS_DAYS = 2

URGENCY_LABELS = {"routine": "Routine", "today": "Today", "urgent": "Urgent"}
STATUS_LABELS = {"open": "Open", "in_progress": "In progress", "done": "Done"}


def _is_business_day(day: date) -> bool:
    return day.weekday() < 5


def _next_business_day(day: date) -> date:
    day += timedelta(days=1)
    while not _is_business_day(day):
        day += timedelta(days=1)
    return day


def message_due_at(urgency: str, taken_at: datetime, tz: ZoneInfo) -> datetime:
    """When a message of ``urgency`` taken at ``taken_at`` (aware) becomes overdue (aware UTC)."""
    if urgency == "urgent":
        return taken_at + URGENT_WITHIN
    local = st.to_local(taken_at, tz)
    day, clock = local.date(), local.time().replace(tzinfo=None)
    if urgency == "today":
        if not _is_business_day(day) or clock >= BUSINESS_END:
            day = _next_business_day(day)
        return st.wall_to_utc(day, BUSINESS_END, tz)
    if not _is_business_day(day):
        day, clock = _next_business_day(day), BUSINESS_START
    for _ in range(ROUTINE_BUSINESS_DAYS):
        day = _next_business_day(day)
    return st.wall_to_utc(day, clock.replace(second=0, microsecond=0), tz)


def message_overdue(status: str, due_at: datetime, now: datetime) -> bool:
    """Is a message with ``status`` and ``due_at`` overdue at ``now``?"""
    return status != "done" and now > due_at


def task_overdue(status: str, due_date: date, today: date) -> bool:
    """Is a task overdue on the practice's ``today``?"""
    return status != "done" and due_date < today


def clean_urgency(value: object) -> str:
    if value not in URGENCIES:
        raise ValidationError("urgency", "Choose how urgent it is: routine, today or urgent.")
    return str(value)


def clean_status(value: object) -> str:
    if value not in WORK_STATUSES:
        raise ValidationError("status", "Status must be open, in progress or done.")
    return str(value)


@dataclass(frozen=True)
class Recipient:
    """Someone a message or task can go to: one user (user_id) or a group key (role: a role, nurses, provider:<id>)."""

    user_id: int | None
    role: str | None
    label: str


def clean_recipient(session: Session, user_id: int | None, role: str | None,
                    field: str) -> tuple[int | None, str | None]:
    """Exactly one of an active user or a group (a role, the Nurses, a provider); ``field`` names the form field."""
    if (user_id is None) == (role is None or role == ""):
        raise ValidationError(field, "Choose one person or one group to send it to.")
    if user_id is not None:
        user = session.get(User, user_id) if isinstance(user_id, int) and not isinstance(user_id, bool) else None
        if user is None or not user.active:
            raise ValidationError(field, "That staff member is not an active user; choose someone else.")
        return user.id, None
    return None, clean_group(session, str(role), field)


def recipient_labels(session: Session, user_names_by_id: dict[int, str],
                     pairs: list[tuple[int | None, str | None]]) -> dict[tuple[int | None, str | None], str]:
    """'Dana Smith', 'Billing (role)', 'Nurses' or 'Pat Smith, MD (provider)' for each (to_user_id, to_role)."""
    groups = group_labels(session, {role for _uid, role in pairs if role})
    return {(uid, role): groups.get(role, role) if role else user_names_by_id.get(uid or 0, "(removed user)")
            for uid, role in pairs}


def recipients(session: Session) -> list[Recipient]:
    """Every active user (by name), every role, the Nurses and every active provider: what the 'For' box offers."""
    users = session.execute(select(User.id, User.full_name).where(User.active.is_(True))
                            .order_by(User.full_name, User.id)).all()
    result = [Recipient(uid, None, name) for uid, name in users]
    roles = group_labels(session, {role.value for role in Role})
    result += [Recipient(None, role.value, roles[role.value]) for role in Role]
    result.append(Recipient(None, NURSES, NURSES_LABEL))
    result += [Recipient(None, key, label) for key, label in provider_groups(session)]
    return result


def user_names(session: Session, ids: set[int]) -> dict[int, str]:
    """Full names of the given users (one query for a page of rows)."""
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    return dict(session.execute(select(User.id, User.full_name).where(User.id.in_(ids))).all())
