"""A version number on patients and insurance policies: an edit made from a stale form is refused (issue 19)

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-07

With several workstations, two people can have the same patient (or policy) open in a form. Each saved edit
adds one to ``version``; a save that brings the version its form was loaded with is refused when the row has
moved on since (the message says who changed it and when, from the audit trail), instead of silently
overwriting the other person's changes. Existing rows start at 1. Added with plain ALTER TABLE (no table copy).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = '0024'
down_revision: str | None = '0023'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TABLES = ("patient", "insurance_policy")


def upgrade() -> None:
    for table in _TABLES:
        op.execute(f"ALTER TABLE {table} ADD COLUMN version INTEGER NOT NULL DEFAULT 1")


def downgrade() -> None:
    for table in _TABLES:
        op.execute(f"ALTER TABLE {table} DROP COLUMN version")
