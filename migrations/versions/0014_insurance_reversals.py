"""Insurance payment corrections: reversal postings and voided payer checks

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-27

A posted EOB line is corrected by a reversal posting (every amount negated, ``reverses_id`` naming the
posting it undoes), and a mistyped payer check is voided (its postings reversed) and entered anew. Columns
are added with plain ALTER TABLE (no table copy), so the append-only triggers of 0008 stay in place and a
practice with a million postings upgrades in moments. A closed check may now reopen (a reversal takes money
off it), but a void check is final.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from frontdesk.storage.dialect_ddl import column_type, create_trigger, drop_trigger

revision: str = '0014'
down_revision: str | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_STAYS_CLOSED = ("BEFORE UPDATE OF status ON insurance_payment WHEN OLD.status = 'closed' "
                 "BEGIN SELECT RAISE(ABORT, 'a closed payment stays closed'); END")
_VOID_IS_FINAL = ("BEFORE UPDATE ON insurance_payment WHEN OLD.status = 'void' "
                  "BEGIN SELECT RAISE(ABORT, 'a void payment is final'); END")


def upgrade() -> None:
    op.execute("ALTER TABLE insurance_line_posting ADD COLUMN reverses_id INTEGER "
               "CONSTRAINT fk_insurance_line_posting_reverses_id_insurance_line_posting "
               "REFERENCES insurance_line_posting (id)")
    op.execute("ALTER TABLE insurance_line_posting ADD COLUMN reason VARCHAR(200) NOT NULL DEFAULT ''")
    op.create_index('uq_insurance_line_posting_reverses_id', 'insurance_line_posting', ['reverses_id'], unique=True)
    op.execute("ALTER TABLE insurance_payment ADD COLUMN void_reason VARCHAR(200) NOT NULL DEFAULT ''")
    op.execute(f"ALTER TABLE insurance_payment ADD COLUMN voided_at {column_type(sa.DateTime())}")
    op.execute("ALTER TABLE insurance_payment ADD COLUMN voided_by INTEGER "
               "CONSTRAINT fk_insurance_payment_voided_by_app_user REFERENCES app_user (id)")
    drop_trigger("insurance_payment_stays_closed")
    create_trigger("insurance_payment_void_is_final", _VOID_IS_FINAL)


def downgrade() -> None:
    drop_trigger("insurance_payment_void_is_final")
    create_trigger("insurance_payment_stays_closed", _STAYS_CLOSED)
    op.drop_index('uq_insurance_line_posting_reverses_id', table_name='insurance_line_posting')
    for table, column in (("insurance_payment", "voided_by"), ("insurance_payment", "voided_at"),
                          ("insurance_payment", "void_reason"), ("insurance_line_posting", "reason"),
                          ("insurance_line_posting", "reverses_id")):
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
