"""Which backups a folder holds, and retention: 14 daily, 8 weekly, 12 monthly; only our own files.

A file is one of our backups when its name is ``frontdesk-YYYYMMDD-HHMMSS.fdbackup`` AND a manifest
in FrontDesk's format that names it sits beside it. Anything else in the folder (other programs'
files, hand-made copies, a backup whose manifest is gone) is never deleted.

Several practices may share one backup folder. A backup belongs to a practice when its manifest was
made with that practice's database key: the key check value matches and the manifest's signature
verifies. The database key is the practice's identity: it is made once at first run, never changes
(the audit chain's key is derived from it; a restore keeps the backup's key) and every manifest ever
written carries its check value. Retention and "the newest backup" are always per practice.
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


def belongs_to(entry: BackupEntry, db_key: bytes) -> bool:
    """True when ``entry`` is a backup of the practice whose database key is ``db_key`` (signed with it)."""
    return entry.manifest.key_matches(db_key) and entry.manifest.mac_ok(db_key)


def practice_backups(folder: Path, db_key: bytes) -> list[BackupEntry]:
    """The backups in ``folder`` of the practice whose database key is ``db_key``, newest first."""
    return [entry for entry in list_backups(folder) if belongs_to(entry, db_key)]


def latest_backup(folder: Path, db_key: bytes) -> BackupEntry | None:
    """The newest backup in ``folder`` of the practice whose database key is ``db_key``."""
    entries = practice_backups(folder, db_key)
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


def apply_retention(folder: Path, policy: RetentionPolicy = RetentionPolicy(), *, db_key: bytes,
                    protect: frozenset[str] = frozenset()) -> list[str]:
    """Delete the backups of the practice keyed ``db_key`` that the policy does not keep (never one named
    in ``protect``, never another practice's); returns their names."""
    _, doomed = plan_retention(practice_backups(folder, db_key), policy)
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
