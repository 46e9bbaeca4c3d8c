"""Foundation: practice, providers, users, the append-only audit trail, minimal patients

Revision ID: 0001
Revises: 
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from frontdesk.storage.dialect_ddl import create_trigger, drop_trigger

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# The audit trail is append-only: the database itself refuses edits and deletions.
AUDIT_TRIGGERS = {
    "audit_event_no_update": "BEFORE UPDATE ON audit_event BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END",
    "audit_event_no_delete": "BEFORE DELETE ON audit_event BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END",
}


def upgrade() -> None:
    op.create_table('app_user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=40), nullable=False),
    sa.Column('full_name', sa.String(length=120), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('failed_attempts', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(), nullable=True),
    sa.Column('last_login_at', sa.DateTime(), nullable=True),
    sa.Column('password_changed_at', sa.DateTime(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_app_user')),
    sa.UniqueConstraint('username', name=op.f('uq_app_user_username'))
    )
    op.create_table('audit_event',
    sa.Column('seq', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('username', sa.String(length=40), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('entity_type', sa.String(length=30), nullable=False),
    sa.Column('entity_id', sa.String(length=40), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=True),
    sa.Column('detail', sa.String(length=500), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_audit_event'))
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index('ix_audit_event_at', ['at'], unique=False)
        batch_op.create_index('ix_audit_event_patient_id', ['patient_id'], unique=False)
        batch_op.create_index('ix_audit_event_user_id', ['user_id'], unique=False)
    for name, body in AUDIT_TRIGGERS.items():
        create_trigger(name, body)

    op.create_table('patient',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_number', sa.String(length=12), nullable=False),
    sa.Column('first_name', sa.String(length=60), nullable=False),
    sa.Column('middle_name', sa.String(length=60), nullable=False),
    sa.Column('last_name', sa.String(length=60), nullable=False),
    sa.Column('dob', sa.Date(), nullable=False),
    sa.Column('sex', sa.String(length=1), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('address_line1', sa.String(length=80), nullable=False),
    sa.Column('address_line2', sa.String(length=80), nullable=False),
    sa.Column('city', sa.String(length=60), nullable=False),
    sa.Column('state', sa.String(length=2), nullable=False),
    sa.Column('zip_code', sa.String(length=10), nullable=False),
    sa.Column('last_name_key', sa.String(length=60), nullable=False),
    sa.Column('first_name_key', sa.String(length=60), nullable=False),
    sa.Column('phone_digits', sa.String(length=15), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_patient')),
    sa.UniqueConstraint('account_number', name=op.f('uq_patient_account_number'))
    )
    with op.batch_alter_table('patient', schema=None) as batch_op:
        batch_op.create_index('ix_patient_dob', ['dob'], unique=False)
        batch_op.create_index('ix_patient_first_name_key', ['first_name_key'], unique=False)
        batch_op.create_index('ix_patient_last_key_first_key', ['last_name_key', 'first_name_key'], unique=False)
        batch_op.create_index('ix_patient_phone_digits', ['phone_digits'], unique=False)

    op.create_table('practice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('legal_name', sa.String(length=120), nullable=False),
    sa.Column('address_line1', sa.String(length=80), nullable=False),
    sa.Column('address_line2', sa.String(length=80), nullable=False),
    sa.Column('city', sa.String(length=60), nullable=False),
    sa.Column('state', sa.String(length=2), nullable=False),
    sa.Column('zip_code', sa.String(length=10), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('ein', sa.String(length=9), nullable=False),
    sa.Column('billing_npi', sa.String(length=10), nullable=False),
    sa.Column('taxonomy', sa.String(length=10), nullable=False),
    sa.Column('idle_lock_minutes', sa.Integer(), nullable=False),
    sa.Column('is_demo', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_practice'))
    )
    op.create_table('provider',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('first_name', sa.String(length=60), nullable=False),
    sa.Column('last_name', sa.String(length=60), nullable=False),
    sa.Column('credential', sa.String(length=20), nullable=False),
    sa.Column('npi', sa.String(length=10), nullable=False),
    sa.Column('taxonomy', sa.String(length=10), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_provider')),
    sa.UniqueConstraint('npi', name=op.f('uq_provider_npi'))
    )


def downgrade() -> None:
    op.drop_table('provider')
    op.drop_table('practice')
    with op.batch_alter_table('patient', schema=None) as batch_op:
        batch_op.drop_index('ix_patient_phone_digits')
        batch_op.drop_index('ix_patient_last_key_first_key')
        batch_op.drop_index('ix_patient_first_name_key')
        batch_op.drop_index('ix_patient_dob')

    op.drop_table('patient')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_event_user_id')
        batch_op.drop_index('ix_audit_event_patient_id')
        batch_op.drop_index('ix_audit_event_at')

    for name in AUDIT_TRIGGERS:
        drop_trigger(name, if_exists=True)
    op.drop_table('audit_event')
    op.drop_table('app_user')
