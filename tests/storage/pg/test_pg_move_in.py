"""`frontdesk server move-in` (issue 19): a single-PC practice copied into a new server, all or nothing, with the
row counts compared and the audit chain verified on arrival; the single-PC file is never written."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from calendar_support import person
from single_pc_support import bare_server_db, single_pc  # noqa: F401 (fixtures)
from sqlalchemy import select, text
from testsupport import PASSPHRASE, hermetic_env

from frontdesk.domain import schedule_time as st
from frontdesk.errors import StorageError
from frontdesk.models import Patient
from frontdesk.services._audit_chain import verify_chain
from frontdesk.services.admin import server_moves
from frontdesk.services.patients import patients
from frontdesk.services.session import ServiceContext
from frontdesk.storage.engine import Database
from frontdesk.storage.keys import KeyFile
from frontdesk.storage.move_in import SEEDED_TABLES, prepare_server
from frontdesk.storage.pg_engine import PostgresDatabase
from frontdesk.storage.server_key_file import load_key_file
from frontdesk.storage.table_copy import count_rows

NOW = datetime(2030, 3, 4, 13, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(st, "utc_now", lambda: NOW)


def hermetic_run(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`frontdesk ARGS` in its own process, with its home and platform folders under ``folder`` and no keyring."""
    return subprocess.run([sys.executable, "-m", "frontdesk", *args], env=hermetic_env(folder),
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300)


def _counts(db: Database) -> dict[str, int]:
    with db.engine.connect() as conn:
        return count_rows(conn)


def _names(db: Database) -> list[tuple[object, ...]]:
    """Every patient's name and links (guarantor, family), by id."""
    with db.session(write=False) as session:
        rows = session.execute(select(Patient.id, Patient.last_name, Patient.first_name, Patient.guarantor_id,
                                      Patient.family_id).order_by(Patient.id))
        return [tuple(row) for row in rows]


