"""Restore inputs that must be refused, each with its own message, the live data folder byte for byte unchanged.

Each damaged file is tried twice where it matters: with the backup's real manifest (the checksum or
size catches it) and with a manifest forged to fit it (so the deeper check that must catch it is
the one that speaks: encryption check, structure check, identity, schema).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest
from backup_testlib import (
    add_filler,
    add_users,
    folder_hashes,
    forge_manifest,
    keyed_sqlite,
    make_practice,
    practice_key_file,
)

from frontdesk.errors import DamagedFileError, KeyUnavailableError, StorageError, WrongKeyError
from frontdesk.paths import DataPaths
from frontdesk.storage.backup import BackupOutcome, create_backup
from frontdesk.storage.engine import Database
from frontdesk.storage.keys import KeyFile
from frontdesk.storage.manifest import manifest_path_for
from frontdesk.storage.restore import BackupKeys, restore_into_empty_folder, restore_practice

pytestmark = pytest.mark.sqlite_only("refusals of a restore over the live data folder, whose files "
                                     "must stay byte for byte")


@dataclass
class Scene:
    paths: DataPaths
    key: bytes
    backup: BackupOutcome
    inputs: Path

    def bad_copy(self, name: str, data: bytes, *, forged: bool) -> Path:
        """The backup's bytes replaced by ``data``, with its real manifest or a forged one that fits."""
        folder = self.inputs / name
        folder.mkdir(parents=True)
        path = folder / self.backup.path.name
        path.write_bytes(data)
        if forged:
            forge_manifest(path, self.key, self.backup.manifest)
        else:
            shutil.copyfile(self.backup.manifest_path, manifest_path_for(path))
        return path


@pytest.fixture
def scene(practice, data_paths, tmp_path) -> Scene:
    from frontdesk.services.session import ServiceContext

    add_users(ServiceContext(practice.db, practice.actor), 2)
    add_filler(practice.db, 1)
    target = tmp_path / "backups"
    target.mkdir()
    backup = create_backup(practice.db, practice_key_file(practice, data_paths), target)
    add_users(ServiceContext(practice.db, practice.actor), 1, prefix="after")  # live differs from the backup
    key = practice.db.key
    practice.db.close()  # as for `frontdesk restore`: the app is not running
    return Scene(data_paths, key, backup, tmp_path / "inputs")


def _refused(scene: Scene, path: Path, match: str, *, keys: BackupKeys | None = None,
             error: type[Exception] = DamagedFileError) -> None:
    before = folder_hashes(scene.paths.root)
    with pytest.raises(error, match=match):
        restore_practice(scene.paths, path, keys or BackupKeys(current_key=scene.key))
    assert folder_hashes(scene.paths.root) == before  # live database, key file, everything: unchanged
    db = Database(scene.paths.database, scene.key)
    try:
        with db.session(write=False) as session:
            names = session.connection().exec_driver_sql("SELECT username FROM app_user").scalars().all()
        assert "aftera" in names  # still the live data: the backup has no 'aftera'
    finally:
        db.close()


def _flip(data: bytes, offset: int) -> bytes:
    changed = bytearray(data)
    changed[offset] ^= 0x40
    return bytes(changed)


def _pages(scene: Scene) -> tuple[bytes, int, int]:
    data = scene.backup.path.read_bytes()
    size = scene.backup.manifest.page_size
    return data, size, len(data) // size


CHECKSUM = r"does not match its manifest's SHA-256 checksum: it was damaged or changed after it was made"


