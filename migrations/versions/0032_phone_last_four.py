"""A patient's phones get their last four digits as a search key: "0180" finds the patient (issue 21)

Revision ID: 0032
Revises: 0031
Create Date: 2026-12-07

``patient_phone.last4``: the number's last four digits, what a caller often gives ("the one ending in 0180").
The search keys ``digits`` and ``local7`` answer prefixes only; a suffix match (LIKE '%0180') would read every
phone, so the suffix gets its own indexed column and the search asks for equality (one index seek on SQLite
and PostgreSQL alike). Added with ALTER TABLE ADD COLUMN (so patient_phone is not rebuilt), then filled from
``digits`` with portable SQL.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = '0032'
down_revision: str | None = '0031'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("ALTER TABLE patient_phone ADD COLUMN last4 VARCHAR(4) NOT NULL DEFAULT ''")
    op.execute("UPDATE patient_phone SET last4 = substr(digits, length(digits) - 3) WHERE length(digits) >= 4")
    op.create_index('ix_patient_phone_number_last4', 'patient_phone', ['last4'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_patient_phone_number_last4', table_name='patient_phone')
    op.execute("ALTER TABLE patient_phone DROP COLUMN last4")