def _fingerprint(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def _empty(db: Database) -> bool:
    occupied = {name for name, count in _counts(db).items() if count}
    with db.engine.connect() as conn:
        key_table = conn.execute(text("SELECT to_regclass('frontdesk_key_file')")).scalar()
    return occupied <= SEEDED_TABLES and key_table is None


def test_move_in_copies_every_table_verifies_the_chain_and_leaves_the_file_alone(
        single_pc, template_practice, bare_server_db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    key = template_practice.db_key
    source = Database(single_pc.database, key)
    source_counts, source_names = _counts(source), _names(source)
    source.close()
    before = _fingerprint(single_pc.database)
    passphrase_file = tmp_path / "passphrase.txt"
    passphrase_file.write_text(PASSPHRASE, encoding="utf-8")
    done = hermetic_run(tmp_path, "server", "move-in", "--data-dir", str(single_pc.root), "--passphrase-file",
                        str(passphrase_file), "--server-url", bare_server_db)
    assert done.returncode == 0, done.stderr
    assert "audit chain verified" in done.stdout and "left as it was" in done.stdout
    assert _fingerprint(single_pc.database) == before
    server = PostgresDatabase(bare_server_db, key)
    try:
        assert _counts(server) == source_counts
        assert _names(server) == source_names and len(source_names) == 3
        assert source_names[0][3] is not None and source_names[0][4] is not None  # the links came along
        with server.session(write=False) as session:
            assert verify_chain(session, server.audit_key).ok
        stored = load_key_file(server)  # the passphrase and recovery key keep opening the practice
        assert stored.key_id == KeyFile.load(single_pc.key_file).key_id
        assert stored.unlock_with_passphrase(PASSPHRASE) == key
        # the id sequences were moved past the copied rows: the practice keeps working on the server
        added = patients.register_patient(ServiceContext(server, template_practice.result.actor),
                                          person("Nina", "New", "(518) 555-0199"))
        assert added.id > max(row_id for row_id in _ids(server) if row_id != added.id)
    finally:
        server.close()


def _ids(db: Database) -> list[int]:
    with db.session(write=False) as session:
        return list(session.scalars(select(Patient.id)))


def test_a_failure_mid_copy_leaves_the_server_empty(single_pc, template_practice, bare_server_db) -> None:  # type: ignore[no-untyped-def]
    source = Database(single_pc.database, template_practice.db_key)
    target = PostgresDatabase(bare_server_db, template_practice.db_key)
    calls: list[int] = []

    def fail_part_way(done: int, total: int) -> None:
        calls.append(done)
        if len(calls) == 5:  # several tables are in by now
            raise RuntimeError("the network went away")

    try:
        with pytest.raises(RuntimeError, match="network"):
            server_moves.run_move_in(source, target, KeyFile.load(single_pc.key_file), progress=fail_part_way)
        assert calls[-1] > 0 and _empty(target)
        server_moves.run_move_in(source, target, KeyFile.load(single_pc.key_file))  # and it can be tried again
        assert _counts(target) == _counts(source)
    finally:
        source.close()
        target.close()


def test_a_server_that_holds_a_practice_is_refused(single_pc, template_practice, bare_server_db) -> None:  # type: ignore[no-untyped-def]
    source = Database(single_pc.database, template_practice.db_key)
    target = PostgresDatabase(bare_server_db, template_practice.db_key)
    try:
        server_moves.run_move_in(source, target, KeyFile.load(single_pc.key_file))
        arrived = _counts(target)
        with pytest.raises(StorageError, match="already holds a practice"):
            server_moves.run_move_in(source, target, KeyFile.load(single_pc.key_file))
        assert _counts(target) == arrived
    finally:
        source.close()
        target.close()


def test_a_trail_that_does_not_verify_on_arrival_is_not_kept(single_pc, template_practice, bare_server_db) -> None:  # type: ignore[no-untyped-def]
    source = Database(single_pc.database, template_practice.db_key)
    target = PostgresDatabase(bare_server_db, template_practice.db_key)
    try:
        with source.engine.begin() as conn:  # someone with the key edits the single-PC trail behind the triggers
            conn.execute(text("DROP TRIGGER audit_event_no_update"))
            conn.execute(text("UPDATE audit_event SET detail = 'edited' WHERE seq = 3"))
        with pytest.raises(StorageError, match="audit trail did not verify"):
            server_moves.run_move_in(source, target, KeyFile.load(single_pc.key_file))
        assert _empty(target)
    finally:
        source.close()
        target.close()


def test_another_key_is_refused_before_anything_is_copied(single_pc, template_practice, bare_server_db) -> None:  # type: ignore[no-untyped-def]
    source = Database(single_pc.database, template_practice.db_key)
    target = PostgresDatabase(bare_server_db, bytes(32))
    try:
        with pytest.raises(StorageError, match="practice's own key"):
            server_moves.run_move_in(source, target, KeyFile.load(single_pc.key_file))
    finally:
        source.close()
        target.close()


def test_the_seeded_tables_are_what_the_migrations_fill(bare_server_db) -> None:
    target = PostgresDatabase(bare_server_db, bytes(32))
    try:
        prepare_server(target)
        assert {name for name, count in _counts(target).items() if count} == SEEDED_TABLES
    finally:
        target.close()


def test_server_restore_brings_a_single_pc_backup_onto_a_new_server(
        single_pc, template_practice, bare_server_db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from frontdesk.services.admin.backup_jobs import run_backup_job

    source = Database(single_pc.database, template_practice.db_key)
    try:
        snapshot = _counts(source)  # the backup's own run record is written after its snapshot
        result = run_backup_job(source, single_pc, tmp_path, retention=None)
    finally:
        source.close()
    recovery_file = tmp_path / "recovery.txt"
    recovery_file.write_text(template_practice.result.recovery_key, encoding="utf-8")
    done = hermetic_run(tmp_path, "server", "restore", str(result.path), "--recovery-key-file", str(recovery_file),
                        "--server-url", bare_server_db)
    assert done.returncode == 0, done.stderr
    assert "audit chain verified" in done.stdout
    server = PostgresDatabase(bare_server_db, template_practice.db_key)
    try:
        arrived = _counts(server)
        # the restore's own audit event is written into the restored copy, as a restore on one PC does
        assert arrived == {**snapshot, "audit_event": snapshot["audit_event"] + 1}
        with server.session(write=False) as session:
            assert verify_chain(session, server.audit_key).ok
    finally:
        server.close()
    again = hermetic_run(tmp_path, "server", "restore", str(result.path), "--recovery-key-file", str(recovery_file),
                         "--server-url", bare_server_db)
    assert again.returncode == 1 and "already holds a practice" in again.stderr


def test_a_practice_at_an_older_schema_is_refused_untouched(single_pc, template_practice, bare_server_db) -> None:  # type: ignore[no-untyped-def]
    from alembic.script import ScriptDirectory

    from frontdesk.storage.migrate import alembic_config, downgrade_to, head_revision

    source = Database(single_pc.database, template_practice.db_key)
    downgrade_to(source, ScriptDirectory.from_config(alembic_config()).get_revision(head_revision()).down_revision)
    source.close()
    before = _fingerprint(single_pc.database)
    source = Database(single_pc.database, template_practice.db_key)
    target = PostgresDatabase(bare_server_db, template_practice.db_key)
    try:
        with pytest.raises(StorageError, match="open it once with this FrontDesk"):
            server_moves.run_move_in(source, target, KeyFile.load(single_pc.key_file))
    finally:
        source.close()
        target.close()
    assert _fingerprint(single_pc.database) == before
