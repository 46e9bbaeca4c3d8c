"""Private files (issue 17, item 4): with the usual umask 022, everything FrontDesk creates in its folders is
owner-only (files 0600, folders 0700), and wider permissions found when a practice opens are repaired and
reported. Modes are read with os.stat (CI runs as root, who can read anything anyway)."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from testsupport import ADMIN_PASSWORD, FAST_KDF, PASSPHRASE, PRACTICE

from frontdesk import paths as paths_module
from frontdesk.first_run import create_practice
from frontdesk.logging_setup import setup_logging
from frontdesk.paths import DataPaths
from frontdesk.storage import store
from frontdesk.storage.private_files import repair_private_tree
from frontdesk.storage.store import open_practice_store
from frontdesk.storage.swap import set_aside

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def tree_modes(root: Path) -> dict[str, int]:
    """Every folder and file under ``root`` (``root`` itself as '.') with its permission bits."""
    found = {".": mode(root)}
    for path in root.rglob("*"):
        found[str(path.relative_to(root))] = mode(path)
    return found


def assert_private(root: Path) -> None:
    wrong = {name: oct(m) for name, m in tree_modes(root).items()
             if m != (0o700 if (root / name).is_dir() else 0o600)}
    assert wrong == {}


@pytest.fixture(autouse=True)
def umask_022() -> Iterator[None]:
    """The usual umask, whatever the test runner's: files would be 0644 and folders 0755 without care."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


@pytest.fixture
def log_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The platform log folder, moved under tmp (opening a practice repairs it too)."""
    folder = tmp_path / "logs"
    monkeypatch.setattr(store, "log_dir", lambda: folder)
    monkeypatch.setattr(paths_module, "log_dir", lambda: folder)
    return folder


def _first_run(root: Path):  # type: ignore[no-untyped-def]
    return create_practice(DataPaths(root), PRACTICE, admin_username="admin", admin_full_name="Ada Admin",
                           admin_password=ADMIN_PASSWORD, passphrase=PASSPHRASE, kdf=FAST_KDF)


def test_first_run_makes_an_owner_only_folder_database_key_and_wal(tmp_path, log_folder) -> None:
    root = tmp_path / "new" / "practice"
    result = _first_run(root)
    try:
        names = {p.name for p in root.iterdir()}
        assert {"frontdesk.db", "frontdesk.key", "frontdesk.db-wal", "frontdesk.db-shm"} <= names, names
        assert_private(root)
    finally:
        result.db.close()
    assert_private(root)


def test_the_database_side_files_take_the_database_files_mode(practice, data_paths, log_folder) -> None:
    """SQLite makes -wal and -shm with the main file's permissions: once that is 0600, so are they."""
    practice.db.close()
    db = open_practice_store(data_paths, practice.db.key)
    try:
        assert (data_paths.root / "frontdesk.db-wal").exists()
        assert mode(data_paths.root / "frontdesk.db-wal") == 0o600
        assert mode(data_paths.root / "frontdesk.db-shm") == 0o600
    finally:
        db.close()


def test_the_pre_restore_copy_is_private(practice, data_paths) -> None:
    practice.db.close()
    base = set_aside(data_paths, "20260101-000000-000000")
    assert mode(base.parent) == 0o700
    assert mode(base) == 0o600
    assert mode(base.with_suffix(".key")) == 0o600  # a real copy, not a link


def test_a_safety_copy_before_an_upgrade_is_private(practice, data_paths) -> None:
    from frontdesk.storage.backup import online_backup
    from frontdesk.storage.private_files import make_private_dir

    make_private_dir(data_paths.safety_dir)
    online_backup(practice.db, data_paths.safety_dir / "before-upgrade-x.db")
    assert mode(data_paths.safety_dir) == 0o700
    assert mode(data_paths.safety_dir / "before-upgrade-x.db") == 0o600


