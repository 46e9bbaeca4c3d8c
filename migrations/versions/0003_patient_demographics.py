"""Patients: full demographics, guarantors and family links, merges

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (name, type, server default) of the new patient columns; every NOT NULL one has a default so
# patients saved by an older FrontDesk stay valid.
_TEXT_COLUMNS = (
    ("suffix", 10), ("preferred_name", 60), ("gender_identity", 40), ("preferred_phone_kind", 6), ("email", 254),
    ("preferred_contact", 5), ("preferred_language", 40), ("emergency_name", 120), ("emergency_relationship", 40),
    ("emergency_phone", 20), ("referring_name", 120), ("referring_npi", 10), ("notes", 2000),
    ("duplicate_override_reason", 500), ("guarantor_relationship", 20),
)


def upgrade() -> None:
    op.create_table('family',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_family'))
    )
    op.create_table('guarantor',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=True),
    sa.Column('first_name', sa.String(length=60), nullable=False),
    sa.Column('middle_name', sa.String(length=60), nullable=False),
    sa.Column('last_name', sa.String(length=60), nullable=False),
    sa.Column('suffix', sa.String(length=10), nullable=False),
    sa.Column('dob', sa.Date(), nullable=True),
    sa.Column('address_line1', sa.String(length=80), nullable=False),
    sa.Column('address_line2', sa.String(length=80), nullable=False),
    sa.Column('city', sa.String(length=60), nullable=False),
    sa.Column('state', sa.String(length=2), nullable=False),
    sa.Column('zip_code', sa.String(length=10), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_guarantor_patient_id_patient')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_guarantor')),
    sa.UniqueConstraint('patient_id', name=op.f('uq_guarantor_patient_id'))
    )
    op.create_table('patient_phone',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=6), nullable=False),
    sa.Column('e164', sa.String(length=20), nullable=False),
    sa.Column('digits', sa.String(length=15), nullable=False),
    sa.Column('local7', sa.String(length=7), nullable=False),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_patient_phone_patient_id_patient')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_patient_phone')),
    sa.UniqueConstraint('patient_id', 'kind', name=op.f('uq_patient_phone_patient_id'))
    )
    with op.batch_alter_table('patient_phone', schema=None) as batch_op:
        batch_op.create_index('ix_patient_phone_number_digits', ['digits'], unique=False)
        batch_op.create_index('ix_patient_phone_number_local7', ['local7'], unique=False)

    with op.batch_alter_table('patient', schema=None) as batch_op:
        for name, length in _TEXT_COLUMNS:
            batch_op.add_column(sa.Column(name, sa.String(length=length), server_default=sa.text("''"), nullable=False))
        batch_op.add_column(sa.Column('voicemail_ok', sa.Boolean(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('text_ok', sa.Boolean(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('status', sa.String(length=10), server_default='active', nullable=False))
        batch_op.add_column(sa.Column('deceased_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('merged_into_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('guarantor_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('family_id', sa.Integer(), nullable=True))
        # Phone search now reads patient_phone (any of the patient's numbers).
        batch_op.drop_index('ix_patient_phone_digits')
        # First-name matches are listed by first then last name: one index answers them in order.
        batch_op.drop_index('ix_patient_first_name_key')
        batch_op.create_index('ix_patient_first_key_last_key', ['first_name_key', 'last_name_key'], unique=False)
        batch_op.create_index('ix_patient_family_id', ['family_id'], unique=False)
        batch_op.create_index('ix_patient_guarantor_id', ['guarantor_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_patient_merged_into_id_patient'), 'patient',
                                    ['merged_into_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_patient_guarantor_id_guarantor'), 'guarantor',
                                    ['guarantor_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_patient_family_id_family'), 'family', ['family_id'], ['id'])

    # The single phone an older FrontDesk kept becomes the patient's home phone, and their preferred one.
    op.execute("INSERT INTO patient_phone (patient_id, kind, e164, digits, local7) "
               "SELECT id, 'home', phone, phone_digits, substr(phone_digits, length(phone_digits) - 6) "
               "FROM patient WHERE phone <> ''")
    op.execute("UPDATE patient SET preferred_phone_kind = 'home' WHERE phone <> ''")


def downgrade() -> None:
    with op.batch_alter_table('patient', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_patient_family_id_family'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_patient_guarantor_id_guarantor'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_patient_merged_into_id_patient'), type_='foreignkey')
        batch_op.drop_index('ix_patient_guarantor_id')
        batch_op.drop_index('ix_patient_family_id')
        batch_op.create_index('ix_patient_phone_digits', ['phone_digits'], unique=False)
        batch_op.drop_index('ix_patient_first_key_last_key')
        batch_op.create_index('ix_patient_first_name_key', ['first_name_key'], unique=False)
        for name in ('family_id', 'guarantor_id', 'merged_into_id', 'deceased_date', 'status', 'text_ok',
                     'voicemail_ok', *(name for name, _length in reversed(_TEXT_COLUMNS))):
            batch_op.drop_column(name)

    with op.batch_alter_table('patient_phone', schema=None) as batch_op:
        batch_op.drop_index('ix_patient_phone_number_local7')
        batch_op.drop_index('ix_patient_phone_number_digits')

    op.drop_table('patient_phone')
    op.drop_table('guarantor')
    op.drop_table('family')
