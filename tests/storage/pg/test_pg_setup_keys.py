"""`frontdesk server setup` and the practice key (issue 19): setup stores the server's key file, so a backup of a
freshly set-up server opens on one PC with the passphrase or the printed recovery key; and `setup --move-in`
brings a single-PC practice in with its own key, inside setup's undo.

On the PostgreSQL 16 test cluster without TLS, as test_pg_setup.py runs setup (``pretend_tls``).
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from psycopg import errors
from single_pc_support import single_pc  # noqa: F401 (a fixture)
from server_setup_support import (  # noqa: F401 (fixtures)
    SetUp, app_database, connect_as, database_name, pretend_tls, redeem, roles_present, set_up, tear_down,
)
from testsupport import ADMIN_PASSWORD, FAST_KDF, PASSPHRASE, PRACTICE

from frontdesk import cli
from frontdesk.domain import passwords
from frontdesk.domain import schedule_time as st
from frontdesk.paths import DataPaths
from frontdesk.services._audit_chain import verify_chain
from frontdesk.services.admin import backups, server_moves
from frontdesk.services.admin import practice as practice_service
from frontdesk.services.admin.backup_jobs import restore_into_new_folder
from frontdesk.services.session import ServiceContext
from frontdesk.storage import enrolment_code as codes
from frontdesk.storage import keys, pg_setup
from frontdesk.storage.engine import Database
from frontdesk.storage.keys import KeyFile
from frontdesk.storage.pg_grants import APP_ROLE
from frontdesk.storage.server_key_file import TABLE, load_key_file
from frontdesk.storage.table_copy import count_rows

NOW = datetime(2030, 3, 4, 13, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(st, "utc_now", lambda: NOW)


@pytest.fixture
def cleaned(pg_server):  # type: ignore[no-untyped-def]
    """The cluster's superuser address and a database name; whatever setup left is removed afterwards."""
    url, database = pg_server.url(), database_name()
    yield url, database
    tear_down(url, database)


def _counts(db: Database) -> dict[str, int]:
    with db.engine.connect() as conn:
        return count_rows(conn)


def _enrolled_pc(url: str, database: str, code: codes.EnrolmentCode) -> tuple[Database, codes.ConnectionSecret]:
    """A PC enrolled with the printed code: the practice database as the app role, and the secret it got."""
    setup = SetUp(url, database, None)  # type: ignore[arg-type]  # redeeming needs only the address
    secret = codes.unwrap(code, redeem(setup, codes.token_sha256(code)))
    return app_database(setup, secret), secret


def _cli(*argv: str) -> int:
    return cli.main(list(argv))


def test_setup_prints_a_recovery_key_and_a_backup_of_the_new_server_opens_with_it_and_the_passphrase(
        cleaned, pretend_tls, monkeypatch, capsys, tmp_path) -> None:  # type: ignore[no-untyped-def]
    url, database = cleaned
    monkeypatch.setattr(keys, "DEFAULT_KDF", FAST_KDF)
    passphrase_file = tmp_path / "passphrase.txt"
    passphrase_file.write_text(PASSPHRASE, encoding="utf-8")
    assert _cli("server", "setup", "--superuser-url", url, "--host", "server", "--database", database,
                "--passphrase-file", str(passphrase_file)) == 0
    out = capsys.readouterr().out
    printed = re.search(r"^Recovery key: (\S+)$", out, re.MULTILINE)
    assert printed and "keep it with the server recovery code in the safe" in out
    code = re.search(r"^    ([0-9A-Z]{5}(?:-[0-9A-Z]{4,5}){5})$", out, re.MULTILINE)
    assert code
    db, secret = _enrolled_pc(url, database, codes.parse(code[1]))
    try:  # the first PC sets the practice up, then backs the server up as the app role, like any workstation
        monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1))
        _, actor = practice_service.setup_practice(ServiceContext(db), PRACTICE, "admin", "Ada Admin", ADMIN_PASSWORD)
        folder = tmp_path / "backups"
        folder.mkdir()
        summary = backups.run_backup(ServiceContext(db, actor), folder)
    finally:
        db.close()
    backup = folder / summary.file_name
    for name, opened_with in (("passphrase", {"passphrase": PASSPHRASE}),
                              ("recovery", {"recovery_key": printed[1]})):
        pc = DataPaths(tmp_path / f"one-pc-{name}")
        report = restore_into_new_folder(backup, pc, **opened_with)
        assert report.db_key == secret.practice_key
        single = Database(pc.database, report.db_key)
        try:
            with single.session(write=False) as session:
                assert verify_chain(session, single.audit_key).ok
        finally:
            single.close()


