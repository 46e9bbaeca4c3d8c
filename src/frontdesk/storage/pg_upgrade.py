"""`frontdesk server upgrade` and an enrolment code from the server recovery code: jobs on a set-up practice server.

Upgrade runs the migrations as the owner and re-applies the grants (a new table gets its privileges); a
migration that needs the practice key is run again with the one the server recovery code holds. With that
code, ``issue_code_with_recovery`` makes an enrolment code on the server when no PC is left. (Split from
pg_setup.py, which sets a server up.)
"""

from __future__ import annotations

import logging
import ssl
from collections.abc import Callable
from datetime import datetime

import psycopg
from psycopg import sql
from sqlalchemy import exc as sa_exc

from frontdesk.errors import StorageError
from frontdesk.storage import enrolment_code as codes
from frontdesk.storage import server_recovery as recovery
from frontdesk.storage.pg_engine import MIN_SERVER_VERSION
from frontdesk.storage.pg_grants import ENROLMENT_TABLE, ISSUE, ROLES, apply_grants, create_enrolment_objects
from frontdesk.storage.pg_superuser import (
    DEFAULT_DATABASE, PracticeKeyNeeded, _first_line, _one, _OwnerDatabase, check_database_name, migrate_as_owner,
    superuser_connect,
)

log = logging.getLogger(__name__)


def upgrade_server(superuser_url: str, *, database: str = DEFAULT_DATABASE, password: str | None = None,
                   min_version: int = MIN_SERVER_VERSION,
                   ask_recovery: Callable[[], str] | None = None) -> tuple[str | None, str]:
    """Migrations to head as the owner, then the grants again; returns (revision before, revision after).

    The server does not hold the practice key. A migration that must re-seal data with it (posted money,
    card images) fails in the upgrade's one transaction, changing nothing; then ``ask_recovery`` (if given)
    is asked for the server recovery code, which must be this server's (its key check) before the upgrade
    runs again with the key. Without ``ask_recovery``, or with a wrong code, nothing is changed."""
    from frontdesk.storage.migrate import current_revision, head_revision

    check_database_name(database)
    with superuser_connect(superuser_url, database, password) as conn:
        number = int(str(_one(conn, "SHOW server_version_num")))
        if number < min_version * 10000:
            raise StorageError(f"This server runs PostgreSQL {_one(conn, 'SHOW server_version')}; FrontDesk needs "
                               f"PostgreSQL {min_version} or newer.")
        if not _one(conn, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"):
            raise StorageError("Connect as the PostgreSQL superuser (postgres) to upgrade the practice server.")
        missing = [role for role in ROLES if not _one(conn, "SELECT 1 FROM pg_roles WHERE rolname = %s", (role,))]
        if missing:
            raise StorageError(f"This server was not set up by frontdesk server setup (no role {missing[0]}).")
        target = _OwnerDatabase(superuser_url, database, password, None)
        try:
            before = current_revision(target)  # type: ignore[arg-type]
        finally:
            target.close()
        try:
            try:
                migrate_as_owner(superuser_url, database, password=password, practice_key=None)
            except PracticeKeyNeeded:
                if ask_recovery is None:
                    raise
                secret = recovery.parse_recovery_code(ask_recovery(), database)
                recovery.check_recovery_secret(conn, secret)
                migrate_as_owner(superuser_url, database, password=password, practice_key=secret.practice_key)
            create_enrolment_objects(conn)
            apply_grants(conn, database)
        except (psycopg.Error, sa_exc.SQLAlchemyError) as exc:
            raise StorageError(f"PostgreSQL refused an upgrade step ({_first_line(exc)}).") from exc
    return before, head_revision()


def server_certificate_der(conn: psycopg.Connection) -> bytes:
    """The practice certificate the server presents (its ``ssl_cert_file``, read by the superuser)."""
    row = conn.execute("SELECT pg_read_binary_file(current_setting('ssl_cert_file'), 0, 1048576, true)").fetchone()
    if not row or row[0] is None:
        raise StorageError("The practice certificate is not where the server's ssl_cert_file says: is TLS on "
                           "(frontdesk server check)? Nothing was changed.")
    try:
        return ssl.PEM_cert_to_DER_cert(bytes(row[0]).decode("ascii"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise StorageError("The server's certificate file is not a PEM certificate. Nothing was changed.") from exc


def issue_code_with_recovery(superuser_url: str, recovery_text: str, *, database: str = DEFAULT_DATABASE,
                             password: str | None = None) -> tuple[codes.EnrolmentCode, datetime]:
    """A new enrolment code made on the server from the server recovery code: for when no PC is left.

    The code seals the secret the recovery code holds (checked against the server's key check first) and
    is stored through the same SQL function an administrator's code goes through."""
    check_database_name(database)
    secret = recovery.parse_recovery_code(recovery_text, database)
    with superuser_connect(superuser_url, database, password) as conn:
        if not _one(conn, "SELECT to_regclass(%s)", (f"public.{ENROLMENT_TABLE}",)):
            raise StorageError(f"The database {database} was not set up by frontdesk server setup. Nothing was "
                               "changed.")
        recovery.check_recovery_secret(conn, secret)
        code = codes.EnrolmentCode.new(server_certificate_der(conn))
        expires = _one(conn, sql.SQL("SELECT public.{}(%s, %s, %s)").format(sql.Identifier(ISSUE)),
                       (codes.token_sha256(code), codes.wrap(code, secret), "frontdesk server recovery code"))
    log.info("enrolment code issued on the server with the recovery code (database %s)", database)
    return code, expires  # type: ignore[return-value]
