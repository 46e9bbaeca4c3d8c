"""Patients: payers, policies, eligibility checks, card images, consents, intake

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from frontdesk.storage.column_types import Cents

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The five standard consent documents; the practice changes required/version/validity in settings.
# (code, name, required, current version, validity in months or None for no expiry)
STANDARD_CONSENTS = (
    ("npp", "HIPAA Notice of Privacy Practices acknowledgment", True, "2026-01", None),
    ("financial_policy", "Financial policy", True, "2026-01", 12),
    ("assignment_of_benefits", "Assignment of benefits", True, "2026-01", 12),
    ("release_of_information", "Release of information", True, "2026-01", 12),
    ("communication", "Communication consent (phone, text, email)", False, "2026-01", None),
)


def _seed_consent_types() -> None:
    table = sa.table("consent_type", sa.column("code", sa.String), sa.column("name", sa.String),
                     sa.column("required", sa.Boolean), sa.column("current_version", sa.String),
                     sa.column("validity_months", sa.Integer), sa.column("active", sa.Boolean),
                     sa.column("updated_at", sa.DateTime))
    now = datetime.now(UTC).replace(tzinfo=None)  # UTC stored naive, as UTCDateTime does
    op.bulk_insert(table, [
        {"code": code, "name": name, "required": required, "current_version": version,
         "validity_months": months, "active": True, "updated_at": now}
        for code, name, required, version, months in STANDARD_CONSENTS
    ])


def upgrade() -> None:
    op.create_table('consent_type',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=30), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('required', sa.Boolean(), nullable=False),
    sa.Column('current_version', sa.String(length=20), nullable=False),
    sa.Column('validity_months', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consent_type')),
    sa.UniqueConstraint('code', name=op.f('uq_consent_type_code'))
    )
    op.create_table('payer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('name_key', sa.String(length=100), nullable=False),
    sa.Column('edi_payer_id', sa.String(length=20), nullable=False),
    sa.Column('claim_type', sa.String(length=20), nullable=False),
    sa.Column('address_line1', sa.String(length=80), nullable=False),
    sa.Column('address_line2', sa.String(length=80), nullable=False),
    sa.Column('city', sa.String(length=60), nullable=False),
    sa.Column('state', sa.String(length=2), nullable=False),
    sa.Column('zip_code', sa.String(length=10), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payer'))
    )
    with op.batch_alter_table('payer', schema=None) as batch_op:
        batch_op.create_index('ix_payer_name_key', ['name_key'], unique=False)

    op.create_table('consent_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('consent_type_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.String(length=20), nullable=False),
    sa.Column('signed_on', sa.Date(), nullable=False),
    sa.Column('signed_by', sa.String(length=15), nullable=False),
    sa.Column('representative_name', sa.String(length=120), nullable=False),
    sa.Column('representative_relationship', sa.String(length=40), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.Column('recorded_by', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['consent_type_id'], ['consent_type.id'], name=op.f('fk_consent_record_consent_type_id_consent_type')),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_consent_record_patient_id_patient')),
    sa.ForeignKeyConstraint(['recorded_by'], ['app_user.id'], name=op.f('fk_consent_record_recorded_by_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consent_record'))
    )
    with op.batch_alter_table('consent_record', schema=None) as batch_op:
        batch_op.create_index('ix_consent_record_patient_id_type_id', ['patient_id', 'consent_type_id'], unique=False)

    op.create_table('insurance_policy',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('payer_id', sa.Integer(), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.String(length=30), nullable=False),
    sa.Column('member_key', sa.String(length=30), nullable=False),
    sa.Column('group_number', sa.String(length=30), nullable=False),
    sa.Column('plan_name', sa.String(length=80), nullable=False),
    sa.Column('relationship', sa.String(length=10), nullable=False),
    sa.Column('subscriber_first_name', sa.String(length=60), nullable=False),
    sa.Column('subscriber_middle_name', sa.String(length=60), nullable=False),
    sa.Column('subscriber_last_name', sa.String(length=60), nullable=False),
    sa.Column('subscriber_dob', sa.Date(), nullable=True),
    sa.Column('subscriber_sex', sa.String(length=1), nullable=False),
    sa.Column('subscriber_address_line1', sa.String(length=80), nullable=False),
    sa.Column('subscriber_address_line2', sa.String(length=80), nullable=False),
    sa.Column('subscriber_city', sa.String(length=60), nullable=False),
    sa.Column('subscriber_state', sa.String(length=2), nullable=False),
    sa.Column('subscriber_zip_code', sa.String(length=10), nullable=False),
    sa.Column('subscriber_phone', sa.String(length=20), nullable=False),
    sa.Column('subscriber_employer', sa.String(length=80), nullable=False),
    sa.Column('effective_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('copay_cents', Cents, nullable=False),
    sa.Column('accept_assignment', sa.Boolean(), nullable=False),
    sa.Column('release_signed_on', sa.Date(), nullable=True),
    sa.Column('assignment_signed_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_insurance_policy_patient_id_patient')),
    sa.ForeignKeyConstraint(['payer_id'], ['payer.id'], name=op.f('fk_insurance_policy_payer_id_payer')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_insurance_policy'))
    )
    with op.batch_alter_table('insurance_policy', schema=None) as batch_op:
        batch_op.create_index('ix_insurance_policy_member_key', ['member_key'], unique=False)
        batch_op.create_index('ix_insurance_policy_patient_id_rank', ['patient_id', 'rank'], unique=False)
        batch_op.create_index('ix_insurance_policy_payer_id', ['payer_id'], unique=False)

    op.create_table('eligibility_check',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('policy_id', sa.Integer(), nullable=False),
    sa.Column('checked_on', sa.Date(), nullable=False),
    sa.Column('checked_by', sa.Integer(), nullable=True),
    sa.Column('method', sa.String(length=10), nullable=False),
    sa.Column('payer_contact', sa.String(length=80), nullable=False),
    sa.Column('reference_number', sa.String(length=40), nullable=False),
    sa.Column('result', sa.String(length=12), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['checked_by'], ['app_user.id'], name=op.f('fk_eligibility_check_checked_by_app_user')),
    sa.ForeignKeyConstraint(['policy_id'], ['insurance_policy.id'], name=op.f('fk_eligibility_check_policy_id_insurance_policy')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_eligibility_check'))
    )
    with op.batch_alter_table('eligibility_check', schema=None) as batch_op:
        batch_op.create_index('ix_eligibility_check_policy_id_checked_on', ['policy_id', 'checked_on'], unique=False)

    op.create_table('insurance_card_image',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('policy_id', sa.Integer(), nullable=False),
    sa.Column('side', sa.String(length=5), nullable=False),
    sa.Column('mime_type', sa.String(length=20), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('uploaded_by', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['policy_id'], ['insurance_policy.id'], name=op.f('fk_insurance_card_image_policy_id_insurance_policy')),
    sa.ForeignKeyConstraint(['uploaded_by'], ['app_user.id'], name=op.f('fk_insurance_card_image_uploaded_by_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_insurance_card_image')),
    sa.UniqueConstraint('policy_id', 'side', name=op.f('uq_insurance_card_image_policy_id'))
    )
    op.create_table('intake_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('visit_date', sa.Date(), nullable=False),
    sa.Column('appointment_id', sa.Integer(), nullable=True),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('started_by', sa.Integer(), nullable=True),
    sa.Column('demographics_at', sa.DateTime(), nullable=True),
    sa.Column('demographics_by', sa.Integer(), nullable=True),
    sa.Column('insurance_at', sa.DateTime(), nullable=True),
    sa.Column('insurance_by', sa.Integer(), nullable=True),
    sa.Column('insurance_method', sa.String(length=12), nullable=False),
    sa.Column('eligibility_check_id', sa.Integer(), nullable=True),
    sa.Column('consents_at', sa.DateTime(), nullable=True),
    sa.Column('consents_by', sa.Integer(), nullable=True),
    sa.Column('consents_override_reason', sa.String(length=200), nullable=False),
    sa.Column('copay_at', sa.DateTime(), nullable=True),
    sa.Column('copay_by', sa.Integer(), nullable=True),
    sa.Column('copay_due_cents', Cents, nullable=True),
    sa.Column('copay_policy_id', sa.Integer(), nullable=True),
    sa.Column('copay_collected', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['consents_by'], ['app_user.id'], name=op.f('fk_intake_record_consents_by_app_user')),
    sa.ForeignKeyConstraint(['copay_by'], ['app_user.id'], name=op.f('fk_intake_record_copay_by_app_user')),
    sa.ForeignKeyConstraint(['copay_policy_id'], ['insurance_policy.id'], name=op.f('fk_intake_record_copay_policy_id_insurance_policy')),
    sa.ForeignKeyConstraint(['demographics_by'], ['app_user.id'], name=op.f('fk_intake_record_demographics_by_app_user')),
    sa.ForeignKeyConstraint(['eligibility_check_id'], ['eligibility_check.id'], name=op.f('fk_intake_record_eligibility_check_id_eligibility_check')),
    sa.ForeignKeyConstraint(['insurance_by'], ['app_user.id'], name=op.f('fk_intake_record_insurance_by_app_user')),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_intake_record_patient_id_patient')),
    sa.ForeignKeyConstraint(['started_by'], ['app_user.id'], name=op.f('fk_intake_record_started_by_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intake_record')),
    sa.UniqueConstraint('appointment_id', name=op.f('uq_intake_record_appointment_id'))
    )
    with op.batch_alter_table('intake_record', schema=None) as batch_op:
        batch_op.create_index('ix_intake_record_patient_id_visit_date', ['patient_id', 'visit_date'], unique=False)
    _seed_consent_types()


def downgrade() -> None:
    with op.batch_alter_table('intake_record', schema=None) as batch_op:
        batch_op.drop_index('ix_intake_record_patient_id_visit_date')

    op.drop_table('intake_record')
    op.drop_table('insurance_card_image')
    with op.batch_alter_table('eligibility_check', schema=None) as batch_op:
        batch_op.drop_index('ix_eligibility_check_policy_id_checked_on')

    op.drop_table('eligibility_check')
    with op.batch_alter_table('insurance_policy', schema=None) as batch_op:
        batch_op.drop_index('ix_insurance_policy_payer_id')
        batch_op.drop_index('ix_insurance_policy_patient_id_rank')
        batch_op.drop_index('ix_insurance_policy_member_key')

    op.drop_table('insurance_policy')
    with op.batch_alter_table('consent_record', schema=None) as batch_op:
        batch_op.drop_index('ix_consent_record_patient_id_type_id')

    op.drop_table('consent_record')
    with op.batch_alter_table('payer', schema=None) as batch_op:
        batch_op.drop_index('ix_payer_name_key')

    op.drop_table('payer')
    op.drop_table('consent_type')
