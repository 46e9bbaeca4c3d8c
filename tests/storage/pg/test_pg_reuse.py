"""A used server test database is put back exactly as a fresh copy of the template, or not reused at all."""

from __future__ import annotations

import itertools

from pg_practice import TEMPLATE, PgTemplate, admin_sql
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool
from testsupport import STAFF_PASSWORD

from frontdesk.domain.permissions import Role
from frontdesk.services.admin import users
from frontdesk.services.session import ServiceContext
from frontdesk.storage.pg_engine import PostgresDatabase

_names = itertools.count()


def _copy(pg_template: PgTemplate) -> str:
    name = f"fd_reuse_{next(_names)}"
    admin_sql(pg_template.server, f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
    return name


def _add_rita(pg_template: PgTemplate, name: str) -> int:
    db = PostgresDatabase(pg_template.server.url(name), pg_template.db_key)
    try:
        ctx = ServiceContext(db, pg_template.result.actor)
        return users.add_user(ctx, "rita", "Rita Reception", Role.FRONT_DESK, STAFF_PASSWORD).id
    finally:
        db.close()


def _sql(url: str, statement: str) -> object:
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.begin() as conn:
            result = conn.execute(text(statement))
            return result.scalar() if result.returns_rows else None
    finally:
        engine.dispose()


def test_a_used_copy_is_put_back_rows_and_sequences(pg_template: PgTemplate) -> None:
    fresh, used = _copy(pg_template), _copy(pg_template)
    try:
        first_id = _add_rita(pg_template, used)
        url = pg_template.server.url(used)
        assert _sql(url, "SELECT count(*) FROM audit_event") > len(pg_template.pristine.rows["audit_event"])
        assert pg_template.pristine.restore(url)
        assert _sql(url, "SELECT count(*) FROM app_user") == 1
        assert _sql(url, "SELECT count(*) FROM audit_event") == len(pg_template.pristine.rows["audit_event"])
        assert _add_rita(pg_template, used) == first_id == _add_rita(pg_template, fresh)  # same next id
    finally:
        admin_sql(pg_template.server, f"DROP DATABASE {fresh}", f"DROP DATABASE {used}")


def test_a_copy_whose_schema_changed_or_that_is_still_open_is_not_put_back(pg_template: PgTemplate) -> None:
    changed, open_ = _copy(pg_template), _copy(pg_template)
    engine = create_engine(pg_template.server.url(open_), poolclass=NullPool)
    try:
        _sql(pg_template.server.url(changed), "ALTER TABLE app_user ADD COLUMN nickname TEXT")
        assert not pg_template.pristine.restore(pg_template.server.url(changed))
        with engine.connect():  # another session still on the database
            assert not pg_template.pristine.restore(pg_template.server.url(open_))
    finally:
        engine.dispose()
        admin_sql(pg_template.server, f"DROP DATABASE {changed}", f"DROP DATABASE {open_}")
