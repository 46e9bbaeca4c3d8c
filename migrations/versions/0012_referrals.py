"""Referrals, outside providers and facilities

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('outside_provider',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('specialty', sa.String(length=60), nullable=False),
    sa.Column('npi', sa.String(length=10), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('fax', sa.String(length=20), nullable=False),
    sa.Column('address1', sa.String(length=100), nullable=False),
    sa.Column('address2', sa.String(length=100), nullable=False),
    sa.Column('city', sa.String(length=60), nullable=False),
    sa.Column('state', sa.String(length=2), nullable=False),
    sa.Column('zip_code', sa.String(length=10), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outside_provider'))
    )
    with op.batch_alter_table('outside_provider', schema=None) as batch_op:
        batch_op.create_index('ix_outside_provider_name', ['name'], unique=False)

    op.create_table('referral',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('outside_provider_id', sa.Integer(), nullable=False),
    sa.Column('ordering_provider_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('diagnoses', sa.String(length=120), nullable=False),
    sa.Column('authorization_number', sa.String(length=30), nullable=False),
    sa.Column('visits_allowed', sa.Integer(), nullable=True),
    sa.Column('appointment_date', sa.Date(), nullable=True),
    sa.Column('appointment_time', sa.Time(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('status_at', sa.DateTime(), nullable=False),
    sa.Column('requested_on', sa.Date(), nullable=False),
    sa.Column('notes', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['app_user.id'], name=op.f('fk_referral_created_by_app_user')),
    sa.ForeignKeyConstraint(['ordering_provider_id'], ['provider.id'],
                            name=op.f('fk_referral_ordering_provider_id_provider')),
    sa.ForeignKeyConstraint(['outside_provider_id'], ['outside_provider.id'],
                            name=op.f('fk_referral_outside_provider_id_outside_provider')),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_referral_patient_id_patient')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referral'))
    )
    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.create_index('ix_referral_patient_id_requested_on', ['patient_id', 'requested_on'], unique=False)
        batch_op.create_index('ix_referral_status_requested_on', ['status', 'requested_on'], unique=False)

    op.create_table('referral_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('referral_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('from_status', sa.String(length=20), nullable=False),
    sa.Column('to_status', sa.String(length=20), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['referral_id'], ['referral.id'], name=op.f('fk_referral_event_referral_id_referral')),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], name=op.f('fk_referral_event_user_id_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referral_event'))
    )
    with op.batch_alter_table('referral_event', schema=None) as batch_op:
        batch_op.create_index('ix_referral_event_referral_id_at', ['referral_id', 'at'], unique=False)

    op.create_table('incoming_referral',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('outside_provider_id', sa.Integer(), nullable=True),
    sa.Column('referring_first_name', sa.String(length=60), nullable=False),
    sa.Column('referring_last_name', sa.String(length=60), nullable=False),
    sa.Column('referring_npi', sa.String(length=10), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('authorization_number', sa.String(length=30), nullable=False),
    sa.Column('visits_allowed', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['app_user.id'], name=op.f('fk_incoming_referral_created_by_app_user')),
    sa.ForeignKeyConstraint(['outside_provider_id'], ['outside_provider.id'],
                            name=op.f('fk_incoming_referral_outside_provider_id_outside_provider')),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_incoming_referral_patient_id_patient')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incoming_referral'))
    )
    with op.batch_alter_table('incoming_referral', schema=None) as batch_op:
        batch_op.create_index('ix_incoming_referral_patient_id_starts_on', ['patient_id', 'starts_on'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('incoming_referral', schema=None) as batch_op:
        batch_op.drop_index('ix_incoming_referral_patient_id_starts_on')
    op.drop_table('incoming_referral')
    with op.batch_alter_table('referral_event', schema=None) as batch_op:
        batch_op.drop_index('ix_referral_event_referral_id_at')
    op.drop_table('referral_event')
    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.drop_index('ix_referral_status_requested_on')
        batch_op.drop_index('ix_referral_patient_id_requested_on')
    op.drop_table('referral')
    with op.batch_alter_table('outside_provider', schema=None) as batch_op:
        batch_op.drop_index('ix_outside_provider_name')
    op.drop_table('outside_provider')
