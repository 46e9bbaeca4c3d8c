"""A user can be linked to the provider they are (Clinical role, issue 19)

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07

``app_user.provider_id``: the provider a Clinical user is (NULL for everyone else). Messages and tasks
routed to a provider reach that user; a Clinical user with no provider is one of the "Nurses". The
routing itself needs no new column: ``to_role`` of phone_message / staff_task holds the group key
('nurses', 'provider:<id>' or a role), so every existing message keeps its recipient unchanged.
Added with ALTER TABLE ADD COLUMN (NULL for existing users), so app_user is not rebuilt.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = '0022'
down_revision: str | None = '0021'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("ALTER TABLE app_user ADD COLUMN provider_id INTEGER "
               "CONSTRAINT fk_app_user_provider_id_provider REFERENCES provider (id)")


def downgrade() -> None:
    # SQLite cannot DROP COLUMN a foreign key: the batch rebuilds app_user without it.
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.drop_column('provider_id')
