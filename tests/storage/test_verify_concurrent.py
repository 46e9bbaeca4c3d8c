"""The parallel verification: each deeper check still speaks for the fault only it can see, and Cancel stops it.

Every damaged file here has a manifest forged to fit it (size, SHA-256, row counts re-read from the
damaged file and signed with the key), so the checksum cannot be what catches it: the check named in
the expected message must.
"""

from __future__ import annotations

import shutil
import threading
from dataclasses import replace
from pathlib import Path

import pytest
import sqlcipher3

from frontdesk.storage import verify
from frontdesk.storage.backup import BackupOutcome, create_backup
from frontdesk.storage.engine import raw_key_pragma_value
from frontdesk.storage.integrity import partition_tables
from frontdesk.storage.keys import KeyFile
from frontdesk.storage.manifest import Manifest, manifest_path_for, sha256_file
from frontdesk.storage.verify import (
    check_copy,
    manifest_facts,
    open_backup_file,
    read_facts,
    verify_backup,
)


class Cancelled(Exception):
    """Stands for the UI's JobCancelled."""


@pytest.fixture(params=[1, 2], ids=["whole-integrity-check", "split-integrity-check"], autouse=True)
def groups(request, monkeypatch) -> int:
    """Every test runs with integrity_check whole (2 cores) and split by tables (4+ cores)."""
    monkeypatch.setattr(verify, "structure_groups", lambda: request.param)
    return int(request.param)


@pytest.fixture
def made(practice, data_paths, tmp_path) -> BackupOutcome:
    target = tmp_path / "backups"
    target.mkdir()
    return create_backup(practice.db, KeyFile.load(data_paths.key_file), target)


def _edited_copy(made: BackupOutcome, folder: Path, *statements: str) -> Path:
    """A copy of the backup changed through SQLCipher itself (so every page still authenticates)."""
    folder.mkdir(parents=True)
    path = folder / made.path.name
    shutil.copyfile(made.path, path)
    conn = sqlcipher3.connect(str(path))
    conn.isolation_level = None
    try:
        conn.execute(f'PRAGMA key = "{raw_key_pragma_value(_key(made))}"')
        for sql in statements:
            conn.execute(sql)
    finally:
        conn.close()
    return path


def _key(made: BackupOutcome) -> bytes:
    return made.manifest.wrapped_key_file().unlock_with_passphrase("test passphrase 123")


def _forged(made: BackupOutcome, path: Path, **changes: object) -> Manifest:
    """A signed manifest that fits ``path`` (its size, checksum and facts), with ``changes`` on top."""
    digest, size = sha256_file(path)
    manifest = replace(made.manifest, file=path.name, size=size, sha256=digest)
    conn = open_backup_file(path, _key(made))
    try:
        facts = read_facts(conn)
        manifest = replace(manifest, page_count=facts.page_count, tables=facts.tables, audit_seq=facts.audit_seq,
                           audit_hash=facts.audit_hash)
    except sqlcipher3.DatabaseError:
        pass  # unreadable: the facts stay the original backup's
    finally:
        conn.close()
    manifest = replace(manifest, **changes)
    manifest_path_for(path).write_bytes(manifest.to_bytes(_key(made)))
    return Manifest.load(manifest_path_for(path))


def _problems(made: BackupOutcome, path: Path, manifest: Manifest) -> tuple[str, ...]:
    report = verify_backup(path, manifest, _key(made))
    assert not report.ok
    return report.problems


def test_the_untouched_backup_verifies(made) -> None:
    report = verify_backup(made.path, made.manifest, _key(made))
    assert report.ok, report.problems


def test_a_broken_reference_is_caught_by_the_foreign_key_check(made, tmp_path) -> None:
    path = _edited_copy(made, tmp_path / "fk", "PRAGMA foreign_keys = OFF",
                        "CREATE TABLE test_parent (id INTEGER PRIMARY KEY)",
                        "CREATE TABLE test_child (id INTEGER PRIMARY KEY, "
                        "parent_id INTEGER NOT NULL REFERENCES test_parent (id))",
                        "INSERT INTO test_child (id, parent_id) VALUES (1, 42)")
    assert _problems(made, path, _forged(made, path)) == (
        "the foreign key check found 1 broken references between tables",)