def test_the_app_role_reads_the_key_file_but_cannot_change_it(set_up) -> None:  # type: ignore[no-untyped-def]
    secret = codes.unwrap(set_up.result.code, redeem(set_up, codes.token_sha256(set_up.result.code)))
    db = app_database(set_up, secret)
    try:
        stored = load_key_file(db)
        assert stored.unlock_with_passphrase(PASSPHRASE) == secret.practice_key
        assert stored.unlock_with_recovery_key(set_up.result.recovery_key) == secret.practice_key
    finally:
        db.close()
    with pg_setup.superuser_connect(set_up.url, set_up.database) as conn:
        assert conn.execute("SELECT tableowner FROM pg_tables WHERE tablename = %s", (TABLE,)).fetchone() == \
            ("frontdesk_owner",)
    for statement in (f"UPDATE {TABLE} SET key_file = 'x'", f"DELETE FROM {TABLE}", f"TRUNCATE {TABLE}",
                      f"INSERT INTO {TABLE} (id, key_file) VALUES (2, 'x')"):
        with connect_as(set_up.url, set_up.database, APP_ROLE, secret.app_password) as conn, \
                pytest.raises(errors.InsufficientPrivilege):
            conn.execute(statement)


def _fingerprint(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _source_keys(paths: DataPaths, key: bytes) -> pg_setup.PracticeKeys:
    return pg_setup.PracticeKeys(KeyFile.load(paths.key_file), key)


def test_setup_moving_in_brings_the_practice_whole_with_its_own_key(
        cleaned, pretend_tls, single_pc, template_practice) -> None:  # type: ignore[no-untyped-def]
    url, database = cleaned
    key = template_practice.db_key
    source = Database(single_pc.database, key)
    before, counts = _fingerprint(single_pc.database), _counts(source)
    try:
        result = pg_setup.setup_server(url, ["server"], _source_keys(single_pc, key), database=database,
                                       move_in=lambda target: server_moves.run_move_in(
                                           source, target, KeyFile.load(single_pc.key_file)))
    finally:
        source.close()
    assert result.recovery_key is None  # the practice keeps its own (printed when it was set up)
    assert result.moved_in is not None and result.moved_in.tables["appointment"] == 1
    assert _fingerprint(single_pc.database) == before
    db, secret = _enrolled_pc(url, database, result.code)
    try:
        assert secret.practice_key == key
        assert _counts(db) == counts and counts["appointment"] == 1
        with db.session(write=False) as session:
            assert verify_chain(session, db.audit_key).ok
        assert load_key_file(db).key_id == KeyFile.load(single_pc.key_file).key_id
    finally:
        db.close()


def test_a_failure_mid_copy_undoes_the_whole_setup(
        cleaned, pretend_tls, single_pc, template_practice) -> None:  # type: ignore[no-untyped-def]
    url, database = cleaned
    key = template_practice.db_key
    calls: list[int] = []

    def fail_part_way(done: int, total: int) -> None:
        calls.append(done)
        if len(calls) == 5:  # several tables are in by now
            raise RuntimeError("the network went away")

    source = Database(single_pc.database, key)
    try:
        with pytest.raises(RuntimeError, match="network"):
            pg_setup.setup_server(url, ["server"], _source_keys(single_pc, key), database=database,
                                  move_in=lambda target: server_moves.run_move_in(
                                      source, target, KeyFile.load(single_pc.key_file), progress=fail_part_way))
    finally:
        source.close()
    assert calls[-1] > 0 and roles_present(url) == []
    with pg_setup.superuser_connect(url) as conn:
        assert conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database,)).fetchone() is None


def test_the_command_moves_a_practice_in_and_refuses_a_missing_folder(
        cleaned, pretend_tls, single_pc, capsys, tmp_path) -> None:  # type: ignore[no-untyped-def]
    url, database = cleaned
    passphrase_file = tmp_path / "passphrase.txt"
    passphrase_file.write_text(PASSPHRASE, encoding="utf-8")
    base = ["server", "setup", "--superuser-url", url, "--host", "server", "--database", database,
            "--passphrase-file", str(passphrase_file), "--move-in"]
    assert _cli(*base, str(tmp_path / "nowhere")) == 1
    assert "no practice data" in capsys.readouterr().err and roles_present(url) == []
    assert _cli(*base, str(single_pc.root)) == 0
    out = capsys.readouterr().out
    assert re.search(r"single-pc moved in: [\d,]+ rows in \d+ tables", out) and "Recovery key:" not in out
    with pg_setup.superuser_connect(url, database) as conn:
        assert conn.execute("SELECT count(*) FROM appointment").fetchone() == (1,)
        assert conn.execute(f"SELECT count(*) FROM {TABLE}").fetchone() == (1,)
