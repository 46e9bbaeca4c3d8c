"""Billing part 2: patient payments, applications, reversals, refunds, insurance payments and line postings

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from frontdesk.storage.column_types import Cents
from frontdesk.storage.dialect_ddl import create_trigger, drop_trigger


revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Posted money is never edited or deleted: a mistake is corrected by a reversal row (see models/payment.py).
# A payer check may only change from open to closed; its payer, number, date and total stay as entered.
# payment.patient_id alone may change, so merging two patient records can move their payments.
_APPEND_ONLY = ("payment", "payment_application", "insurance_line_posting", "posting_adjustment")
_PAYMENT_FIXED = ("kind, method, amount_cents, received_on, check_number, card_last4, card_auth_code, "
                  "appointment_id, note, reverses_id, reason, created_at, created_by")
PAYMENT_TRIGGERS = {
    **{f"{t}_no_update": f"BEFORE UPDATE ON {t} BEGIN SELECT RAISE(ABORT, 'posted entries are never edited'); END"
       for t in _APPEND_ONLY[1:]},
    "payment_no_update": (f"BEFORE UPDATE OF {_PAYMENT_FIXED} ON payment "
                          "BEGIN SELECT RAISE(ABORT, 'posted entries are never edited'); END"),
    **{f"{t}_no_delete": f"BEFORE DELETE ON {t} BEGIN SELECT RAISE(ABORT, 'posted entries are never deleted'); END"
       for t in (*_APPEND_ONLY, "insurance_payment")},
    "insurance_payment_fixed": (
        "BEFORE UPDATE OF payer_id, kind, number, paid_on, total_cents, created_at, created_by ON insurance_payment "
        "BEGIN SELECT RAISE(ABORT, 'posted entries are never edited'); END"),
    "insurance_payment_stays_closed": (
        "BEFORE UPDATE OF status ON insurance_payment WHEN OLD.status = 'closed' "
        "BEGIN SELECT RAISE(ABORT, 'a closed payment stays closed'); END"),
}


def upgrade() -> None:
    op.create_table('insurance_payment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('payer_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=5), nullable=False),
    sa.Column('number', sa.String(length=30), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=False),
    sa.Column('total_cents', Cents, nullable=False),
    sa.Column('status', sa.String(length=6), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['app_user.id'], name=op.f('fk_insurance_payment_created_by_app_user')),
    sa.ForeignKeyConstraint(['payer_id'], ['payer.id'], name=op.f('fk_insurance_payment_payer_id_payer')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_insurance_payment'))
    )
    with op.batch_alter_table('insurance_payment', schema=None) as batch_op:
        batch_op.create_index('ix_insurance_payment_payer_id_paid_on', ['payer_id', 'paid_on'], unique=False)

    op.create_table('payment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('method', sa.String(length=5), nullable=False),
    sa.Column('amount_cents', Cents, nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('check_number', sa.String(length=20), nullable=False),
    sa.Column('card_last4', sa.String(length=4), nullable=False),
    sa.Column('card_auth_code', sa.String(length=12), nullable=False),
    sa.Column('appointment_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('reverses_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['appointment_id'], ['appointment.id'], name=op.f('fk_payment_appointment_id_appointment')),
    sa.ForeignKeyConstraint(['created_by'], ['app_user.id'], name=op.f('fk_payment_created_by_app_user')),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_payment_patient_id_patient')),
    sa.ForeignKeyConstraint(['reverses_id'], ['payment.id'], name=op.f('fk_payment_reverses_id_payment')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment')),
    sa.UniqueConstraint('reverses_id', name=op.f('uq_payment_reverses_id'))
    )
    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.create_index('ix_payment_patient_id_received_on', ['patient_id', 'received_on'], unique=False)

    op.create_table('insurance_line_posting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('insurance_payment_id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('service_line_id', sa.Integer(), nullable=False),
    sa.Column('allowed_cents', Cents, nullable=False),
    sa.Column('paid_cents', Cents, nullable=False),
    sa.Column('remark_codes', sa.String(length=60), nullable=False),
    sa.Column('denied_reason', sa.String(length=120), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['claim_id'], ['claim.id'], name=op.f('fk_insurance_line_posting_claim_id_claim')),
    sa.ForeignKeyConstraint(['created_by'], ['app_user.id'], name=op.f('fk_insurance_line_posting_created_by_app_user')),
    sa.ForeignKeyConstraint(['insurance_payment_id'], ['insurance_payment.id'], name=op.f('fk_insurance_line_posting_insurance_payment_id_insurance_payment')),
    sa.ForeignKeyConstraint(['service_line_id'], ['service_line.id'], name=op.f('fk_insurance_line_posting_service_line_id_service_line')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_insurance_line_posting'))
    )
    with op.batch_alter_table('insurance_line_posting', schema=None) as batch_op:
        batch_op.create_index('ix_insurance_line_posting_claim_id', ['claim_id'], unique=False)
        batch_op.create_index('ix_insurance_line_posting_insurance_payment_id', ['insurance_payment_id'], unique=False)
        batch_op.create_index('ix_insurance_line_posting_service_line_id', ['service_line_id'], unique=False)

    op.create_table('payment_application',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('payment_id', sa.Integer(), nullable=False),
    sa.Column('service_line_id', sa.Integer(), nullable=False),
    sa.Column('amount_cents', Cents, nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['app_user.id'], name=op.f('fk_payment_application_created_by_app_user')),
    sa.ForeignKeyConstraint(['payment_id'], ['payment.id'], name=op.f('fk_payment_application_payment_id_payment')),
    sa.ForeignKeyConstraint(['service_line_id'], ['service_line.id'], name=op.f('fk_payment_application_service_line_id_service_line')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_application'))
    )
    with op.batch_alter_table('payment_application', schema=None) as batch_op:
        batch_op.create_index('ix_payment_application_payment_id', ['payment_id'], unique=False)
        batch_op.create_index('ix_payment_application_service_line_id', ['service_line_id'], unique=False)

    op.create_table('posting_adjustment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('line_posting_id', sa.Integer(), nullable=False),
    sa.Column('service_line_id', sa.Integer(), nullable=False),
    sa.Column('group_code', sa.String(length=2), nullable=False),
    sa.Column('reason_code', sa.String(length=5), nullable=False),
    sa.Column('amount_cents', Cents, nullable=False),
    sa.ForeignKeyConstraint(['line_posting_id'], ['insurance_line_posting.id'], name=op.f('fk_posting_adjustment_line_posting_id_insurance_line_posting')),
    sa.ForeignKeyConstraint(['service_line_id'], ['service_line.id'], name=op.f('fk_posting_adjustment_service_line_id_service_line')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_posting_adjustment'))
    )
    with op.batch_alter_table('posting_adjustment', schema=None) as batch_op:
        batch_op.create_index('ix_posting_adjustment_line_posting_id', ['line_posting_id'], unique=False)
        batch_op.create_index('ix_posting_adjustment_service_line_id', ['service_line_id'], unique=False)

    for name, body in PAYMENT_TRIGGERS.items():
        create_trigger(name, body)


def downgrade() -> None:
    for name in PAYMENT_TRIGGERS:
        drop_trigger(name, if_exists=True)
    with op.batch_alter_table('posting_adjustment', schema=None) as batch_op:
        batch_op.drop_index('ix_posting_adjustment_service_line_id')
        batch_op.drop_index('ix_posting_adjustment_line_posting_id')

    op.drop_table('posting_adjustment')
    with op.batch_alter_table('payment_application', schema=None) as batch_op:
        batch_op.drop_index('ix_payment_application_service_line_id')
        batch_op.drop_index('ix_payment_application_payment_id')

    op.drop_table('payment_application')
    with op.batch_alter_table('insurance_line_posting', schema=None) as batch_op:
        batch_op.drop_index('ix_insurance_line_posting_service_line_id')
        batch_op.drop_index('ix_insurance_line_posting_insurance_payment_id')
        batch_op.drop_index('ix_insurance_line_posting_claim_id')

    op.drop_table('insurance_line_posting')
    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.drop_index('ix_payment_patient_id_received_on')

    op.drop_table('payment')
    with op.batch_alter_table('insurance_payment', schema=None) as batch_op:
        batch_op.drop_index('ix_insurance_payment_payer_id_paid_on')

    op.drop_table('insurance_payment')
