"""Making a backup: keyed online copy, manifest, verification, the WAL trap, concurrent use, audit."""

# Fixed dates are data here: each dated backup gets its time as now=..., and nothing compares it with the clock.

from __future__ import annotations

import hashlib
import json
import shutil
import threading
from pathlib import Path

import pytest
from backup_testlib import add_filler, add_users, count_rows, practice_key_file
from sqlalchemy import select

from frontdesk.services.admin.backup_jobs import run_backup_job
from frontdesk.errors import PermissionDenied
from frontdesk.models import AuditEvent, BackupRun
from frontdesk.services.admin import backups
from frontdesk.storage.backup import create_backup
from frontdesk.storage.engine import APPLICATION_ID
from frontdesk.storage.manifest import Manifest, key_check_value, parse_backup_name
from frontdesk.storage.migrate import head_revision
from frontdesk.storage.retention import list_backups
from frontdesk.storage.verify import open_backup_file, verify_backup


@pytest.fixture
def target(tmp_path: Path) -> Path:
    folder = tmp_path / "backups"
    folder.mkdir()
    return folder


@pytest.mark.sqlite_only("the page copy (progress in pages) and the data folder's key file; a server "
                         "practice: tests/storage/pg/test_pg_backup.py")
def test_backup_is_a_verified_encrypted_copy_with_a_full_manifest(practice, data_paths, admin_ctx, target) -> None:
    add_users(admin_ctx, 3)
    seen: list[tuple[str, int, int]] = []
    outcome = create_backup(practice.db, practice_key_file(practice, data_paths), target, pages_per_step=8,
                            progress=lambda stage, done, total: seen.append((stage, done, total)))
    assert sorted(p.name for p in target.iterdir()) == [outcome.path.name, outcome.manifest_path.name]
    assert parse_backup_name(outcome.path.name) is not None
    data = outcome.path.read_bytes()
    assert not data.startswith(b"SQLite format 3") and b"Staff Member" not in data

    doc = json.loads(outcome.manifest_path.read_text(encoding="utf-8"))
    assert doc["format"] == "frontdesk-backup" and doc["file"] == outcome.path.name
    assert doc["size"] == len(data) and doc["sha256"] == hashlib.sha256(data).hexdigest()
    assert doc["page_count"] * doc["page_size"] == len(data)
    assert doc["schema_version"] == head_revision()
    assert doc["tables"]["app_user"] == 4 and doc["tables"]["practice"] == 1
    with practice.db.session(write=False) as session:
        last = session.execute(select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc())).first()
    assert (doc["audit_seq"], doc["audit_hash"]) == (last.seq, last.hash)
    assert doc["key_check"] == key_check_value(practice.db.key)
    assert doc["key_file"] == json.loads(data_paths.key_file.read_bytes())  # restorable on a new machine
    assert practice.db.key.hex() not in outcome.manifest_path.read_text(encoding="utf-8")
    assert b"Staff Member" not in outcome.manifest_path.read_bytes()  # counts and hashes only, no names

    manifest = Manifest.load(outcome.manifest_path)
    assert manifest.wrapped_key_file().unlock_with_passphrase("test passphrase 123") == practice.db.key
    report = verify_backup(outcome.path, manifest, practice.db.key)
    assert report.ok, report.problems
    assert {"cipher_integrity_check", "integrity_check", "foreign_key_check", "row counts", "audit anchor",
            "application id", "schema version", "key check", "SHA-256"} <= set(report.checks)
    copy = open_backup_file(outcome.path, practice.db.key)
    try:
        assert copy.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
    finally:
        copy.close()
    copy_stages = [s for s in seen if s[0] == "copy"]
    assert len(copy_stages) > 2 and copy_stages[-1][1] == copy_stages[-1][2] == doc["page_count"]
    assert seen[-1][0] == "verify" and seen[-1][1] == seen[-1][2] == len(data)


@pytest.mark.sqlite_only("the WAL file beside the database")
def test_the_file_copy_trap_commits_in_the_wal_are_in_the_backup(practice, data_paths, admin_ctx, target,
                                                                 tmp_path) -> None:
    holder = practice.db.raw_connection()  # an open reader keeps the WAL from being checkpointed away
    try:
        holder.execute("BEGIN")
        holder.execute("SELECT count(*) FROM app_user").fetchone()
        add_users(admin_ctx, 5, prefix="walrow")
        wal = data_paths.database.with_name("frontdesk.db-wal")
        assert wal.stat().st_size > 0
        naive = tmp_path / "naive-copy.db"
        shutil.copyfile(data_paths.database, naive)  # what a plain file copy would save
        try:
            naive_count = count_rows(naive, practice.db.key, "app_user")
        except Exception:
            naive_count = 0  # even the schema may still be only in the WAL
        assert naive_count < 6
        outcome = create_backup(practice.db, practice_key_file(practice, data_paths), target)
        assert count_rows(outcome.path, practice.db.key, "app_user") == 6
        assert outcome.manifest.tables["app_user"] == 6
    finally:
        holder.execute("ROLLBACK")
        holder.close()


