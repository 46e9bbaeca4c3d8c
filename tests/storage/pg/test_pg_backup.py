"""Backups of a practice server (issue 19): one REPEATABLE READ snapshot into the single-PC backup format, verified
like any backup, restored to a new server and opened on one PC when the server dies."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select, text
from calendar_support import build_clinic, local, person
from single_pc_support import bare_server_db  # noqa: F401 (a fixture)
from testsupport import PASSPHRASE

from frontdesk.domain import schedule_time as st
from frontdesk.errors import DamagedFileError, OperationCancelled, StorageError
from frontdesk.models import Patient
from frontdesk.paths import DataPaths
from frontdesk.services._audit_chain import verify_chain
from frontdesk.services.admin import backups, server_moves
from frontdesk.services.admin.backup_jobs import restore_into_new_folder
from frontdesk.services.patients import family, patients
from frontdesk.services.payments import payments
from frontdesk.services.scheduling import appointments
from frontdesk.services.scheduling.appointments import BookingRequest
from frontdesk.services.session import ServiceContext
from frontdesk.storage import server_backup
from frontdesk.storage.engine import Database
from frontdesk.storage.manifest import Manifest, manifest_path_for
from frontdesk.storage.pg_engine import PostgresDatabase
from frontdesk.storage.table_copy import count_rows
from frontdesk.storage.verify import verify_backup

TUESDAY = date(2030, 3, 5)
NOW = datetime(2030, 3, 4, 13, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(st, "utc_now", lambda: NOW)


def _busy_day(admin_ctx, frontdesk_ctx) -> list[int]:  # type: ignore[no-untyped-def]
    clinic = build_clinic(admin_ctx, frontdesk_ctx)
    appointments.book_appointment(frontdesk_ctx, BookingRequest(clinic.pat[0], clinic.dr_a, clinic.visit,
                                                                local(TUESDAY, 10)))
    payments.take_payment(frontdesk_ctx, clinic.pat[1], method="cash", amount="$40.00")
    # a cycle of references between tables: a patient's guarantor is a patient with a higher id
    family.set_guarantor_patient(frontdesk_ctx, clinic.pat[0], clinic.pat[2], "parent")
    family.link_family(frontdesk_ctx, clinic.pat[0], clinic.pat[1])
    return clinic.pat


def _names(ctx: ServiceContext) -> list[tuple[str, str]]:
    """Every patient's name, read through the patient service (opening each record)."""
    with ctx.db.session(write=False) as session:
        ids = list(session.scalars(select(Patient.id)))
    names = sorted((p.last_name, p.first_name) for p in (patients.open_patient(ctx, i) for i in ids))
    assert names, "no patients to compare"
    return names


def _counts(db: Database) -> dict[str, int]:
    with db.engine.connect() as conn:
        return count_rows(conn)


def _chain_ok(db: Database) -> bool:
    with db.session(write=False) as session:
        return verify_chain(session, db.audit_key).ok


