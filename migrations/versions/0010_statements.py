"""Statements: statement batches and statements sent

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from frontdesk.storage.column_types import Cents

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('statement_batch',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('statement_date', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=9), nullable=False),
    sa.Column('filters', sa.String(length=400), nullable=False),
    sa.Column('statement_count', sa.Integer(), nullable=False),
    sa.Column('total_due_cents', Cents, nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(), nullable=True),
    sa.Column('confirmed_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['confirmed_by'], ['app_user.id'], name=op.f('fk_statement_batch_confirmed_by_app_user')),
    sa.ForeignKeyConstraint(['created_by'], ['app_user.id'], name=op.f('fk_statement_batch_created_by_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statement_batch'))
    )
    op.create_table('statement_hold',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['app_user.id'], name=op.f('fk_statement_hold_created_by_app_user')),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_statement_hold_patient_id_patient')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statement_hold')),
    sa.UniqueConstraint('patient_id', name=op.f('uq_statement_hold_patient_id'))
    )
    op.create_table('statement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('guarantor_id', sa.Integer(), nullable=True),
    sa.Column('patient_id', sa.Integer(), nullable=True),
    sa.Column('amount_due_cents', Cents, nullable=False),
    sa.Column('oldest_days', sa.Integer(), nullable=False),
    sa.Column('sent_on', sa.Date(), nullable=True),
    sa.Column('snapshot', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['statement_batch.id'], name=op.f('fk_statement_batch_id_statement_batch')),
    sa.ForeignKeyConstraint(['guarantor_id'], ['guarantor.id'], name=op.f('fk_statement_guarantor_id_guarantor')),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_statement_patient_id_patient')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statement'))
    )
    with op.batch_alter_table('statement', schema=None) as batch_op:
        batch_op.create_index('ix_statement_batch_id', ['batch_id'], unique=False)
        batch_op.create_index('ix_statement_guarantor_id_sent_on', ['guarantor_id', 'sent_on'], unique=False)
        batch_op.create_index('ix_statement_patient_id_sent_on', ['patient_id', 'sent_on'], unique=False)

    op.create_table('statement_patient',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('statement_id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_statement_patient_patient_id_patient')),
    sa.ForeignKeyConstraint(['statement_id'], ['statement.id'], name=op.f('fk_statement_patient_statement_id_statement')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statement_patient'))
    )
    with op.batch_alter_table('statement_patient', schema=None) as batch_op:
        batch_op.create_index('ix_statement_patient_patient_id', ['patient_id'], unique=False)
        batch_op.create_index('ix_statement_patient_statement_id', ['statement_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('statement_patient', schema=None) as batch_op:
        batch_op.drop_index('ix_statement_patient_statement_id')
        batch_op.drop_index('ix_statement_patient_patient_id')

    op.drop_table('statement_patient')
    with op.batch_alter_table('statement', schema=None) as batch_op:
        batch_op.drop_index('ix_statement_patient_id_sent_on')
        batch_op.drop_index('ix_statement_guarantor_id_sent_on')
        batch_op.drop_index('ix_statement_batch_id')

    op.drop_table('statement')
    op.drop_table('statement_hold')
    op.drop_table('statement_batch')
