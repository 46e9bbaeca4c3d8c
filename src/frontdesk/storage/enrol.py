"""Enrol a workstation with a practice server: check who answers, redeem the code, keep what it unlocks.

In order (SERVER_SPEC.md, "Connect to a practice server"), and nothing is saved unless every step works:

1. the address (HOST[:PORT][/DATABASE]) and the code are checked as typed, each error beside its field;
2. the OS keyring must be a trusted one (keyring_cache.py's allow-list) *before* the code is spent;
3. TCP, PostgreSQL's SSLRequest, a TLS handshake with Python's ssl (no verification: nothing is trusted
   yet) and the server certificate's DER; its SHA-256 prefix must be the one in the code, else the
   server is not the one that issued the code: refused as possible interception;
4. psycopg connects as ``frontdesk_enrol`` with sslmode=verify-ca against *that* certificate (so the
   connection is pinned from the first byte of the password exchange) and calls the redeem function;
5. the wrapped secret is opened with the code's token, kept in the keyring, and server.json written.

The token never leaves this PC (the server gets its SHA-256) and neither it nor the secret is logged.
Qt-free; the CLI (``frontdesk server enrol``) and the setup wizard both call :func:`enrol_workstation`.
"""

from __future__ import annotations

import logging
import re
import socket
import ssl
import struct
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from frontdesk.errors import FieldErrors, StorageError, ValidationError
from frontdesk.paths import DataPaths
from frontdesk.storage import enrolment_code as ec
from frontdesk.storage.keyring_cache import KeyCache
from frontdesk.storage.pg_engine import MIN_SERVER_VERSION
from frontdesk.storage.server_config import (DEFAULT_DATABASE, DEFAULT_PORT, ServerConfig, forget_secret, host_port,
                                             is_server_mode, no_secure_store_message, remove_server_config,
                                             save_server_config, store_secret)

log = logging.getLogger(__name__)

ADDRESS_FIELD = "Server address"
ENROL_ROLE = "frontdesk_enrol"
SSL_REQUEST = struct.pack("!ii", 8, 80877103)  # PostgreSQL's "please talk TLS" message
CONNECT_TIMEOUT_S = 10
_HOST_NAME = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\.[A-Za-z0-9-]{1,63})*\.?$")
_DATABASE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_$]{0,62}$")
_ADDRESS_FORM = "Type the server's name or IP address, e.g. frontdesk-server or 192.168.1.20:5432."
_NOTHING_SAVED = " Nothing was saved."


class ServerIdentityError(StorageError):
    """The server presented a certificate other than the one expected: possibly someone in between."""

    title = "Possible interception"


class ServerUnreachableError(StorageError):
    """Nothing answered at the practice server's address."""

    title = "Practice server unreachable"


@dataclass(frozen=True)
class ServerAddress:
    host: str
    port: int
    database: str

    @property
    def text(self) -> str:
        return host_port(self.host, self.port)


def parse_server_address(text: str) -> ServerAddress:
    """HOST, HOST:PORT, [IPv6]:PORT, each optionally followed by /DATABASE (default ``frontdesk``)."""
    raw = text.strip()
    if not raw:
        raise ValidationError(ADDRESS_FIELD, f"The server address is required. {_ADDRESS_FORM}")
    rest, _, database = raw.partition("/")
    database = database or DEFAULT_DATABASE
    if not _DATABASE_NAME.match(database):
        raise ValidationError(ADDRESS_FIELD, f"'{database}' is not a database name (letters, digits and _).")
    port_text = ""
    if rest.startswith("["):
        host, bracket, after = rest[1:].partition("]")
        if not bracket or (after and not after.startswith(":")):
            raise ValidationError(ADDRESS_FIELD, f"That address is not complete. {_ADDRESS_FORM}")
        port_text = after[1:]
        try:
            socket.inet_pton(socket.AF_INET6, host)
        except OSError:
            raise ValidationError(ADDRESS_FIELD, f"'{host}' is not an IPv6 address. {_ADDRESS_FORM}") from None
    else:
        host, _, port_text = rest.partition(":")
        if not _HOST_NAME.match(host):
            raise ValidationError(ADDRESS_FIELD, f"'{rest}' is not a server name or address. {_ADDRESS_FORM}")
    port = DEFAULT_PORT
    if port_text:
        if not port_text.isdigit() or not 1 <= int(port_text) <= 65535:
            raise ValidationError(ADDRESS_FIELD, f"The port must be a number from 1 to 65535 (PostgreSQL's is "
                                                 f"{DEFAULT_PORT}).")
        port = int(port_text)
    return ServerAddress(host, port, database)


