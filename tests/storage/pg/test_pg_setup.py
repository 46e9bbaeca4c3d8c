"""`frontdesk server setup` on the PostgreSQL 16 test cluster: roles, least privilege, enrolment, refusals.

The pgserver build has no TLS, and setup refuses such a server (tested below, nothing changed). To test the
rest on it, ``set_up`` tells setup this build has TLS and leaves the TLS step out; the whole path with TLS
runs on Debian's PostgreSQL 15 in test_pg_setup_tls.py.
"""

from __future__ import annotations

import psycopg
import pytest
from calendar_support import person
from psycopg import errors
from server_setup_support import (  # noqa: F401 (fixtures)
    connect_as, fast_keys, first_workstation, database_name, pretend_tls, redeem, roles_present, set_up, tear_down,
)
from sqlalchemy import make_url

from frontdesk.errors import StorageError, ValidationError
from frontdesk.services._money_seal import MONEY_FIELDS
from frontdesk.services.patients import patients
from frontdesk.services.payments import payments
from frontdesk.storage import enrolment_code as codes
from frontdesk.storage import pg_grants, pg_setup, pg_upgrade
from frontdesk.storage.migrate import downgrade_to, head_revision
from frontdesk.storage.pg_grants import (
    APP_ROLE, ENROL_ROLE, OWNER_ROLE, PROTECTED, privilege_problems,
)


def test_setup_makes_three_roles_with_scram_passwords_and_the_owner_owns_everything(set_up) -> None:  # type: ignore[no-untyped-def]
    with pg_setup.superuser_connect(set_up.url, set_up.database) as conn:
        roles = {row[0]: row[1:] for row in conn.execute(
            "SELECT rolname, rolcanlogin, rolsuper, rolcreatedb, rolcreaterole FROM pg_roles "
            "WHERE rolname LIKE 'frontdesk%%'")}
        assert roles == {OWNER_ROLE: (False, False, False, False), APP_ROLE: (True, False, False, False),
                         ENROL_ROLE: (True, False, False, False)}
        stored = [row[0] for row in conn.execute("SELECT rolpassword FROM pg_authid WHERE rolcanlogin "
                                                 "AND rolname LIKE 'frontdesk%%'")]
        assert len(stored) == 2 and all(p.startswith("SCRAM-SHA-256$") for p in stored)
        owners = {row[0] for row in conn.execute("SELECT tableowner FROM pg_tables WHERE schemaname = 'public'")}
        assert owners == {OWNER_ROLE}
        assert conn.execute("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = %s",
                            (set_up.database,)).fetchone()[0] == OWNER_ROLE
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head_revision()
        assert privilege_problems(conn, set_up.database) == []
    assert len(set_up.result.code.format()) == 34
    assert set_up.result.code_expires_at is not None


def test_the_first_code_redeems_once_to_the_connection_secret(set_up) -> None:  # type: ignore[no-untyped-def]
    code = set_up.result.code
    secret = codes.unwrap(code, redeem(set_up, codes.token_sha256(code)))
    assert secret.database == set_up.database and len(secret.practice_key) == 32
    assert len(secret.app_password) == 43  # 32 random bytes, base64url without padding
    with pytest.raises(psycopg.Error) as used:
        redeem(set_up, codes.token_sha256(code), "FRONT-2")
    assert used.value.sqlstate == "FD002" and used.value.diag.message_primary.startswith("used 20")
    with pg_setup.superuser_connect(set_up.url, set_up.database) as conn:
        assert conn.execute("SELECT used_by FROM frontdesk_enrolment").fetchall() == [("FRONT-1",)]


def test_unknown_and_expired_codes_are_refused_with_their_own_state(set_up) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(psycopg.Error) as unknown:
        redeem(set_up, "0" * 64)
    assert unknown.value.sqlstate == "FD001"
    expired = codes.EnrolmentCode.new(b"certificate")
    with pg_setup.superuser_connect(set_up.url, set_up.database) as conn:
        conn.execute("INSERT INTO frontdesk_enrolment (token_sha256, wrapped, expires_at, issued_by) "
                     "VALUES (%s, '\\x00', now() - interval '1 minute', 'test')", (codes.token_sha256(expired),))
    with pytest.raises(psycopg.Error) as late:
        redeem(set_up, codes.token_sha256(expired))
    assert late.value.sqlstate == "FD003"


