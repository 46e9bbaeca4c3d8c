"""The accounting export: the chart-of-accounts map and the record of exported days (issue 20)

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-07

``account_mapping`` holds, per kind of FrontDesk money (deposits, card payments, refunds, adjustments by
group...), the name of the practice's account in QuickBooks. ``accounting_export`` records each day whose
journal was written to a file, so a second export of that day is marked a re-export.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from frontdesk.storage.column_types import Cents

revision: str = '0027'
down_revision: str | None = '0026'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'account_mapping',
        sa.Column('key', sa.String(length=30), nullable=False),
        sa.Column('account', sa.String(length=100), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.Column('updated_by', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['updated_by'], ['app_user.id'], name=op.f('fk_account_mapping_updated_by_app_user')),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_account_mapping')),
    )
    op.create_table(
        'accounting_export',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('file_format', sa.String(length=10), nullable=False),
        sa.Column('reexport', sa.Boolean(), nullable=False),
        sa.Column('debits_cents', Cents, nullable=False),
        sa.Column('exported_at', sa.DateTime(), nullable=False),
        sa.Column('exported_by', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['exported_by'], ['app_user.id'],
                                name=op.f('fk_accounting_export_exported_by_app_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_accounting_export')),
    )
    with op.batch_alter_table('accounting_export', schema=None) as batch_op:
        batch_op.create_index('ix_accounting_export_day', ['day'], unique=False)


def downgrade() -> None:
    op.drop_table('accounting_export')
    op.drop_table('account_mapping')
