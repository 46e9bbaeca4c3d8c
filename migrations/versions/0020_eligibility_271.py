"""Eligibility files: 270 inquiries sent, 271 answers imported, unmatched answers, and the 271's facts on a check

Revision ID: 0020
Revises: 0019 (nothing here depends on what 0019 adds)
Create Date: 2026-12-07

Issue 18 Part D. eligibility_check gains what a payer's 271 says (plan, office-visit copay, coinsurance,
deductible remaining, the AAA rejection code) and the 270 inquiry it answers; new tables keep the 270 files
(their interchange numbers), each patient's trace number, the 271 files imported and the answers no
patient matched. Columns are added with ALTER TABLE ADD COLUMN (defaults for existing rows), so the
migration does not rebuild eligibility_check and works whatever 0019 changed elsewhere.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from frontdesk.storage.column_types import Cents
from frontdesk.storage.dialect_ddl import column_type

revision: str = '0020'
down_revision: str | None = '0019'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CHECK_COLUMNS = (
    "source VARCHAR(6) DEFAULT 'manual' NOT NULL",
    "plan_name VARCHAR(80) DEFAULT '' NOT NULL",
    "copay_cents {cents}",  # money: BIGINT on PostgreSQL (storage/column_types.py)
    "coinsurance_basis_points INTEGER",
    "deductible_remaining_cents {cents}",
    "rejection_code VARCHAR(2) DEFAULT '' NOT NULL",
    "request_id INTEGER CONSTRAINT fk_eligibility_check_request_id_eligibility_request "
    "REFERENCES eligibility_request (id)",
)


def upgrade() -> None:
    op.create_table('eligibility_export',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('interchange_control_number', sa.Integer(), nullable=False),
    sa.Column('from_date', sa.Date(), nullable=False),
    sa.Column('to_date', sa.Date(), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['app_user.id'], name=op.f('fk_eligibility_export_created_by_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_eligibility_export')),
    sa.UniqueConstraint('interchange_control_number', name=op.f('uq_eligibility_export_interchange_control_number'))
    )
    op.create_table('eligibility_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('export_id', sa.Integer(), nullable=False),
    sa.Column('trace_number', sa.String(length=30), nullable=False),
    sa.Column('policy_id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('service_date', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['export_id'], ['eligibility_export.id'],
                            name=op.f('fk_eligibility_request_export_id_eligibility_export')),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_eligibility_request_patient_id_patient')),
    sa.ForeignKeyConstraint(['policy_id'], ['insurance_policy.id'],
                            name=op.f('fk_eligibility_request_policy_id_insurance_policy')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_eligibility_request')),
    sa.UniqueConstraint('trace_number', name=op.f('uq_eligibility_request_trace_number'))
    )
    op.create_index('ix_eligibility_request_policy_id', 'eligibility_request', ['policy_id'], unique=False)
    op.create_table('eligibility_import',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('matched', sa.Integer(), nullable=False),
    sa.Column('unmatched', sa.Integer(), nullable=False),
    sa.Column('imported_by', sa.Integer(), nullable=True),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['imported_by'], ['app_user.id'], name=op.f('fk_eligibility_import_imported_by_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_eligibility_import')),
    sa.UniqueConstraint('sha256', name=op.f('uq_eligibility_import_sha256'))
    )
    op.create_table('eligibility_unmatched',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=False),
    sa.Column('trace_number', sa.String(length=50), nullable=False),
    sa.Column('payer_name', sa.String(length=60), nullable=False),
    sa.Column('member_id', sa.String(length=80), nullable=False),
    sa.Column('last_name', sa.String(length=60), nullable=False),
    sa.Column('first_name', sa.String(length=35), nullable=False),
    sa.Column('dob', sa.Date(), nullable=True),
    sa.Column('service_date', sa.Date(), nullable=True),
    sa.Column('result', sa.String(length=12), nullable=False),
    sa.Column('summary', sa.String(length=500), nullable=False),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.Column('resolved_by', sa.Integer(), nullable=True),
    sa.Column('resolution', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['import_id'], ['eligibility_import.id'],
                            name=op.f('fk_eligibility_unmatched_import_id_eligibility_import')),
    sa.ForeignKeyConstraint(['resolved_by'], ['app_user.id'],
                            name=op.f('fk_eligibility_unmatched_resolved_by_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_eligibility_unmatched'))
    )
    op.create_index('ix_eligibility_unmatched_resolved_at', 'eligibility_unmatched', ['resolved_at'], unique=False)
    for column in _CHECK_COLUMNS:
        op.execute(f"ALTER TABLE eligibility_check ADD COLUMN {column.format(cents=column_type(Cents))}")


def downgrade() -> None:
    # SQLite cannot DROP COLUMN a foreign key: the batch rebuilds eligibility_check without them.
    with op.batch_alter_table('eligibility_check', schema=None) as batch_op:
        for column in reversed(_CHECK_COLUMNS):
            batch_op.drop_column(column.split()[0])
    op.drop_index('ix_eligibility_unmatched_resolved_at', table_name='eligibility_unmatched')
    op.drop_table('eligibility_unmatched')
    op.drop_table('eligibility_import')
    op.drop_index('ix_eligibility_request_policy_id', table_name='eligibility_request')
    op.drop_table('eligibility_request')
    op.drop_table('eligibility_export')