def check_entries(address_text: str, code_text: str) -> tuple[ServerAddress, ec.EnrolmentCode]:
    """Both fields as typed, every error at once (each names its field)."""
    errors = FieldErrors()
    address = errors.check(parse_server_address, address_text)
    code = errors.check(ec.parse, code_text)
    errors.raise_any()
    assert address is not None and code is not None
    return address, code


def unreachable(address: str) -> ServerUnreachableError:
    return ServerUnreachableError(
        f"Cannot reach the practice server at {address}. Check the address, that the server is on and that "
        "this PC is on the practice network.")


def fetch_server_certificate(host: str, port: int, *, timeout: float = CONNECT_TIMEOUT_S) -> bytes:
    """The DER certificate the PostgreSQL server at host:port presents (nothing verified: that is the caller's)."""
    address = host_port(host, port)
    try:
        sock = socket.create_connection((host, port), timeout=timeout)
    except OSError as exc:
        raise unreachable(address) from exc
    with sock:
        try:
            sock.sendall(SSL_REQUEST)
            answer = sock.recv(1)
        except OSError as exc:
            raise unreachable(address) from exc
        if answer != b"S":
            raise StorageError(f"The server at {address} does not offer an encrypted connection, so it is not a "
                               "FrontDesk practice server (set one up with `frontdesk server setup`).")
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE  # only read here: matches() or the pinned copy decides
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        try:
            with context.wrap_socket(sock, server_hostname=None) as tls:
                der = tls.getpeercert(binary_form=True)
        except (OSError, ssl.SSLError) as exc:
            raise StorageError(f"The server at {address} did not complete an encrypted connection.") from exc
    if not der:
        raise StorageError(f"The server at {address} presented no certificate.")
    return der


def interception(address: str, detail: str, *, after: str = "") -> ServerIdentityError:
    return ServerIdentityError(f"{detail}: possible interception.{after} Check the address with the practice "
                               f"administrator before trying again (server {address}).")


def _connect_enrol(address: ServerAddress, code: ec.EnrolmentCode, der: bytes, timeout: float):  # type: ignore[no-untyped-def]
    """psycopg connection as the enrol role, pinned to ``der`` (verify-ca: libpq checks the same certificate)."""
    import psycopg

    with tempfile.TemporaryDirectory(prefix="fd-enrol-") as folder:
        root = Path(folder) / "server.pem"
        root.write_text(ssl.DER_cert_to_PEM_cert(der), encoding="ascii")
        try:
            return psycopg.connect(host=address.host, port=address.port, dbname=address.database, user=ENROL_ROLE,
                                   password=ec.enrol_password(code.fingerprint_prefix), sslmode="verify-ca",
                                   sslrootcert=str(root), connect_timeout=max(1, int(timeout)),
                                   application_name="FrontDesk enrolment")
        except psycopg.OperationalError as exc:
            raise _refused_connection(address, str(exc).lower()) from exc


def _refused_connection(address: ServerAddress, text: str) -> StorageError:
    if "certificate" in text or "ssl" in text and "verify" in text:
        return interception(address.text, "The server's certificate could not be verified")
    if f'database "{address.database}" does not exist' in text:
        return StorageError(f"The practice server at {address.text} has no database named {address.database}. "
                            "Check the address (HOST:PORT/DATABASE) with the practice administrator.")
    if "password authentication failed" in text or "pg_hba" in text or "rejected" in text:
        return StorageError(f"The practice server at {address.text} refused the enrolment sign-in. Ask the practice "
                            "administrator to run `frontdesk server check` on the server.")
    return unreachable(address.text)


def _used_on(message: str) -> str:
    """MM/DD/YYYY from the redeem function's 'used <ISO timestamp>' (the date as the server wrote it)."""
    from frontdesk.domain.formats import format_date

    found = re.search(r"used\s+(\S+(?:[ T]\S+)?)", message)
    try:
        return format_date(datetime.fromisoformat(found[1]).date()) if found else "an earlier date"
    except ValueError:
        return "an earlier date"


