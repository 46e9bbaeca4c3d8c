"""First run in a bad data folder: a clear StorageError, nothing left behind, nothing overwritten."""

from __future__ import annotations

import builtins
import errno
from pathlib import Path

import pytest
from fd_testlib import ADMIN_PASSWORD, FAST_KDF, PASSPHRASE, PRACTICE, sha256_file

from frontdesk import first_run
from frontdesk.errors import DiskFullError, StorageError
from frontdesk.first_run import create_practice
from frontdesk.paths import DataPaths
from frontdesk.storage import atomic

pytestmark = pytest.mark.sqlite_only("the single-PC data folder and its files")


def _create(root: Path):
    return create_practice(DataPaths(root), PRACTICE, admin_username="admin", admin_full_name="Ada Admin",
                           admin_password=ADMIN_PASSWORD, passphrase=PASSPHRASE, kdf=FAST_KDF)


def _leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.rglob("*")) if root.exists() else []


def test_data_folder_that_is_a_file(tmp_path) -> None:
    target = tmp_path / "practice"
    target.write_text("not a folder", encoding="utf-8")
    with pytest.raises(StorageError, match="is a file, not a folder"):
        _create(target)
    assert target.read_text(encoding="utf-8") == "not a folder"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["practice"]


def test_data_folder_whose_parent_is_a_file(tmp_path) -> None:
    parent = tmp_path / "documents"
    parent.write_text("a file", encoding="utf-8")
    with pytest.raises(StorageError, match="part of its path is a file"):
        _create(parent / "practice")
    assert parent.read_text(encoding="utf-8") == "a file"


class _FailingWrites:
    """Wraps open() so writing to files named ``name_suffix`` fails with ``err``, like a full or read-only disk."""

    def __init__(self, err: int, name_suffix: str) -> None:
        self.err, self.suffix, self.hits = err, name_suffix, 0

    def __call__(self, file, mode="r", *args, **kwargs):
        handle = builtins.open(file, mode, *args, **kwargs)
        if "w" not in mode or not str(file).endswith(self.suffix):
            return handle
        failing = self

        class Failing:
            def __enter__(self):
                return self

            def __exit__(self, *exc):
                handle.close()
                return False

            def write(self, data):
                failing.hits += 1
                raise OSError(failing.err, "injected")

            def __getattr__(self, name):
                return getattr(handle, name)

        return Failing()


def test_full_disk_on_the_key_file_write_leaves_nothing(tmp_path, monkeypatch) -> None:
    root = tmp_path / "practice"
    failing = _FailingWrites(errno.ENOSPC, ".key.tmp")
    monkeypatch.setattr(atomic, "open", failing, raising=False)  # module globals shadow the builtin
    with pytest.raises(DiskFullError, match="disk is full") as info:
        _create(root)
    assert failing.hits == 1
    assert "key file" in str(info.value)
    assert _leftovers(root) == []


@pytest.mark.parametrize("err", [errno.EACCES, errno.EROFS])
def test_read_only_folder_on_the_key_file_write_leaves_nothing(tmp_path, monkeypatch, err) -> None:
    root = tmp_path / "practice"
    monkeypatch.setattr(atomic, "open", _FailingWrites(err, ".key.tmp"), raising=False)
    with pytest.raises(StorageError, match="No permission to write the key file") as info:
        _create(root)
    assert not isinstance(info.value, DiskFullError)
    assert _leftovers(root) == []


@pytest.mark.parametrize("err", [errno.EROFS, errno.EACCES])
def test_read_only_data_folder_is_refused_before_anything_is_written(tmp_path, monkeypatch, err) -> None:
    root = tmp_path / "practice"
    root.mkdir()
    real_write_bytes = Path.write_bytes

    def write_bytes(self: Path, data: bytes) -> int:
        if self.parent == root:
            raise OSError(err, "injected")
        return real_write_bytes(self, data)

    monkeypatch.setattr(Path, "write_bytes", write_bytes)
    with pytest.raises(StorageError, match="read-only or protected") as info:
        _create(root)
    assert str(root) in str(info.value)
    assert _leftovers(root) == []


def test_failure_while_setting_up_the_practice_leaves_nothing(tmp_path, monkeypatch) -> None:
    root = tmp_path / "practice"

    def fail(*args, **kwargs):
        raise DiskFullError("The disk is full: the practice database could not be written.")

    monkeypatch.setattr(first_run.practice_service, "setup_practice", fail)
    with pytest.raises(DiskFullError):
        _create(root)
    assert _leftovers(root) == []


def test_invalid_details_write_nothing_at_all(tmp_path) -> None:
    from frontdesk.errors import ValidationError

    root = tmp_path / "practice"
    with pytest.raises(ValidationError) as info:
        create_practice(DataPaths(root), PRACTICE, admin_username="admin", admin_full_name="Ada Admin",
                        admin_password=ADMIN_PASSWORD, passphrase="too short", kdf=FAST_KDF)
    assert info.value.field == "passphrase"
    assert not root.exists()


def test_an_existing_practice_is_never_overwritten(practice, data_paths) -> None:
    practice.db.close()
    before = {p.name: sha256_file(p) for p in (data_paths.key_file, data_paths.database)}
    with pytest.raises(StorageError, match="already holds a practice"):
        _create(data_paths.root)
    assert {p.name: sha256_file(p) for p in (data_paths.key_file, data_paths.database)} == before


@pytest.mark.parametrize("survivor", ["key file only", "database only"])
def test_half_a_practice_is_not_overwritten_either(practice, data_paths, survivor) -> None:
    practice.db.close()
    (data_paths.database if survivor == "key file only" else data_paths.key_file).unlink()
    remaining = data_paths.key_file if survivor == "key file only" else data_paths.database
    before = sha256_file(remaining)
    with pytest.raises(StorageError, match="already holds a practice"):
        _create(data_paths.root)
    assert sha256_file(remaining) == before
