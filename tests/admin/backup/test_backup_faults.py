"""Faults a backup must survive: missing, read-only or full target, failures while publishing.

Every case: a clear message, nothing under a final name, no temporary file left, earlier backups
and the live database untouched. (As root chmod is ignored, so read-only is injected as EROFS/EACCES;
"disk full" is a real SQLITE_FULL from a page limit on the destination, a full disk reported to the
progress callback, ENOSPC while writing the manifest, and a real write failure under RLIMIT_FSIZE.)
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import textwrap
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlcipher3
from backup_testlib import add_filler, folder_hashes, live_hashes, practice_key_file
from sqlalchemy import event, select

from frontdesk.services.admin.backup_jobs import run_backup_job
from frontdesk.errors import DiskFullError, StorageError
from frontdesk.models import AuditEvent, BackupRun
from frontdesk.storage import backup as backup_module
from frontdesk.storage.backup import create_backup
from frontdesk.storage.retention import RetentionPolicy

pytestmark = pytest.mark.sqlite_only("faults injected into the page copy of the database file, with "
                                     "the data folder's files compared")


@pytest.fixture
def setup(practice, data_paths, tmp_path):  # type: ignore[no-untyped-def]
    """A practice with ~2 MB of rows, one good earlier backup, and the hashes to compare against."""
    add_filler(practice.db, 2)
    target = tmp_path / "backups"
    target.mkdir()
    key_file = practice_key_file(practice, data_paths)
    earlier = create_backup(practice.db, key_file, target)
    before = {"target": folder_hashes(target), "live": live_hashes(practice.db)}
    return practice.db, key_file, target, earlier, before


def _assert_untouched(db, target: Path, earlier, before) -> None:  # type: ignore[no-untyped-def]
    assert folder_hashes(target) == before["target"]  # only the earlier backup, byte for byte; no partials
    assert sorted(p.name for p in target.iterdir()) == sorted([earlier.path.name, earlier.manifest_path.name])
    assert live_hashes(db) == before["live"]


def test_missing_target_folder(setup, tmp_path) -> None:
    db, key_file, target, earlier, before = setup
    with pytest.raises(StorageError, match=r"backup folder .*unplugged.* does not exist.*drive connected"):
        create_backup(db, key_file, tmp_path / "unplugged")
    assert not (tmp_path / "unplugged").exists()  # not created on the local disk behind a missing drive
    _assert_untouched(db, target, earlier, before)


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES])
def test_read_only_target_folder(setup, monkeypatch, code) -> None:
    db, key_file, target, earlier, before = setup
    real_open = os.open

    def refusing_open(path, flags, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(path).startswith(str(target)) and flags & os.O_CREAT:
            raise OSError(code, os.strerror(code), str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)
    with pytest.raises(StorageError, match=rf"No permission to write the folder {target}"):
        create_backup(db, key_file, target)
    monkeypatch.undo()
    _assert_untouched(db, target, earlier, before)


class _PageLimited(sqlcipher3.Connection):
    """A destination that reports SQLITE_FULL past a page limit, like a disk filling part-way."""

    limit = 60

    def execute(self, sql, *args):  # type: ignore[no-untyped-def,override]
        cursor = super().execute(sql, *args)
        if str(sql).startswith("PRAGMA key"):
            super().execute(f"PRAGMA max_page_count = {self.limit}")
        return cursor


def test_disk_full_part_way_through_the_copy(setup, monkeypatch) -> None:
    db, key_file, target, earlier, before = setup
    real_connect = sqlcipher3.connect
    pages: list[int] = []

    def limited_connect(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(path).startswith(str(target)):
            kwargs["factory"] = _PageLimited
        return real_connect(path, *args, **kwargs)

    monkeypatch.setattr(backup_module.sqlcipher3, "connect", limited_connect)
    with pytest.raises(DiskFullError, match="disk is full"):
        create_backup(db, key_file, target, pages_per_step=20,
                      progress=lambda stage, done, total: pages.append(done))
    monkeypatch.undo()
    assert pages and 0 < pages[-1] <= _PageLimited.limit < earlier.manifest.page_count  # it failed part-way
    _assert_untouched(db, target, earlier, before)


def test_disk_full_reported_mid_copy(setup) -> None:
    db, key_file, target, earlier, before = setup

    def fill_up(stage: str, done: int, total: int) -> None:
        if stage == "copy" and done >= 100:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with pytest.raises(DiskFullError, match="disk is full"):
        create_backup(db, key_file, target, pages_per_step=50, progress=fill_up)
    _assert_untouched(db, target, earlier, before)


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="needs /proc to tell which file a write goes to")
def test_disk_full_while_writing_the_manifest(setup, monkeypatch) -> None:
    db, key_file, target, earlier, before = setup
    real_write = os.write

    def full_write(fd: int, data):  # type: ignore[no-untyped-def]
        try:
            name = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            name = ""
        if name.startswith(str(target)) and name.endswith(".json.partial"):
            real_write(fd, bytes(data[:100]))
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", full_write)
    with pytest.raises(DiskFullError, match="disk is full"):
        create_backup(db, key_file, target)
    monkeypatch.undo()
    _assert_untouched(db, target, earlier, before)


def test_failure_after_the_manifest_is_published_takes_it_back(setup, monkeypatch) -> None:
    db, key_file, target, earlier, before = setup
    real_replace = os.replace

    def failing_replace(src, dst):  # type: ignore[no-untyped-def]
        if str(dst).endswith(".fdbackup") and str(dst).startswith(str(target)):
            raise OSError(errno.EACCES, os.strerror(errno.EACCES))
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(StorageError, match="No permission"):
        create_backup(db, key_file, target)
    monkeypatch.undo()
    _assert_untouched(db, target, earlier, before)


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_FSIZE and SIGXFSZ as on Linux")
def test_a_real_write_failure_part_way_in_another_process(practice, data_paths, tmp_path) -> None:
    """The OS itself refuses to grow the file past 400 kB (RLIMIT_FSIZE): a genuine failed write."""
    add_filler(practice.db, 2)
    key = practice.db.key
    target = tmp_path / "small-disk"
    target.mkdir()
    practice.db.close()
    before = live_hashes(practice.db)
    script = textwrap.dedent("""
        import json, os, resource, signal, sys
        from pathlib import Path
        from frontdesk.errors import StorageError
        from frontdesk.storage.backup import create_backup
        from frontdesk.storage.engine import Database
        from frontdesk.storage.keys import KeyFile

        db = Database(Path(sys.argv[1]), bytes.fromhex(os.environ.pop("FD_TEST_DB_KEY")))
        keep_open = db.raw_connection()  # so closing the backup's connection checkpoints nothing
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (400_000, resource.RLIM_INFINITY))
        try:
            create_backup(db, KeyFile.load(Path(sys.argv[2])), Path(sys.argv[3]))
            print(json.dumps({"error": None}))
        except StorageError as exc:
            print(json.dumps({"error": str(exc), "type": type(exc).__name__}))
    """)
    done = subprocess.run([sys.executable, "-c", script, str(data_paths.database), str(data_paths.key_file),
                           str(target)], env=dict(os.environ, FD_TEST_DB_KEY=key.hex()), capture_output=True,
                          text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["error"] is not None
    assert "disk" in result["error"].lower(), result  # "disk is full" or "a disk error": said in words
    assert list(target.iterdir()) == []
    assert live_hashes(practice.db) == before


# -- finished means recorded: a published backup the practice's own disk cannot record -------------------

@contextmanager
def _data_disk_full(db, *, times: int | None = None):  # type: ignore[no-untyped-def]
    """The practice database's disk is full for new rows: the driver's own SQLITE_FULL error on INSERT
    (the first ``times`` inserts, or every one), as a full data disk answers a write."""
    left = [times]

    def refuse(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("INSERT") and left[0] != 0:
            if left[0] is not None:
                left[0] -= 1
            raise sqlcipher3.OperationalError("database or disk is full")

    event.listen(db.engine, "before_cursor_execute", refuse)
    try:
        yield
    finally:
        event.remove(db.engine, "before_cursor_execute", refuse)


def _runs(db):  # type: ignore[no-untyped-def]
    with db.session(write=False) as session:
        runs = [(r.ok, r.file_name) for r in session.scalars(select(BackupRun).order_by(BackupRun.id))]
        actions = list(session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("backup.%"))))
    return runs, actions


def test_a_backup_the_full_data_disk_cannot_record_is_withdrawn_and_prunes_nothing(setup, data_paths) -> None:
    db, _key_file, target, earlier, before = setup
    with _data_disk_full(db), pytest.raises(DiskFullError) as failed:
        # daily=1 would prune the earlier backup once the new one counts: it must not count
        run_backup_job(db, data_paths, target, retention=RetentionPolicy(daily=1, weekly=0, monthly=0))
    _assert_untouched(db, target, earlier, before)  # no new file under any name; the earlier one kept
    assert "could not be recorded, so it was removed again" in failed.value.message
    assert _runs(db) == ([], [])  # nothing claims a backup exists (and nothing could be written)


def test_a_backup_whose_record_fails_once_is_withdrawn_and_recorded_as_failed(setup, data_paths) -> None:
    db, _key_file, target, earlier, before = setup
    # the backup's own row fails; the failure row then fits
    with _data_disk_full(db, times=1), pytest.raises(DiskFullError) as failed:
        run_backup_job(db, data_paths, target, retention=RetentionPolicy(daily=1, weekly=0, monthly=0))
    assert sorted(p.name for p in target.iterdir()) == sorted([earlier.path.name, earlier.manifest_path.name])
    assert folder_hashes(target) == before["target"]
    assert "removed again" in failed.value.message
    assert _runs(db) == ([(False, "")], ["backup.failed"])


def test_a_recorded_backup_counts_then_prunes(setup, data_paths) -> None:
    db, _key_file, target, earlier, _before = setup
    result = run_backup_job(db, data_paths, target, retention=RetentionPolicy(daily=1, weekly=0, monthly=0))
    assert result.deleted_old == (earlier.path.name,)
    assert sorted(p.name for p in target.iterdir()) == sorted([result.file_name, result.file_name + ".json"])
    assert _runs(db) == ([(True, result.file_name)], ["backup.create", "backup.prune"])
