"""Migration 0023 seals the card images stored before it, on both engines, and refuses to run without the key."""

from __future__ import annotations

import pytest
from alembic import command
from ins_testlib import JPEG_BYTES, policy_input, tiny_png
from sqlalchemy import text

from frontdesk.errors import StorageError
from frontdesk.services.patients import insurance, insurance_cards
from frontdesk.storage import migrate

BEFORE = "0022"  # the revision before field encryption
FRONT = tiny_png(b"MEMBER W123-456 789")


def _stored(db) -> dict[str, bytes]:  # type: ignore[no-untyped-def]
    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT side, data FROM insurance_card_image ORDER BY side")).all()
        conn.rollback()
    return {side: bytes(data) for side, data in rows}


@pytest.fixture
def policy_id(frontdesk_ctx, patient_id, payer_id) -> int:
    policy = insurance.add_policy(frontdesk_ctx, patient_id, policy_input(payer_id)).id
    insurance_cards.attach_card_image(frontdesk_ctx, policy, "front", FRONT)
    insurance_cards.attach_card_image(frontdesk_ctx, policy, "back", JPEG_BYTES)
    return policy


@pytest.mark.both_engines
def test_images_stored_before_0023_are_sealed_by_the_upgrade(practice, frontdesk_ctx, policy_id) -> None:
    sealed_at_head = _stored(practice.db)
    migrate.downgrade_to(practice.db, BEFORE)  # a practice as 0022 left it: the images in the clear
    assert _stored(practice.db) == {"back": JPEG_BYTES, "front": FRONT}

    migrate.upgrade_to_head(practice.db)
    sealed = _stored(practice.db)
    assert sorted(sealed) == ["back", "front"]
    assert all(data[0] == 1 and data not in (FRONT, JPEG_BYTES) for data in sealed.values())
    assert sealed != sealed_at_head  # sealed afresh (new nonces), not left as they were
    assert insurance_cards.get_card_image(frontdesk_ctx, policy_id, "front").data == FRONT
    assert insurance_cards.get_card_image(frontdesk_ctx, policy_id, "back").data == JPEG_BYTES


@pytest.mark.both_engines
def test_without_the_practice_key_the_upgrade_refuses_and_writes_nothing(practice, policy_id) -> None:
    db = practice.db
    migrate.downgrade_to(db, BEFORE)
    cfg = migrate.alembic_config()
    with db.engine.connect() as conn:
        cfg.attributes["connection"] = conn
        cfg.attributes["audit_key"] = db.audit_key  # everything frontdesk.storage.migrate gives but the field key
        with pytest.raises(StorageError, match="encrypts the stored insurance card images with the practice key"):
            command.upgrade(cfg, "0023")
        conn.rollback()
    assert migrate.current_revision(db) == BEFORE
    assert _stored(db) == {"back": JPEG_BYTES, "front": FRONT}
