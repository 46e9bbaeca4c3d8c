"""Search keys compare by their bytes on PostgreSQL, whatever the server's locale (issue 19)

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-07

The columns patient search reads as prefix ranges (names, phone digits, insurance member ids) get COLLATE "C"
on PostgreSQL (storage/dialect_ddl.py ``byte_order``): the range is then exact on every server locale and
its index order is SQLite's. Nothing changes on SQLite (it compares bytes already), so the schema snapshot
stays as it was.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from frontdesk.storage.dialect_ddl import byte_order

revision: str = '0031'
down_revision: str | None = '0030'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEARCH_KEYS = (('patient', 'last_name_key', 60), ('patient', 'first_name_key', 60), ('patient_phone', 'digits', 15),
               ('patient_phone', 'local7', 7), ('insurance_policy', 'member_key', 30))


def upgrade() -> None:
    for table, column, length in SEARCH_KEYS:
        byte_order(table, column, sa.String(length))


def downgrade() -> None:
    for table, column, length in SEARCH_KEYS:
        byte_order(table, column, sa.String(length), undo=True)