def test_the_enrol_role_can_only_redeem(set_up) -> None:  # type: ignore[no-untyped-def]
    for statement in ("SELECT * FROM frontdesk_enrolment", "SELECT * FROM patient", "SELECT * FROM audit_event",
                      "SELECT frontdesk_issue_enrolment(repeat('a', 64), '\\x00', 'me')", "CREATE TABLE t (x int)"):
        with connect_as(set_up.url, set_up.database, ENROL_ROLE) as conn, \
                pytest.raises(errors.InsufficientPrivilege):
            conn.execute(statement)


def test_the_app_role_runs_the_practice_but_cannot_rewrite_history_or_change_the_schema(set_up, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    db, ctx, _ = first_workstation(set_up, monkeypatch)
    try:
        patient = patients.register_patient(ctx, person("Ann", "Able"))
        paid = payments.take_payment(ctx, patient.id, method="cash", amount="$40.00")
    finally:
        db.close()
    refused = (f"UPDATE payment SET amount_cents = 1 WHERE id = {paid.id}", f"DELETE FROM payment WHERE id = {paid.id}",
               "UPDATE audit_event SET detail = ''", "DELETE FROM audit_event", "TRUNCATE audit_event",
               "TRUNCATE patient", "CREATE TABLE sneaky (x int)", "DROP TRIGGER audit_event_no_delete ON audit_event",
               "SELECT * FROM frontdesk_enrolment", "UPDATE alembic_version SET version_num = 'x'")
    for statement in refused:
        with connect_as(set_up.url, set_up.database, APP_ROLE) as conn, \
                pytest.raises((errors.InsufficientPrivilege, errors.WrongObjectType)):
            conn.execute(statement)
    with connect_as(set_up.url, set_up.database, APP_ROLE) as conn:
        conn.execute("UPDATE patient SET first_name = 'Anne' WHERE id = %s", (patient.id,))
        # the merge's column is open to the role (no permission error); the trigger still refuses a non-merge
        with pytest.raises(errors.IntegrityConstraintViolation, match="never edited"):
            conn.execute(f"UPDATE payment SET patient_id = patient_id WHERE id = {paid.id}")


def test_setup_twice_refuses_and_changes_nothing(set_up, pretend_tls) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(StorageError, match="already set up for FrontDesk.*Nothing was changed.*server upgrade"
                                           ".*No PC has enrolled yet.*--start-over"):
        pg_setup.setup_server(set_up.url, ["elsewhere"], fast_keys(), database=set_up.database)
    with pytest.raises(StorageError, match=f"practice database {set_up.database} .*give --database "
                                           f"{set_up.database}. Nothing was changed"):
        pg_setup.setup_server(set_up.url, ["elsewhere"], fast_keys(), database="another_db", start_over=True)
    assert pretend_tls == [set_up.database]
    code = set_up.result.code
    assert codes.unwrap(code, redeem(set_up, codes.token_sha256(code))).database == set_up.database


def test_start_over_replaces_a_setup_no_pc_enrolled_with_and_never_one_in_use(set_up, pretend_tls) -> None:  # type: ignore[no-untyped-def]
    lost = set_up.result.code
    again = pg_setup.setup_server(set_up.url, ["frontdesk-server.local"], fast_keys(), database=set_up.database,
                                  start_over=True)
    assert pretend_tls == [set_up.database, set_up.database]
    with pytest.raises(psycopg.Error) as unknown:
        redeem(set_up, codes.token_sha256(lost))
    assert unknown.value.sqlstate == "FD001"
    assert codes.unwrap(again.code, redeem(set_up, codes.token_sha256(again.code))).database == set_up.database
    with pytest.raises(StorageError, match="1 PC has enrolled with it.*will not start over"):
        pg_setup.setup_server(set_up.url, ["frontdesk-server.local"], fast_keys(), database=set_up.database,
                              start_over=True)
    with pg_setup.superuser_connect(set_up.url, set_up.database) as conn:
        assert conn.execute("SELECT count(*) FROM frontdesk_enrolment WHERE used_at IS NOT NULL").fetchone()[0] == 1


def test_a_database_setup_did_not_make_is_never_taken_over(pg_server, pretend_tls) -> None:  # type: ignore[no-untyped-def]
    url, database = pg_server.url(), database_name()
    with pg_setup.superuser_connect(url) as conn:
        conn.execute(f"CREATE DATABASE {database}")
    try:
        for start_over in (False, True):
            with pytest.raises(StorageError, match=f"database named {database} exists and was not made by "
                                                   "frontdesk server setup"):
                pg_setup.setup_server(url, ["server"], fast_keys(), database=database, start_over=start_over)
        with pg_setup.superuser_connect(url) as conn:
            assert conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database,)).fetchone()
        assert pretend_tls == [] and roles_present(url) == []
    finally:
        tear_down(url, database)


