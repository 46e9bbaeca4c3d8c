"""Backup names and manifests: what a backup holds, its checksum, its audit anchor and its wrapped key.

A backup is two files side by side in the target folder:

* ``frontdesk-YYYYMMDD-HHMMSS.fdbackup``: the encrypted SQLite database (same key as the practice);
* ``frontdesk-YYYYMMDD-HHMMSS.fdbackup.json``: its manifest (no PHI): size, SHA-256, page count,
  schema version, per-table row counts, the audit chain's last sequence number and hash, and the
  practice's key file (the database key wrapped under the passphrase and the recovery key), so the
  backup can be restored on a new machine with either of them.

The manifest carries a key-check value (tells a wrong key from a damaged file) and an HMAC made with
a key derived from the database key, so an edited manifest (row counts, audit anchor) is detected.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from frontdesk.errors import DamagedFileError, StorageError, storage_error_from_os
from frontdesk.storage.engine import derive_subkey
from frontdesk.storage.keys import KeyFile

MANIFEST_FORMAT = "frontdesk-backup"
MANIFEST_VERSION = 1
BACKUP_SUFFIX = ".fdbackup"
MANIFEST_SUFFIX = BACKUP_SUFFIX + ".json"
PARTIAL_SUFFIX = ".partial"
NAME_RE = re.compile(r"^frontdesk-(\d{8})-(\d{6})\.fdbackup$")
# Temporary files a backup writes before publishing (hidden on POSIX; never a final name).
PARTIAL_RE = re.compile(r"^\.frontdesk-\d{8}-\d{6}\.fdbackup(\.json)?\.partial$")
_KCV_LABEL = b"frontdesk backup key check"
HASH_CHUNK = 1 << 20

Progress = Callable[[str, int, int], None]


def backup_name(when: datetime) -> str:
    """The file name of a backup taken at ``when`` (local wall-clock time, what the practice sees)."""
    return when.strftime("frontdesk-%Y%m%d-%H%M%S") + BACKUP_SUFFIX


def parse_backup_name(name: str) -> datetime | None:
    """The local time in a backup's name, or None when the name is not one FrontDesk makes."""
    match = NAME_RE.match(name)
    if not match:
        return None
    try:
        return datetime.strptime(match.group(1) + match.group(2), "%Y%m%d%H%M%S")
    except ValueError:
        return None


def manifest_path_for(backup: Path) -> Path:
    return backup.with_name(backup.name + ".json")


def partial_path_for(final: Path) -> Path:
    return final.with_name("." + final.name + PARTIAL_SUFFIX)


def resolve_backup_path(path: Path) -> Path:
    """Accept the backup file or its manifest; return the backup file's path."""
    path = Path(path)
    if path.name.endswith(MANIFEST_SUFFIX):
        return path.with_name(path.name[: -len(".json")])
    return path


def key_check_value(db_key: bytes) -> str:
    """A value that proves a key is this backup's key without revealing anything about it."""
    return hmac.new(derive_subkey(db_key, "backup key check"), _KCV_LABEL, hashlib.sha256).hexdigest()[:32]


