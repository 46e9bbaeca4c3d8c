"""Contact history: one timeline of calls, confirmations, messages, letters per patient

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('contact_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('direction', sa.String(length=8), nullable=False),
    sa.Column('outcome', sa.String(length=30), nullable=False),
    sa.Column('summary', sa.String(length=500), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('ref_type', sa.String(length=20), nullable=False),
    sa.Column('ref_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_contact_event_patient_id_patient')),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], name=op.f('fk_contact_event_user_id_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contact_event'))
    )
    with op.batch_alter_table('contact_event', schema=None) as batch_op:
        batch_op.create_index('ix_contact_event_patient_id_at', ['patient_id', 'at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('contact_event', schema=None) as batch_op:
        batch_op.drop_index('ix_contact_event_patient_id_at')

    op.drop_table('contact_event')
