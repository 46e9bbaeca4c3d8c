"""Patient documents: scanned or saved files attached to a patient, sealed with the practice key (issue 20)

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-07

Two new tables. ``patient_document`` describes each file (category, the date on it, its name, the media type
read from its content, size, pages, SHA-256, who attached it and when, the referral whose report it is, and
whether it was marked in error) and holds a small sealed thumbnail for the list. ``patient_document_content``
holds the file itself (up to 25 MB), sealed with the field key like insurance card images (migration 0023),
in a row of its own with the document's id, so listing documents never reads a file's content.
No existing row changes.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from frontdesk.storage.column_types import ByteCount

revision: str = '0029'
down_revision: str | None = '0028'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('patient_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.Column('document_date', sa.Date(), nullable=False),
    sa.Column('description', sa.String(length=200), nullable=False),
    sa.Column('file_name', sa.String(length=200), nullable=False),
    sa.Column('media_type', sa.String(length=20), nullable=False),
    sa.Column('size_bytes', ByteCount, nullable=False),
    sa.Column('page_count', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('thumbnail', sa.LargeBinary(), nullable=False),
    sa.Column('referral_id', sa.Integer(), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('in_error_at', sa.DateTime(), nullable=True),
    sa.Column('in_error_by', sa.Integer(), nullable=True),
    sa.Column('in_error_reason', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_patient_document_patient_id_patient')),
    sa.ForeignKeyConstraint(['referral_id'], ['referral.id'], name=op.f('fk_patient_document_referral_id_referral')),
    sa.ForeignKeyConstraint(['created_by'], ['app_user.id'], name=op.f('fk_patient_document_created_by_app_user')),
    sa.ForeignKeyConstraint(['in_error_by'], ['app_user.id'], name=op.f('fk_patient_document_in_error_by_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_patient_document'))
    )
    op.create_index('ix_patient_document_patient_id_document_date', 'patient_document',
                    ['patient_id', 'document_date'], unique=False)
    op.create_table('patient_document_content',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['id'], ['patient_document.id'], name=op.f('fk_patient_document_content_id_patient_document')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_patient_document_content'))
    )


def downgrade() -> None:
    op.drop_table('patient_document_content')
    op.drop_index('ix_patient_document_patient_id_document_date', table_name='patient_document')
    op.drop_table('patient_document')
