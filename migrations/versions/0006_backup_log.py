"""Backups: a log of backup runs and of restore drills (contingency-plan testing evidence)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('backup_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('username', sa.String(length=40), nullable=False),
    sa.Column('target', sa.String(length=500), nullable=False),
    sa.Column('file_name', sa.String(length=100), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('ok', sa.Boolean(), nullable=False),
    sa.Column('message', sa.String(length=500), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_backup_run'))
    )
    with op.batch_alter_table('backup_run', schema=None) as batch_op:
        batch_op.create_index('ix_backup_run_finished_at', ['finished_at'], unique=False)

    op.create_table('restore_drill',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('username', sa.String(length=40), nullable=False),
    sa.Column('backup_file', sa.String(length=100), nullable=False),
    sa.Column('ok', sa.Boolean(), nullable=False),
    sa.Column('duration_ms', sa.Integer(), nullable=False),
    sa.Column('counts_summary', sa.String(length=1000), nullable=False),
    sa.Column('message', sa.String(length=500), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_restore_drill'))
    )
    with op.batch_alter_table('restore_drill', schema=None) as batch_op:
        batch_op.create_index('ix_restore_drill_at', ['at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('restore_drill', schema=None) as batch_op:
        batch_op.drop_index('ix_restore_drill_at')
    op.drop_table('restore_drill')
    with op.batch_alter_table('backup_run', schema=None) as batch_op:
        batch_op.drop_index('ix_backup_run_finished_at')
    op.drop_table('backup_run')
