"""Billing part 1: fee schedule, payer fees, encounters with diagnoses and service lines, claims, batches

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from frontdesk.storage.column_types import Cents


revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    
    op.create_table('billing_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('submitter_id', sa.String(length=15), nullable=False),
    sa.Column('submitter_name', sa.String(length=60), nullable=False),
    sa.Column('contact_name', sa.String(length=60), nullable=False),
    sa.Column('contact_phone', sa.String(length=20), nullable=False),
    sa.Column('receiver_id', sa.String(length=15), nullable=False),
    sa.Column('receiver_name', sa.String(length=60), nullable=False),
    sa.Column('usage_indicator', sa.String(length=1), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_billing_settings'))
    )
    op.create_table('fee_schedule_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=5), nullable=False),
    sa.Column('code_system', sa.String(length=5), nullable=False),
    sa.Column('description', sa.String(length=80), nullable=False),
    sa.Column('fee_cents', Cents, nullable=False),
    sa.Column('default_units', sa.Integer(), nullable=False),
    sa.Column('allowed_modifiers', sa.String(length=120), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fee_schedule_item')),
    sa.UniqueConstraint('code', name=op.f('uq_fee_schedule_item_code'))
    )
    op.create_table('claim_batch',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('claim_count', sa.Integer(), nullable=False),
    sa.Column('total_cents', Cents, nullable=False),
    sa.Column('interchange_control_number', sa.Integer(), nullable=True),
    sa.Column('group_control_number', sa.Integer(), nullable=True),
    sa.Column('file_name', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['app_user.id'], name=op.f('fk_claim_batch_created_by_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claim_batch')),
    sa.UniqueConstraint('interchange_control_number', name=op.f('uq_claim_batch_interchange_control_number'))
    )
    op.create_table('payer_fee',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('payer_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('fee_cents', Cents, nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['fee_schedule_item.id'], name=op.f('fk_payer_fee_item_id_fee_schedule_item')),
    sa.ForeignKeyConstraint(['payer_id'], ['payer.id'], name=op.f('fk_payer_fee_payer_id_payer')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payer_fee')),
    sa.UniqueConstraint('payer_id', 'item_id', name=op.f('uq_payer_fee_payer_id'))
    )
    op.create_table('encounter',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('appointment_id', sa.Integer(), nullable=True),
    sa.Column('service_date', sa.Date(), nullable=False),
    sa.Column('rendering_provider_id', sa.Integer(), nullable=False),
    sa.Column('place_of_service', sa.String(length=2), nullable=False),
    sa.Column('referring_qualifier', sa.String(length=2), nullable=False),
    sa.Column('referring_first_name', sa.String(length=60), nullable=False),
    sa.Column('referring_last_name', sa.String(length=60), nullable=False),
    sa.Column('referring_npi', sa.String(length=10), nullable=False),
    sa.Column('prior_authorization', sa.String(length=30), nullable=False),
    sa.Column('onset_date', sa.Date(), nullable=True),
    sa.Column('employment_related', sa.Boolean(), nullable=False),
    sa.Column('auto_accident', sa.Boolean(), nullable=False),
    sa.Column('auto_accident_state', sa.String(length=2), nullable=False),
    sa.Column('other_accident', sa.Boolean(), nullable=False),
    sa.Column('notes', sa.String(length=500), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['appointment_id'], ['appointment.id'], name=op.f('fk_encounter_appointment_id_appointment')),
    sa.ForeignKeyConstraint(['created_by'], ['app_user.id'], name=op.f('fk_encounter_created_by_app_user')),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_encounter_patient_id_patient')),
    sa.ForeignKeyConstraint(['rendering_provider_id'], ['provider.id'], name=op.f('fk_encounter_rendering_provider_id_provider')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_encounter')),
    sa.UniqueConstraint('appointment_id', name=op.f('uq_encounter_appointment_id'))
    )
    with op.batch_alter_table('encounter', schema=None) as batch_op:
        batch_op.create_index('ix_encounter_patient_id_service_date', ['patient_id', 'service_date'], unique=False)
        batch_op.create_index('ix_encounter_service_date', ['service_date'], unique=False)

    op.create_table('claim',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('encounter_id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('policy_id', sa.Integer(), nullable=False),
    sa.Column('payer_id', sa.Integer(), nullable=False),
    sa.Column('payer_rank', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('status_at', sa.DateTime(), nullable=False),
    sa.Column('frequency_code', sa.String(length=1), nullable=False),
    sa.Column('original_reference', sa.String(length=30), nullable=False),
    sa.Column('replaces_claim_id', sa.Integer(), nullable=True),
    sa.Column('total_cents', Cents, nullable=False),
    sa.Column('prior_paid_cents', Cents, nullable=False),
    sa.Column('problem_count', sa.Integer(), nullable=False),
    sa.Column('payer_claim_number', sa.String(length=30), nullable=False),
    sa.Column('submitted_on', sa.Date(), nullable=True),
    sa.Column('submission', sa.String(length=8), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['claim_batch.id'], name=op.f('fk_claim_batch_id_claim_batch')),
    sa.ForeignKeyConstraint(['created_by'], ['app_user.id'], name=op.f('fk_claim_created_by_app_user')),
    sa.ForeignKeyConstraint(['encounter_id'], ['encounter.id'], name=op.f('fk_claim_encounter_id_encounter')),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_claim_patient_id_patient')),
    sa.ForeignKeyConstraint(['payer_id'], ['payer.id'], name=op.f('fk_claim_payer_id_payer')),
    sa.ForeignKeyConstraint(['policy_id'], ['insurance_policy.id'], name=op.f('fk_claim_policy_id_insurance_policy')),
    sa.ForeignKeyConstraint(['replaces_claim_id'], ['claim.id'], name=op.f('fk_claim_replaces_claim_id_claim')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claim'))
    )
    with op.batch_alter_table('claim', schema=None) as batch_op:
        batch_op.create_index('ix_claim_encounter_id', ['encounter_id'], unique=False)
        batch_op.create_index('ix_claim_patient_id', ['patient_id'], unique=False)
        batch_op.create_index('ix_claim_payer_id_status', ['payer_id', 'status'], unique=False)
        batch_op.create_index('ix_claim_status_id', ['status', 'id'], unique=False)

    op.create_table('encounter_diagnosis',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('encounter_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.ForeignKeyConstraint(['encounter_id'], ['encounter.id'], name=op.f('fk_encounter_diagnosis_encounter_id_encounter')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_encounter_diagnosis')),
    sa.UniqueConstraint('encounter_id', 'position', name=op.f('uq_encounter_diagnosis_encounter_id'))
    )
    op.create_table('service_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('encounter_id', sa.Integer(), nullable=False),
    sa.Column('line_number', sa.Integer(), nullable=False),
    sa.Column('from_date', sa.Date(), nullable=False),
    sa.Column('to_date', sa.Date(), nullable=False),
    sa.Column('place_of_service', sa.String(length=2), nullable=False),
    sa.Column('code', sa.String(length=5), nullable=False),
    sa.Column('modifiers', sa.String(length=11), nullable=False),
    sa.Column('pointers', sa.String(length=4), nullable=False),
    sa.Column('units', sa.Integer(), nullable=False),
    sa.Column('charge_cents', Cents, nullable=False),
    sa.Column('ndc', sa.String(length=11), nullable=False),
    sa.Column('ndc_unit', sa.String(length=2), nullable=False),
    sa.Column('ndc_quantity', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['encounter_id'], ['encounter.id'], name=op.f('fk_service_line_encounter_id_encounter')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_line')),
    sa.UniqueConstraint('encounter_id', 'line_number', name=op.f('uq_service_line_encounter_id'))
    )
    with op.batch_alter_table('service_line', schema=None) as batch_op:
        batch_op.create_index('ix_service_line_code', ['code'], unique=False)

    op.create_table('claim_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('from_status', sa.String(length=12), nullable=False),
    sa.Column('to_status', sa.String(length=12), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['claim_id'], ['claim.id'], name=op.f('fk_claim_event_claim_id_claim')),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], name=op.f('fk_claim_event_user_id_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claim_event'))
    )
    with op.batch_alter_table('claim_event', schema=None) as batch_op:
        batch_op.create_index('ix_claim_event_claim_id', ['claim_id'], unique=False)

    op.create_table('claim_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('service_line_id', sa.Integer(), nullable=False),
    sa.Column('line_number', sa.Integer(), nullable=False),
    sa.Column('charge_cents', Cents, nullable=False),
    sa.Column('prior_paid_cents', Cents, nullable=False),
    sa.ForeignKeyConstraint(['claim_id'], ['claim.id'], name=op.f('fk_claim_line_claim_id_claim')),
    sa.ForeignKeyConstraint(['service_line_id'], ['service_line.id'], name=op.f('fk_claim_line_service_line_id_service_line')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claim_line')),
    sa.UniqueConstraint('claim_id', 'line_number', name=op.f('uq_claim_line_claim_id'))
    )
    with op.batch_alter_table('claim_line', schema=None) as batch_op:
        batch_op.create_index('ix_claim_line_service_line_id', ['service_line_id'], unique=False)

    


def downgrade() -> None:
    
    with op.batch_alter_table('claim_line', schema=None) as batch_op:
        batch_op.drop_index('ix_claim_line_service_line_id')

    op.drop_table('claim_line')
    with op.batch_alter_table('claim_event', schema=None) as batch_op:
        batch_op.drop_index('ix_claim_event_claim_id')

    op.drop_table('claim_event')
    with op.batch_alter_table('service_line', schema=None) as batch_op:
        batch_op.drop_index('ix_service_line_code')

    op.drop_table('service_line')
    op.drop_table('encounter_diagnosis')
    with op.batch_alter_table('claim', schema=None) as batch_op:
        batch_op.drop_index('ix_claim_status_id')
        batch_op.drop_index('ix_claim_payer_id_status')
        batch_op.drop_index('ix_claim_patient_id')
        batch_op.drop_index('ix_claim_encounter_id')

    op.drop_table('claim')
    with op.batch_alter_table('encounter', schema=None) as batch_op:
        batch_op.drop_index('ix_encounter_service_date')
        batch_op.drop_index('ix_encounter_patient_id_service_date')

    op.drop_table('encounter')
    op.drop_table('payer_fee')
    op.drop_table('claim_batch')
    op.drop_table('fee_schedule_item')
    op.drop_table('billing_settings')
    
