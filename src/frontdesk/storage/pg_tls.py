"""TLS and client authentication of a practice server: the practice certificate, ssl on, scram, pg_hba.

``frontdesk server setup`` runs on (or next to) the server as the PostgreSQL superuser; every file it
writes goes through the server itself (large-object export into the data directory and over the
pg_hba.conf the server reads), so it works whatever account runs the command and wherever the
distribution keeps its files. The certificate is self-signed (ECDSA P-256, ten years, a CA of one):
workstations pin it at enrolment, so no public authority is involved. Every change here can be undone
(``TlsChanges.undo``) when a later step of the setup fails.
"""

from __future__ import annotations

import ipaddress
import re
import shlex
import time
from dataclasses import dataclass, field
from datetime import timedelta

import psycopg
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from frontdesk.domain.schedule_time import utc_now
from frontdesk.errors import StorageError, ValidationError

CERT_NAME = "FrontDesk practice server"
CERT_FILE = "frontdesk_server.crt"
KEY_FILE = "frontdesk_server.key"
CERT_YEARS = 10
APP_ROLE = "frontdesk_app"
ENROL_ROLE = "frontdesk_enrol"
HBA_BEGIN = "# FrontDesk practice server (frontdesk server setup): TLS and scram-sha-256 only"
HBA_END = "# end of FrontDesk lines"
HBA_BACKUP_SUFFIX = ".before-frontdesk"
# ALTER SYSTEM settings, each undone by ALTER SYSTEM RESET
SERVER_SETTINGS = ("ssl", "ssl_cert_file", "ssl_key_file", "password_encryption")
_HOST_NAME = re.compile(r"^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                        r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$")


@dataclass(frozen=True)
class PracticeCertificate:
    """The server's certificate (DER and PEM) and its private key (PEM, unencrypted: the server reads it)."""

    der: bytes
    pem: bytes
    key_pem: bytes

    @property
    def sha256(self) -> str:
        return x509.load_der_x509_certificate(self.der).fingerprint(hashes.SHA256()).hex(":").upper()


def check_hosts(hosts: list[str]) -> list[x509.GeneralName]:
    """The certificate's subject alternative names: each name or address given, plus localhost."""
    names: list[x509.GeneralName] = []
    for host in [*hosts, "localhost", "127.0.0.1", "::1"]:
        host = host.strip()
        try:
            name: x509.GeneralName = x509.IPAddress(ipaddress.ip_address(host))
        except ValueError:
            if not _HOST_NAME.match(host):
                raise ValidationError("Host", f"{host!r} is not a host name or IP address the workstations can "
                                              "use to reach this server.") from None
            name = x509.DNSName(host.lower())
        if name not in names:
            names.append(name)
    return names