def test_a_failure_half_way_undoes_every_step(pg_server, pretend_tls, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def broken(conn, database):  # type: ignore[no-untyped-def]
        raise StorageError("grants failed")

    monkeypatch.setattr(pg_setup, "apply_grants", broken)
    url, database = pg_server.url(), database_name()
    try:
        with pytest.raises(StorageError, match="grants failed"):
            pg_setup.setup_server(url, ["server"], fast_keys(), database=database)
        assert roles_present(url) == []
        with pg_setup.superuser_connect(url) as conn:
            assert conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database,)).fetchone() is None
    finally:
        tear_down(url, database)


def test_a_server_error_half_way_is_said_in_a_sentence_and_undone(pg_server, pretend_tls, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(pg_grants, "_ENROLMENT_SQL", "SELECT no_such_function()")
    url, database = pg_server.url(), database_name()
    try:
        with pytest.raises(StorageError, match=r"refused a setup step \(function no_such_function\(\) does not "
                                               r"exist\); the steps before it were undone"):
            pg_setup.setup_server(url, ["server"], fast_keys(), database=database)
        assert roles_present(url) == []
    finally:
        tear_down(url, database)


def test_a_build_without_tls_is_refused_before_anything_changes(pg_server) -> None:  # type: ignore[no-untyped-def]
    url = pg_server.url()
    with pg_setup.superuser_connect(url) as conn:
        if pg_setup.tls_support(conn):
            pytest.skip("this test server was built with OpenSSL (FRONTDESK_PG_BIN): nothing to refuse")
    with pytest.raises(StorageError, match="no TLS support.*without OpenSSL.*Nothing was changed"):
        pg_setup.setup_server(url, ["server"], fast_keys(), database=database_name())
    assert roles_present(url) == []


def test_an_older_server_and_a_plain_account_are_refused_clearly(pg_server, pretend_tls) -> None:  # type: ignore[no-untyped-def]
    url = pg_server.url()
    with pytest.raises(StorageError, match=r"runs PostgreSQL 16\.\d+; FrontDesk needs PostgreSQL 99 or newer"):
        pg_setup.setup_server(url, ["server"], fast_keys(), database=database_name(), min_version=99)
    with pg_setup.superuser_connect(url) as conn:
        conn.execute("CREATE ROLE fd_plain LOGIN")
    try:
        plain = make_url(url).set(username="fd_plain").render_as_string(hide_password=False)
        with pytest.raises(StorageError, match="fd_plain is not a PostgreSQL superuser"):
            pg_setup.setup_server(plain, ["server"], fast_keys(), database=database_name())
    finally:
        with pg_setup.superuser_connect(url) as conn:
            conn.execute("DROP ROLE fd_plain")
    assert roles_present(url) == [] and pretend_tls == []


def test_bad_addresses_and_names_are_refused_with_the_field(pg_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(StorageError, match="Cannot reach PostgreSQL at .*is it running"):
        pg_setup.setup_server(f"postgresql+psycopg://postgres@/postgres?host={tmp_path}", ["server"], fast_keys())
    with pytest.raises(ValidationError) as in_url:
        pg_setup.setup_server("postgresql+psycopg://postgres:secret@server/postgres", ["server"], fast_keys())
    assert in_url.value.field == "Superuser address" and "PGPASSWORD" in in_url.value.message
    with pytest.raises(ValidationError) as bad_db:
        pg_setup.setup_server(pg_server.url(), ["server"], fast_keys(), database="Front Desk")
    assert bad_db.value.field == "Database"
    with pytest.raises(ValidationError) as bad_host:
        pg_setup.setup_server(pg_server.url(), ["front desk!"], fast_keys())
    assert bad_host.value.field == "Host"
    assert roles_present(pg_server.url()) == []


def test_upgrade_migrates_as_the_owner_and_grants_new_tables(set_up) -> None:  # type: ignore[no-untyped-def]
    owner = pg_setup._OwnerDatabase(set_up.url, set_up.database, None, None)
    try:
        downgrade_to(owner, "0021")  # type: ignore[arg-type]
    finally:
        owner.close()
    with pg_setup.superuser_connect(set_up.url, set_up.database) as conn:
        conn.execute(f"SET ROLE {OWNER_ROLE}")
        conn.execute("CREATE TABLE later_table (id int)")  # as a future migration would
    assert pg_upgrade.upgrade_server(set_up.url, database=set_up.database) == ("0021", head_revision())
    with pg_setup.superuser_connect(set_up.url, set_up.database) as conn:
        owners = {row[0] for row in conn.execute("SELECT tableowner FROM pg_tables WHERE schemaname = 'public'")}
        assert owners == {OWNER_ROLE}
        assert conn.execute("SELECT has_table_privilege(%s, 'later_table', 'SELECT, INSERT')",
                            (APP_ROLE,)).fetchone()[0]
        assert privilege_problems(conn, set_up.database) == []
    assert pg_upgrade.upgrade_server(set_up.url, database=set_up.database) == (head_revision(), head_revision())


def test_upgrade_refuses_a_server_setup_never_touched(pg_server) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(StorageError, match="not set up by frontdesk server setup"):
        pg_upgrade.upgrade_server(pg_server.url(), database="postgres")


def test_every_append_only_table_is_protected_from_the_app_role(set_up) -> None:  # type: ignore[no-untyped-def]
    with pg_setup.superuser_connect(set_up.url, set_up.database) as conn:
        never_deleted = {row[0] for row in conn.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE NOT t.tgisinternal AND t.tgname LIKE '%%no_delete'")}
        columns = {(row[0], row[1]) for row in conn.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'")}
    assert never_deleted and never_deleted <= set(PROTECTED)
    assert set(MONEY_FIELDS) | {"audit_event"} <= set(PROTECTED)
    assert {(table, column) for table, open_ in PROTECTED.items() for column in open_} <= columns


def test_a_connection_error_never_shows_the_password(pg_server) -> None:  # type: ignore[no-untyped-def]
    url = make_url(pg_server.url()).set(database="no_such_db").render_as_string(hide_password=False)
    with pytest.raises(StorageError) as caught:
        pg_setup.superuser_connect(url, password="hunter2-secret")
    assert "no_such_db" in caught.value.message and "hunter2" not in caught.value.message
    assert isinstance(caught.value.__cause__, psycopg.OperationalError)


def test_a_privilege_too_many_is_named_and_upgrade_takes_it_back(set_up) -> None:  # type: ignore[no-untyped-def]
    too_many = {"GRANT DELETE ON audit_event TO frontdesk_app": "frontdesk_app may DELETE audit_event",
                "GRANT UPDATE (amount_cents) ON payment TO frontdesk_app": "may UPDATE payment (amount_cents)",
                "GRANT CREATE ON SCHEMA public TO frontdesk_app": "frontdesk_app may create objects",
                "GRANT SELECT ON frontdesk_enrolment TO frontdesk_app": "may read the enrolment codes",
                "GRANT SELECT ON patient TO frontdesk_enrol": "frontdesk_enrol may read or write patient"}
    with pg_setup.superuser_connect(set_up.url, set_up.database) as conn:
        for grant in too_many:
            conn.execute(grant)
        problems = "\n".join(privilege_problems(conn, set_up.database))
    for expected in too_many.values():
        assert expected in problems
    pg_upgrade.upgrade_server(set_up.url, database=set_up.database)
    with pg_setup.superuser_connect(set_up.url, set_up.database) as conn:
        assert privilege_problems(conn, set_up.database) == []