def test_a_server_backup_verifies_restores_to_a_new_server_and_opens_on_one_pc(
        practice, admin_ctx, frontdesk_ctx, bare_server_db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _busy_day(admin_ctx, frontdesk_ctx)
    folder = tmp_path / "backups"
    folder.mkdir()
    stages: set[str] = set()
    server_counts = _counts(practice.db)  # what the snapshot sees (the backup's own record comes after it)
    summary = backups.run_backup(admin_ctx, folder, progress=lambda stage, done, total: stages.add(stage))
    assert stages == {"copy", "verify"}
    backup = folder / summary.file_name
    manifest = Manifest.load(manifest_path_for(backup))
    # (a) verified like any backup, with the practice key; its manifest counts are the server's
    assert verify_backup(backup, manifest, practice.db.key).ok
    assert {name: manifest.tables[name] for name in server_counts} == server_counts
    assert manifest.key_id == practice.key_id  # the server's key file travels in the manifest
    assert backups.list_backup_runs(admin_ctx)[0].ok
    # (b) restored to a new server: the same rows, the chain verifies with the same practice key
    target = PostgresDatabase(bare_server_db, practice.db.key)
    try:
        report = server_moves.run_restore_to_server(backup, practice.db.key, target)
        restored = _counts(target)
        assert report.tables == {name: restored[name] for name in report.tables}
        # plus the restore's own audit event, written into the copy as a restore on one PC does
        assert restored == {**server_counts, "audit_event": server_counts["audit_event"] + 1}
        assert _chain_ok(target)
        assert _names(ServiceContext(target, practice.actor)) == _names(frontdesk_ctx)
    finally:
        target.close()
    # (c) the server died: the backup opens on one PC, with the passphrase its key file was wrapped under
    pc = DataPaths(tmp_path / "one-pc")
    restore_into_new_folder(backup, pc, PASSPHRASE)
    single = Database(pc.database, practice.db.key)
    try:
        assert _chain_ok(single)
        assert _names(ServiceContext(single, practice.actor)) == _names(frontdesk_ctx)
    finally:
        single.close()


def test_the_drill_restores_a_server_backup_as_a_single_pc_practice(
        practice, admin_ctx, frontdesk_ctx, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _busy_day(admin_ctx, frontdesk_ctx)
    backups.run_backup(admin_ctx, tmp_path)
    drill = backups.run_restore_drill(admin_ctx, tmp_path, passphrase=PASSPHRASE)
    assert drill.ok, drill.message
    assert "patient 3" in drill.counts_summary
    assert "key file opens with the passphrase" in drill.message


def test_a_write_during_the_snapshot_is_not_in_the_backup(
        practice, admin_ctx, frontdesk_ctx, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _busy_day(admin_ctx, frontdesk_ctx)
    patients.register_patient(frontdesk_ctx, person("Ed", "Early", "(518) 555-0177"))  # committed before: in the backup
    written: list[int] = []

    def write_meanwhile(done: int, total: int) -> None:
        if not written:  # the snapshot has begun: the copy is under way
            written.append(patients.register_patient(frontdesk_ctx, person("Lou", "Late", "(518) 555-0188")).id)

    dest = tmp_path / "snap.db"
    facts = server_backup.snapshot_to_file(practice.db, dest, practice.db.key, write_meanwhile)
    assert written and _counts(practice.db)["patient"] == facts.tables["patient"] + 1
    copy = Database(dest, practice.db.key)
    try:
        names = _names(ServiceContext(copy, practice.actor))
        assert ("Early", "Ed") in names and ("Late", "Lou") not in names
        assert _chain_ok(copy)  # the snapshot's chain ends where the snapshot does, intact
    finally:
        copy.close()


def test_a_cancelled_server_backup_leaves_nothing(practice, admin_ctx, frontdesk_ctx, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _busy_day(admin_ctx, frontdesk_ctx)

    def cancel(stage: str, done: int, total: int) -> None:
        if stage == "copy":
            raise OperationCancelled("stopped")

    with pytest.raises(OperationCancelled):
        backups.run_backup(admin_ctx, tmp_path, progress=cancel)
    assert list(tmp_path.iterdir()) == []
    assert backups.list_backup_runs(admin_ctx) == []


def test_a_backup_that_does_not_match_its_snapshot_is_not_published(
        practice, admin_ctx, frontdesk_ctx, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _busy_day(admin_ctx, frontdesk_ctx)
    real = server_backup.count_rows

    def one_more_patient(conn):  # type: ignore[no-untyped-def]
        counts = real(conn)
        return {**counts, "patient": counts["patient"] + 1} if conn.dialect.name == "postgresql" else counts

    monkeypatch.setattr(server_backup, "count_rows", one_more_patient)
    with pytest.raises(DamagedFileError, match="table patient differs"):
        backups.run_backup(admin_ctx, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_server_is_not_restored_over_itself(practice, admin_ctx, tmp_path) -> None:  # type: ignore[no-untyped-def]
    backups.run_backup(admin_ctx, tmp_path)
    with pytest.raises(Exception, match="new, empty server database"):
        backups.restore(admin_ctx, next(tmp_path.glob("*.fdbackup")))


def test_a_server_without_its_key_file_says_so_and_records_the_failure(practice, admin_ctx, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with practice.db.engine.begin() as conn:
        conn.execute(text("DROP TABLE frontdesk_key_file"))
    with pytest.raises(StorageError, match="holds no key file"):
        backups.run_backup(admin_ctx, tmp_path)
    assert list(tmp_path.iterdir()) == []
    assert [run.ok for run in backups.list_backup_runs(admin_ctx)] == [False]


def test_a_damaged_backup_is_refused_before_the_new_server_is_touched(
        practice, admin_ctx, bare_server_db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    summary = backups.run_backup(admin_ctx, tmp_path)
    backup = tmp_path / summary.file_name
    data = bytearray(backup.read_bytes())
    data[len(data) // 2] ^= 0x40
    backup.write_bytes(bytes(data))
    target = PostgresDatabase(bare_server_db, practice.db.key)
    try:
        with pytest.raises(DamagedFileError, match="SHA-256"):
            server_moves.run_restore_to_server(backup, practice.db.key, target)
        with target.engine.connect() as conn:  # not even migrated: the backup was refused first
            assert conn.execute(text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).scalar() == 0
    finally:
        target.close()
