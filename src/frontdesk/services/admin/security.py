"""Audit records for key-handling actions done outside the database (Emergency Kit, passphrase change)."""

from __future__ import annotations

from frontdesk.domain.permissions import Permission
from frontdesk.errors import ValidationError
from frontdesk.services._base import Tx, operation

EMERGENCY_KIT_ACTIONS = ("saved", "printed")


@operation(Permission.MANAGE_PRACTICE)
def record_emergency_kit(tx: Tx, action: str) -> None:
    """Record that the Emergency Kit (which holds the recovery key) was saved to a file or printed."""
    if action not in EMERGENCY_KIT_ACTIONS:
        raise ValidationError("action", "The Emergency Kit can only be saved or printed.")
    # Only the verb: the file name or printer could say where the key now lies, which is not for the log.
    tx.audit("security.emergency_kit", detail=action)


@operation(Permission.MANAGE_PRACTICE)
def record_passphrase_change(tx: Tx) -> None:
    """Record that the administrator passphrase protecting the database key was changed."""
    tx.audit("security.passphrase_change")
