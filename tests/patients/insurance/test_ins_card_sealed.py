"""Insurance card images are sealed with the practice key at rest, on SQLite and on PostgreSQL (issue 19).

What is stored is ciphertext bound to its row: read raw it is not the image, copied to another patient's card
it does not open, and with another key it does not open either (a StorageError, never garbage)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from ins_testlib import JPEG_BYTES, patient_input, policy_input, tiny_png
from sqlalchemy import event, text

from frontdesk.errors import StorageError
from frontdesk.services.patients import insurance, insurance_cards, merge, patients

pytestmark = pytest.mark.both_engines
MARKER = b"MEMBER W123-456 789"  # text a card shows, to look for at rest


@pytest.fixture
def policy_id(frontdesk_ctx, patient_id, payer_id) -> int:
    return insurance.add_policy(frontdesk_ctx, patient_id, policy_input(payer_id)).id


def _stored(db, policy_id: int, side: str) -> bytes:  # type: ignore[no-untyped-def]
    with db.session(write=False) as session:
        return bytes(session.execute(text("SELECT data FROM insurance_card_image WHERE policy_id = :p AND side = :s"),
                                     {"p": policy_id, "s": side}).scalar_one())


def test_the_stored_bytes_are_not_the_image_and_the_service_gives_it_back(practice, frontdesk_ctx,
                                                                          policy_id) -> None:
    image = tiny_png(MARKER)
    insurance_cards.attach_card_image(frontdesk_ctx, policy_id, "front", image)
    insurance_cards.attach_card_image(frontdesk_ctx, policy_id, "back", JPEG_BYTES + MARKER)
    for side in ("front", "back"):
        stored = _stored(practice.db, policy_id, side)
        assert MARKER not in stored and not stored.startswith((b"\x89PNG", b"\xff\xd8\xff"))
        assert stored[0] == 1  # field_crypto's version byte
    assert insurance_cards.get_card_image(frontdesk_ctx, policy_id, "front").data == image
    assert insurance_cards.get_card_image(frontdesk_ctx, policy_id, "back").data == JPEG_BYTES + MARKER


def test_no_statement_ever_carries_the_image_in_the_clear(practice, frontdesk_ctx, policy_id) -> None:
    """A new row is flushed before sealing (the seal binds its id): that first INSERT holds a placeholder."""
    sent: list[bytes] = []

    def spy(_conn, _cursor, _statement, parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
        values = parameters.values() if isinstance(parameters, dict) else parameters or ()
        values = [getattr(v, "obj", v) for v in values]  # psycopg hands BYTEA over wrapped in Binary
        sent.extend(bytes(v) for v in values if isinstance(v, (bytes, bytearray, memoryview)))

    event.listen(practice.db.engine, "before_cursor_execute", spy)
    try:
        insurance_cards.attach_card_image(frontdesk_ctx, policy_id, "front", tiny_png(MARKER))
        insurance_cards.attach_card_image(frontdesk_ctx, policy_id, "front", JPEG_BYTES + MARKER)  # replace
    finally:
        event.remove(practice.db.engine, "before_cursor_execute", spy)
    assert len(sent) >= 2 and not [value for value in sent if MARKER in value]


def test_a_card_copied_onto_another_patients_card_does_not_open(practice, frontdesk_ctx, policy_id,
                                                                 payer_id) -> None:
    other_patient = patients.register_patient(frontdesk_ctx, patient_input("Ola", "Other")).id
    other_policy = insurance.add_policy(frontdesk_ctx, other_patient, policy_input(payer_id, member_id="Z9")).id
    insurance_cards.attach_card_image(frontdesk_ctx, policy_id, "front", tiny_png(MARKER))
    insurance_cards.attach_card_image(frontdesk_ctx, other_policy, "front", JPEG_BYTES)
    with practice.db.session(write=True) as session:
        session.execute(text("UPDATE insurance_card_image SET data = :d WHERE policy_id = :p"),
                        {"d": _stored(practice.db, policy_id, "front"), "p": other_policy})
    with pytest.raises(StorageError, match="does not match this practice's key or this record"):
        insurance_cards.get_card_image(frontdesk_ctx, other_policy, "front")
    assert insurance_cards.get_card_image(frontdesk_ctx, policy_id, "front").data == tiny_png(MARKER)


def test_a_merge_keeps_the_cards_readable(admin_ctx, frontdesk_ctx, patient_id, payer_id) -> None:
    """The seal binds the image row, not the patient: a merge moves the policy and its cards still open."""
    twin = patients.register_patient(frontdesk_ctx, patient_input(), duplicate_override_reason="same person").id
    policy = insurance.add_policy(frontdesk_ctx, twin, policy_input(payer_id)).id
    insurance_cards.attach_card_image(frontdesk_ctx, policy, "front", tiny_png(MARKER))
    merge.merge_patients(admin_ctx, patient_id, twin)
    assert insurance.get_policy(frontdesk_ctx, policy).patient_id == patient_id
    assert insurance_cards.get_card_image(frontdesk_ctx, policy, "front").data == tiny_png(MARKER)


def test_another_key_does_not_open_a_card(practice, frontdesk_ctx, policy_id, monkeypatch) -> None:
    insurance_cards.attach_card_image(frontdesk_ctx, policy_id, "front", tiny_png(MARKER))
    monkeypatch.setattr(practice.db, "field_key", os.urandom(32))
    with pytest.raises(StorageError, match="could not be read"):
        insurance_cards.get_card_image(frontdesk_ctx, policy_id, "front")


def test_an_image_written_in_the_clear_around_the_app_is_refused(practice, frontdesk_ctx, policy_id) -> None:
    insurance_cards.attach_card_image(frontdesk_ctx, policy_id, "front", JPEG_BYTES)
    with practice.db.session(write=True) as session:
        session.execute(text("UPDATE insurance_card_image SET data = :d"), {"d": tiny_png(MARKER)})
    with pytest.raises(StorageError, match="not in FrontDesk's encrypted format"):
        insurance_cards.get_card_image(frontdesk_ctx, policy_id, "front")


def _files_at_rest(practice, data_paths) -> list[Path]:  # type: ignore[no-untyped-def]
    """The files the practice's data lives in: the data folder, or on a server its database's and WAL files."""
    if practice.db.path is not None:
        return [p for p in data_paths.root.rglob("*") if p.is_file()]
    with practice.db.engine.connect() as conn:
        conn.execute(text("CHECKPOINT"))  # the table's pages written out to its files, not only to the WAL
        folder = Path(conn.execute(text("SHOW data_directory")).scalar_one())
        oid = conn.execute(text("SELECT oid FROM pg_database WHERE datname = current_database()")).scalar_one()
    return [p for place in (folder / "base" / str(oid), folder / "pg_wal") for p in place.rglob("*") if p.is_file()]


def test_no_file_at_rest_holds_the_card(practice, data_paths, frontdesk_ctx, policy_id) -> None:
    """On a server too: its table files and WAL (what dumps, archives and base backups copy) hold ciphertext."""
    marker = b"CANARY-CARD-IMAGE-3e9a51" * 4
    insurance_cards.attach_card_image(frontdesk_ctx, policy_id, "front", tiny_png(marker))
    insurance_cards.attach_card_image(frontdesk_ctx, policy_id, "back", JPEG_BYTES + marker)
    files = _files_at_rest(practice, data_paths)
    assert len(files) > 1
    assert [p.name for p in files if marker[:24] in p.read_bytes()] == []
