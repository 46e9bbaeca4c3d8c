"""The accounting of disclosures (HIPAA 164.528): one row per disclosure of a patient's records (issue 20)

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-07

``disclosure`` is append-only like posted money: what was disclosed, to whom, why and when is never edited
or deleted (a patient may ask for six years of it). A mistaken entry is voided once, with a reason, and stays.
Merging a duplicate patient moves its entries to the record that stays (``patient_id`` stays open for that).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from frontdesk.storage.dialect_ddl import create_trigger, drop_trigger

revision: str = '0026'
down_revision: str | None = '0025'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_REFUSE = "BEGIN SELECT RAISE(ABORT, 'disclosures are never edited'); END"
_FIXED = ("id, disclosed_on, kind, recipient, recipient_address, description, purpose, recorded_by, "
          "recorded_at")
_VOID = "voided_at, voided_by, void_reason"
TRIGGERS = {
    "disclosure_fixed": f"BEFORE UPDATE OF {_FIXED} ON disclosure {_REFUSE}",
    # Voided once: a voided entry is never un-voided or re-voided with another reason.
    "disclosure_voided_once": f"BEFORE UPDATE OF {_VOID} ON disclosure WHEN OLD.voided_at IS NOT NULL {_REFUSE}",
    "disclosure_no_delete": "BEFORE DELETE ON disclosure BEGIN SELECT RAISE(ABORT, 'disclosures are never "
                            "deleted'); END",
}


def upgrade() -> None:
    op.create_table(
        'disclosure',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('patient_id', sa.Integer(), nullable=False),
        sa.Column('disclosed_on', sa.Date(), nullable=False),
        sa.Column('kind', sa.String(length=30), nullable=False),
        sa.Column('recipient', sa.String(length=120), nullable=False),
        sa.Column('recipient_address', sa.String(length=300), nullable=False),
        sa.Column('description', sa.String(length=500), nullable=False),
        sa.Column('purpose', sa.String(length=500), nullable=False),
        sa.Column('recorded_by', sa.Integer(), nullable=True),
        sa.Column('recorded_at', sa.DateTime(), nullable=False),
        sa.Column('voided_at', sa.DateTime(), nullable=True),
        sa.Column('voided_by', sa.Integer(), nullable=True),
        sa.Column('void_reason', sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_disclosure_patient_id_patient')),
        sa.ForeignKeyConstraint(['recorded_by'], ['app_user.id'], name=op.f('fk_disclosure_recorded_by_app_user')),
        sa.ForeignKeyConstraint(['voided_by'], ['app_user.id'], name=op.f('fk_disclosure_voided_by_app_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_disclosure')),
    )
    with op.batch_alter_table('disclosure', schema=None) as batch_op:
        batch_op.create_index('ix_disclosure_patient_id_disclosed_on', ['patient_id', 'disclosed_on'], unique=False)
    for name, body in TRIGGERS.items():
        create_trigger(name, body)


def downgrade() -> None:
    for name in TRIGGERS:
        drop_trigger(name)
    op.drop_table('disclosure')
