"""Server mode on a workstation: which practice server it is enrolled with, and the secret it signs in with.

Two halves, kept apart on purpose:

* ``server.json`` in the workstation's folder (the data folder of single-PC mode, beside workstation.json):
  host, port, database and the practice certificate pinned at enrolment (PEM). Nothing secret: the file
  says where the practice is and which certificate proves it, and is still owner-only (0600) and written
  atomically like every file FrontDesk makes. libpq reads a root certificate from a file only, so the
  pinned PEM is also written beside it (``server-certificate.pem``), always re-derived from server.json.
* the :class:`ConnectionSecret` (the app role's password and the practice key) in the OS keyring, through
  the same allow-list that refuses insecure stores for the database key (storage/keyring_cache.py).

Qt-free.
"""

from __future__ import annotations

import base64
import binascii
import json
import ssl
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from frontdesk.errors import DamagedFileError, KeyUnavailableError, StorageError, storage_error_from_os
from frontdesk.paths import DataPaths
from frontdesk.storage.atomic import write_atomically
from frontdesk.storage.enrolment_code import ConnectionSecret
from frontdesk.storage.keyring_cache import BackendVerdict, KeyCache
from frontdesk.storage.private_files import make_private_dir

SERVER_FILENAME = "server.json"
CERT_FILENAME = "server-certificate.pem"
SECRET_SERVICE = "FrontDesk practice server"
DEFAULT_PORT = 5432
DEFAULT_DATABASE = "frontdesk"
_WHAT = "the practice server settings (server.json)"


def host_port(host: str, port: int) -> str:
    """HOST:PORT as a person types it (an IPv6 address in brackets)."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


@dataclass(frozen=True)
class ServerConfig:
    """Where this workstation's practice server is and the certificate it must present."""

    host: str
    port: int
    database: str
    certificate_pem: str

    @property
    def address(self) -> str:
        return host_port(self.host, self.port)

    @property
    def certificate_der(self) -> bytes:
        return ssl.PEM_cert_to_DER_cert(self.certificate_pem)

    @property
    def keyring_account(self) -> str:
        """The name the secret is kept under: one per server and database, so re-enrolling replaces it."""
        return f"{self.database}@{self.address}"


def server_file(paths: DataPaths) -> Path:
    return paths.root / SERVER_FILENAME


def pinned_cert_file(paths: DataPaths) -> Path:
    return paths.root / CERT_FILENAME


def is_server_mode(paths: DataPaths) -> bool:
    """True when this workstation is enrolled with a practice server (server.json exists)."""
    return server_file(paths).exists()


def load_server_config(paths: DataPaths) -> ServerConfig:
    """Read server.json; a damaged file is a DamagedFileError saying how to start over."""
    target = server_file(paths)
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
        config = ServerConfig(host=str(data["host"]), port=int(data["port"]), database=str(data["database"]),
                              certificate_pem=str(data["certificate_pem"]))
        config.certificate_der  # noqa: B018 (parses the PEM: a damaged one is refused here, not at connect time)
    except OSError as exc:
        raise storage_error_from_os(exc, _WHAT) from exc
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, binascii.Error) as exc:
        raise DamagedFileError(f"The practice server settings in {target} are damaged. Remove the file and enrol "
                               "this PC again with a new enrolment code.") from exc
    return config


def save_server_config(paths: DataPaths, config: ServerConfig) -> None:
    """Write server.json (0600, atomically) and the pinned certificate file beside it."""
    try:
        make_private_dir(paths.root)
    except OSError as exc:
        raise storage_error_from_os(exc, _WHAT, writing=True) from exc
    write_pinned_cert(paths, config)
    text = json.dumps({"host": config.host, "port": config.port, "database": config.database,
                       "certificate_pem": config.certificate_pem}, indent=2)
    write_atomically(server_file(paths), text, what=_WHAT)


def write_pinned_cert(paths: DataPaths, config: ServerConfig) -> Path:
    """The pinned certificate as the file libpq's sslrootcert needs, rewritten when it differs from server.json."""
    target = pinned_cert_file(paths)
    try:
        current = target.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        current = None
    if current != config.certificate_pem:
        write_atomically(target, config.certificate_pem, what="the pinned practice server certificate")
    return target


def remove_server_config(paths: DataPaths) -> None:
    """Forget the server (both files); for undoing an enrolment that could not finish."""
    for target in (server_file(paths), pinned_cert_file(paths)):
        with suppress(OSError):  # a folder that could not take them (a file in its path) has none to remove
            target.unlink(missing_ok=True)


def _secret_text(secret: ConnectionSecret) -> str:
    return json.dumps({"app_password": secret.app_password, "database": secret.database,
                       "practice_key": base64.b64encode(secret.practice_key).decode("ascii")})


def store_secret(cache: KeyCache, config: ServerConfig, secret: ConnectionSecret) -> None:
    """Keep the connection secret in the OS keyring; a StorageError when it cannot be kept there safely."""
    verdict = cache.store_text(SECRET_SERVICE, config.keyring_account, _secret_text(secret))
    if not verdict.usable:
        raise StorageError(no_secure_store_message(verdict))


def no_secure_store_message(verdict: BackendVerdict) -> str:
    return (f"This PC cannot keep the practice server's connection secret safely: {verdict.reason}. Set up the "
            "operating system's credential store (Windows Credential Manager, macOS Keychain or a Secret Service "
            "keyring such as GNOME Keyring), then enrol again.")


def load_secret(cache: KeyCache, config: ServerConfig) -> ConnectionSecret:
    """The secret kept at enrolment; KeyUnavailableError (what to do) when the keyring no longer has it."""
    text = cache.load_text(SECRET_SERVICE, config.keyring_account)
    if text is not None:
        try:
            data = json.loads(text)
            return ConnectionSecret(app_password=str(data["app_password"]), database=str(data["database"]),
                                    practice_key=base64.b64decode(data["practice_key"], validate=True))
        except (ValueError, KeyError, TypeError, binascii.Error):
            pass  # damaged: the same advice as missing
    verdict = cache.verdict()
    why = "" if verdict.usable else f" ({verdict.reason})"
    raise KeyUnavailableError(
        f"This PC's connection secret for the practice server at {config.address} is not in the system key "
        f"store{why}. Ask the practice administrator for a new enrolment code and enrol this PC again.")


def forget_secret(cache: KeyCache, config: ServerConfig) -> None:
    cache.forget_text(SECRET_SERVICE, config.keyring_account)