@pytest.mark.sqlite_only("writers during the page copy of a file grown with raw SQLite rows; a write "
                         "during a server snapshot: tests/storage/pg/test_pg_backup.py")
def test_the_app_stays_usable_and_the_backup_is_one_snapshot(practice, data_paths, admin_ctx, target) -> None:
    add_filler(practice.db, 6)
    before = 1  # the admin
    result: dict[str, object] = {}
    progress_calls = threading.Event()

    def back_up() -> None:
        try:
            result["outcome"] = create_backup(practice.db, practice_key_file(practice, data_paths), target,
                                              pages_per_step=16,
                                              progress=lambda *_: progress_calls.set())
        except BaseException as exc:  # handed to the main thread's assertion
            result["error"] = exc

    worker = threading.Thread(target=back_up)
    worker.start()
    assert progress_calls.wait(60)
    writes = 0
    while worker.is_alive() and writes < 40:  # how long a write waits: `frontdesk bench` write_during_backup
        add_users(admin_ctx, 1, prefix=f"busy{writes}x")
        writes += 1
    worker.join(120)
    assert "error" not in result, result.get("error")
    assert writes >= 1
    outcome = result["outcome"]
    copied = count_rows(outcome.path, practice.db.key, "app_user")  # type: ignore[attr-defined]
    assert copied == outcome.manifest.tables["app_user"]  # type: ignore[attr-defined]
    assert before <= copied <= before + writes
    assert verify_backup(outcome.path, outcome.manifest, practice.db.key).ok  # type: ignore[attr-defined]


def test_backup_service_audits_target_size_and_result_without_phi(practice, data_paths, frontdesk_ctx,
                                                                  admin_ctx, target) -> None:
    summary = backups.run_backup(frontdesk_ctx, target)  # front desk may back up (end of day)
    assert (target / summary.file_name).is_file()
    with practice.db.session(write=False) as session:
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
        run = session.scalars(select(BackupRun)).one()
        assert event.action == "backup.create" and event.username == "rita"
        assert f"target={target}" in event.detail and f"size={summary.size_bytes}" in event.detail
        assert "result=ok" in event.detail and event.patient_id is None
        assert run.ok and run.file_name == summary.file_name and run.size_bytes == summary.size_bytes
    last = backups.last_verified_backup(frontdesk_ctx)
    assert last is not None and last.file_name == summary.file_name and last.file_present
    (target / summary.file_name).unlink()
    assert backups.last_verified_backup(frontdesk_ctx).file_present is False
    assert [r.file_name for r in backups.list_backup_runs(admin_ctx)] == [summary.file_name]


def test_signed_out_users_cannot_back_up(anon_ctx, target) -> None:
    with pytest.raises(PermissionDenied):
        backups.run_backup(anon_ctx, target)
    assert list(target.iterdir()) == []
    with pytest.raises(PermissionDenied):
        backups.last_verified_backup(anon_ctx)


def test_a_failed_backup_is_audited_with_its_reason(practice, admin_ctx, tmp_path) -> None:
    missing = tmp_path / "unplugged-drive"
    with pytest.raises(Exception, match="does not exist"):
        backups.run_backup(admin_ctx, missing)
    with practice.db.session(write=False) as session:
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
        run = session.scalars(select(BackupRun)).one()
        assert event.action == "backup.failed" and "result=failed" in event.detail
        assert "does not exist" in event.detail
        assert not run.ok and "does not exist" in run.message
    assert backups.last_verified_backup(admin_ctx) is None


def test_two_backups_in_the_same_second_get_distinct_names(practice, data_paths, target) -> None:
    from datetime import datetime

    when = datetime(2026, 11, 27, 18, 30, 0)
    key_file = practice_key_file(practice, data_paths)
    first = create_backup(practice.db, key_file, target, now=when)
    second = create_backup(practice.db, key_file, target, now=when)
    assert first.path.name == "frontdesk-20261127-183000.fdbackup"
    assert second.path.name == "frontdesk-20261127-183001.fdbackup"
    assert [e.path.name for e in list_backups(target)] == [second.path.name, first.path.name]


def test_the_job_prunes_old_backups_but_never_the_new_one(practice, data_paths, target) -> None:
    from datetime import datetime, timedelta

    key_file = practice_key_file(practice, data_paths)
    start = datetime(2025, 1, 1, 18, 0, 0)
    for day in range(20):
        create_backup(practice.db, key_file, target, now=start + timedelta(days=day))
    result = run_backup_job(practice.db, data_paths, target)
    names = [e.path.name for e in list_backups(target)]
    assert names[0] == result.file_name
    assert len(result.deleted_old) == 20 + 1 - len(names) > 0
    for gone in result.deleted_old:
        assert not (target / gone).exists() and not (target / (gone + ".json")).exists()
