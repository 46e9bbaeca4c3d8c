"""Benchmarks of the Desk lists: opening the message inbox and "My tasks" with 100,000 stored rows each,
against a bare-SQL baseline (the same first page as one plain query)."""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime, timedelta

from frontdesk.bench.harness import CaseResult, result, time_calls
from frontdesk.domain.permissions import Role
from frontdesk.services.desk import phone_messages, tasks
from frontdesk.services.session import ServiceContext
from frontdesk.storage.engine import Database

MESSAGES = 100_000
PAGE = 100  # what the lists ask for first
OPEN_SHARE = 0.03  # a practice closes almost every message; the inbox shows the open ones

_MSG_SQL = ("INSERT INTO phone_message (created_at, taken_by, caller_name, caller_phone, patient_id, reason, urgency,"
            " body, call_back, callback_phone, to_user_id, to_role, status, status_by, status_at, due_at) "
            "VALUES (?, ?, ?, '+15185550142', NULL, ?, ?, '', 0, '', ?, ?, ?, ?, ?, ?)")
_TASK_SQL = ("INSERT INTO staff_task (created_at, created_by, title, detail, patient_id, to_user_id, to_role, "
             "due_date, status, status_by, status_at) VALUES (?, ?, ?, '', NULL, ?, ?, ?, ?, ?, ?)")
_INBOX_SQL = ("SELECT m.id, m.created_at, m.caller_name, m.reason, m.urgency, m.status, m.due_at, u.full_name "
              "FROM phone_message m LEFT JOIN app_user u ON u.id = m.to_user_id "
              "WHERE (m.to_user_id = ? OR m.to_role = ?) AND m.status != 'done' "
              "ORDER BY m.created_at DESC LIMIT ?")
_TASKS_SQL = ("SELECT t.id, t.title, t.due_date, t.status, u.full_name FROM staff_task t "
              "LEFT JOIN app_user u ON u.id = t.to_user_id WHERE (t.to_user_id = ? OR t.to_role = ?) "
              "AND t.status != 'done' ORDER BY t.due_date LIMIT ?")


def _text(value: datetime) -> str:
    """A bind value in the form UTCDateTime columns store (naive UTC text)."""
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def _count(db: Database, table: str) -> int:
    conn = db.raw_connection()
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # noqa: S608 (fixed names)
    finally:
        conn.close()


def ensure_desk_data(db: Database, ctx: ServiceContext, wanted: int = MESSAGES) -> tuple[int, int]:
    """Top the practice up to ``wanted`` messages and tasks (bulk SQL, seeded); returns both counts.

    Half of them go to the benchmark user or their role, so their inbox is the big one; ~3% stay open.
    """
    assert ctx.actor is not None
    me, my_role = ctx.actor.user_id, ctx.actor.role.value
    have_m, have_t = _count(db, "phone_message"), _count(db, "staff_task")
    if have_m >= wanted and have_t >= wanted:
        return have_m, have_t
    rng = random.Random(11)
    roles = [r.value for r in Role]
    now = datetime.now(UTC)
    conn = db.raw_connection()
    started = time.perf_counter()
    try:
        users = [r[0] for r in conn.execute("SELECT id FROM app_user WHERE active").fetchall()]
        msgs, tsks = [], []
        for n in range(max(0, wanted - have_m)):
            at = now - timedelta(minutes=n * 7 + rng.randrange(5))
            status = "open" if rng.random() < OPEN_SHARE else ("in_progress" if rng.random() < 0.01 else "done")
            pick = rng.random()
            to_user, to_role = (me, None) if pick < 0.3 else (None, my_role) if pick < 0.5 else \
                (rng.choice(users), None) if pick < 0.8 else (None, rng.choice(roles))
            urgency = rng.choice(("routine", "routine", "today", "urgent"))
            msgs.append((_text(at), me, f"Caller {n}", "Question about a visit", urgency, to_user, to_role, status,
                         me, _text(at + timedelta(hours=2)), _text(at + timedelta(hours=4))))
        for n in range(max(0, wanted - have_t)):
            at = now - timedelta(minutes=n * 7)
            due = (at + timedelta(days=rng.randrange(1, 10))).date().isoformat()
            status = "open" if rng.random() < OPEN_SHARE else "done"
            pick = rng.random()
            to_user, to_role = (me, None) if pick < 0.3 else (None, my_role) if pick < 0.5 else \
                (rng.choice(users), None) if pick < 0.8 else (None, rng.choice(roles))
            tsks.append((_text(at), me, f"Task {n}", to_user, to_role, due, status, me, _text(at)))
        conn.execute("BEGIN")  # the raw connection autocommits: one transaction, not 200,000
        conn.executemany(_MSG_SQL, msgs)
        conn.executemany(_TASK_SQL, tsks)
        conn.execute("COMMIT")
    finally:
        conn.close()
    print(f"added {len(msgs):,} messages and {len(tsks):,} tasks in {time.perf_counter() - started:.1f} s")
    return _count(db, "phone_message"), _count(db, "staff_task")


def _bare(db: Database, sql: str, params: tuple[object, ...], repeats: int) -> list[float]:
    conn = db.raw_connection()
    try:
        return time_calls(lambda: conn.execute(sql, params).fetchall(), repeats)
    finally:
        conn.close()


def bench_inbox(db: Database, ctx: ServiceContext, repeats: int = 20) -> CaseResult:
    """Opening the Messages tab: count + first page of the inbox + the unread badge, as the tab asks them."""
    assert ctx.actor is not None

    def open_inbox() -> None:
        phone_messages.count_messages(ctx, "inbox")
        phone_messages.message_rows(ctx, "inbox", 0, PAGE)
        phone_messages.unread_count(ctx)

    samples = time_calls(open_inbox, repeats)
    base = _bare(db, _INBOX_SQL, (ctx.actor.user_id, ctx.actor.role.value, PAGE), repeats)
    total = phone_messages.count_messages(ctx, "all", include_done=True)
    return result("desk_inbox_open", f"inbox count + first {PAGE} rows + unread count ({total:,} messages stored)",
                  samples, "bare SQL first page", base, 100,
                  {"messages": float(total), "inbox_open": float(phone_messages.count_messages(ctx, "inbox"))})


def bench_tasks(db: Database, ctx: ServiceContext, repeats: int = 20) -> CaseResult:
    """Opening the Tasks tab: count + first page of My tasks."""
    assert ctx.actor is not None

    def open_tasks() -> None:
        tasks.count_tasks(ctx, "mine")
        tasks.task_rows(ctx, "mine", 0, PAGE)

    samples = time_calls(open_tasks, repeats)
    base = _bare(db, _TASKS_SQL, (ctx.actor.user_id, ctx.actor.role.value, PAGE), repeats)
    total = tasks.count_tasks(ctx, "all", include_done=True)
    return result("desk_my_tasks_open", f"My tasks count + first {PAGE} rows ({total:,} tasks stored)", samples,
                  "bare SQL first page", base, 100, {"tasks": float(total)})


def run_desk_cases(db: Database, ctx: ServiceContext, repeats: int, *, rows: int = MESSAGES) -> list[CaseResult]:
    """Both Desk cases after topping the practice up to ``rows`` messages and tasks."""
    ensure_desk_data(db, ctx, rows)
    return [bench_inbox(db, ctx, repeats), bench_tasks(db, ctx, repeats)]
