"""End of day: day closes, deposits, cash drawer counts

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from frontdesk.storage.column_types import Cents
from frontdesk.storage.dialect_ddl import create_trigger, drop_trigger

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# A saved deposit is final: its rows and items are never edited or deleted, so a payment on it stays locked.
# A day close is never undone or changed either; later changes to that day are closed_day_correction rows.
END_OF_DAY_TRIGGERS = {
    **{f"{t}_no_update": f"BEFORE UPDATE ON {t} BEGIN SELECT RAISE(ABORT, 'saved end-of-day records are never edited'); END"
       for t in ("deposit", "deposit_item", "day_close", "closed_day_correction")},
    **{f"{t}_no_delete": f"BEFORE DELETE ON {t} BEGIN SELECT RAISE(ABORT, 'saved end-of-day records are never deleted'); END"
       for t in ("deposit", "deposit_item", "day_close", "closed_day_correction")},
}


def upgrade() -> None:
    op.create_table('deposit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('deposit_date', sa.Date(), nullable=False),
    sa.Column('cash_cents', Cents, nullable=False),
    sa.Column('check_cents', Cents, nullable=False),
    sa.Column('check_count', sa.Integer(), nullable=False),
    sa.Column('total_cents', Cents, nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['app_user.id'], name=op.f('fk_deposit_created_by_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deposit'))
    )
    with op.batch_alter_table('deposit', schema=None) as batch_op:
        batch_op.create_index('ix_deposit_deposit_date', ['deposit_date'], unique=False)

    op.create_table('deposit_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('deposit_id', sa.Integer(), nullable=False),
    sa.Column('payment_id', sa.Integer(), nullable=True),
    sa.Column('insurance_payment_id', sa.Integer(), nullable=True),
    sa.Column('method', sa.String(length=5), nullable=False),
    sa.Column('amount_cents', Cents, nullable=False),
    sa.ForeignKeyConstraint(['deposit_id'], ['deposit.id'], name=op.f('fk_deposit_item_deposit_id_deposit')),
    sa.ForeignKeyConstraint(['insurance_payment_id'], ['insurance_payment.id'], name=op.f('fk_deposit_item_insurance_payment_id_insurance_payment')),
    sa.ForeignKeyConstraint(['payment_id'], ['payment.id'], name=op.f('fk_deposit_item_payment_id_payment')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deposit_item')),
    sa.UniqueConstraint('insurance_payment_id', name=op.f('uq_deposit_item_insurance_payment_id')),
    sa.UniqueConstraint('payment_id', name=op.f('uq_deposit_item_payment_id'))
    )
    with op.batch_alter_table('deposit_item', schema=None) as batch_op:
        batch_op.create_index('ix_deposit_item_deposit_id', ['deposit_id'], unique=False)

    op.create_table('cash_drawer_count',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('opening_float_cents', Cents, nullable=False),
    sa.Column('counted_cash_cents', Cents, nullable=False),
    sa.Column('counted_checks_cents', Cents, nullable=False),
    sa.Column('expected_cash_cents', Cents, nullable=False),
    sa.Column('expected_checks_cents', Cents, nullable=False),
    sa.Column('difference_cents', Cents, nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('counted_at', sa.DateTime(), nullable=False),
    sa.Column('counted_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['counted_by'], ['app_user.id'], name=op.f('fk_cash_drawer_count_counted_by_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cash_drawer_count'))
    )
    with op.batch_alter_table('cash_drawer_count', schema=None) as batch_op:
        batch_op.create_index('ix_cash_drawer_count_day', ['day'], unique=False)

    op.create_table('day_sheet_print',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('printed_at', sa.DateTime(), nullable=False),
    sa.Column('printed_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['printed_by'], ['app_user.id'], name=op.f('fk_day_sheet_print_printed_by_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_day_sheet_print'))
    )
    with op.batch_alter_table('day_sheet_print', schema=None) as batch_op:
        batch_op.create_index('ix_day_sheet_print_day', ['day'], unique=False)

    op.create_table('day_close',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=False),
    sa.Column('closed_by', sa.Integer(), nullable=True),
    sa.Column('backup_run_id', sa.Integer(), nullable=True),
    sa.Column('backup_verified', sa.Boolean(), nullable=False),
    sa.Column('charges_cents', Cents, nullable=False),
    sa.Column('patient_money_cents', Cents, nullable=False),
    sa.Column('insurance_cents', Cents, nullable=False),
    sa.Column('adjustments_cents', Cents, nullable=False),
    sa.ForeignKeyConstraint(['backup_run_id'], ['backup_run.id'], name=op.f('fk_day_close_backup_run_id_backup_run')),
    sa.ForeignKeyConstraint(['closed_by'], ['app_user.id'], name=op.f('fk_day_close_closed_by_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_day_close')),
    sa.UniqueConstraint('day', name=op.f('uq_day_close_day'))
    )

    op.create_table('closed_day_correction',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('closed_day', sa.Date(), nullable=False),
    sa.Column('made_on', sa.Date(), nullable=False),
    sa.Column('entity_type', sa.String(length=20), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('detail', sa.String(length=200), nullable=False),
    sa.Column('made_at', sa.DateTime(), nullable=False),
    sa.Column('made_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['made_by'], ['app_user.id'], name=op.f('fk_closed_day_correction_made_by_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_closed_day_correction'))
    )
    with op.batch_alter_table('closed_day_correction', schema=None) as batch_op:
        batch_op.create_index('ix_closed_day_correction_closed_day', ['closed_day'], unique=False)
        batch_op.create_index('ix_closed_day_correction_made_on', ['made_on'], unique=False)

    for name, body in END_OF_DAY_TRIGGERS.items():
        create_trigger(name, body)


def downgrade() -> None:
    for name in END_OF_DAY_TRIGGERS:
        drop_trigger(name, if_exists=True)
    with op.batch_alter_table('closed_day_correction', schema=None) as batch_op:
        batch_op.drop_index('ix_closed_day_correction_made_on')
        batch_op.drop_index('ix_closed_day_correction_closed_day')
    op.drop_table('closed_day_correction')
    op.drop_table('day_close')
    with op.batch_alter_table('day_sheet_print', schema=None) as batch_op:
        batch_op.drop_index('ix_day_sheet_print_day')
    op.drop_table('day_sheet_print')
    with op.batch_alter_table('cash_drawer_count', schema=None) as batch_op:
        batch_op.drop_index('ix_cash_drawer_count_day')
    op.drop_table('cash_drawer_count')
    with op.batch_alter_table('deposit_item', schema=None) as batch_op:
        batch_op.drop_index('ix_deposit_item_deposit_id')
    op.drop_table('deposit_item')
    with op.batch_alter_table('deposit', schema=None) as batch_op:
        batch_op.drop_index('ix_deposit_deposit_date')
    op.drop_table('deposit')
