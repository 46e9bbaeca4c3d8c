"""Indexes for reading one day's money: patient payments by date received, payer postings by time posted

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-27

Without them the day sheet and the drawer count scanned every payment and every payer posting of the
practice: 1.25 s for one day on the synthetic 10-year practice (1 M payments, 1.2 M postings).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = '0015'
down_revision: str | None = '0014'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index('ix_payment_received_on', 'payment', ['received_on'], unique=False)
    op.create_index('ix_insurance_line_posting_created_at', 'insurance_line_posting', ['created_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_insurance_line_posting_created_at', table_name='insurance_line_posting')
    op.drop_index('ix_payment_received_on', table_name='payment')