def test_an_index_that_disagrees_with_its_table_is_caught_by_integrity_check(made, tmp_path) -> None:
    # Every page authenticates and the row counts fit: only integrity_check compares index entries to rows.
    path = _edited_copy(made, tmp_path / "index",
                        "CREATE TABLE test_pair (a INTEGER NOT NULL, b INTEGER NOT NULL)",
                        "CREATE INDEX ix_test_pair ON test_pair (a)",
                        "INSERT INTO test_pair (a, b) VALUES (1, 100), (2, 200), (3, 300)",
                        "PRAGMA writable_schema = ON",
                        "UPDATE sqlite_schema SET sql = 'CREATE INDEX ix_test_pair ON test_pair (b)' "
                        "WHERE name = 'ix_test_pair'")
    problems = _problems(made, path, _forged(made, path))
    assert len(problems) == 1
    assert problems[0].startswith("the structure check (integrity_check) failed: ")
    assert "ix_test_pair" in problems[0]


def test_row_counts_and_the_audit_anchor_are_compared_with_the_manifest(made, tmp_path) -> None:
    folder = tmp_path / "counts"
    folder.mkdir()
    path = folder / made.path.name
    shutil.copyfile(made.path, path)
    users = made.manifest.tables["app_user"]
    forged = _forged(made, path, tables={**made.manifest.tables, "app_user": users + 1},
                     audit_seq=made.manifest.audit_seq + 1)
    assert _problems(made, path, forged) == (
        f"table app_user has {users} rows instead of {users + 1}",
        f"its audit trail ends at event #{made.manifest.audit_seq}, not at the anchor #{made.manifest.audit_seq + 1}")


def test_a_flipped_byte_is_named_by_the_separate_cipher_check(made, tmp_path) -> None:
    folder = tmp_path / "flip"
    folder.mkdir()
    path = folder / made.path.name
    data = bytearray(made.path.read_bytes())
    page_size, pages = made.manifest.page_size, len(data) // made.manifest.page_size
    data[(pages - 1) * page_size + 100] ^= 0x01
    path.write_bytes(bytes(data))
    problems = _problems(made, path, _forged(made, path))
    assert f"HMAC verification failed for page {pages}" in "; ".join(problems)
    assert any(p.startswith("the encryption check (cipher_integrity_check) failed") for p in problems)


def test_cancel_during_verification_stops_every_check_and_leaves_nothing(practice, data_paths, tmp_path) -> None:
    target = tmp_path / "backups"
    target.mkdir()

    def progress(stage: str, _done: int, _total: int) -> None:
        if stage == "verify":
            raise Cancelled()

    with pytest.raises(Cancelled):
        create_backup(practice.db, KeyFile.load(data_paths.key_file), target, progress=progress)
    assert list(target.iterdir()) == []  # no .partial, no manifest
    assert not [t for t in threading.enumerate() if t.name.startswith("fd-verify")]


def test_verify_progress_comes_from_the_calling_thread_and_ends_at_the_file_size(made) -> None:
    seen: list[tuple[str, int, int, str]] = []
    problems, facts, digest = check_copy(
        made.path, _key(made), manifest_facts(made.manifest), name=made.path.name,
        progress=lambda stage, done, total: seen.append((stage, done, total, threading.current_thread().name)))
    assert problems == [] and facts is not None and digest == made.manifest.sha256
    assert {s[3] for s in seen} == {threading.current_thread().name}
    dones = [s[1] for s in seen]
    assert dones == sorted(dones) and seen[-1][:3] == ("verify", made.size, made.size)


