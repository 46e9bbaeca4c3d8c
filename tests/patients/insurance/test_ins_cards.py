"""Insurance card images: PNG/JPEG by their own bytes, 5 MB at most, viewing is a patient view event."""

from __future__ import annotations

import hashlib

import pytest
from ins_testlib import JPEG_BYTES, PNG_BYTES, audit_rows, policy_input, tiny_png

from frontdesk.errors import NotFoundError, PermissionDenied, ValidationError
from frontdesk.services.patients import insurance, insurance_cards
from frontdesk.services.patients.insurance_cards import MAX_IMAGE_BYTES


@pytest.fixture
def policy_id(frontdesk_ctx, patient_id, payer_id) -> int:
    return insurance.add_policy(frontdesk_ctx, patient_id, policy_input(payer_id)).id


def test_attach_front_and_back_and_view(frontdesk_ctx, admin_ctx, patient_id, policy_id) -> None:
    front = insurance_cards.attach_card_image(frontdesk_ctx, policy_id, "front", PNG_BYTES)
    back = insurance_cards.attach_card_image(frontdesk_ctx, policy_id, "Back", bytearray(JPEG_BYTES))
    assert (front.mime_type, front.size_bytes, front.uploaded_by) == ("image/png", len(PNG_BYTES), "rita")
    assert back.mime_type == "image/jpeg" and back.sha256 == hashlib.sha256(JPEG_BYTES).hexdigest()
    assert insurance.get_policy(frontdesk_ctx, policy_id).card_sides == ("front", "back")
    assert [i.side for i in insurance_cards.list_card_images(frontdesk_ctx, policy_id)] == ["front", "back"]

    views_before = len(audit_rows(admin_ctx, "patient.view"))
    image = insurance_cards.get_card_image(frontdesk_ctx, policy_id, "back")
    assert image.data == JPEG_BYTES and image.info == back
    views = audit_rows(admin_ctx, "patient.view")
    assert len(views) == views_before + 1
    assert (views[0].patient_id, views[0].entity_type, views[0].username) == (patient_id, "insurance_card", "rita")
    assert views[0].detail == "card image: back"


def test_replace_and_remove(frontdesk_ctx, admin_ctx, policy_id) -> None:
    insurance_cards.attach_card_image(frontdesk_ctx, policy_id, "front", PNG_BYTES)
    insurance_cards.attach_card_image(frontdesk_ctx, policy_id, "front", JPEG_BYTES)
    assert insurance_cards.get_card_image(frontdesk_ctx, policy_id, "front").data == JPEG_BYTES
    assert [r.action for r in audit_rows(admin_ctx, "insurance_card")] == ["insurance_card.replace",
                                                                           "insurance_card.attach"]
    insurance_cards.remove_card_image(frontdesk_ctx, policy_id, "front")
    assert insurance_cards.list_card_images(frontdesk_ctx, policy_id) == []
    with pytest.raises(NotFoundError):
        insurance_cards.get_card_image(frontdesk_ctx, policy_id, "front")
    with pytest.raises(NotFoundError):
        insurance_cards.remove_card_image(frontdesk_ctx, policy_id, "back")


@pytest.mark.parametrize("data", [
    b"",
    b"GIF89a\x01\x00\x01\x00" + b"\x00" * 20,
    b"%PDF-1.7\n" + b"\x00" * 20,
    b"\x89PNG\r\n\x1a\n",  # a signature and nothing after it
    b"\x89PNG\r\n\x1a\n" + b"\x00" * 40,  # no IHDR where PNG puts it
    b"\xff\xd8",  # too short for a JPEG
    b"MZ\x90\x00" + b"\x00" * 60,
    "a text string",
    None,
])
def test_only_png_and_jpeg_are_accepted(frontdesk_ctx, policy_id, data) -> None:
    with pytest.raises(ValidationError) as caught:
        insurance_cards.attach_card_image(frontdesk_ctx, policy_id, "front", data)
    assert caught.value.field == "image"
    assert insurance_cards.list_card_images(frontdesk_ctx, policy_id) == []


def test_five_megabytes_at_most(frontdesk_ctx, policy_id) -> None:
    at_limit = PNG_BYTES + b"\x00" * (MAX_IMAGE_BYTES - len(PNG_BYTES))
    assert insurance_cards.attach_card_image(frontdesk_ctx, policy_id, "front", at_limit).size_bytes == MAX_IMAGE_BYTES
    with pytest.raises(ValidationError, match="too large") as caught:
        insurance_cards.attach_card_image(frontdesk_ctx, policy_id, "back", at_limit + b"\x00")
    assert caught.value.field == "image"


def test_bad_side_and_unknown_policy(frontdesk_ctx, policy_id) -> None:
    with pytest.raises(ValidationError) as caught:
        insurance_cards.attach_card_image(frontdesk_ctx, policy_id, "middle", PNG_BYTES)
    assert caught.value.field == "side"
    with pytest.raises(NotFoundError):
        insurance_cards.attach_card_image(frontdesk_ctx, 9999, "front", PNG_BYTES)


def test_permissions(anon_ctx, frontdesk_ctx, billing_ctx, policy_id) -> None:
    with pytest.raises(PermissionDenied):
        insurance_cards.attach_card_image(anon_ctx, policy_id, "front", PNG_BYTES)
    insurance_cards.attach_card_image(billing_ctx, policy_id, "front", PNG_BYTES)
    with pytest.raises(PermissionDenied):
        insurance_cards.get_card_image(anon_ctx, policy_id, "front")


@pytest.mark.sqlite_only("looks for the bytes in the SQLite file and its WAL")
def test_card_bytes_are_never_on_disk_in_clear(practice, data_paths, frontdesk_ctx, policy_id) -> None:
    marker = b"CANARY-CARD-IMAGE-7d1f0c" * 4
    insurance_cards.attach_card_image(frontdesk_ctx, policy_id, "front", tiny_png(marker))
    insurance_cards.attach_card_image(frontdesk_ctx, policy_id, "back", JPEG_BYTES + marker)
    assert insurance_cards.get_card_image(frontdesk_ctx, policy_id, "front").data.count(marker) == 1
    files = [p for p in data_paths.root.rglob("*") if p.is_file()]
    assert any(p.name.endswith("-wal") for p in files)
    assert [p.name for p in files if marker[:24] in p.read_bytes()] == []
