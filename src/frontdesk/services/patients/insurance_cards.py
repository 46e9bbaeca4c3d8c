"""Front and back images of insurance cards, kept inside the practice database (never as files).

The bytes are sealed with the practice's field key (storage/field_crypto.py) on both engines: a server's
files, dumps and WAL archives hold only ciphertext bound to its row."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import defer

from frontdesk.domain.permissions import Permission
from frontdesk.errors import NotFoundError, ValidationError
from frontdesk.models import InsuranceCardImage, InsurancePolicy
from frontdesk.models.base import utcnow
from frontdesk.services._base import Tx, operation, require_actor
from frontdesk.services.patients._insurance_records import username_of
from frontdesk.storage.field_crypto import open_column, seal_column

MAX_IMAGE_BYTES = 5 * 1024 * 1024
SIDES = {"front": "Front", "back": "Back"}
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_JPEG_MAGIC = b"\xff\xd8\xff"


@dataclass(frozen=True)
class CardImageInfo:
    """What is known about an attached image, without its bytes (for lists)."""

    policy_id: int
    side: str
    mime_type: str
    size_bytes: int
    sha256: str
    uploaded_by: str
    uploaded_at: datetime


@dataclass(frozen=True)
class CardImage:
    """An image with its bytes, for viewing."""

    info: CardImageInfo
    data: bytes


def _image_type(data: bytes) -> str:
    """The MIME type from the file's own first bytes (its name or extension can lie)."""
    if data.startswith(_PNG_MAGIC) and len(data) > len(_PNG_MAGIC) + 8 and data[12:16] == b"IHDR":
        return "image/png"
    if data.startswith(_JPEG_MAGIC) and len(data) > 4:
        return "image/jpeg"
    raise ValidationError("image", "The card image must be a PNG or JPEG picture (scan or photo).")


def _clean_side(side: object) -> str:
    text = str(side or "").strip().lower()
    if text not in SIDES:
        raise ValidationError("side", "Card side must be front or back.")
    return text


def _policy(tx: Tx, policy_id: int) -> InsurancePolicy:
    policy = tx.session.get(InsurancePolicy, policy_id)
    if policy is None:
        raise NotFoundError("That insurance policy no longer exists.")
    return policy


def _find(tx: Tx, policy_id: int, side: str) -> InsuranceCardImage | None:
    return tx.session.scalar(select(InsuranceCardImage).where(InsuranceCardImage.policy_id == policy_id,
                                                              InsuranceCardImage.side == side))


def _info(tx: Tx, image: InsuranceCardImage) -> CardImageInfo:
    return CardImageInfo(image.policy_id, image.side, image.mime_type, image.size_bytes, image.sha256,
                         username_of(tx.session, image.uploaded_by), image.uploaded_at)


@operation(Permission.EDIT_PATIENTS)
def attach_card_image(tx: Tx, policy_id: int, side: str, data: bytes) -> CardImageInfo:
    """Attach (or replace) the front or back image of a policy's card: PNG or JPEG, at most 5 MB."""
    actor = require_actor(tx)
    side = _clean_side(side)
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise ValidationError("image", "Choose an image file to attach.")
    data = bytes(data)
    if not data:
        raise ValidationError("image", "The image file is empty.")
    if len(data) > MAX_IMAGE_BYTES:
        raise ValidationError("image", f"The image is too large ({len(data) / 1048576:.1f} MB); "
                                       f"at most {MAX_IMAGE_BYTES // 1048576} MB. Scan at a lower resolution.")
    mime = _image_type(data)
    policy = _policy(tx, policy_id)
    image = _find(tx, policy.id, side)
    action = "insurance_card.replace" if image is not None else "insurance_card.attach"
    if image is None:
        image = InsuranceCardImage(policy_id=policy.id, side=side)
    image.mime_type = mime
    image.size_bytes = len(data)
    image.sha256 = hashlib.sha256(data).hexdigest()
    image.uploaded_by = actor.user_id
    image.uploaded_at = utcnow()
    seal_column(tx.session, tx.ctx.db.field_key, image, "data", data)
    tx.session.flush()
    tx.audit(action, entity_type="insurance_card", entity_id=image.id, patient_id=policy.patient_id,
             detail=f"side: {side}")
    tx.changed("insurance")
    return _info(tx, image)


@operation(Permission.VIEW_PATIENTS)
def get_card_image(tx: Tx, policy_id: int, side: str) -> CardImage:
    """The image's bytes for viewing; recorded as a view of the patient's record (HIPAA)."""
    side = _clean_side(side)
    policy = _policy(tx, policy_id)
    image = _find(tx, policy.id, side)
    if image is None:
        raise NotFoundError(f"No {side} image is attached to this card.")
    tx.audit("patient.view", entity_type="insurance_card", entity_id=image.id, patient_id=policy.patient_id,
             detail=f"card image: {side}")
    return CardImage(_info(tx, image), open_column(tx.ctx.db.field_key, image, "data"))


@operation(Permission.VIEW_PATIENTS, write=False)
def list_card_images(tx: Tx, policy_id: int) -> list[CardImageInfo]:
    """Which images a policy has (front first), without their bytes."""
    _policy(tx, policy_id)
    stmt = (select(InsuranceCardImage).where(InsuranceCardImage.policy_id == policy_id)
            .options(defer(InsuranceCardImage.data))  # up to 5 MB each: not read just to list them
            .order_by(InsuranceCardImage.side.desc()))
    return [_info(tx, image) for image in tx.session.scalars(stmt)]


@operation(Permission.EDIT_PATIENTS)
def remove_card_image(tx: Tx, policy_id: int, side: str) -> None:
    """Remove one side's image (secure_delete overwrites the freed pages)."""
    side = _clean_side(side)
    policy = _policy(tx, policy_id)
    image = _find(tx, policy.id, side)
    if image is None:
        raise NotFoundError(f"No {side} image is attached to this card.")
    image_id = image.id
    tx.session.delete(image)
    tx.audit("insurance_card.remove", entity_type="insurance_card", entity_id=image_id,
             patient_id=policy.patient_id, detail=f"side: {side}")
    tx.changed("insurance")
