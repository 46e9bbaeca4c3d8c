"""Online backup: an encrypted, complete copy (WAL included) that opens only with its key."""

from __future__ import annotations

import os
import shutil
import sqlite3

import pytest
import sqlcipher3

from frontdesk.errors import StorageError
from frontdesk.services.patients import patients
from frontdesk.services.patients.patients import PatientInput
from frontdesk.storage.backup import online_backup, open_copy
from frontdesk.storage.engine import APPLICATION_ID, Database, raw_key_pragma_value
from frontdesk.storage.integrity import check_connection

TABLES = ("app_user", "audit_event", "patient", "practice", "provider", "alembic_version")


def _register(ctx, n: int) -> None:
    for i in range(n):
        patients.register_patient(ctx, PatientInput(
            first_name="Walter", last_name="Walrow" + "abcdefghij"[i % 10] * (1 + i // 10), dob="07/04/1976",
            sex="M", phone="(518) 555-0111", address_line1="5 Harbor Road", city="Albany", state="NY",
            zip_code="12207"), duplicate_override_reason="look-alike test rows")


def _rows(conn) -> dict[str, list[tuple]]:
    return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in TABLES}


def test_copy_opens_with_the_same_key_and_has_the_same_rows(db, admin_ctx, tmp_path) -> None:
    _register(admin_ctx, 5)
    dest = tmp_path / "backup.db"
    seen: list[tuple[int, int]] = []
    online_backup(db, dest, pages_per_step=2, progress=lambda done, total: seen.append((done, total)))
    assert dest.exists() and not dest.with_name("backup.db.partial").exists()
    assert seen and seen[-1][0] == seen[-1][1] > 0
    live, copy = db.raw_connection(), open_copy(dest, db.key)
    try:
        assert _rows(copy) == _rows(live)
        assert len(_rows(copy)["patient"]) == 5
        assert copy.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert check_connection(copy).ok
    finally:
        live.close()
        copy.close()


def test_copy_is_unreadable_without_the_key(db, admin_ctx, tmp_path) -> None:
    _register(admin_ctx, 3)
    dest = tmp_path / "backup.db"
    online_backup(db, dest)
    data = dest.read_bytes()
    assert not data.startswith(b"SQLite format 3")
    assert b"Walrow" not in data and b"Harbor" not in data
    plain = sqlite3.connect(dest)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="not a database"):
            plain.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        plain.close()
    with pytest.raises(StorageError):
        Database(dest, os.urandom(32))


def test_copy_with_its_own_key(db, admin_ctx, tmp_path) -> None:
    _register(admin_ctx, 2)
    other_key = os.urandom(32)
    dest = tmp_path / "backup.db"
    online_backup(db, dest, dest_key=other_key)
    with pytest.raises(StorageError):
        Database(dest, db.key)
    copy = Database(dest, other_key)
    try:
        with copy.session(write=False) as session:
            assert session.connection().exec_driver_sql("SELECT count(*) FROM patient").scalar() == 2
    finally:
        copy.close()


def test_copy_includes_commits_still_in_the_wal(db, admin_ctx, tmp_path) -> None:
    holder = db.raw_connection()  # an open connection keeps the WAL from being checkpointed away
    try:
        _register(admin_ctx, 4)
        wal = db.path.with_name(db.path.name + "-wal")
        assert wal.stat().st_size > 0
        # A plain file copy of the main database misses those commits...
        file_copy = tmp_path / "file-copy.db"
        shutil.copyfile(db.path, file_copy)
        naive = sqlcipher3.connect(str(file_copy))
        naive.execute(f'PRAGMA key = "{raw_key_pragma_value(db.key)}"')
        try:
            naive_count = naive.execute("SELECT count(*) FROM patient").fetchone()[0]
        except sqlcipher3.OperationalError:  # even the schema may still sit only in the WAL
            naive_count = 0
        finally:
            naive.close()
        assert naive_count < 4
        # ...the online backup has every one of them.
        dest = tmp_path / "backup.db"
        online_backup(db, dest)
        copy = open_copy(dest, db.key)
        try:
            assert copy.execute("SELECT count(*) FROM patient").fetchone()[0] == 4
        finally:
            copy.close()
    finally:
        holder.close()


def test_failed_backup_leaves_no_partial_file(db, tmp_path) -> None:
    dest = tmp_path / "missing-folder" / "backup.db"
    with pytest.raises(StorageError):
        online_backup(db, dest)
    assert not dest.exists()
    assert not dest.with_name("backup.db.partial").exists()


def test_backup_replaces_an_older_copy_atomically(db, admin_ctx, tmp_path) -> None:
    dest = tmp_path / "backup.db"
    online_backup(db, dest)
    _register(admin_ctx, 3)
    online_backup(db, dest)
    copy = open_copy(dest, db.key)
    try:
        assert copy.execute("SELECT count(*) FROM patient").fetchone()[0] == 3
    finally:
        copy.close()
