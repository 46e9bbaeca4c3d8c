"""Shared by the server set-up tests: run setup on the test cluster, connect as its roles, clean up after.

Roles are global to a PostgreSQL cluster, so each test that sets a server up drops the practice database and
the three roles afterwards (``tear_down``): the next test finds the cluster as setup expects it.
"""

from __future__ import annotations

import psycopg
from psycopg import sql

from frontdesk.storage import pg_setup
from frontdesk.storage.pg_grants import ROLES


def tear_down(superuser_url: str, database: str) -> None:
    with pg_setup.superuser_connect(superuser_url) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database)))
        for role in ROLES:
            conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))


def connect_as(superuser_url: str, database: str, role: str, password: str | None = None,
               **extra: object) -> psycopg.Connection:
    """A connection as ``role`` to the practice database (autocommit off: each test says what it commits)."""
    kwargs = pg_setup._connect_kwargs(superuser_url, database)
    kwargs.update(user=role, **extra)
    if password is not None:
        kwargs["password"] = password
    return psycopg.connect(**kwargs)  # type: ignore[arg-type]


def roles_present(superuser_url: str) -> list[str]:
    with pg_setup.superuser_connect(superuser_url) as conn:
        return [row[0] for row in conn.execute("SELECT rolname FROM pg_roles WHERE rolname = ANY(%s) ORDER BY 1",
                                               (list(ROLES),))]
