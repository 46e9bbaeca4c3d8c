"""The server recovery code (storage/server_recovery.py): the practice key is never only in workstation keyrings.

Setup prints it; with it, on the server, a new enrolment code is issued when no PC is left, and an upgrade
that must re-seal data with the practice key runs. A code that is not this server's is refused with nothing
changed. On the PostgreSQL 16 test cluster, with setup's TLS step left out (server_setup_support.py).
"""

from __future__ import annotations

import io
import re

import pytest
from calendar_support import person
from psycopg import sql
from server_setup_support import (  # noqa: F401 (fixtures)
    app_database, database_name, first_workstation, pretend_tls, redeem, set_up, tear_down,
)
from testsupport import ADMIN_PASSWORD, FAST_KDF, PASSPHRASE

from frontdesk.errors import StorageError, ValidationError
from frontdesk.services.admin import auth
from frontdesk.services.billing import payers
from frontdesk.services.billing.payers import PayerInput
from frontdesk.services.patients import insurance, insurance_cards, patients
from frontdesk.services.patients.insurance import PolicyInput
from frontdesk.services.session import ServiceContext
from frontdesk.storage import enrolment_code as codes
from frontdesk.storage import keys, pg_setup, pg_upgrade
from frontdesk.storage.migrate import current_revision, downgrade_to, head_revision
from frontdesk.storage.pg_tls import make_certificate, server_file
from frontdesk.storage.server_recovery import format_recovery_code, key_check, parse_recovery_code

SECRET = codes.ConnectionSecret(app_password=pg_setup.new_password(), practice_key=bytes(range(32)), database="fd")
PINNED = b"the DER of the practice certificate"
CARD = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"card image bytes" * 8 + b"\xff\xd9"  # a JPEG by its magic


def _recovery(set_up) -> codes.ConnectionSecret:  # type: ignore[no-untyped-def]
    return parse_recovery_code(set_up.result.recovery_code, set_up.database)


def test_setup_prints_the_secret_the_first_code_unlocks_and_keeps_only_its_key_check(set_up) -> None:  # type: ignore[no-untyped-def]
    first = codes.unwrap(set_up.result.code, redeem(set_up, codes.token_sha256(set_up.result.code)))
    assert _recovery(set_up) == first
    with pg_setup.superuser_connect(set_up.url, set_up.database) as conn:
        assert conn.execute("SELECT frontdesk_key_check()").fetchone()[0] == key_check(first)
        assert conn.execute("SELECT has_function_privilege('frontdesk_app', 'frontdesk_key_check()', "
                            "'EXECUTE')").fetchone()[0] is False


def _certificate_in_data_dir(set_up, monkeypatch) -> bytes:  # type: ignore[no-untyped-def]
    """The practice certificate where the server's ssl_cert_file points (the TLS step is left out here)."""
    cert = make_certificate(["frontdesk-server.local"])
    real = pg_upgrade.server_certificate_der
    with pg_setup.superuser_connect(set_up.url) as conn:
        path = conn.execute("SELECT current_setting('data_directory') || '/' || "
                            "current_setting('ssl_cert_file')").fetchone()[0]
        server_file(conn, cert.pem, path)
        try:
            assert real(conn) == cert.der
        finally:
            conn.execute(sql.SQL("COPY (SELECT 1 WHERE false) TO PROGRAM {}").format(sql.Literal(f"rm -f '{path}'")))
    monkeypatch.setattr(pg_upgrade, "server_certificate_der", lambda conn: cert.der)
    return cert.der


