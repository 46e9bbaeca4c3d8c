"""What a backup file is, in words for the restore screens (the manifest is read by the core, off the GUI thread)."""

from __future__ import annotations

from datetime import tzinfo

from frontdesk.services.admin.backup_jobs import BackupInfo
from frontdesk.domain.formats import format_datetime


def describe_backup(info: BackupInfo, tz: tzinfo) -> str:
    """What the restore dialogs show about ``info``; the time on the practice's clock ``tz``."""
    when = format_datetime(info.created_at, tz) if info.created_at else "unknown date"
    lines = [f"File: {info.path.name}",
             f"Made: {when}",
             f"Size: {format_size(info.size_bytes)}  ·  {info.record_count:,} records",
             f"Schema: {info.schema_version}  ·  FrontDesk {info.app_version}"]
    if info.same_key is False:
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
