"""Alembic environment: runs on the connection FrontDesk hands over (encrypted, keyed)."""

from __future__ import annotations

from alembic import context

from frontdesk.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("FrontDesk migrations run through frontdesk.storage.migrate, which supplies the keyed connection.")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite can only ALTER through table copies
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("Offline (SQL script) migrations are not supported.")
run_migrations_online()