def test_the_recovery_code_issues_an_enrolment_code_when_no_pc_is_left(set_up, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    der = _certificate_in_data_dir(set_up, monkeypatch)
    code, expires = pg_upgrade.issue_code_with_recovery(set_up.url, set_up.result.recovery_code.lower(),
                                                      database=set_up.database)
    assert codes.matches(code, der) and expires.tzinfo is not None
    secret = codes.unwrap(code, redeem(set_up, codes.token_sha256(code), "NEW-PC"))
    assert secret == _recovery(set_up)
    with pg_setup.superuser_connect(set_up.url, set_up.database) as conn:
        assert conn.execute("SELECT issued_by FROM frontdesk_enrolment ORDER BY id").fetchall() == [
            ("frontdesk server setup",), ("frontdesk server recovery code",)]


def test_another_servers_recovery_code_is_refused_and_nothing_is_issued(set_up, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(pg_upgrade, "server_certificate_der", lambda conn: PINNED)
    other = format_recovery_code(SECRET)
    with pytest.raises(ValidationError, match="not the one of this practice server.*Nothing was changed"):
        pg_upgrade.issue_code_with_recovery(set_up.url, other, database=set_up.database)
    with pg_setup.superuser_connect(set_up.url, set_up.database) as conn:
        assert conn.execute("SELECT count(*) FROM frontdesk_enrolment").fetchone()[0] == 1


def _store_a_card_image(set_up, monkeypatch) -> tuple[int, codes.ConnectionSecret]:  # type: ignore[no-untyped-def]
    db, admin, secret = first_workstation(set_up, monkeypatch)
    try:
        patient = patients.register_patient(admin, person("Ann", "Able"))
        payer = payers.add_payer(admin, PayerInput(name="Aetna", claim_type="group_health_plan",
                                                   edi_payer_id="60054", address_line1="PO Box 981106",
                                                   city="El Paso", state="TX", zip_code="79998"))
        policy = insurance.add_policy(admin, patient.id, PolicyInput(payer_id=payer.id, rank=1, member_id="W123",
                                                                     effective_date="01/02/2024"))
        insurance_cards.attach_card_image(admin, policy.id, "front", CARD)
    finally:
        db.close()
    owner = pg_setup._OwnerDatabase(set_up.url, set_up.database, None, secret.practice_key)
    try:
        downgrade_to(owner, "0022")  # a server as the FrontDesk before 0023 left it: the image in the clear
    finally:
        owner.close()
    return policy.id, secret


def _revision(set_up) -> str | None:  # type: ignore[no-untyped-def]
    owner = pg_setup._OwnerDatabase(set_up.url, set_up.database, None, None)
    try:
        return current_revision(owner)  # type: ignore[arg-type]
    finally:
        owner.close()


def test_an_upgrade_that_reseals_asks_for_the_recovery_code_and_refuses_a_wrong_one(set_up, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    policy_id, secret = _store_a_card_image(set_up, monkeypatch)
    with pytest.raises(pg_setup.PracticeKeyNeeded, match="server recovery code.*Nothing was changed"):
        pg_upgrade.upgrade_server(set_up.url, database=set_up.database)
    asked: list[str] = []

    def wrong() -> str:
        asked.append("wrong")
        return format_recovery_code(SECRET)

    with pytest.raises(ValidationError, match="not the one of this practice server.*Nothing was changed"):
        pg_upgrade.upgrade_server(set_up.url, database=set_up.database, ask_recovery=wrong)
    assert asked == ["wrong"] and _revision(set_up) == "0022"
    assert pg_upgrade.upgrade_server(set_up.url, database=set_up.database,
                                   ask_recovery=lambda: set_up.result.recovery_code) == ("0022", head_revision())
    db, admin = _reopen(set_up, secret)
    try:
        assert insurance_cards.get_card_image(admin, policy_id, "front").data == CARD
    finally:
        db.close()


def test_an_upgrade_that_needs_no_key_never_asks(set_up) -> None:  # type: ignore[no-untyped-def]
    def never() -> str:
        raise AssertionError("asked for the recovery code")

    assert pg_upgrade.upgrade_server(set_up.url, database=set_up.database, ask_recovery=never) == (
        head_revision(), head_revision())


def test_a_server_without_a_key_check_says_so(set_up, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(pg_upgrade, "server_certificate_der", lambda conn: PINNED)
    with pg_setup.superuser_connect(set_up.url, set_up.database) as conn:
        conn.execute("DROP FUNCTION frontdesk_key_check()")
    with pytest.raises(StorageError, match="no key check.*Nothing was changed"):
        pg_upgrade.issue_code_with_recovery(set_up.url, set_up.result.recovery_code, database=set_up.database)


def _reopen(set_up, secret):  # type: ignore[no-untyped-def]
    db = app_database(set_up, secret)
    actor = auth.login(ServiceContext(db), "admin", ADMIN_PASSWORD)
    return db, ServiceContext(db, actor)


def _cli(monkeypatch, capsys, typed: str, *argv: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    from frontdesk import cli

    monkeypatch.setattr("sys.stdin", io.StringIO(typed + "\n"))  # not a terminal: the code is read as one line
    status = cli.main(["server", *argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_setup_prints_the_recovery_code_once_for_the_safe(pg_server, pretend_tls, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    url, database = pg_server.url(), database_name()
    monkeypatch.setenv("FRONTDESK_PASSPHRASE", PASSPHRASE)  # the new administrator passphrase setup asks for
    monkeypatch.setattr(keys, "DEFAULT_KDF", FAST_KDF)
    try:
        status, out, _ = _cli(monkeypatch, capsys, "", "setup", "--superuser-url", url, "--host", "server.local",
                              "--database", database)
        assert status == 0 and "SERVER RECOVERY CODE: print this page now and keep it in the practice's safe" in out
        lines = [line.strip() for line in out.splitlines() if re.fullmatch(r"    ([0-9A-Z]{4}-){8}[0-9A-Z]{4}", line)]
        assert len(lines) == 3
        secret = parse_recovery_code("-".join(lines), database)
        with pg_setup.superuser_connect(url, database) as conn:
            assert conn.execute("SELECT frontdesk_key_check()").fetchone()[0] == key_check(secret)
    finally:
        tear_down(url, database)


def test_the_enrolment_code_command_on_the_server_takes_the_recovery_code_at_a_prompt(  # type: ignore[no-untyped-def]
        set_up, monkeypatch, capsys) -> None:
    monkeypatch.setattr(pg_upgrade, "server_certificate_der", lambda conn: PINNED)
    argv = ("enrolment-code", "--superuser-url", set_up.url, "--database", set_up.database)
    status, out, err = _cli(monkeypatch, capsys, format_recovery_code(SECRET), *argv)
    assert status == 1 and "not the one of this practice server" in err and out == ""
    status, out, err = _cli(monkeypatch, capsys, set_up.result.recovery_code.replace("-", " "), *argv)
    assert status == 0, err
    assert re.search(r"valid until \d\d/\d\d/\d{4} \d{1,2}:\d\d [AP]M UTC\)", out)
    code = codes.parse(re.search(r"^    (\S+)$", out, re.MULTILINE).group(1))  # type: ignore[union-attr]
    assert codes.unwrap(code, redeem(set_up, codes.token_sha256(code))) == _recovery(set_up)


def test_the_upgrade_command_asks_for_the_recovery_code_only_when_a_migration_needs_it(  # type: ignore[no-untyped-def]
        set_up, monkeypatch, capsys) -> None:
    _store_a_card_image(set_up, monkeypatch)
    argv = ("upgrade", "--superuser-url", set_up.url, "--database", set_up.database)
    status, _, err = _cli(monkeypatch, capsys, format_recovery_code(SECRET), *argv)
    assert status == 1 and "re-seals data with the practice key" in err and "not the one of this practice" in err
    assert _revision(set_up) == "0022"
    status, out, err = _cli(monkeypatch, capsys, set_up.result.recovery_code, *argv)
    assert status == 0, err
    assert f"updated from 0022 to {head_revision()}" in out
