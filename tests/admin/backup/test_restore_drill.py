"""Restore drills: the latest backup restored into a temporary place, checked, recorded; live data untouched."""

from __future__ import annotations

from pathlib import Path

import pytest
from backup_testlib import PASSPHRASE, add_users, folder_hashes
from sqlalchemy import select

from frontdesk.errors import NotFoundError, PermissionDenied
from frontdesk.models import AuditEvent
from frontdesk.services.admin import backups, users


@pytest.fixture
def folder(practice, admin_ctx, tmp_path) -> Path:
    add_users(admin_ctx, 2)
    target = tmp_path / "backups"
    target.mkdir()
    backups.run_backup(admin_ctx, target)
    return target


def _non_db_files(root: Path) -> dict[str, str]:
    """The data folder except the live database files (which the drill's own record writes to)."""
    return {k: v for k, v in folder_hashes(root).items() if not k.startswith("frontdesk.db")}


def test_drill_restores_checks_and_records_without_touching_the_live_data(practice, data_paths, frontdesk_ctx,
                                                                          admin_ctx, folder) -> None:
    before = _non_db_files(data_paths.root)
    users_before = [u.username for u in users.list_users(admin_ctx)]
    drill = backups.run_restore_drill(frontdesk_ctx, folder)  # front desk may run the monthly drill
    assert drill.ok, drill.message
    assert drill.backup_file == backups.list_backup_runs(admin_ctx)[0].file_name
    assert "app_user 4" in drill.counts_summary and "practice 1" in drill.counts_summary  # admin, rita, 2 more
    assert drill.duration_ms > 0 and "key file not tested" in drill.message
    assert _non_db_files(data_paths.root) == before  # no temporary folder left, key file untouched
    assert [u.username for u in users.list_users(admin_ctx)] == users_before
    listed = backups.list_drills(frontdesk_ctx)
    assert [(d.id, d.ok, d.username, d.backup_file) for d in listed] == [(drill.id, True, "rita", drill.backup_file)]
    with practice.db.session(write=False) as session:
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
        assert event.action == "backup.drill" and "result=ok" in event.detail


def test_drill_with_the_passphrase_proves_the_backups_key_file(admin_ctx, folder) -> None:
    drill = backups.run_restore_drill(admin_ctx, folder, passphrase=PASSPHRASE)
    assert drill.ok and "its key file opens with the passphrase" in drill.message
    changed = backups.run_restore_drill(admin_ctx, folder, passphrase="a later passphrase 99")
    assert changed.ok and "key file not proven" in changed.message


def test_drill_of_a_damaged_backup_fails_and_says_why(admin_ctx, folder) -> None:
    newest = max(folder.glob("*.fdbackup"))
    data = bytearray(newest.read_bytes())
    data[len(data) // 2] ^= 1
    newest.write_bytes(bytes(data))
    drill = backups.run_restore_drill(admin_ctx, folder)
    assert not drill.ok and "SHA-256" in drill.message
    assert [d.ok for d in backups.list_drills(admin_ctx)] == [False]


def test_drill_needs_a_backup_and_a_permission(anon_ctx, admin_ctx, tmp_path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(NotFoundError, match="no FrontDesk backups"):
        backups.run_restore_drill(admin_ctx, empty)
    assert backups.list_drills(admin_ctx) == []
    with pytest.raises(PermissionDenied):
        backups.run_restore_drill(anon_ctx, empty)
    with pytest.raises(PermissionDenied):
        backups.list_drills(anon_ctx)
