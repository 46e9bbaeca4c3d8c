"""Staff tasks: about a patient or the practice, for a person or a group (a role, the Nurses, a provider), due on a
date; open -> in progress -> done.

Lists are unions of index-ordered branches (one assignee key and one status each, see _message_queries),
sorted by due date, so "My tasks" opens at the same speed with 100 or 100,000 tasks stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, and_, func, literal, select, union_all

from frontdesk.domain import schedule_time as st
from frontdesk.domain.permissions import Permission
from frontdesk.domain.text import clean_text
from frontdesk.errors import ConflictError, NotFoundError, ValidationError
from frontdesk.models import Patient, StaffTask
from frontdesk.services._base import Actor, Tx, operation, require_actor
from frontdesk.services.desk._message_queries import ALL_STATUSES, OPEN_STATUSES
from frontdesk.services.desk._message_rules import (
    clean_recipient,
    clean_status,
    recipient_labels,
    task_overdue,
    user_names,
)
from frontdesk.services.desk._routing import inbox_groups
from frontdesk.services._lookups import load_editable
from frontdesk.domain.names import patient_display_name
from frontdesk.services._practice_clock import schedule_settings

__all__ = ["TaskInput", "TaskRow", "count_tasks", "create_task", "set_task_status", "task_rows"]

SCOPES = ("mine", "created", "all")  # for me or my groups / that I created / everyone's
MAX_PAGE = 500


@dataclass(frozen=True)
class TaskInput:
    """What the 'New task' form sends: patient_id None = about the practice; one of to_user_id / to_role."""

    title: str
    due_date: date | None
    detail: str = ""
    patient_id: int | None = None
    to_user_id: int | None = None
    to_role: str | None = None


@dataclass(frozen=True)
class TaskRow:
    id: int
    created_at: datetime
    created_by_name: str
    title: str
    detail: str
    patient_id: int | None
    patient_name: str  # '' = about the practice
    to_user_id: int | None
    to_role: str | None
    to_label: str
    due_date: date
    status: str
    status_by_name: str
    status_at: datetime | None
    overdue: bool


def _today(tx: Tx) -> date:
    return st.local_date(st.utc_now(), schedule_settings(tx.session).tz)


def _branches(tx: Tx, actor: Actor, scope: str, include_done: bool) -> list[ColumnElement[bool]]:
    if scope not in SCOPES:
        raise ValidationError("scope", "Show my tasks, the tasks I created, or all tasks.")
    if scope == "mine":
        keys: list[ColumnElement[bool]] = [StaffTask.to_user_id == actor.user_id]
        keys += [StaffTask.to_role == key for key in inbox_groups(tx.session, actor.user_id, actor.role)]
    elif scope == "created":
        keys = [StaffTask.created_by == actor.user_id]
    else:
        keys = [literal(True)]
    statuses = ALL_STATUSES if include_done else OPEN_STATUSES
    return [and_(key, StaffTask.status == status) for key in keys for status in statuses]


def _rows(tx: Tx, ids: list[int]) -> list[TaskRow]:
    if not ids:
        return []
    found = {t.id: t for t in tx.session.scalars(select(StaffTask).where(StaffTask.id.in_(ids)))}
    pids = {t.patient_id for t in found.values() if t.patient_id is not None}
    patients = {pid: patient_display_name(f, la) for pid, f, la in tx.session.execute(
        select(Patient.id, Patient.first_name, Patient.last_name).where(Patient.id.in_(pids)))} if pids else {}
    names = user_names(tx.session, {u for t in found.values() for u in (t.created_by, t.to_user_id, t.status_by)
                                    if u is not None})
    labels = recipient_labels(tx.session, names, [(t.to_user_id, t.to_role) for t in found.values()])
    today = _today(tx)
    result = []
    for tid in ids:
        t = found.get(tid)
        if t is None:
            continue
        result.append(TaskRow(
            t.id, t.created_at, names.get(t.created_by, "") if t.created_by else "", t.title, t.detail, t.patient_id,
            patients.get(t.patient_id, "") if t.patient_id else "", t.to_user_id, t.to_role,
            labels[(t.to_user_id, t.to_role)], t.due_date, t.status,
            names.get(t.status_by, "") if t.status_by else "", t.status_at, task_overdue(t.status, t.due_date, today)))
    return result


@operation(Permission.MANAGE_TASKS)
def create_task(tx: Tx, data: TaskInput) -> TaskRow:
    """Assign a task; the due date may be today but not in the past (practice time)."""
    actor = require_actor(tx)
    title = clean_text(data.title, "title", "Task", max_len=120, required=True)
    detail = clean_text(data.detail, "detail", "Details", max_len=2000, multiline=True)
    if not isinstance(data.due_date, date) or isinstance(data.due_date, datetime):
        raise ValidationError("due_date", "Give the date the task is due.")
    st.check_year(data.due_date, "due_date")
    today = _today(tx)
    if data.due_date < today:
        raise ValidationError("due_date", f"The due date is in the past; choose {today:%m/%d/%Y} or later.")
    patient_id = None
    if data.patient_id is not None:
        try:
            patient_id = load_editable(tx.session, data.patient_id).id
        except (NotFoundError, ConflictError) as exc:
            raise ValidationError("patient_id", exc.message) from None
    to_user_id, to_role = clean_recipient(tx.session, data.to_user_id, data.to_role, "to")
    now = st.utc_now()
    task = StaffTask(created_at=now, created_by=actor.user_id, title=title, detail=detail, patient_id=patient_id,
                     to_user_id=to_user_id, to_role=to_role, due_date=data.due_date, status="open",
                     status_by=actor.user_id, status_at=now)
    tx.session.add(task)
    tx.session.flush()
    routed = f"user {to_user_id}" if to_user_id else f"group {to_role}"
    tx.audit("task.create", entity_type="staff_task", entity_id=task.id, patient_id=patient_id,
             detail=f"due: {data.due_date.isoformat()}; to: {routed}")
    tx.changed("tasks")
    return _rows(tx, [task.id])[0]


@operation(Permission.MANAGE_TASKS)
def set_task_status(tx: Tx, task_id: int, status: str) -> TaskRow:
    """Move a task to open, in progress or done (who and when are kept)."""
    actor = require_actor(tx)
    task = tx.session.get(StaffTask, task_id) if isinstance(task_id, int) else None
    if task is None:
        raise NotFoundError("That task no longer exists.")
    new = clean_status(status)
    if new != task.status:
        old, task.status = task.status, new
        task.status_by, task.status_at = actor.user_id, st.utc_now()
        tx.session.flush()
        tx.audit("task.status", entity_type="staff_task", entity_id=task.id, patient_id=task.patient_id,
                 detail=f"{old} -> {new}")
        tx.changed("tasks")
    return _rows(tx, [task.id])[0]


@operation(Permission.MANAGE_TASKS, write=False)
def count_tasks(tx: Tx, scope: str = "mine", *, include_done: bool = False) -> int:
    """How many tasks a list holds."""
    wheres = _branches(tx, require_actor(tx), scope, include_done)
    return sum(tx.session.scalar(select(func.count()).select_from(StaffTask).where(w)) or 0 for w in wheres)


@operation(Permission.MANAGE_TASKS, write=False)
def task_rows(tx: Tx, scope: str = "mine", offset: int = 0, limit: int = 100, *,
              include_done: bool = False) -> list[TaskRow]:
    """One page of a task list, earliest due first (overdue ones therefore at the top)."""
    wheres = _branches(tx, require_actor(tx), scope, include_done)
    offset, limit = max(0, int(offset)), max(1, min(int(limit), MAX_PAGE))
    parts = [select(StaffTask.id.label("id"), StaffTask.due_date.label("due_date")).where(w)
             .order_by(StaffTask.due_date, StaffTask.id).limit(offset + limit).subquery().select() for w in wheres]
    merged = union_all(*parts).subquery()
    ids = list(tx.session.scalars(select(merged.c.id).order_by(merged.c.due_date, merged.c.id)
                                  .offset(offset).limit(limit)))
    return _rows(tx, ids)
