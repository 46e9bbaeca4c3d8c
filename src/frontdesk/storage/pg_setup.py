"""`frontdesk server setup`: make a PostgreSQL server a practice server.

Setup connects once as the PostgreSQL superuser and checks everything before it changes anything (the
server's version, superuser rights, TLS support in this build, no earlier FrontDesk set-up). Then it
creates the three roles (pg_grants.py), the practice database owned by ``frontdesk_owner``, the enrolment
table and functions, runs the migrations as the owner, grants least privilege, turns on TLS with a new
practice certificate, scram-sha-256 and the pg_hba lines (pg_tls.py), and seals the connection secret (the
app role's password and the practice key) under the first enrolment code. The practice key is a new key file's
(storage/keys.py: wrapped under the administrator passphrase and a recovery key), or, when a single-PC practice
moves in (``move_in``), that practice's own; the server keeps the key file (server_key_file.py) so its backups
open on one PC or a new server, and a moved-in practice is copied in after the migrations. A step that fails undoes the
ones before it, so a failed setup leaves the server as it found it. The practice key and the app password are
also handed back once as the server recovery code (server_recovery.py), whose key check the server keeps.

Connecting as the superuser and migrating as the owner are in pg_superuser.py (upgrade and the server check
connect the same way); upgrade and a new enrolment code made from the server recovery code are in pg_upgrade.py.
"""

from __future__ import annotations

import base64
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import psycopg
from psycopg import sql
from sqlalchemy import exc as sa_exc

from frontdesk.errors import ServerAlreadySetUpError, StorageError, ValidationError
from frontdesk.storage import enrolment_code as codes
from frontdesk.storage import server_recovery as recovery
from frontdesk.storage.engine import Database
from frontdesk.storage.keys import KeyFile
from frontdesk.storage.move_in import MoveInReport
from frontdesk.storage.pg_engine import MIN_SERVER_VERSION
from frontdesk.storage.pg_grants import (
    APP_ROLE, ENROL_ROLE, ENROLMENT_TABLE, ISSUE, OWNER_ROLE, ROLES, apply_grants, create_enrolment_objects,
)
from frontdesk.storage.pg_superuser import (
    _CONNECT_TIMEOUT, DEFAULT_DATABASE, README_SECTION, SUPERUSER_FIELD, SetupRefused, _connect_kwargs, _first_line,
    _one, _OwnerDatabase, check_database_name, migrate_as_owner, superuser_connect,
)
from frontdesk.storage.pg_superuser import ADDRESS_FIELD, PASSWORD_FIELD, PracticeKeyNeeded  # noqa: F401 (known from here)
from frontdesk.storage.pg_tls import PracticeCertificate, TlsChanges, make_certificate, turn_on_tls
from frontdesk.storage.server_key_file import store_key_file

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PracticeKeys:
    """The practice key and its key file: a new practice's (``new_practice_keys``) or a moved-in one's."""

    key_file: KeyFile
    practice_key: bytes
    recovery_key: str | None = None  # a new practice's, shown once; a moved-in practice keeps its own


def new_practice_keys(passphrase: str, *, kdf: dict[str, int] | None = None) -> PracticeKeys:
    """A new practice key wrapped under the administrator ``passphrase`` and a new recovery key."""
    key_file, new = KeyFile.create(passphrase, kdf=kdf)
    return PracticeKeys(key_file, new.db_key, new.recovery_key)


# Told each step setup starts, in words for a person ("Running the migrations"): a progress line.
StepReport = Callable[[str], None]

# Copies a single-PC practice into the new practice database (opened as the owner with the practice key);
# services/admin/server_moves.run_move_in with the source bound. Raises when anything does not arrive whole.
MoveIn = Callable[[Database], MoveInReport]


@dataclass(frozen=True)
class SetupResult:
    """What setup hands back once: the first enrolment code (shown to the person, never stored in clear)."""

    database: str
    code: codes.EnrolmentCode
    code_expires_at: datetime
    recovery_code: str  # the practice key and app password, for the practice's safe (server_recovery.py)
    recovery_key: str | None  # the key file's recovery key (None when a practice moved in: it keeps its own)
    moved_in: MoveInReport | None  # what arrived, when a single-PC practice moved in
    certificate_sha256: str
    server_version: str
    listen_addresses: str