def _redeem(conn, code: ec.EnrolmentCode, workstation: str) -> bytes:  # type: ignore[no-untyped-def]
    import psycopg

    try:
        row = conn.execute("SELECT frontdesk_redeem_enrolment(%s, %s)", (ec.token_sha256(code), workstation))
        blob = row.fetchone()[0]
        conn.commit()
    except psycopg.Error as exc:
        conn.rollback()
        state = exc.sqlstate or ""
        if state == "FD001":
            raise ValidationError(ec.FIELD, "This enrolment code is not known to the server. Check it, or ask the "
                                            "practice administrator for a new one.") from exc
        if state == "FD002":
            raise ValidationError(ec.FIELD, f"This enrolment code was already used on "
                                            f"{_used_on(exc.diag.message_primary or '')}. Each code enrols one PC: "
                                            "ask the practice administrator for a new one.") from exc
        if state == "FD003":
            raise ValidationError(ec.FIELD, "This enrolment code has expired (codes last 7 days). Ask the practice "
                                            "administrator for a new one.") from exc
        raise StorageError("The practice server could not redeem the enrolment code "
                           f"({type(exc).__name__}).") from exc
    return bytes(blob)


def _refuse_if_set_up(paths: DataPaths) -> None:
    if is_server_mode(paths):
        raise StorageError(f"This PC is already connected to a practice server (settings in {paths.root}). "
                           "Nothing was changed.")
    if paths.exists():
        raise StorageError(f"This PC already holds a practice in {paths.root}; a PC connected to a practice server "
                           "keeps no practice of its own. Nothing was changed.")


def enrol_workstation(paths: DataPaths, address_text: str, code_text: str, *, key_cache: KeyCache,
                      workstation: str | None = None, timeout: float = CONNECT_TIMEOUT_S,
                      min_version: int | None = None) -> ServerConfig:
    """Enrol this PC (see the module docstring); the saved settings, or an error after which nothing was saved.

    ``min_version`` is for the TLS test on Debian's PostgreSQL 15 only; production keeps the default (16)."""
    min_version = MIN_SERVER_VERSION if min_version is None else min_version
    address, code = check_entries(address_text, code_text)
    _refuse_if_set_up(paths)
    verdict = key_cache.verdict()
    if not verdict.usable:  # before the code is spent: a code redeemed into nowhere is lost
        raise StorageError(no_secure_store_message(verdict) + _NOTHING_SAVED)
    der = fetch_server_certificate(address.host, address.port, timeout=timeout)
    if not ec.matches(code, der):
        raise interception(address.text, "The server's certificate does not match this enrolment code",
                           after=_NOTHING_SAVED)
    conn = _connect_enrol(address, code, der, timeout)
    try:
        version = conn.info.server_version // 10000
        if version < min_version:
            raise StorageError(f"The practice server runs PostgreSQL {version}; FrontDesk needs PostgreSQL "
                               f"{MIN_SERVER_VERSION} or newer. Upgrade the server, then enrol again."
                               + _NOTHING_SAVED)
        blob = _redeem(conn, code, workstation or socket.gethostname())
    finally:
        conn.close()
    secret = ec.unwrap(code, blob)
    config = ServerConfig(address.host, address.port, secret.database, ssl.DER_cert_to_PEM_cert(der))
    _save(paths, key_cache, config, secret)
    log.info("workstation enrolled with a practice server")  # no address, code or secret in the log
    return config


def _save(paths: DataPaths, key_cache: KeyCache, config: ServerConfig, secret: ec.ConnectionSecret) -> None:
    """Keyring first, then server.json (its presence is what says "enrolled"); both or neither."""
    try:
        store_secret(key_cache, config, secret)
        save_server_config(paths, config)
    except BaseException as exc:
        forget_secret(key_cache, config)
        remove_server_config(paths)
        if isinstance(exc, StorageError):
            raise type(exc)(f"{exc.message} The enrolment code has been used: ask the practice administrator for "
                            "a new one, then enrol again. Nothing was saved on this PC.") from exc
        raise
