"""Byte sizes are BIGINT on PostgreSQL; referral statuses get room for "authorization_pending" (issue 19)

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-07

* ``backup_run.size_bytes`` and ``insurance_card_image.size_bytes``: a backup passes 2 GiB, past PostgreSQL's
  32-bit INTEGER (SQLite's INTEGER is 64-bit already, so there nothing changes: storage/column_types.py
  ByteCount).
* ``referral.status`` and ``referral_event.from_status``/``to_status``: VARCHAR(20) -> VARCHAR(30). The status
  "authorization_pending" is 21 characters: SQLite never enforced the length, PostgreSQL refused the row. On
  SQLite the declared type is part of the table's SQL, so the two tables are rebuilt from their own SQL with
  the one length changed (neither has a trigger). Not an alembic batch: it re-creates the constraints in an
  order that varies from run to run, and the schema snapshot (storage/schema_head.py) must not.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0025'
down_revision: str | None = '0024'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SIZES = (('backup_run', 'size_bytes'), ('insurance_card_image', 'size_bytes'))
_STATUSES = (('referral', ('status',)), ('referral_event', ('from_status', 'to_status')))


def _rebuild_sqlite(table: str, columns: tuple[str, ...], old: int, new: int) -> None:
    """SQLite's way to change a declared type: a new table from the old one's SQL, the rows, the indexes."""
    bind = op.get_bind()
    create = bind.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
                                  (table,)).scalar_one()
    indexes = bind.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
                                   "AND sql IS NOT NULL", (table,)).scalars().all()
    for column in columns:
        create, changed = re.subn(rf"\b{column} VARCHAR\({old}\)", f"{column} VARCHAR({new})", create)
        assert changed == 1, (table, column)
    create = re.sub(rf'^CREATE TABLE "?{table}"?', f"CREATE TABLE _new_{table}", create)
    op.execute(create)
    op.execute(f"INSERT INTO _new_{table} SELECT * FROM {table}")
    op.execute(f"DROP TABLE {table}")
    op.execute(f"ALTER TABLE _new_{table} RENAME TO {table}")
    for index in indexes:
        op.execute(index)


def _statuses(old: int, new: int) -> None:
    for table, columns in _STATUSES:
        if op.get_bind().dialect.name == 'sqlite':
            _rebuild_sqlite(table, columns, old, new)
            continue
        for column in columns:
            op.alter_column(table, column, existing_type=sa.String(length=old), type_=sa.String(length=new),
                            existing_nullable=False)


def upgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        for table, column in _SIZES:
            op.alter_column(table, column, existing_type=sa.Integer(), type_=sa.BigInteger(),
                            existing_nullable=False)
    _statuses(20, 30)


def downgrade() -> None:
    _statuses(30, 20)
    if op.get_bind().dialect.name == 'postgresql':
        for table, column in _SIZES:
            op.alter_column(table, column, existing_type=sa.BigInteger(), type_=sa.Integer(),
                            existing_nullable=False)
