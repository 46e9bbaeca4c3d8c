"""Connecting to a PostgreSQL server as its superuser, and migrating as the practice's owner role.

Shared by server setup (pg_setup.py), upgrade and new codes (pg_upgrade.py) and the server check (pg_check.py):
the superuser's address (its password never in it), refusals in plain words that name the field to fix (the
setup wizard puts them beside it), and ``migrate_as_owner``, which runs the migrations as ``frontdesk_owner``
so that role owns every table they create.
"""

from __future__ import annotations

import psycopg
from sqlalchemy import Engine, make_url

from frontdesk.errors import StorageError, ValidationError
from frontdesk.storage.engine import derive_subkey
from frontdesk.storage.pg_engine import URL_SCHEME, make_pg_engine
from frontdesk.storage.pg_grants import OWNER_ROLE

DEFAULT_DATABASE = "frontdesk"
# What a refusal is about, for a form that asks for these (the setup wizard): its message goes beside that field.
ADDRESS_FIELD = "Server address"
SUPERUSER_FIELD = "Superuser"
PASSWORD_FIELD = "Superuser password"
README_SECTION = "README.md, section \"Server mode\""
_CONNECT_TIMEOUT = 10


class SetupRefused(StorageError):
    """PostgreSQL refused setup's connection or its superuser; ``field`` names what to fix when one thing is."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def check_database_name(name: str) -> str:
    if not name or len(name) > 63 or not (name[0].isalpha() or name[0] == "_") or \
            not all(ch.isascii() and (ch.isalnum() or ch == "_") for ch in name) or name != name.lower():
        raise ValidationError("Database", "A database name is lower-case letters, digits and _ (at most 63), "
                                          "starting with a letter.")
    return name


def _connect_kwargs(url: str, database: str | None) -> dict[str, object]:
    parsed = make_url(url)
    if parsed.drivername not in (URL_SCHEME, "postgresql"):
        raise ValidationError("Superuser address", f"The superuser address must start with {URL_SCHEME}://.")
    if parsed.password:
        raise ValidationError("Superuser address", "Leave the password out of the address (it would stay in the "
                                                   "shell history): set PGPASSWORD or type it when asked.")
    kwargs: dict[str, object] = parsed.translate_connect_args(username="user", database="dbname")
    kwargs.update({key: value for key, value in parsed.query.items() if isinstance(value, str)})
    if database:
        kwargs["dbname"] = database
    return kwargs


def _where(kwargs: dict[str, object]) -> str:
    return f"{kwargs.get('host') or 'the local socket'}:{kwargs.get('port') or 5432}"


def superuser_connect(url: str, database: str | None = None, password: str | None = None) -> psycopg.Connection:
    """An autocommit connection as the superuser of ``url`` (to ``database`` if given), errors in plain words."""
    kwargs = _connect_kwargs(url, database)
    if password:
        kwargs["password"] = password
    try:
        return psycopg.connect(autocommit=True, connect_timeout=_CONNECT_TIMEOUT, **kwargs)  # type: ignore[arg-type]
    except psycopg.OperationalError as exc:
        raise _connect_error(exc, kwargs) from exc


def _connect_error(exc: psycopg.OperationalError, kwargs: dict[str, object]) -> SetupRefused:
    text = str(exc)
    lowered = text.lower()
    user = kwargs.get("user") or "postgres"
    if "password authentication failed" in lowered:
        return SetupRefused(f"PostgreSQL did not accept the password of {user}. Nothing was changed.", PASSWORD_FIELD)
    if "no password supplied" in lowered:
        return SetupRefused(f"PostgreSQL asks for the password of {user}: set PGPASSWORD or type it when asked.",
                            PASSWORD_FIELD)
    if "peer authentication failed" in lowered:
        return SetupRefused(f"PostgreSQL accepts {user} on this socket only from the {user} account: run the "
                            f"command as it (sudo -u {user} frontdesk server ...).", SUPERUSER_FIELD)
    if "does not exist" in lowered:
        return SetupRefused(f"PostgreSQL at {_where(kwargs)} says: {text.splitlines()[-1].strip()}",
                            SUPERUSER_FIELD if "role" in lowered else None)
    return SetupRefused(f"Cannot reach PostgreSQL at {_where(kwargs)}: is it running, and is the address right? "
                        f"({text.splitlines()[-1].strip() if text.strip() else type(exc).__name__})", ADDRESS_FIELD)


def _one(conn: psycopg.Connection, query: str, params: tuple[object, ...] = ()) -> object:
    row = conn.execute(query, params).fetchone()  # type: ignore[arg-type]
    return row[0] if row else None


def _first_line(exc: BaseException) -> str:
    """The server's own sentence (no data in it: setup sends none), without the driver's context lines."""
    orig = getattr(exc, "orig", None) or exc
    return (str(orig).strip().splitlines() or [type(orig).__name__])[0]


class _OwnerDatabase:
    """Just what storage/migrate.py needs, connected as the superuser acting as ``frontdesk_owner``.

    Not a PostgresDatabase: that refuses servers older than 16, and setup has checked the version itself
    (its ``min_version`` override serves the TLS tests on Debian's PostgreSQL 15)."""

    path = None

    def __init__(self, url: str, database: str, password: str | None, practice_key: bytes | None) -> None:
        self.key = practice_key  # storage/move_in.py checks the target is opened with the practice's key
        parsed = make_url(url).set(drivername=URL_SCHEME, database=database, password=password)
        # the role as a start-up option: every pooled connection is the owner from its first statement
        parsed = parsed.update_query_dict({"options": f"-c role={OWNER_ROLE}"})
        self.engine: Engine = make_pg_engine(parsed.render_as_string(hide_password=False))
        # the keys keyed migrations need (0018 seals money, 0023 seals card images); None = the server's own run
        self.audit_key = None if practice_key is None else derive_subkey(practice_key, "audit chain")
        self.field_key = None if practice_key is None else derive_subkey(practice_key, "field encryption")

    def close(self) -> None:
        self.engine.dispose()


class PracticeKeyNeeded(StorageError):
    """A pending migration needs the practice key, and the server's own run has none."""


def migrate_as_owner(url: str, database: str, *, password: str | None, practice_key: bytes | None) -> None:
    """Run the migrations to head as ``frontdesk_owner`` (so it owns every table they create)."""
    from frontdesk.storage.migrate import upgrade_to_head

    target = _OwnerDatabase(url, database, password, practice_key)
    try:
        upgrade_to_head(target)  # type: ignore[arg-type]
    except (RuntimeError, StorageError) as exc:  # a keyed migration (0018, 0023) and the server holds no key
        if practice_key is not None:
            raise
        raise PracticeKeyNeeded("This FrontDesk update re-seals data with the practice key (posted money into "
                                "the audit trail, or insurance card images), which the server does not hold: "
                                "have the server recovery code ready (printed at setup). Nothing was "
                                "changed.") from exc
    finally:
        target.close()
