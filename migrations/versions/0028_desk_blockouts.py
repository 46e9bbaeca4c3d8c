"""The practice may let the front desk add blockouts (the doctor is out sick): a setting, off by default

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-07

* ``practice.desk_blockouts``: BOOLEAN NOT NULL DEFAULT '0'. Off, so an upgraded practice keeps today's rule
  (only an administrator changes the schedule set-up) until an administrator turns it on in Admin.
  A plain ADD COLUMN on both engines (a constant default needs no table rebuild on SQLite).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0028'
down_revision: str | None = '0027'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('practice', sa.Column('desk_blockouts', sa.Boolean(), server_default='0', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('practice', schema=None) as batch_op:
        batch_op.drop_column('desk_blockouts')
