"""Two practices, one backup folder: retention and the audit anchor only ever look at their own practice's
backups (matched by the database key the manifest was signed with), never at the folder alone."""

# Fixed dates are data here: they name the backups; retention counts the days that have backups.

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from backup_testlib import PASSPHRASE, cli_env, make_practice, run_cli
from sqlalchemy import select

from frontdesk.services.admin.backup_jobs import run_backup_job
from frontdesk.services.admin.checks import run_checks
from frontdesk.models import AuditEvent
from frontdesk.paths import DataPaths
from frontdesk.storage.backup import create_backup
from frontdesk.storage.keys import KeyFile
from frontdesk.storage.retention import RetentionPolicy, apply_retention, latest_backup, list_backups

pytestmark = pytest.mark.sqlite_only("two single-PC practices (their data folders and CLI runs) "
                                     "sharing one backup folder")



DAY_ONE = datetime(2026, 1, 5, 18, 0)


@pytest.fixture
def other(tmp_path):  # type: ignore[no-untyped-def]
    """Practice B: its own first run, so its own database key (the `practice` fixture is practice A)."""
    result = make_practice(tmp_path / "practice-b")
    yield result
    result.db.close()


@pytest.fixture
def shared(tmp_path) -> Path:
    folder = tmp_path / "shared-backups"
    folder.mkdir()
    return folder


def _backup(result, root: Path, folder: Path, when: datetime):  # type: ignore[no-untyped-def]
    return create_backup(result.db, KeyFile.load(DataPaths(root).key_file), folder, now=when)


def test_backing_up_practice_b_never_deletes_practice_a_backups(practice, data_paths, other, shared,
                                                                tmp_path) -> None:
    only_a = _backup(practice, data_paths.root, shared, DAY_ONE)  # A's only backup, the oldest in the folder
    b_old = [_backup(other, tmp_path / "practice-b", shared, DAY_ONE + timedelta(days=d)).path.name
             for d in (1, 2, 3)]
    result = run_backup_job(other.db, DataPaths(tmp_path / "practice-b"), shared,
                            retention=RetentionPolicy(daily=2, weekly=0, monthly=0))
    # B keeps its new backup and its newest older day; its two older ones go; A's backup is not B's to judge
    assert sorted(result.deleted_old) == sorted(b_old[:2])
    assert only_a.path.exists() and only_a.manifest_path.exists()
    assert {e.path.name for e in list_backups(shared)} == {only_a.path.name, b_old[2], result.file_name}
    with other.db.session(write=False) as session:
        entity, detail = session.execute(select(AuditEvent.entity_id, AuditEvent.detail)
                                         .where(AuditEvent.action == "backup.prune")).one()
    assert entity == result.file_name and "deleted_old=2" in detail and only_a.path.name not in detail


def test_retention_of_one_practice_is_applied_with_its_own_key_only(practice, data_paths, other, shared,
                                                                    tmp_path) -> None:
    a_names = [_backup(practice, data_paths.root, shared, DAY_ONE + timedelta(days=d)).path.name for d in range(3)]
    b_names = [_backup(other, tmp_path / "practice-b", shared, DAY_ONE + timedelta(days=d, hours=1)).path.name
               for d in range(3)]
    deleted = apply_retention(shared, RetentionPolicy(daily=1, weekly=0, monthly=0), db_key=other.db.key)
    assert sorted(deleted) == sorted(b_names[:2])
    assert {e.path.name for e in list_backups(shared)} == {*a_names, b_names[2]}
    assert latest_backup(shared, practice.db.key).path.name == a_names[2]  # not B's newer one
    assert latest_backup(shared, other.db.key).path.name == b_names[2]


def test_a_manifest_altered_after_signing_is_never_deleted(practice, data_paths, shared) -> None:
    old = _backup(practice, data_paths.root, shared, DAY_ONE)
    _backup(practice, data_paths.root, shared, DAY_ONE + timedelta(days=1))
    text = old.manifest_path.read_text(encoding="utf-8")
    old.manifest_path.write_text(text.replace(f'"app_version": "{old.manifest.app_version}"',
                                              '"app_version": "0.0.0"'), encoding="utf-8")
    assert apply_retention(shared, RetentionPolicy(daily=1, weekly=0, monthly=0), db_key=practice.db.key) == []
    assert old.path.exists()


def test_the_anchor_check_uses_this_practice_newest_backup_even_when_another_is_newer(
        practice, data_paths, other, shared, tmp_path) -> None:
    a_backup = _backup(practice, data_paths.root, shared, DAY_ONE)
    b_backup = _backup(other, tmp_path / "practice-b", shared, DAY_ONE + timedelta(days=1))
    assert a_backup.manifest.audit_seq > 0
    report = run_checks(practice.db, backups_dir=shared)
    assert report.ok, report.lines
    assert (f"ok: the newest backup {a_backup.path.name} ends at audit event #{a_backup.manifest.audit_seq}, "
            "present in the live trail") in report.lines
    assert any("1 newer backups" in line and "another practice" in line for line in report.lines)
    assert not any(b_backup.path.name in line for line in report.lines)
    # and the anchor still catches A's deleted newest audit events behind B's newer backup
    conn = practice.db.raw_connection()
    try:
        conn.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")
        conn.execute("DELETE FROM audit_event WHERE seq = ?", (a_backup.manifest.audit_seq,))
    finally:
        conn.close()
    caught = run_checks(practice.db, backups_dir=shared)
    assert not caught.ok
    assert any(f"audit event #{a_backup.manifest.audit_seq}, the last one in the newest backup "
               f"{a_backup.path.name}, is missing" in line for line in caught.lines)


def test_a_folder_holding_only_other_practices_backups_checks_no_anchor(practice, other, shared,
                                                                        tmp_path) -> None:
    _backup(other, tmp_path / "practice-b", shared, DAY_ONE)
    report = run_checks(practice.db, backups_dir=shared)
    assert report.ok
    assert any(line.startswith(f"WARNING: no FrontDesk backups of this practice in {shared} (1 of other practices")
               for line in report.lines)


def test_cli_backup_of_b_and_check_of_a_share_one_folder(practice, data_paths, other, shared, tmp_path) -> None:
    env = cli_env(tmp_path, FRONTDESK_PASSPHRASE=PASSPHRASE)
    b_root = tmp_path / "practice-b"
    only_a = _backup(practice, data_paths.root, shared, DAY_ONE)
    for day in range(1, 16):  # with today's, 16 days: B keeps 14 (the 2 oldest are in no kept week or month)
        _backup(other, b_root, shared, DAY_ONE + timedelta(days=day))
    other.db.close()
    done = run_cli(env, "backup", "--data-dir", str(b_root), "--to", str(shared))
    assert done.returncode == 0, done.stderr
    assert "Deleted 2 old backups of this practice" in done.stdout
    assert only_a.path.exists() and only_a.manifest_path.exists()
    practice.db.close()
    checked = run_cli(env, "check", "--data-dir", str(data_paths.root), "--backups", str(shared))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"the newest backup {only_a.path.name} ends at audit event" in checked.stdout