def test_the_log_folder_and_files_are_private(tmp_path) -> None:
    folder = tmp_path / "state" / "log"
    try:
        path = setup_logging(folder=folder)
        assert path is not None
        logging.getLogger("frontdesk.test").warning("one line")
        assert mode(folder) == 0o700
        assert mode(path) == 0o600
        handler = next(h for h in logging.getLogger().handlers if getattr(h, "_frontdesk", False))
        handler.doRollover()  # type: ignore[attr-defined]
        assert mode(path) == 0o600 and mode(folder / "frontdesk.log.1") == 0o600
    finally:
        for handler in [h for h in logging.getLogger().handlers if getattr(h, "_frontdesk", False)]:
            logging.getLogger().removeHandler(handler)
            handler.close()


def test_opening_a_practice_repairs_wider_permissions_and_says_so(practice, data_paths, log_folder,
                                                                   caplog) -> None:
    practice.db.close()
    log_folder.mkdir()
    (log_folder / "frontdesk.log").write_text("old lines\n")
    os.chmod(log_folder, 0o755)
    os.chmod(log_folder / "frontdesk.log", 0o644)
    (data_paths.root / "pre-restore").mkdir()
    (data_paths.root / "pre-restore" / "frontdesk-pre-restore-1.db").write_bytes(b"x")
    for path in (data_paths.database, data_paths.key_file, data_paths.root / "pre-restore" /
                 "frontdesk-pre-restore-1.db"):
        os.chmod(path, 0o644)
    os.chmod(data_paths.root / "pre-restore", 0o755)
    os.chmod(data_paths.root, 0o755)

    with caplog.at_level(logging.WARNING, logger="frontdesk.storage.private_files"):
        db = open_practice_store(data_paths, practice.db.key)
    try:
        assert_private(data_paths.root)
        assert_private(log_folder)
        assert db.start_notices == (
            "Permissions repaired: other accounts could read 3 files and 2 folders in the data folder.",
            "Permissions repaired: other accounts could read 1 file and 1 folder in the log folder.")
        logged = [r.getMessage() for r in caplog.records]
        assert logged == ["permissions repaired in the data folder: 3 files, 2 folders made owner-only, "
                          "0 could not be changed",
                          "permissions repaired in the log folder: 1 files, 1 folders made owner-only, "
                          "0 could not be changed"]
        assert str(data_paths.root) not in " ".join(logged)  # no paths (and so no names) in the log
    finally:
        db.close()
    again = open_practice_store(data_paths, practice.db.key)
    try:
        assert again.start_notices == ()  # said once: nothing left to repair
    finally:
        again.close()


def test_the_repair_leaves_private_files_and_symlinked_targets_alone(tmp_path) -> None:
    root = tmp_path / "data"
    root.mkdir(mode=0o700)
    os.chmod(root, 0o700)
    (root / "ok").write_bytes(b"")
    os.chmod(root / "ok", 0o600)
    outside = tmp_path / "elsewhere.txt"
    outside.write_bytes(b"")
    os.chmod(outside, 0o644)
    (root / "link").symlink_to(outside)
    repair = repair_private_tree(root, "the data folder")
    assert not repair.changed and repair.message() == ""
    assert mode(outside) == 0o644  # not FrontDesk's file: a link is never followed


def test_a_folder_another_account_owns_is_used_as_it_is(tmp_path, monkeypatch, caplog) -> None:
    """chmod is refused on a folder someone else owns (an administrator set it up): not a reason to stop."""
    from frontdesk.storage import private_files

    folder = tmp_path / "shared"
    folder.mkdir()
    os.chmod(folder, 0o775)

    def refuse(*_args: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(private_files.os, "chmod", refuse)
    with caplog.at_level(logging.WARNING):
        private_files.make_private_dir(folder)
    assert mode(folder) == 0o775
    assert "could not be made owner-only" in caplog.text
    repair = repair_private_tree(folder, "the data folder")
    assert repair.failed == 1 and repair.message() == (
        "1 item in the data folder could not be made private; check the folder's permissions.")
