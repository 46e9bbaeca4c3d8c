"""Opening the practice database on the server a workstation is enrolled with (server mode's start-up).

What can go wrong says what to do: the server unreachable; a certificate other than the pinned one
(possible interception: compared here before any password is sent, and libpq checks it again with
sslmode=verify-ca); the connection secret missing from or no longer accepted by the keyring's copy;
PostgreSQL older than 16 (pg_engine.py's message); a schema newer than this app ("update FrontDesk on this
PC") or older ("the server needs ``frontdesk server upgrade``": workstations never migrate). Qt-free.
"""

from __future__ import annotations

from sqlalchemy import URL

from frontdesk.errors import KeyUnavailableError, StorageError
from frontdesk.paths import DataPaths
from frontdesk.storage.engine import Database
from frontdesk.storage.enrol import CONNECT_TIMEOUT_S, fetch_server_certificate, interception
from frontdesk.storage.keyring_cache import KeyCache
from frontdesk.storage.pg_engine import URL_SCHEME, PostgresDatabase
from frontdesk.storage.server_config import load_secret, load_server_config, write_pinned_cert

APP_ROLE = "frontdesk_app"


class ServerSchemaError(StorageError):
    """The server's schema is not the one this app was built for (newer or older)."""

    title = "FrontDesk and the practice server do not match"


def connect_server(paths: DataPaths, cache: KeyCache, *, min_version: int | None = None) -> PostgresDatabase:
    """The practice database as the app role, over TLS pinned to the enrolment's certificate."""
    config = load_server_config(paths)
    secret = load_secret(cache, config)
    if fetch_server_certificate(config.host, config.port) != config.certificate_der:
        raise interception(config.address, "The practice server presented a certificate other than the one this "
                                           "PC was enrolled with")
    url = URL.create(URL_SCHEME, username=APP_ROLE, password=secret.app_password, host=config.host,
                     port=config.port, database=config.database,
                     query={"sslmode": "verify-ca", "sslrootcert": str(write_pinned_cert(paths, config)),
                            "connect_timeout": str(CONNECT_TIMEOUT_S), "application_name": "FrontDesk"})
    versions = {} if min_version is None else {"min_version": min_version}
    try:
        return PostgresDatabase(url.render_as_string(hide_password=False), secret.practice_key, **versions)
    except StorageError as exc:
        said = str(getattr(exc.__cause__, "orig", exc.__cause__) or "").lower()
        if "password authentication failed" in said:
            raise KeyUnavailableError(
                f"The practice server at {config.address} no longer accepts this PC's connection secret. Ask the "
                "practice administrator for a new enrolment code and enrol this PC again.") from exc
        if "certificate" in said:
            raise interception(config.address, "The practice server's certificate could not be verified") from exc
        raise


def check_server_schema(db: Database) -> None:
    """Refuse a server whose schema is not exactly this app's head, saying which side to update."""
    from frontdesk.storage.migrate import current_revision, head_revision, known_revisions

    current = current_revision(db)
    if current == head_revision():
        return
    if current is None:
        raise ServerSchemaError("The practice server's database is not set up yet: run `frontdesk server setup` "
                                "on the server.")
    if current not in known_revisions():
        raise ServerSchemaError("The practice server was updated: update FrontDesk on this PC.")
    raise ServerSchemaError("The practice server needs `frontdesk server upgrade` (run on the server) before this "
                            "version of FrontDesk can use it.")