def _canonical(body: dict[str, object]) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def _mac(db_key: bytes, body: dict[str, object]) -> str:
    return hmac.new(derive_subkey(db_key, "backup manifest"), _canonical(body), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Manifest:
    """Everything known about one backup file (no PHI: names of tables, counts, hashes)."""

    file: str
    created_at: str  # ISO 8601, UTC
    app_version: str
    size: int
    sha256: str
    page_size: int
    page_count: int
    schema_version: str | None
    tables: dict[str, int]
    audit_seq: int
    audit_hash: str
    key_id: str
    key_check: str
    key_file: dict[str, object] = field(repr=False)
    verified_at: str = ""
    mac: str = field(default="", repr=False, compare=False)  # as read from the file; see mac_ok()

    def _body(self) -> dict[str, object]:
        body: dict[str, object] = {"format": MANIFEST_FORMAT, "version": MANIFEST_VERSION, **asdict(self)}
        del body["mac"]
        return body

    # -- writing --------------------------------------------------------------
    def to_bytes(self, db_key: bytes) -> bytes:
        body = self._body()
        body["mac"] = _mac(db_key, body)
        return json.dumps(body, indent=2, sort_keys=True).encode("utf-8")

    # -- reading --------------------------------------------------------------
    @classmethod
    def from_bytes(cls, data: bytes, name: str = "the manifest") -> "Manifest":
        """Parse and check the shape; the MAC needs the key (:meth:`check_mac`)."""
        damaged = f"The backup manifest {name} is damaged or is not a FrontDesk backup manifest."
        try:
            doc = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise DamagedFileError(damaged) from exc
        if not isinstance(doc, dict) or doc.get("format") != MANIFEST_FORMAT:
            raise DamagedFileError(damaged)
        if doc.get("version") != MANIFEST_VERSION:
            raise DamagedFileError(f"The backup {name} was made by a newer FrontDesk; update the app to use it.")
        try:
            manifest = cls(
                file=str(doc["file"]), created_at=str(doc["created_at"]), app_version=str(doc["app_version"]),
                size=int(doc["size"]), sha256=str(doc["sha256"]), page_size=int(doc["page_size"]),
                page_count=int(doc["page_count"]),
                schema_version=None if doc["schema_version"] is None else str(doc["schema_version"]),
                tables={str(k): int(v) for k, v in dict(doc["tables"]).items()},
                audit_seq=int(doc["audit_seq"]), audit_hash=str(doc["audit_hash"]), key_id=str(doc["key_id"]),
                key_check=str(doc["key_check"]), key_file=dict(doc["key_file"]),
                verified_at=str(doc.get("verified_at", "")), mac=str(doc.get("mac", "")))
        except (KeyError, TypeError, ValueError) as exc:
            raise DamagedFileError(damaged) from exc
        return manifest

    @classmethod
    def load(cls, path: Path) -> "Manifest":
        try:
            data = Path(path).read_bytes()
        except FileNotFoundError as exc:
            raise DamagedFileError(
                f"The manifest {Path(path).name} is missing: a backup is two files (.fdbackup and "
                ".fdbackup.json); copy both.") from exc
        except OSError as exc:
            raise storage_error_from_os(exc, f"the backup manifest {Path(path).name}") from exc
        return cls.from_bytes(data, Path(path).name)

    def key_matches(self, db_key: bytes) -> bool:
        return hmac.compare_digest(key_check_value(db_key), self.key_check)

    def mac_ok(self, db_key: bytes) -> bool:
        """True when the manifest is exactly as FrontDesk wrote it for this key."""
        return hmac.compare_digest(_mac(db_key, self._body()), self.mac)

    def wrapped_key_file(self) -> KeyFile:
        """The practice's key file as it was when the backup was made."""
        return KeyFile.from_bytes(json.dumps(self.key_file).encode("utf-8"))


def sha256_file(path: Path, progress: Progress | None = None, stage: str = "checksum") -> tuple[str, int]:
    """SHA-256 and size of a file, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    total = Path(path).stat().st_size
    done = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(HASH_CHUNK):
            digest.update(chunk)
            done += len(chunk)
            if progress is not None:
                progress(stage, done, total)
    return digest.hexdigest(), done


def write_new_file(path: Path, data: bytes) -> None:
    """Create ``path`` (it must not exist), write ``data`` and fsync it; on failure nothing is left."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    except OSError as exc:
        raise storage_error_from_os(exc, f"the folder {path.parent}") from exc
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    except OSError as exc:
        os.close(fd)
        path.unlink(missing_ok=True)
        raise storage_error_from_os(exc, f"the backup in {path.parent}") from exc
    except BaseException:
        os.close(fd)
        path.unlink(missing_ok=True)
        raise
    os.close(fd)


def require_folder(folder: Path) -> None:
    """A backup target must already exist: a missing folder often means an unplugged drive."""
    if not folder.exists():
        raise StorageError(f"The backup folder {folder} does not exist. Is the backup drive connected? "
                           "Create the folder first if it is new.")
    if not folder.is_dir():
        raise StorageError(f"The backup target {folder} is a file, not a folder.")
