"""Failed sign-ins for unknown names (keyed digests only), so they lock like real accounts

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07

Lockout showed "This account is locked" only for real users, which told anyone at the screen which
usernames exist (issue 17). Unknown names now count and lock the same way; the table holds an HMAC of the
name, never the name, and stays small (rows expire after the lock window; at most a fixed number are kept).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0016'
down_revision: str | None = '0015'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('unknown_name_failure',
    sa.Column('name_digest', sa.String(length=64), nullable=False),
    sa.Column('failed_attempts', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(), nullable=True),
    sa.Column('last_failure_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('name_digest', name=op.f('pk_unknown_name_failure'))
    )
    with op.batch_alter_table('unknown_name_failure', schema=None) as batch_op:
        batch_op.create_index('ix_unknown_name_failure_last_failure_at', ['last_failure_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('unknown_name_failure', schema=None) as batch_op:
        batch_op.drop_index('ix_unknown_name_failure_last_failure_at')
    op.drop_table('unknown_name_failure')