def test_stop_interrupts_a_running_statement_and_refuses_new_connections(made) -> None:
    checks = verify._Checks(made.path, _key(made))
    outcome: list[BaseException] = []
    started = threading.Event()

    def endless() -> None:
        try:
            with checks.connection() as conn:
                started.set()
                conn.execute("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) "
                             "SELECT count(*) FROM n").fetchone()
        except BaseException as exc:  # noqa: BLE001 (recorded for the assertion)
            outcome.append(exc)

    worker = threading.Thread(target=endless)
    worker.start()
    assert started.wait(10)
    checks.stop()
    worker.join(10)
    assert not worker.is_alive()
    assert len(outcome) == 1 and isinstance(outcome[0], sqlcipher3.OperationalError)
    assert "interrupt" in str(outcome[0])
    with pytest.raises(verify._Stopped), checks.connection():
        pass


def test_the_schema_has_no_views_or_virtual_tables(practice) -> None:
    """SQLite 3.53 (SQLCipher 4.19) runs integrity_check PARTIALLY when a root-page-0 object (a view, a
    virtual table) heads its list of b-trees: no freelist check and no 'page never used' accounting, and
    still 'ok'. Verification relies on the full check, so a migration that adds one must deal with that."""
    conn = practice.db.raw_connection()
    try:
        zero_roots = conn.execute("SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view') "
                                  "AND (rootpage = 0 OR rootpage IS NULL)").fetchall()
    finally:
        conn.close()
    assert zero_roots == []


def test_integrity_check_finds_a_page_never_used_in_this_schema(made, tmp_path) -> None:
    """The accounting the previous test protects: a page no b-tree owns is reported (with a view, it would not)."""
    folder = tmp_path / "orphan"
    path = _edited_copy(made, folder, "CREATE TABLE test_orphan (payload BLOB NOT NULL)",
                        "INSERT INTO test_orphan VALUES (zeroblob(20000))",
                        # drop the table's b-tree from the schema but not its pages: they are now owned by no one
                        "PRAGMA writable_schema = ON",
                        "DELETE FROM sqlite_schema WHERE name = 'test_orphan'")
    problems = _problems(made, path, _forged(made, path))
    assert len(problems) == 1 and "never used" in problems[0]
    assert problems[0].startswith("the structure check (integrity_check) failed: ")


def test_tables_are_dealt_out_whole_and_balanced() -> None:
    weights = {"tiny": 1, "small": 500, "mid": 600, "big": 1000, "new": 1}
    parts = partition_tables(weights, 2)
    assert sorted(name for part in parts for name in part) == ["big", "mid", "new", "small", "tiny"]
    assert parts == [["big", "new", "tiny"], ["mid", "small"]]
    assert partition_tables({"only": 5}, 3) == [["only"]]


def test_the_split_check_reports_what_the_whole_check_reports(made, tmp_path, monkeypatch) -> None:
    path = _edited_copy(made, tmp_path / "both",
                        "CREATE TABLE test_pair (a INTEGER NOT NULL, b INTEGER NOT NULL)",
                        "CREATE INDEX ix_test_pair ON test_pair (a)",
                        "INSERT INTO test_pair (a, b) VALUES (1, 100)",
                        "CREATE TABLE test_orphan (payload BLOB NOT NULL)",
                        "INSERT INTO test_orphan VALUES (x'00')",
                        "PRAGMA writable_schema = ON",
                        "UPDATE sqlite_schema SET sql = 'CREATE INDEX ix_test_pair ON test_pair (b)' "
                        "WHERE name = 'ix_test_pair'",
                        "DELETE FROM sqlite_schema WHERE name = 'test_orphan'")
    manifest = _forged(made, path)
    found = {}
    for groups in (1, 2, 3):
        monkeypatch.setattr(verify, "structure_groups", lambda groups=groups: groups)
        found[groups] = _problems(made, path, manifest)
    assert len(found[1]) == 1 and "ix_test_pair" in found[1][0] and "never used" in found[1][0]
    for groups in (2, 3):
        assert len(found[groups]) == 1 and "ix_test_pair" in found[groups][0] and "never used" in found[groups][0]
