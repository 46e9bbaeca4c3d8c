"""Which backups a folder holds, and retention: 14 daily, 8 weekly, 12 monthly; only our own files.

A file is one of our backups when its name is ``frontdesk-YYYYMMDD-HHMMSS.fdbackup`` AND a manifest
in FrontDesk's format that names it sits beside it. Anything else in the folder (other programs'
files, hand-made copies, a backup whose manifest is gone) is never deleted.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from frontdesk.errors import StorageError
from frontdesk.storage.manifest import NAME_RE, PARTIAL_RE, Manifest, manifest_path_for, parse_backup_name

log = logging.getLogger(__name__)

# A temporary file untouched this long belongs to a backup that died (a running one writes continuously).
STALE_PARTIAL_SECONDS = 600


@dataclass(frozen=True)
class RetentionPolicy:
    daily: int = 14
    weekly: int = 8
    monthly: int = 12


@dataclass(frozen=True)
class BackupEntry:
    """One backup in a folder: its files, the local time in its name, its manifest."""

    path: Path
    manifest_path: Path
    when: datetime
    manifest: Manifest


def list_backups(folder: Path) -> list[BackupEntry]:
    """Our backups in ``folder``, newest first (both files present, manifest ours and naming its file)."""
    try:
        names = sorted(p.name for p in Path(folder).iterdir())
    except FileNotFoundError:
        return []
    except OSError as exc:
        from frontdesk.errors import storage_error_from_os

        raise storage_error_from_os(exc, f"the backup folder {folder}") from exc
    entries = []
    for name in names:
        when = parse_backup_name(name)
        if when is None:
            continue
        path = Path(folder) / name
        manifest_path = manifest_path_for(path)
        try:
            manifest = Manifest.load(manifest_path)
        except StorageError:
            continue  # no manifest or not ours: not a backup we made
        if manifest.file != name or not path.is_file():
            continue
        entries.append(BackupEntry(path, manifest_path, when, manifest))
    entries.sort(key=lambda e: (e.when, e.path.name), reverse=True)
    return entries


def latest_backup(folder: Path) -> BackupEntry | None:
    entries = list_backups(folder)
    return entries[0] if entries else None


def plan_retention(entries: list[BackupEntry], policy: RetentionPolicy = RetentionPolicy()) -> tuple[
        list[BackupEntry], list[BackupEntry]]:
    """Split into (keep, delete): the newest backup of each of the newest N days, ISO weeks and months.

    Counted over the days that HAVE backups, not the calendar, so a folder left alone for months (or a
    clock set wrong) never loses its last backups.
    """
    ordered = sorted(entries, key=lambda e: (e.when, e.path.name), reverse=True)
    keep: set[Path] = set()
    for count, bucket in ((policy.daily, lambda d: d.date()),
                          (policy.weekly, lambda d: tuple(d.isocalendar())[:2]),
                          (policy.monthly, lambda d: (d.year, d.month))):
        seen: list[object] = []
        for entry in ordered:
            key = bucket(entry.when)
            if key in seen:
                continue
            if len(seen) >= count:
                break
            seen.append(key)
            keep.add(entry.path)  # the first one met in a bucket is its newest
    if ordered:
        keep.add(ordered[0].path)
    return ([e for e in ordered if e.path in keep], [e for e in ordered if e.path not in keep])


def apply_retention(folder: Path, policy: RetentionPolicy = RetentionPolicy(), *,
                    protect: frozenset[str] = frozenset()) -> list[str]:
    """Delete the backups the policy does not keep (never one named in ``protect``); returns their names."""
    _, doomed = plan_retention(list_backups(folder), policy)
    deleted = []
    for entry in doomed:
        if entry.path.name in protect:
            continue
        try:
            # data file first: a manifest without its file is ignored, a file without manifest is kept forever
            entry.path.unlink()
            entry.manifest_path.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("could not delete an old backup: %s", type(exc).__name__)
            continue
        deleted.append(entry.path.name)
    return deleted


def remove_stale_partials(folder: Path, *, older_than: float = STALE_PARTIAL_SECONDS) -> list[str]:
    """Remove temporary files of backups that died part-way (our naming only, idle for a while), and
    manifests whose backup file never arrived. Returns the names removed."""
    removed = []
    now = time.time()
    try:
        children = list(Path(folder).iterdir())
    except OSError:
        return removed
    for path in children:
        try:
            idle = now - path.stat().st_mtime
        except OSError:
            continue
        if idle < older_than:
            continue
        orphan_manifest = False
        if path.name.endswith(".json") and NAME_RE.match(path.name[: -len(".json")]):
            data_file = path.with_name(path.name[: -len(".json")])
            if not data_file.exists():
                try:
                    orphan_manifest = Manifest.load(path).file == data_file.name
                except StorageError:
                    orphan_manifest = False
        if PARTIAL_RE.match(path.name) or orphan_manifest:
            try:
                path.unlink()
                removed.append(path.name)
            except OSError as exc:
                log.warning("could not remove a stale backup file: %s", type(exc).__name__)
    return removed