def _preflight(conn: psycopg.Connection, database: str, min_version: int) -> str:
    """Everything setup needs, checked before anything changes; returns the server's version."""
    version = str(_one(conn, "SHOW server_version"))
    number = int(str(_one(conn, "SHOW server_version_num")))
    if number < min_version * 10000:
        raise StorageError(f"This server runs PostgreSQL {version}; FrontDesk needs PostgreSQL {min_version} or "
                           f"newer. Install a newer PostgreSQL ({README_SECTION}). Nothing was changed.")
    if not _one(conn, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"):
        raise SetupRefused(f"{_one(conn, 'SELECT current_user')} is not a PostgreSQL superuser: connect as "
                           "postgres (or another superuser). Nothing was changed.", SUPERUSER_FIELD)
    if not tls_support(conn):
        raise StorageError("This PostgreSQL build has no TLS support (it was built without OpenSSL), and a "
                           "practice server must encrypt every connection. Install PostgreSQL from your "
                           f"distribution or the official installer ({README_SECTION}). Nothing was changed.")
    return version


def _existing(conn: psycopg.Connection, database: str) -> tuple[list[str], list[str]]:
    """What an earlier setup left: FrontDesk roles, and the databases named or owned by frontdesk_owner."""
    roles = [row[0] for row in conn.execute("SELECT rolname FROM pg_roles WHERE rolname = ANY(%s) ORDER BY 1",
                                            (list(ROLES),))]
    databases = [row[0] for row in conn.execute(
        "SELECT datname FROM pg_database WHERE datname = %s OR datdba = "
        "(SELECT oid FROM pg_roles WHERE rolname = %s) ORDER BY 1", (database, OWNER_ROLE))]
    return roles, databases


def _enrolled(url: str, database: str, password: str | None) -> int | None:
    """How many enrolment codes ``database`` has seen redeemed (None: not a FrontDesk practice database)."""
    with superuser_connect(url, database, password) as conn:
        if not _one(conn, "SELECT to_regclass(%s)", (f"public.{ENROLMENT_TABLE}",)):
            return None
        return int(str(_one(conn, f"SELECT count(*) FROM public.{ENROLMENT_TABLE} WHERE used_at IS NOT NULL")))


def _refuse_or_start_over(conn: psycopg.Connection, url: str, database: str, password: str | None,
                          start_over: bool) -> None:
    """On a server set up before: refuse (the default), or, when asked and no PC ever enrolled, remove the
    unused setup so it can be made again (its first code was lost or expired: nobody else could use it)."""
    roles, databases = _existing(conn, database)
    if not roles and not databases:
        return
    found = ", ".join([*(f"role {role}" for role in roles), *(f"database {name}" for name in databases)])
    others = [name for name in databases if name != database]
    if others:
        raise ServerAlreadySetUpError(f"This server is already set up for FrontDesk with the practice database "
                                      f"{others[0]} (it has {found}): give --database {others[0]}. Nothing was "
                                      "changed.", None)
    enrolled = _enrolled(url, database, password) if databases else 0
    if databases and enrolled is None:
        raise StorageError(f"A database named {database} exists and was not made by frontdesk server setup: "
                           "choose another name with --database. Nothing was changed.")
    if not start_over or enrolled:
        hint = (" No PC has enrolled yet: if the first enrolment code was lost or has expired, run setup again "
                "with --start-over." if not enrolled else "")
        if start_over:
            hint = (f" {enrolled} PC{'s have' if enrolled != 1 else ' has'} enrolled with it, so it holds the "
                    "practice: setup will not start over. An administrator on an enrolled PC issues codes.")
        raise ServerAlreadySetUpError(f"This server is already set up for FrontDesk (it has {found}). Nothing was "
                                      "changed. To bring it up to date after installing a new FrontDesk: frontdesk "
                                      f"server upgrade.{hint}", enrolled)
    log.info("server setup starts over: no PC ever enrolled")
    if databases:
        conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(database)))
    for role in roles:
        conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))


def tls_support(conn: psycopg.Connection) -> bool:
    """Whether this PostgreSQL build can speak TLS at all (built with OpenSSL): ssl_library names the library."""
    return bool(_one(conn, "SELECT current_setting('ssl_library', true)"))


def _scram(conn: psycopg.Connection, role: str, password: str) -> sql.Composable:
    """The scram-sha-256 verifier of ``password``, computed here: the password itself never reaches the server
    (nor its statement log)."""
    verifier = conn.pgconn.encrypt_password(password.encode("utf-8"), role.encode("ascii"), b"scram-sha-256")
    return sql.Literal(verifier.decode("ascii"))


def new_password() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode("ascii").rstrip("=")


class _Undo:
    """Statements that put back what setup did, run newest first when a later step fails."""

    def __init__(self, conn: psycopg.Connection) -> None:
        self.conn = conn
        self.steps: list[object] = []

    def run(self) -> None:
        for step in reversed(self.steps):
            try:
                step(self.conn) if callable(step) else self.conn.execute(step)  # type: ignore[arg-type]
            except psycopg.Error:  # keep undoing the rest; say what is left
                log.exception("could not undo a server setup step")


