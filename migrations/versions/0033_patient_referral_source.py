"""A patient's referral source: how they came to the practice, for the new-patients report (issue 20)

Revision ID: 0033
Revises: 0032
Create Date: 2026-12-07

``patient.referral_source``: one key of ``frontdesk.domain.referral_sources.REFERRAL_SOURCES`` or blank ("Not
recorded"). Added with ALTER TABLE ADD COLUMN (the patient table is not rebuilt) and left blank for every
existing patient: a source is asked of the patient, never guessed from the referring physician.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = '0033'
down_revision: str | None = '0032'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("ALTER TABLE patient ADD COLUMN referral_source VARCHAR(20) NOT NULL DEFAULT ''")


def downgrade() -> None:
    op.execute("ALTER TABLE patient DROP COLUMN referral_source")
