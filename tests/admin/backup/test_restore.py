"""Restoring: round trip, pre-restore copy, WAL files, schema upgrade, other keys, new installs, in-use, service."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from backup_testlib import PASSPHRASE, add_users, folder_hashes, make_practice
from sqlalchemy import select

from frontdesk.services.admin.backup_jobs import restore_into_new_folder, run_restore_job
from frontdesk.services.admin.checks import run_checks
from frontdesk.errors import PermissionDenied, StorageError
from frontdesk.models import AuditEvent
from frontdesk.paths import DataPaths
from frontdesk.services.admin import backups
from frontdesk.services.session import ServiceContext
from frontdesk.storage import migrate
from frontdesk.storage.backup import create_backup
from frontdesk.storage.engine import Database
from frontdesk.storage.keys import KeyFile
from frontdesk.storage.migrate import current_revision, head_revision
from frontdesk.storage.restore import BackupKeys, restore_practice
from frontdesk.storage.store import KeySource, open_practice_store, unlock_key
from frontdesk.storage.swap import restoring_db


pytestmark = pytest.mark.sqlite_only("restores over the live single-PC data folder (swap, pre-restore"
                                     " copy, WAL); a server backup restores into a new server: "
                                     "tests/storage/pg/test_pg_backup.py")



def _usernames(db: Database) -> set[str]:
    with db.session(write=False) as session:
        return set(session.connection().exec_driver_sql("SELECT username FROM app_user").scalars())


def _backup(db: Database, paths: DataPaths, folder: Path):  # type: ignore[no-untyped-def]
    folder.mkdir(exist_ok=True)
    return create_backup(db, KeyFile.load(paths.key_file), folder)


def test_round_trip_keeps_the_replaced_data_aside(practice, data_paths, admin_ctx, tmp_path) -> None:
    add_users(admin_ctx, 2, prefix="before")
    backup = _backup(practice.db, data_paths, tmp_path / "b")
    add_users(admin_ctx, 1, prefix="later")
    key = practice.db.key
    practice.db.close()
    report, restored = run_restore_job(data_paths, backup.path, BackupKeys(current_key=key))
    try:
        assert _usernames(restored) == {"admin", "beforea", "beforeb"}
        assert not report.key_replaced and report.schema_to == head_revision()
        assert run_checks(restored).ok  # the audit chain continues across the restore
        with restored.session(write=False) as session:
            event = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
            assert event.action == "backup.restore" and event.username == "(command line)"
            assert backup.path.name in event.detail and "key=kept" in event.detail
    finally:
        restored.close()
    aside = report.pre_restore_copy
    assert aside is not None and aside.parent == data_paths.root / "pre-restore"
    old_key = KeyFile.load(aside.with_suffix(".key")).unlock_with_passphrase(PASSPHRASE)
    kept = Database(aside, old_key)
    try:
        assert "latera" in _usernames(kept)  # the data the restore replaced, complete
    finally:
        kept.close()
    leftovers = {p.name for p in data_paths.root.iterdir()}
    assert leftovers == {"frontdesk.db", "frontdesk.key", "pre-restore", "audit-anchor.json"}


def _crashed_copy(db: Database, paths: DataPaths, dest: Path) -> DataPaths:
    """A data folder as a crash leaves it: committed rows still only in frontdesk.db-wal."""
    dest.mkdir()
    for name in ("frontdesk.db", "frontdesk.db-wal", "frontdesk.key"):
        shutil.copyfile(paths.root / name, dest / name)
    return DataPaths(dest)


@pytest.mark.parametrize("live_key_known", [True, False])
def test_an_old_wal_never_replays_onto_the_restored_file(practice, data_paths, admin_ctx, tmp_path,
                                                         live_key_known) -> None:
    backup = _backup(practice.db, data_paths, tmp_path / "b")
    holder = practice.db.raw_connection()
    holder.execute("BEGIN")
    holder.execute("SELECT count(*) FROM app_user").fetchone()  # pins the WAL: no checkpoint past this
    add_users(admin_ctx, 3, prefix="walonly")
    crashed = _crashed_copy(practice.db, data_paths, tmp_path / "crashed")
    holder.execute("ROLLBACK")
    holder.close()
    assert (crashed.root / "frontdesk.db-wal").stat().st_size > 0
    key = practice.db.key
    report = restore_practice(crashed, backup.path, BackupKeys(current_key=key if live_key_known else None,
                                                                passphrase=None if live_key_known else PASSPHRASE))
    assert not any((crashed.root / f"frontdesk.db{s}").exists() for s in ("-wal", "-shm", "-journal"))
    restored = Database(crashed.database, key)
    try:
        assert _usernames(restored) == {"admin"}
    finally:
        restored.close()
    # the replaced data, WAL commits included, is in the pre-restore copy (checkpointed, or with its WAL)
    kept = Database(report.pre_restore_copy, key)
    try:
        assert {"walonlya", "walonlyb", "walonlyc"} <= _usernames(kept)
    finally:
        kept.close()


def _future_migrations(tmp_path: Path) -> Path:
    folder = tmp_path / "migrations"
    shutil.copytree(migrate.migrations_dir(), folder, ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "versions" / "9000_probe.py").write_text(textwrap.dedent(f"""
        \"\"\"Test-only revision: adds a table.\"\"\"
        import sqlalchemy as sa
        from alembic import op

        revision = "9000"
        down_revision = "{head_revision()}"
        branch_labels = None
        depends_on = None


        def upgrade():
            op.create_table("zz_probe", sa.Column("id", sa.Integer(), primary_key=True))


        def downgrade():
            op.drop_table("zz_probe")
    """), encoding="utf-8")
    return folder


def test_an_older_backup_is_upgraded_to_the_current_schema(practice, data_paths, tmp_path, monkeypatch) -> None:
    old_head = head_revision()
    backup = _backup(practice.db, data_paths, tmp_path / "b")
    key = practice.db.key
    practice.db.close()
    future = _future_migrations(tmp_path)
    monkeypatch.setattr(migrate, "migrations_dir", lambda: future)  # a newer app
    report = restore_practice(data_paths, backup.path, BackupKeys(current_key=key))
    assert (report.schema_from, report.schema_to) == (old_head, "9000")
    db = open_practice_store(data_paths, key)
    try:
        assert current_revision(db) == "9000"
        assert run_checks(db).ok
    finally:
        db.close()
    assert Path(backup.path).exists() and KeyFile.load(data_paths.key_file)  # the backup itself untouched


def test_a_backup_with_another_key_brings_its_key_file(practice, data_paths, tmp_path) -> None:
    other = make_practice(tmp_path / "old-install", passphrase="old install passphrase")
    add_users(ServiceContext(other.db, other.actor), 1, prefix="oldstaff")
    foreign = _backup(other.db, DataPaths(tmp_path / "old-install"), tmp_path / "b")
    other.db.close()
    live_key = practice.db.key
    old_key_file = data_paths.key_file.read_bytes()
    practice.db.close()
    report = restore_practice(data_paths, foreign.path,
                              BackupKeys(current_key=live_key, passphrase="old install passphrase"))
    assert report.key_replaced and report.db_key == other.db.key != live_key
    # from now on the backup's passphrase (and that installation's recovery key) open the practice
    key = unlock_key(data_paths, KeySource(passphrase="old install passphrase"))
    assert key == other.db.key == unlock_key(data_paths, KeySource(recovery_key=other.recovery_key))
    db = open_practice_store(data_paths, key)
    try:
        assert "oldstaffa" in _usernames(db) and run_checks(db).ok
    finally:
        db.close()
    # the pre-restore copy keeps the key file that opens it
    assert report.pre_restore_copy.with_suffix(".key").read_bytes() == old_key_file


@pytest.mark.parametrize("secret", ["passphrase", "recovery_key"])
def test_a_new_install_starts_from_a_backup(practice, data_paths, admin_ctx, tmp_path, secret) -> None:
    add_users(admin_ctx, 2)
    backup = _backup(practice.db, data_paths, tmp_path / "b")
    fresh = DataPaths(tmp_path / "new-machine" / "FrontDesk")
    given = {"passphrase": PASSPHRASE} if secret == "passphrase" else {"recovery_key": practice.recovery_key}
    report = restore_into_new_folder(backup.path, fresh, **given)
    assert report.backup_name == backup.path.name
    assert {p.name for p in fresh.root.iterdir()} == {"frontdesk.db", "frontdesk.key", "audit-anchor.json"}
    key = unlock_key(fresh, KeySource(**given))
    assert key == practice.db.key
    db = open_practice_store(fresh, key)
    try:
        assert _usernames(db) == {"admin", "staffa", "staffb"}
        assert run_checks(db).ok
        with db.session(write=False) as session:
            newest = session.scalars(select(AuditEvent.action).order_by(AuditEvent.seq.desc())).first()
            assert newest == "backup.restore"
    finally:
        db.close()
    with pytest.raises(StorageError, match="already holds a practice"):
        restore_into_new_folder(backup.path, fresh, passphrase=PASSPHRASE)


def test_restore_refuses_while_the_app_is_running(practice, data_paths, tmp_path) -> None:
    backup = _backup(practice.db, data_paths, tmp_path / "b")
    key = practice.db.key
    running = Database(data_paths.database, key)  # another FrontDesk, idle, its connection open
    with running.session(write=False) as session:
        session.connection().exec_driver_sql("SELECT 1").scalar()
    practice.db.close()
    before = folder_hashes(data_paths.root)
    try:
        with pytest.raises(StorageError, match="FrontDesk appears to be running on this practice's data"):
            restore_practice(data_paths, backup.path, BackupKeys(current_key=key))
        assert not restoring_db(data_paths).exists() and not (data_paths.root / "pre-restore").exists()
        with running.session(write=True) as session:  # the running app is unharmed
            session.connection().exec_driver_sql("SELECT count(*) FROM app_user").scalar()
        writer = running.raw_connection()  # and a transaction in progress is caught up front
        writer.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(StorageError, match="appears to be running"):
                restore_practice(data_paths, backup.path, BackupKeys(current_key=key))
        finally:
            writer.execute("ROLLBACK")
            writer.close()
    finally:
        running.close()
    after = folder_hashes(data_paths.root)
    assert after["frontdesk.key"] == before["frontdesk.key"]
    assert set(after) <= set(before) | {"frontdesk.db-wal", "frontdesk.db-shm"}


def test_restore_service_is_admin_only_and_hands_back_the_restored_database(practice, data_paths, admin_ctx,
                                                                            frontdesk_ctx, tmp_path) -> None:
    backup = _backup(practice.db, data_paths, tmp_path / "b")
    add_users(admin_ctx, 1, prefix="later")
    with pytest.raises(PermissionDenied):
        backups.restore(frontdesk_ctx, backup.path)
    assert "latera" in _usernames(practice.db)
    changed: list[frozenset[str]] = []
    ctx = ServiceContext(practice.db, practice.actor, notify=changed.append)
    summary = backups.restore(ctx, backup.path)
    try:
        assert _usernames(summary.db) == {"admin", "rita"}
        assert summary.pre_restore_copy and Path(summary.pre_restore_copy).exists()
        assert {"users", "patients", "audit"} <= changed[-1]
        with summary.db.session(write=False) as session:
            event = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
            assert event.action == "backup.restore" and event.username == "admin" and event.user_id is None
    finally:
        summary.db.close()


def test_a_refused_restore_is_audited_in_the_live_trail(practice, admin_ctx, tmp_path) -> None:
    bogus = tmp_path / "frontdesk-20260101-000000.fdbackup"
    bogus.write_bytes(b"garbage")
    with pytest.raises(StorageError, match="manifest"):
        backups.restore(admin_ctx, bogus)
    with practice.db.session(write=False) as session:
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
        assert event.action == "backup.restore_refused" and "manifest" in event.detail


def test_a_restore_renews_the_audit_anchor_and_a_killed_one_is_explained(practice, data_paths, admin_ctx,
                                                                          tmp_path) -> None:
    """The restored chain is legitimately shorter than the anchor the later backup wrote: the restore renews the
    anchor; a restore killed before renewing it leaves the old anchor, which check explains, not flags."""
    from frontdesk.storage.anchor import anchor_path

    early = _backup(practice.db, data_paths, tmp_path / "b")
    add_users(admin_ctx, 3, prefix="later")
    _backup(practice.db, data_paths, tmp_path / "b")  # the anchor moves past everything the early backup holds
    old_anchor = anchor_path(data_paths.database).read_bytes()
    key = practice.db.key
    practice.db.close()
    _report, restored = run_restore_job(data_paths, early.path, BackupKeys(current_key=key))
    try:
        report = run_checks(restored)
        assert report.ok, report.lines
        assert anchor_path(data_paths.database).read_bytes() != old_anchor
        anchor_path(data_paths.database).write_bytes(old_anchor)  # as if killed after the swap, before renewing
        report = run_checks(restored)
        assert report.ok, report.lines
        assert any("a backup was restored after the audit anchor" in line for line in report.lines)
    finally:
        restored.close()
