"""Insurance card images are encrypted by the app with the practice key (field encryption, issue 19)

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-07

``insurance_card_image.data`` now holds the image sealed with AES-256-GCM under the field key derived
from the practice key, bound to its row (storage/field_crypto.py), so a practice server's files, dumps and
WAL archives do not carry the cards in the clear. The column keeps its type (BLOB / BYTEA); the images
already stored are sealed here, one row at a time (each is up to 5 MB). The field key comes from
frontdesk.storage.migrate, as the audit key does for 0018: without it the upgrade refuses, and nothing is
written. On SQLite, secure_delete overwrites the freed plaintext pages; on PostgreSQL the old row versions
stay in the table's files until VACUUM reuses their space (server mode is new with this same issue, so no
practice's server held images before this revision).
Downgrade opens them again.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from frontdesk.errors import StorageError
from frontdesk.storage.field_crypto import open_sealed, seal

revision: str = '0023'
down_revision: str | None = '0022'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_WHERE = dict(table="insurance_card_image", column="data")


def _field_key() -> bytes:
    key = op.get_context().config.attributes.get("field_key")
    if key is None:
        raise StorageError("This upgrade encrypts the stored insurance card images with the practice key; "
                           "run it through FrontDesk (frontdesk.storage.migrate), which supplies the key.")
    return key


def _rewrite(change) -> None:  # type: ignore[no-untyped-def]
    bind = op.get_bind()
    ids = bind.execute(sa.text("SELECT id FROM insurance_card_image ORDER BY id")).scalars().all()
    for row_id in ids:  # one image in memory at a time
        data = bind.execute(sa.text("SELECT data FROM insurance_card_image WHERE id = :id"),
                            {"id": row_id}).scalar_one()
        bind.execute(sa.text("UPDATE insurance_card_image SET data = :data WHERE id = :id"),
                     {"data": change(bytes(data), row_id), "id": row_id})


def _no_images() -> bool:
    """A new practice or server stores no card image yet: nothing to (un)seal, so no key is needed."""
    return op.get_bind().execute(sa.text("SELECT 1 FROM insurance_card_image LIMIT 1")).first() is None


def upgrade() -> None:
    if _no_images():
        return
    key = _field_key()
    _rewrite(lambda data, row_id: seal(key, data, row_id=row_id, **_WHERE))


def downgrade() -> None:
    if _no_images():
        return
    key = _field_key()
    _rewrite(lambda data, row_id: open_sealed(key, data, row_id=row_id, **_WHERE))