def make_certificate(hosts: list[str]) -> PracticeCertificate:
    """A new self-signed practice certificate for ``hosts`` (ECDSA P-256, valid ten years from now)."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, CERT_NAME)])
    start = utc_now() - timedelta(hours=1)  # a workstation whose clock runs a little behind still accepts it
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=365 * CERT_YEARS + 3))
        .add_extension(x509.SubjectAlternativeName(check_hosts(hosts)), critical=False)
        # a CA of one: the workstations' pinned root is the certificate itself (sslmode=verify-ca)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, content_commitment=False,
                                     key_encipherment=False, data_encipherment=False, key_agreement=False,
                                     crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(key, hashes.SHA256())
    )
    return PracticeCertificate(
        der=cert.public_bytes(serialization.Encoding.DER),
        pem=cert.public_bytes(serialization.Encoding.PEM),
        key_pem=key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()),
    )


def hba_lines(database: str) -> str:
    """The lines put first in pg_hba.conf: the practice database over TLS with scram only, never without TLS.

    ``hostnossl`` (not ``host``) for the refusal, so a TLS connection of another role (the superuser running
    ``server upgrade``) still falls through to the distribution's own lines.
    """
    return (f"{HBA_BEGIN}\n"
            f"hostssl    {database} {APP_ROLE},{ENROL_ROLE} all scram-sha-256\n"
            f"hostnossl  {database} all all reject\n"
            f"{HBA_END}\n")


def server_file(conn: psycopg.Connection, data: bytes, path: str) -> None:
    """Write ``data`` to ``path`` on the server's machine, as the server's account (superuser only)."""
    # three statements in one transaction: a statement does not see a large object it made itself, and a
    # failed export leaves no object behind
    with conn.transaction():
        row = conn.execute("SELECT lo_from_bytea(0, %s)", (data,)).fetchone()
        assert row is not None
        conn.execute("SELECT lo_export(%s, %s)", (row[0], path))
        conn.execute("SELECT lo_unlink(%s)", (row[0],))


def _on_windows(conn: psycopg.Connection) -> bool:
    row = conn.execute("SELECT version()").fetchone()
    return bool(row) and any(mark in row[0] for mark in ("Visual C++", "mingw", "MinGW", "windows"))


def _owner_only(conn: psycopg.Connection, path: str) -> None:
    """Make the key file readable by the server's account only: PostgreSQL refuses a key others may read.

    A file exported by the server is created 0644 (inside the 0700 data directory, so no one else could reach
    it meanwhile); only a program run by the server can change that. Windows has no such check.
    """
    if _on_windows(conn):
        return
    command = f"chmod 600 {shlex.quote(path)}".replace("'", "''")
    conn.execute(f"COPY (SELECT 1 WHERE false) TO PROGRAM '{command}'")  # no rows: chmod reads nothing


def _setting(conn: psycopg.Connection, name: str) -> str:
    row = conn.execute("SELECT current_setting(%s, true)", (name,)).fetchone()
    return (row[0] if row else None) or ""


def _join(folder: str, name: str) -> str:
    return f"{folder}\\{name}" if "\\" in folder and "/" not in folder else f"{folder}/{name}"


@dataclass
class TlsChanges:
    """What ``turn_on_tls`` changed on the server, so a failed setup can put it back."""

    settings: list[str] = field(default_factory=list)
    hba_file: str = ""
    hba_before: str | None = None

    def undo(self, conn: psycopg.Connection) -> None:
        for name in reversed(self.settings):
            conn.execute(f"ALTER SYSTEM RESET {name}")
        if self.hba_before is not None:
            server_file(conn, self.hba_before.encode("utf-8"), self.hba_file)
        conn.execute("SELECT pg_reload_conf()")


def with_frontdesk_lines(hba: str, database: str) -> str:
    """pg_hba.conf with the FrontDesk lines first (first match wins); a previous FrontDesk block is replaced."""
    kept = re.sub(rf"{re.escape(HBA_BEGIN)}\n.*?{re.escape(HBA_END)}\n?", "", hba, flags=re.DOTALL)
    return hba_lines(database) + kept


def turn_on_tls(conn: psycopg.Connection, cert: PracticeCertificate, database: str, changes: TlsChanges) -> None:
    """Certificate and key into the data directory, ssl and scram on, the FrontDesk pg_hba lines, reload.

    ``conn`` is an autocommit superuser connection. Every change is noted in ``changes`` as it is made; a
    pg_hba.conf the server finds errors in is put back at once (a broken file would lock everyone out at the
    next restart).
    """
    data_dir = _setting(conn, "data_directory")
    key_path = _join(data_dir, KEY_FILE)
    server_file(conn, cert.pem, _join(data_dir, CERT_FILE))
    server_file(conn, cert.key_pem, key_path)
    _owner_only(conn, key_path)
    for name, value in (("ssl_cert_file", CERT_FILE), ("ssl_key_file", KEY_FILE), ("ssl", "on"),
                        ("password_encryption", "scram-sha-256")):
        changes.settings.append(name)
        conn.execute(f"ALTER SYSTEM SET {name} = '{value}'")
    # ssl on first: the server refuses hostssl lines while TLS is off
    reload_and_wait(conn, "ssl", "on")
    hba_file = _setting(conn, "hba_file")
    row = conn.execute("SELECT pg_read_file(%s)", (hba_file,)).fetchone()
    before = row[0] if row else ""
    if conn.execute("SELECT pg_stat_file(%s, true) IS NULL", (hba_file + HBA_BACKUP_SUFFIX,)).fetchone()[0]:
        server_file(conn, before.encode("utf-8"), hba_file + HBA_BACKUP_SUFFIX)  # the file as it was before us
    changes.hba_file, changes.hba_before = hba_file, before
    server_file(conn, with_frontdesk_lines(before, database).encode("utf-8"), hba_file)
    errors = conn.execute("SELECT line_number, error FROM pg_hba_file_rules WHERE error IS NOT NULL").fetchall()
    if errors:
        server_file(conn, before.encode("utf-8"), hba_file)
        raise StorageError(f"The server found errors in pg_hba.conf once the FrontDesk lines were added (line "
                           f"{errors[0][0]}: {errors[0][1]}); it was put back as it was.")
    conn.execute("SELECT pg_reload_conf()")


def reload_and_wait(conn: psycopg.Connection, setting: str, value: str, *, seconds: float = 10.0) -> None:
    """Ask the server to re-read its configuration and wait until this session sees ``setting = value``.

    The reload is a signal: each session applies it between statements, a moment later.
    """
    conn.execute("SELECT pg_reload_conf()")
    deadline = time.monotonic() + seconds
    while _setting(conn, setting) != value:
        if time.monotonic() > deadline:
            raise StorageError(f"The server did not take the new setting {setting} = {value} (see its log).")
        time.sleep(0.05)


def _first_method(rules: list[tuple], database: str, role: str, *, tls: bool) -> str | None:
    """The method of the first pg_hba rule a TCP connection of ``role`` to ``database`` meets (None: no rule).

    Addresses are ignored on purpose: a rule for any address counts, so the answer errs on the unsafe side.
    """
    for kind, databases, users, method in rules:
        if kind in ("local", "hostgssenc") or kind == ("hostnossl" if tls else "hostssl"):
            continue
        if ({database, "all"} & set(databases)) and ({role, "all"} & set(users)):
            return method
    return None


def tls_problems(conn: psycopg.Connection, database: str) -> list[str]:
    """What is unsafe about the server's TLS and authentication settings (empty: all as setup left them)."""
    problems = []
    if _setting(conn, "ssl") != "on":
        problems.append("TLS is off (ssl = off): passwords and patient data would cross the network in clear.")
    if _setting(conn, "password_encryption") != "scram-sha-256":
        problems.append("New passwords are not stored as scram-sha-256 (password_encryption).")
    rules = conn.execute("SELECT type, database, user_name, auth_method FROM pg_hba_file_rules "
                         "WHERE error IS NULL ORDER BY line_number").fetchall()
    for role in (APP_ROLE, ENROL_ROLE):
        over_tls = _first_method(rules, database, role, tls=True)
        if over_tls != "scram-sha-256":
            problems.append(f"pg_hba.conf: {role} over TLS meets {over_tls or 'no rule'}, not scram-sha-256.")
        without_tls = _first_method(rules, database, role, tls=False)
        if without_tls not in ("reject", None):
            problems.append(f"pg_hba.conf lets {role} connect without TLS ({without_tls}).")
    return problems
