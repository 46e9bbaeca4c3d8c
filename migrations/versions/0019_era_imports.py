"""Electronic remittances: imported 835 checks, their provider-level adjustments, the unmatched-claim queue

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07

``era_import`` remembers each check of an 835 file posted (file digest + check index, and the payer's trace
number, both unique) so the same file or trace is refused with the date it came in. ``payer_check_adjustment``
holds the check's PLB adjustments (interest, recoveries: on the check, never a patient).
``era_unmatched_claim`` keeps every remittance claim nothing matched until the desk resolves it. All three are
append-only like posted money; an unmatched claim's resolution is written once.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from frontdesk.storage.column_types import Cents
from frontdesk.storage.dialect_ddl import create_trigger, drop_trigger

revision: str = '0019'
down_revision: str | None = '0018'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_REFUSE = "BEGIN SELECT RAISE(ABORT, 'posted entries are never edited'); END"
_UNMATCHED_FIXED = ("id, era_import_id, insurance_payment_id, patient_control_number, status_code, patient_name, "
                    "member_id, payer_claim_number, service_date, charge_cents, paid_cents, why, claim_json, "
                    "created_at")
_RESOLUTION = "resolution, resolved_claim_id, resolution_note, resolved_at, resolved_by"
TRIGGERS = {
    "era_import_no_update": f"BEFORE UPDATE ON era_import {_REFUSE}",
    "payer_check_adjustment_no_update": f"BEFORE UPDATE ON payer_check_adjustment {_REFUSE}",
    "era_unmatched_claim_fixed": f"BEFORE UPDATE OF {_UNMATCHED_FIXED} ON era_unmatched_claim {_REFUSE}",
    # The resolution is written once: a resolved claim is never resolved again.
    "era_unmatched_claim_resolved_once": (f"BEFORE UPDATE OF {_RESOLUTION} ON era_unmatched_claim "
                                          f"WHEN OLD.resolution != '' {_REFUSE}"),
    **{f"{t}_no_delete": f"BEFORE DELETE ON {t} BEGIN SELECT RAISE(ABORT, 'posted entries are never deleted'); END"
       for t in ("era_import", "payer_check_adjustment", "era_unmatched_claim")},
}


def upgrade() -> None:
    op.create_table('era_import',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('payer_id', sa.Integer(), nullable=False),
    sa.Column('insurance_payment_id', sa.Integer(), nullable=False),
    sa.Column('file_sha256', sa.String(length=64), nullable=False),
    sa.Column('file_name', sa.String(length=200), nullable=False),
    sa.Column('check_index', sa.Integer(), nullable=False),
    sa.Column('trace_number', sa.String(length=50), nullable=False),
    sa.Column('originator', sa.String(length=10), nullable=False),
    sa.Column('paid_cents', Cents, nullable=False),
    sa.Column('claim_count', sa.Integer(), nullable=False),
    sa.Column('unmatched_count', sa.Integer(), nullable=False),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.Column('imported_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['imported_by'], ['app_user.id'], name=op.f('fk_era_import_imported_by_app_user')),
    sa.ForeignKeyConstraint(['insurance_payment_id'], ['insurance_payment.id'],
                            name=op.f('fk_era_import_insurance_payment_id_insurance_payment')),
    sa.ForeignKeyConstraint(['payer_id'], ['payer.id'], name=op.f('fk_era_import_payer_id_payer')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_era_import'))
    )
    with op.batch_alter_table('era_import', schema=None) as batch_op:
        batch_op.create_index('uq_era_import_file_check', ['file_sha256', 'check_index'], unique=True)
        batch_op.create_index('uq_era_import_payer_trace', ['payer_id', 'trace_number'], unique=True)
    op.create_table('payer_check_adjustment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('insurance_payment_id', sa.Integer(), nullable=False),
    sa.Column('era_import_id', sa.Integer(), nullable=False),
    sa.Column('reason_code', sa.String(length=2), nullable=False),
    sa.Column('reference', sa.String(length=50), nullable=False),
    sa.Column('amount_cents', Cents, nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['app_user.id'],
                            name=op.f('fk_payer_check_adjustment_created_by_app_user')),
    sa.ForeignKeyConstraint(['era_import_id'], ['era_import.id'],
                            name=op.f('fk_payer_check_adjustment_era_import_id_era_import')),
    sa.ForeignKeyConstraint(['insurance_payment_id'], ['insurance_payment.id'],
                            name=op.f('fk_payer_check_adjustment_insurance_payment_id_insurance_payment')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payer_check_adjustment'))
    )
    with op.batch_alter_table('payer_check_adjustment', schema=None) as batch_op:
        batch_op.create_index('ix_payer_check_adjustment_insurance_payment_id', ['insurance_payment_id'],
                              unique=False)
    op.create_table('era_unmatched_claim',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('era_import_id', sa.Integer(), nullable=False),
    sa.Column('insurance_payment_id', sa.Integer(), nullable=False),
    sa.Column('patient_control_number', sa.String(length=38), nullable=False),
    sa.Column('status_code', sa.String(length=2), nullable=False),
    sa.Column('patient_name', sa.String(length=120), nullable=False),
    sa.Column('member_id', sa.String(length=80), nullable=False),
    sa.Column('payer_claim_number', sa.String(length=50), nullable=False),
    sa.Column('service_date', sa.Date(), nullable=True),
    sa.Column('charge_cents', Cents, nullable=False),
    sa.Column('paid_cents', Cents, nullable=False),
    sa.Column('why', sa.String(length=200), nullable=False),
    sa.Column('claim_json', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('resolution', sa.String(length=10), nullable=False),
    sa.Column('resolved_claim_id', sa.Integer(), nullable=True),
    sa.Column('resolution_note', sa.String(length=200), nullable=False),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.Column('resolved_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['era_import_id'], ['era_import.id'],
                            name=op.f('fk_era_unmatched_claim_era_import_id_era_import')),
    sa.ForeignKeyConstraint(['insurance_payment_id'], ['insurance_payment.id'],
                            name=op.f('fk_era_unmatched_claim_insurance_payment_id_insurance_payment')),
    sa.ForeignKeyConstraint(['resolved_by'], ['app_user.id'],
                            name=op.f('fk_era_unmatched_claim_resolved_by_app_user')),
    sa.ForeignKeyConstraint(['resolved_claim_id'], ['claim.id'],
                            name=op.f('fk_era_unmatched_claim_resolved_claim_id_claim')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_era_unmatched_claim'))
    )
    with op.batch_alter_table('era_unmatched_claim', schema=None) as batch_op:
        batch_op.create_index('ix_era_unmatched_claim_era_import_id', ['era_import_id'], unique=False)
        batch_op.create_index('ix_era_unmatched_claim_resolution', ['resolution'], unique=False)
    for name, body in TRIGGERS.items():
        create_trigger(name, body)


def downgrade() -> None:
    for name in TRIGGERS:
        drop_trigger(name)
    op.drop_table('era_unmatched_claim')
    op.drop_table('payer_check_adjustment')
    op.drop_table('era_import')