def setup_server(superuser_url: str, hosts: list[str], keys: PracticeKeys, *, database: str = DEFAULT_DATABASE,
                 password: str | None = None, start_over: bool = False, move_in: MoveIn | None = None,
                 min_version: int = MIN_SERVER_VERSION, on_step: StepReport | None = None) -> SetupResult:
    """Set up a practice server (see the module docstring); ``min_version`` is for tests on PostgreSQL 15.

    ``keys``: ``new_practice_keys(passphrase)``, or with ``move_in`` the single-PC practice's key and key file.
    ``start_over``: a server set up before but never enrolled in (its first code lost or expired) is set up
    afresh; one a PC has enrolled with is always refused. A failed move-in undoes the whole setup.
    ``on_step``: told each step as it starts (the wizard's progress line)."""
    step = on_step or (lambda _text: None)
    check_database_name(database)
    if not hosts:
        raise ValidationError("Host", "Name at least one host name or address the workstations will use.")
    cert = make_certificate(hosts)
    step("Connecting to PostgreSQL as the superuser")
    conn = superuser_connect(superuser_url, password=password)
    undo = _Undo(conn)
    try:
        step("Checking the server: version, superuser, TLS support, no earlier setup")
        version = _preflight(conn, database, min_version)
        _refuse_or_start_over(conn, superuser_url, database, password, start_over)
        result = _set_up(conn, undo, superuser_url, database, password, cert, version, keys, move_in, step)
    except (psycopg.Error, sa_exc.SQLAlchemyError) as exc:
        undo.run()
        raise StorageError(f"PostgreSQL refused a setup step ({_first_line(exc)}); the steps before it were "
                           "undone.") from exc
    except BaseException:
        undo.run()
        raise
    finally:
        conn.close()
    return result


def _set_up(conn: psycopg.Connection, undo: _Undo, url: str, database: str, password: str | None,
            cert: PracticeCertificate, version: str, keys: PracticeKeys, move_in: MoveIn | None,
            step: StepReport) -> SetupResult:
    step("Creating the roles and the practice database")
    app_password = new_password()
    enrol = codes.EnrolmentCode.new(cert.der)
    conn.execute("SET password_encryption = 'scram-sha-256'")
    for role, login in ((OWNER_ROLE, None), (APP_ROLE, app_password), (ENROL_ROLE,
                                                                      codes.enrol_password(enrol.fingerprint_prefix))):
        create = sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(role)) if login is None else \
            sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(sql.Identifier(role), _scram(conn, role, login))
        conn.execute(create)
        undo.steps.append(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))
    conn.execute(sql.SQL("CREATE DATABASE {} OWNER {} ENCODING 'UTF8' TEMPLATE template0").format(
        sql.Identifier(database), sql.Identifier(OWNER_ROLE)))
    # undone before the roles (a role that owns a database cannot be dropped); FORCE: a pool may linger
    undo.steps.append(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database)))
    practice_key = keys.practice_key
    with superuser_connect(url, database, password) as practice_db:
        practice_db.execute(sql.SQL("ALTER SCHEMA public OWNER TO {}").format(sql.Identifier(OWNER_ROLE)))
        create_enrolment_objects(practice_db)
        secret = codes.ConnectionSecret(app_password=app_password, practice_key=practice_key, database=database)
        recovery.store_key_check(practice_db, secret)
        step("Creating the practice's tables (migrations)")
        migrate_as_owner(url, database, password=password, practice_key=practice_key)
        if move_in is not None:
            step("Moving the practice in")
        moved_in = _store_key_file_and_move_in(url, database, password, keys, move_in)
        step("Granting the workstations' role its least privileges")
        apply_grants(practice_db, database)
        expires = _one(practice_db, sql.SQL("SELECT public.{}(%s, %s, %s)").format(sql.Identifier(ISSUE)),
                       (codes.token_sha256(enrol), codes.wrap(enrol, secret), "frontdesk server setup"))
    step("Turning on TLS with the practice certificate")
    changes = TlsChanges()
    undo.steps.append(changes.undo)
    turn_on_tls(conn, cert, database, changes)
    _check_tls_works(url, password)
    log.info("practice server set up: database %s, PostgreSQL %s", database, version)
    return SetupResult(database=database, code=enrol, code_expires_at=expires,  # type: ignore[arg-type]
                       recovery_code=recovery.format_recovery_code(secret), recovery_key=keys.recovery_key,
                       moved_in=moved_in,
                       certificate_sha256=cert.sha256, server_version=version,
                       listen_addresses=str(_one(conn, "SHOW listen_addresses")))


def _store_key_file_and_move_in(url: str, database: str, password: str | None, keys: PracticeKeys,
                                move_in: MoveIn | None) -> MoveInReport | None:
    """As the owner (it owns the key file's table; the grants give the app role SELECT on it): the key file,
    then the moved-in practice (whose copy stores the same key file in its own transaction)."""
    target = _OwnerDatabase(url, database, password, keys.practice_key)
    try:
        with target.engine.begin() as conn:
            store_key_file(conn, keys.key_file)
        return None if move_in is None else move_in(target)  # type: ignore[arg-type]
    finally:
        target.close()


def _check_tls_works(url: str, password: str | None) -> None:
    """Over TCP, a new connection must now get TLS: a key or certificate the server could not load leaves
    ``ssl = on`` in the settings yet no TLS on the wire (only the server log says why)."""
    kwargs = _connect_kwargs(url, None)
    if not kwargs.get("host") or str(kwargs["host"]).startswith("/"):
        return  # a Unix socket never carries TLS; the workstations' first connection shows it
    try:
        psycopg.connect(sslmode="require", connect_timeout=_CONNECT_TIMEOUT,
                        **({"password": password} if password else {}), **kwargs).close()  # type: ignore[arg-type]
    except psycopg.OperationalError as exc:
        raise StorageError("TLS did not start with the practice certificate (the server log says why). Nothing "
                           "was changed.") from exc
