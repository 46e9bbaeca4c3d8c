"""Backups that happen by themselves: the practice's backup schedule and the due times it ran, missed or failed

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-07

* ``backup_schedule``: one row, the practice setting (a time each day and/or when the app closes after business
  hours, the folder), times on the practice's wall clock.
* ``scheduled_backup``: one row per due time, inserted by the workstation that claims it; unique on
  (kind, due_at), so two workstations of a practice server never both run the same backup.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0030'
down_revision: str | None = '0029'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('backup_schedule',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('daily', sa.Boolean(), nullable=False),
    sa.Column('daily_at', sa.Time(), nullable=False),
    sa.Column('on_close', sa.Boolean(), nullable=False),
    sa.Column('close_after', sa.Time(), nullable=False),
    sa.Column('folder', sa.String(length=500), nullable=False),
    sa.Column('since', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_backup_schedule'))
    )
    op.create_table('scheduled_backup',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('due_at', sa.DateTime(), nullable=False),
    sa.Column('workstation', sa.String(length=100), nullable=False),
    sa.Column('claimed_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('result', sa.String(length=10), nullable=False),
    sa.Column('message', sa.String(length=500), nullable=False),
    sa.Column('file_name', sa.String(length=100), nullable=False),
    sa.Column('reported', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scheduled_backup')),
    sa.UniqueConstraint('kind', 'due_at', name=op.f('uq_scheduled_backup_kind'))
    )


def downgrade() -> None:
    op.drop_table('scheduled_backup')
    op.drop_table('backup_schedule')
