"""Key handling: changing the administrator passphrase, and audit records for the Emergency Kit."""

from __future__ import annotations

from frontdesk.domain.permissions import Permission
from frontdesk.errors import ValidationError
from frontdesk.services._base import Tx, operation
from frontdesk.services.admin.backups import _practice_paths
from frontdesk.storage import server_key_file, store
from frontdesk.storage.server_backup import is_server

EMERGENCY_KIT_ACTIONS = ("saved", "printed")


@operation(Permission.MANAGE_PRACTICE)
def record_emergency_kit(tx: Tx, action: str) -> None:
    """Record that the Emergency Kit (which holds the recovery key) was saved to a file or printed."""
    if action not in EMERGENCY_KIT_ACTIONS:
        raise ValidationError("action", "The Emergency Kit can only be saved or printed.")
    # Only the verb: the file name or printer could say where the key now lies, which is not for the log.
    tx.audit("security.emergency_kit", detail=action)


@operation(Permission.MANAGE_PRACTICE)
def change_passphrase(tx: Tx, current_passphrase: str, new_passphrase: str) -> None:
    """Re-wrap the database key under a new administrator passphrase and audit it; the data is untouched.

    The role is checked first; knowing the current passphrase is what authorises the re-wrap itself
    (WrongKeyError otherwise, nothing written). The key file is written before the audit row, in the
    same transaction: a re-wrap that fails leaves no row, as an audit row for a change that did not
    happen would be false. The recovery key, the Emergency Kit and a remembered key keep working.
    """
    db = tx.ctx.db
    if is_server(db):  # a practice server keeps its key file in the database (storage/server_key_file.py)
        server_key_file.change_passphrase(tx.session, db.key, current_passphrase, new_passphrase)
    else:
        store.change_passphrase(_practice_paths(db), db.key, current_passphrase, new_passphrase)
    tx.audit("security.passphrase_change")
