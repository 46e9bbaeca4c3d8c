"""A practice moved onto a server: a single-PC practice (`frontdesk server move-in`) or a backup (`frontdesk server
restore`, e.g. after the old server died), with the audit chain verified on arrival.

The copying is storage's (storage/move_in.py); what this adds is the arrival check, the audit chain and the
posted money verified with the practice key on the copied rows, inside the server's transaction, so a trail
that does not verify is never kept. Both run with the practice key and no one signed in (the key is the authority).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from frontdesk.services._base import unattended
from frontdesk.services.admin import _backup_records as records
from frontdesk.storage.engine import Database
from frontdesk.storage.keys import KeyFile
from frontdesk.storage.manifest import Progress
from frontdesk.storage.move_in import ArrivalCheck, MoveInReport, copy_into_server, restore_to_server
from frontdesk.storage.table_copy import RowProgress


def _arrival_check(key: bytes) -> ArrivalCheck:
    """The audit chain (HMAC key derived from the practice key) and the money it sealed, as they arrived."""
    from frontdesk.services._audit_chain import verify_chain, verify_posted_money

    def check(session: Session) -> str:
        chain = verify_chain(session, key)
        if not chain.ok:
            return chain.problem
        _, problems = verify_posted_money(session)
        return problems[0] if problems else ""

    return check


@unattended
def run_move_in(source: Database, target: Database, key_file: KeyFile, *,
                progress: RowProgress | None = None) -> MoveInReport:
    """Copy the single-PC practice ``source`` into the empty server ``target`` (opened with the same key); the
    source is only read. Raises StorageError, leaving the server empty, when anything does not arrive whole."""
    return copy_into_server(source, target, key_file, _arrival_check(target.audit_key), progress=progress)


@unattended
def run_restore_to_server(backup_file: Path, key: bytes, target: Database, *,
                          progress: Progress | None = None) -> MoveInReport:
    """Restore a verified backup into the empty server ``target`` (opened with the backup's key ``key``); the
    restore's audit event is in the trail that arrives."""
    return restore_to_server(Path(backup_file), key, target, _arrival_check(target.audit_key), progress=progress,
                             record=records.restore_recorder(None))
