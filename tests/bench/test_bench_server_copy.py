"""`frontdesk bench --server` copies the SQLite practice into a migrated PostgreSQL database, row for row."""

from __future__ import annotations

from pg_practice import admin_sql
from pg_server import PgServer
from sqlalchemy import func, select
from testsupport import STAFF_PASSWORD

from frontdesk.bench.server_cases import copy_practice
from frontdesk.domain.permissions import Role
from frontdesk.models import Base
from frontdesk.services.admin import users
from frontdesk.services.session import ServiceContext
from frontdesk.storage.migrate import upgrade_to_head
from frontdesk.storage.pg_engine import PostgresDatabase


def _counts(db) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with db.session(write=False) as s:
        return {t.name: s.scalar(select(func.count()).select_from(t)) for t in Base.metadata.sorted_tables}


def test_every_row_is_copied_and_new_rows_follow_them(practice, admin_ctx, pg_server: PgServer) -> None:  # type: ignore[no-untyped-def]
    users.add_user(admin_ctx, "rita", "Rita Reception", Role.FRONT_DESK, STAFF_PASSWORD)
    admin_sql(pg_server, "CREATE DATABASE fd_bench_copy")
    target = PostgresDatabase(pg_server.url("fd_bench_copy"), practice.db.key)
    try:
        upgrade_to_head(target)
        copied = copy_practice(practice.db, target)
        before = _counts(practice.db)
        assert _counts(target) == before and copied == sum(before.values())
        added = users.add_user(ServiceContext(target, practice.actor), "sam", "Sam Scheduler", Role.FRONT_DESK,
                               STAFF_PASSWORD)  # the id sequence moved past the copied rows
        assert added.id == max(u.id for u in users.list_users(admin_ctx)) + 1
    finally:
        target.close()
        admin_sql(pg_server, "DROP DATABASE fd_bench_copy WITH (FORCE)")
