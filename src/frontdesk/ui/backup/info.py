"""What a backup file is, read from its manifest, in words for the restore screens (no Qt, no database)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path

from frontdesk.domain.formats import format_datetime
from frontdesk.storage.restore import open_backup


@dataclass(frozen=True)
class BackupInfo:
    """One backup's identity: enough to recognise it before replacing the practice's data with it."""

    path: Path
    created_at: datetime | None
    schema_version: str
    app_version: str
    size_bytes: int
    record_count: int
    same_key: bool | None  # None when no current key is known (a new install)

    def describe(self, tz: tzinfo) -> str:
        """What the restore dialogs show; the time on the practice's clock ``tz``."""
        when = format_datetime(self.created_at, tz) if self.created_at else "unknown date"
        lines = [f"File: {self.path.name}",
                 f"Made: {when}",
                 f"Size: {format_size(self.size_bytes)}  ·  {self.record_count:,} records",
                 f"Schema: {self.schema_version}  ·  FrontDesk {self.app_version}"]
        if self.same_key is False:
            lines.append("Made by another installation: the administrator passphrase of the backup's day or that "
                         "installation's recovery key is needed.")
        return "\n".join(lines)


def format_size(size: int) -> str:
    """Bytes as people read them: '812 KB', '12.4 MB', '1.02 GB'."""
    if size < 1_000_000:
        return f"{max(size, 0) / 1000:,.0f} KB"
    if size < 1_000_000_000:
        return f"{size / 1_000_000:,.1f} MB"
    return f"{size / 1_000_000_000:,.2f} GB"


def _parse_utc(text: str) -> datetime | None:
    try:
        value = datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ")
    except ValueError:
        return None
    return value.replace(tzinfo=UTC)


def read_backup_info(path: str | Path, current_key: bytes | None = None) -> BackupInfo:
    """Read the manifest beside ``path`` (the .fdbackup or its .json); raises the core's StorageError/DamagedFileError."""
    backup, manifest = open_backup(Path(path))
    return BackupInfo(backup, _parse_utc(manifest.created_at), manifest.schema_version or "none",
                      manifest.app_version, manifest.size, sum(manifest.tables.values()),
                      None if current_key is None else manifest.key_matches(current_key))