@pytest.mark.parametrize("where", ["first", "middle", "last"])
def test_a_flipped_byte_is_refused(scene, where) -> None:
    data, page_size, pages = _pages(scene)
    page = {"first": 1, "middle": pages // 2, "last": pages}[where]
    damaged = _flip(data, (page - 1) * page_size + 77)
    _refused(scene, scene.bad_copy(f"{where}-real", damaged, forged=False), CHECKSUM)
    expected = (r"cannot be decrypted with its key: its first page fails the encryption check" if page == 1
                else rf"encryption check \(cipher_integrity_check\) failed: HMAC verification failed for page {page}\b")
    _refused(scene, scene.bad_copy(f"{where}-forged", damaged, forged=True), expected)


def test_truncation_at_a_page_boundary_is_refused(scene) -> None:
    data, page_size, pages = _pages(scene)
    cut = data[: page_size * (pages - 3)]
    _refused(scene, scene.bad_copy("cut-real", cut, forged=False),
             rf"is cut short \({len(cut):,} of {len(data):,} bytes\): it was not copied completely")
    _refused(scene, scene.bad_copy("cut-forged", cut, forged=True),
             r"its structure is damaged \(database disk image is malformed\): the file may have been cut short")


def test_truncation_mid_page_is_refused(scene) -> None:
    data, page_size, pages = _pages(scene)
    cut = data[: page_size * (pages - 3) + 1000]
    _refused(scene, scene.bad_copy("mid-real", cut, forged=False), r"is cut short")
    _refused(scene, scene.bad_copy("mid-forged", cut, forged=True), r"does not end on a page boundary")


def test_an_empty_file_is_refused(scene) -> None:
    _refused(scene, scene.bad_copy("empty", b"", forged=False), r"is empty \(0 bytes\)")
    _refused(scene, scene.bad_copy("empty-forged", b"", forged=True), r"is empty \(0 bytes\)")


def test_random_bytes_are_refused(scene) -> None:
    noise = os.urandom(scene.backup.manifest.size)
    _refused(scene, scene.bad_copy("noise-real", noise, forged=False), CHECKSUM)
    _refused(scene, scene.bad_copy("noise-forged", noise, forged=True),
             r"cannot be decrypted with its key: its first page fails the encryption check")


def test_a_plaintext_sqlite_file_is_refused(scene, tmp_path) -> None:
    plain = tmp_path / "plain.db"
    conn = sqlite3.connect(plain)
    conn.execute("CREATE TABLE patient (name TEXT)")
    conn.commit()
    conn.close()
    _refused(scene, scene.bad_copy("plain", plain.read_bytes(), forged=True),
             r"is a plain, unencrypted SQLite file, not a FrontDesk backup")


def test_another_apps_database_is_refused(scene, tmp_path) -> None:
    other = tmp_path / "other-app.db"
    conn = keyed_sqlite(other, scene.key)  # even encrypted with the very same key
    conn.execute("CREATE TABLE things (id INTEGER PRIMARY KEY)")
    conn.execute("PRAGMA application_id = 305419896")
    conn.close()
    _refused(scene, scene.bad_copy("other-app", other.read_bytes(), forged=True),
             r"is another program's database, not FrontDesk's \(application id 0x12345678\)")


def test_a_backup_from_a_newer_schema_is_refused(scene, tmp_path) -> None:
    db = Database(scene.paths.database, scene.key)
    conn = db.raw_connection()
    conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    target = tmp_path / "from-the-future"
    target.mkdir()
    newer = create_backup(db, KeyFile.load(scene.paths.key_file), target)
    conn.execute("UPDATE alembic_version SET version_num = ?", (scene.backup.manifest.schema_version,))
    conn.close()
    db.close()
    _refused(scene, newer.path, r"made by a newer version of FrontDesk \(schema 9999_future\); update the app",
             error=StorageError)


def test_the_wrong_passphrase_is_refused(scene, tmp_path) -> None:
    other = make_practice(tmp_path / "another-install", passphrase="another passphrase 456")
    target = tmp_path / "other-backups"
    target.mkdir()
    foreign = create_backup(other.db, KeyFile.load(other.db.path.parent / "frontdesk.key"), target)
    other.db.close()
    _refused(scene, foreign.path, r"passphrase is not correct for this backup",
             keys=BackupKeys(current_key=scene.key, passphrase="not the passphrase"), error=WrongKeyError)
    _refused(scene, foreign.path, r"recovery key is not correct",
             keys=BackupKeys(current_key=scene.key, recovery_key="AAAA-" * 7 + "AAAA"), error=WrongKeyError)
    _refused(scene, foreign.path, r"made with a different database key",
             keys=BackupKeys(current_key=scene.key), error=KeyUnavailableError)
    fresh = DataPaths(tmp_path / "new-install")
    with pytest.raises(WrongKeyError, match="passphrase is not correct"):
        restore_into_empty_folder(foreign.path, fresh, BackupKeys(passphrase="test passphrase 123"))
    assert not fresh.root.exists() or list(fresh.root.iterdir()) == []


def test_a_missing_or_altered_manifest_is_refused(scene) -> None:
    alone = scene.inputs / "alone"
    alone.mkdir(parents=True)
    shutil.copyfile(scene.backup.path, alone / scene.backup.path.name)
    _refused(scene, alone / scene.backup.path.name, r"manifest .*\.fdbackup\.json is missing: a backup is two files")
    edited = scene.bad_copy("edited", scene.backup.path.read_bytes(), forged=False)
    doc = json.loads(manifest_path_for(edited).read_text(encoding="utf-8"))
    doc["tables"]["app_user"] += 1  # hide a deleted user
    manifest_path_for(edited).write_text(json.dumps(doc), encoding="utf-8")
    _refused(scene, edited, r"manifest was altered after the backup was made")
    manifest_path_for(edited).write_bytes(b"{ not json")
    _refused(scene, edited, r"manifest .* is damaged or is not a FrontDesk backup manifest")


def test_the_good_backup_itself_restores(scene) -> None:
    # the same scene, unharmed input: proves the refusals above are about the damage, nothing else
    report = restore_practice(scene.paths, scene.backup.path, BackupKeys(current_key=scene.key))
    assert report.backup_name == scene.backup.path.name and not report.key_replaced
    db = Database(scene.paths.database, scene.key)
    try:
        with db.session(write=False) as session:
            names = session.connection().exec_driver_sql("SELECT username FROM app_user").scalars().all()
        assert "aftera" not in names and len(names) == 3
    finally:
        db.close()
