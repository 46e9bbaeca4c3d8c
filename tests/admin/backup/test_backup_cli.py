"""`frontdesk backup`, `restore`, `restore-drill`, `check --backups` as real processes: exit codes, one-line reasons."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from backup_testlib import PASSPHRASE, add_users, cli_env, keyed_sqlite, run_cli
from sqlalchemy import func, select

from frontdesk.models import AuditEvent, BackupRun, RestoreDrill
from frontdesk.storage.engine import Database
from frontdesk.storage.retention import list_backups


pytestmark = pytest.mark.sqlite_only("the CLI opens the practice from its data folder (--data-dir); "
                                     "the same job backs up a server practice: "
                                     "tests/storage/pg/test_pg_backup.py")



@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    return cli_env(tmp_path, FRONTDESK_PASSPHRASE=PASSPHRASE)


@pytest.fixture
def target(tmp_path) -> Path:
    folder = tmp_path / "backups"
    folder.mkdir()
    return folder


def _one_line_error(done, prefix: str) -> str:  # type: ignore[no-untyped-def]
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"frontdesk: {prefix}: ")
    assert "Traceback" not in done.stderr
    return lines[0]


def test_backup_exits_0_when_verified_and_records_the_run(practice, data_paths, target, tmp_path) -> None:
    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    os.chmod(secret, stat.S_IRUSR | stat.S_IWUSR)
    done = run_cli(cli_env(tmp_path), "backup", "--data-dir", str(data_paths.root), "--to", str(target),
                   "--passphrase-file", str(secret))
    assert done.returncode == 0, done.stderr
    [entry] = list_backups(target)
    assert done.stdout.startswith(f"Backup verified: {entry.path} (")
    assert done.stderr == ""
    with practice.db.session(write=False) as session:
        assert session.scalars(select(BackupRun.username)).one() == "(command line)"
        action = session.scalars(select(AuditEvent.action).order_by(AuditEvent.seq.desc())).first()
        assert action == "backup.create"


def test_backup_failures_exit_non_zero_with_one_line(practice, data_paths, env, tmp_path) -> None:
    missing = _one_line_error(run_cli(env, "backup", "--data-dir", str(data_paths.root), "--to",
                                      str(tmp_path / "no-drive")), "backup failed")
    assert "does not exist" in missing
    done = run_cli(env, "backup", "--data-dir", str(data_paths.root), "--to", str(tmp_path / "no-drive"))
    assert done.returncode == 1
    wrong = run_cli(dict(env, FRONTDESK_PASSPHRASE="not the passphrase"), "backup", "--data-dir",
                    str(data_paths.root), "--to", str(tmp_path))
    assert wrong.returncode == 2
    assert "passphrase is not correct" in _one_line_error(wrong, "backup failed")
    assert "not the passphrase" not in wrong.stderr + wrong.stdout


def test_check_finds_audit_rows_deleted_after_the_newest_backup(practice, data_paths, admin_ctx, env,
                                                                target) -> None:
    add_users(admin_ctx, 2)
    assert run_cli(env, "backup", "--data-dir", str(data_paths.root), "--to", str(target)).returncode == 0
    [entry] = list_backups(target)
    add_users(admin_ctx, 2, prefix="later")
    clean = run_cli(env, "check", "--data-dir", str(data_paths.root), "--backups", str(target))
    assert clean.returncode == 0, clean.stdout
    assert f"ends at audit event #{entry.manifest.audit_seq}, present in the live trail" in clean.stdout
    # someone with the key trims the newest events, reaching back before the backup: the chain still links up
    conn = keyed_sqlite(data_paths.database, practice.db.key)
    conn.execute("DROP TRIGGER audit_event_no_delete")
    conn.execute("DELETE FROM audit_event WHERE seq >= ?", (entry.manifest.audit_seq - 1,))
    conn.close()
    blind = run_cli(env, "check", "--data-dir", str(data_paths.root))
    assert blind.returncode == 1  # the chain alone cannot see it, but the dropped trigger shows
    assert "PROBLEM: schema: missing trigger audit_event_no_delete" in blind.stdout
    assert "PROBLEM: the audit trail is shorter than its anchor" in blind.stdout  # the backup anchored the head
    caught = run_cli(env, "check", "--data-dir", str(data_paths.root), "--backups", str(target))
    assert caught.returncode == 1
    assert (f"PROBLEM: audit event #{entry.manifest.audit_seq}, the last one in the newest backup "
            f"{entry.path.name}, is missing from the live audit trail") in caught.stdout
    empty = target.parent / "empty"
    empty.mkdir()
    warned = run_cli(env, "check", "--data-dir", str(data_paths.root), "--backups", str(empty))
    assert f"WARNING: no FrontDesk backups in {empty}" in warned.stdout


def test_restore_command(practice, data_paths, admin_ctx, env, target, tmp_path) -> None:
    assert run_cli(env, "backup", "--data-dir", str(data_paths.root), "--to", str(target)).returncode == 0
    [entry] = list_backups(target)
    add_users(admin_ctx, 1, prefix="later")
    running = run_cli(env, "restore", str(entry.path), "--data-dir", str(data_paths.root))
    assert running.returncode == 1  # this test's own connections are open: the app "is running"
    assert "FrontDesk appears to be running" in _one_line_error(running, "restore refused")
    practice.db.close()

    damaged = tmp_path / "damaged" / entry.path.name
    damaged.parent.mkdir()
    damaged.write_bytes(entry.path.read_bytes()[:-4096])
    (damaged.parent / entry.manifest_path.name).write_bytes(entry.manifest_path.read_bytes())
    refused = run_cli(env, "restore", str(damaged), "--data-dir", str(data_paths.root))
    assert refused.returncode == 1 and "is cut short" in _one_line_error(refused, "restore refused")

    done = run_cli(env, "restore", str(entry.manifest_path), "--data-dir", str(data_paths.root))
    assert done.returncode == 0, done.stderr
    assert f"Restored {entry.path.name}" in done.stdout and "pre-restore" in done.stdout
    db = Database(data_paths.database, practice.db.key)
    try:
        with db.session(write=False) as session:
            assert session.scalar(select(func.count()).select_from(AuditEvent)
                                  .where(AuditEvent.action == "backup.restore")) == 1
            names = set(session.connection().exec_driver_sql("SELECT username FROM app_user").scalars())
            assert "latera" not in names
    finally:
        db.close()

    fresh = tmp_path / "new-machine"
    recovery_file = tmp_path / "recovery.txt"
    recovery_file.write_text(practice.recovery_key, encoding="utf-8")
    no_secret = {k: v for k, v in env.items() if k != "FRONTDESK_PASSPHRASE"}
    asked = run_cli(no_secret, "restore", str(entry.path), "--data-dir", str(fresh))
    assert asked.returncode == 2 and "passphrase or the recovery key is needed" in asked.stderr
    new = run_cli(no_secret, "restore", str(entry.path), "--data-dir", str(fresh), "--recovery-key-file",
                  str(recovery_file))
    assert new.returncode == 0, new.stderr
    assert run_cli(env, "check", "--data-dir", str(fresh)).returncode == 0


def test_restore_drill_command(practice, data_paths, env, target) -> None:
    assert run_cli(env, "backup", "--data-dir", str(data_paths.root), "--to", str(target)).returncode == 0
    done = run_cli(env, "restore-drill", "--data-dir", str(data_paths.root), "--from", str(target))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Restore drill passed: frontdesk-")
    assert "key file opens with the passphrase" in done.stdout
    assert "Rows: " in done.stdout and "app_user 1" in done.stdout
    [entry] = list_backups(target)
    entry.path.write_bytes(b"\0" * entry.manifest.size)
    failed = run_cli(env, "restore-drill", "--data-dir", str(data_paths.root), "--from", str(target))
    assert failed.returncode == 1
    assert "SHA-256" in _one_line_error(failed, "restore drill failed")
    with practice.db.session(write=False) as session:
        assert session.scalars(select(RestoreDrill.ok).order_by(RestoreDrill.id)).all() == [True, False]
