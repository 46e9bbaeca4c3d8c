"""Owner-only files and folders: what FrontDesk creates is private, and wider permissions found are repaired.

The data folder holds the encrypted database and the wrapped key: readable by another account on the
computer, they can be copied away for offline passphrase guessing. So, on POSIX:

* every folder FrontDesk creates for itself (the data and log folders, safety and pre-restore copies) is
  0700 (:func:`make_private_dir`), whatever the umask;
* every file it creates is 0600: the atomic writer (``storage/atomic.py``) creates its files so; the
  database file is created 0600 *before* SQLite opens it (:func:`create_private_file`), and SQLite gives its
  -wal, -shm and -journal files the database file's permissions; the log file is opened 0600;
* on every start, :func:`repair_private_tree` takes group and other permissions away from the data folder,
  the log folder and everything in them, and says how much it repaired (no file names: they say nothing
  about patients, but the message stays short).

On Windows permission bits do not exist; the files rely on the folder's inherited ACLs. The default data
and log folders are under ``%LOCALAPPDATA%``, which Windows gives to the user, SYSTEM and Administrators
only; a data folder chosen elsewhere (``--data-dir``, ``FRONTDESK_DATA_DIR``) inherits that folder's ACL,
so it must be a folder other accounts cannot read. These functions do nothing there (see README, Security).
"""

from __future__ import annotations

import logging
import os
import stat
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

PRIVATE_FILE_MODE = 0o600
PRIVATE_DIR_MODE = 0o700
_OTHERS = stat.S_IRWXG | stat.S_IRWXO  # any permission for the group or other accounts


def _posix() -> bool:
    return os.name == "posix"


def make_private_dir(folder: Path) -> None:
    """Create ``folder`` (and missing parents) and make ``folder`` itself owner-only (0700).

    ``mkdir``'s mode is cut by the umask and ignored for a folder that exists, hence the chmod. The parents
    are left as the system makes them: they are not FrontDesk's (e.g. ~/.local/share)."""
    folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
    if _posix() and stat.S_IMODE(folder.stat().st_mode) != PRIVATE_DIR_MODE:
        try:
            os.chmod(folder, PRIVATE_DIR_MODE)
        except PermissionError:
            # a folder that exists and belongs to another account (set up by an administrator): usable as it
            # is; the start-up repair counts it as not made private and says so
            log.warning("a folder FrontDesk uses could not be made owner-only (another account owns it)")


def create_private_file(path: Path) -> None:
    """Create the empty file ``path`` (it must not exist) owner-only, for a program that then writes into it
    (SQLite keeps the permissions of a file that exists, and gives them to its -wal and -shm files)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), PRIVATE_FILE_MODE)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, PRIVATE_FILE_MODE)  # the umask may have taken bits away; 0600 is the rule
    finally:
        os.close(fd)


@dataclass(frozen=True)
class Repair:
    """What :func:`repair_private_tree` changed in one folder."""

    what: str  # "the data folder", "the log folder"
    files: int = 0
    folders: int = 0
    failed: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.files or self.folders or self.failed)

    def message(self) -> str:
        """One sentence for the person and the log (no file names)."""
        parts = [f"{n} {noun}{'' if n == 1 else 's'}" for n, noun in ((self.files, "file"), (self.folders, "folder"))
                 if n]
        text = ""
        if parts:
            text = f"Permissions repaired: other accounts could read {' and '.join(parts)} in {self.what}."
        if self.failed:
            text += (" " if text else "") + (f"{self.failed} item{'' if self.failed == 1 else 's'} in {self.what} "
                                             "could not be made private; check the folder's permissions.")
        return text


def _tighten(path: Path, mode: int, private: int) -> bool | None:
    """chmod ``path`` to ``private`` when others have any access; True if changed, None if it failed."""
    if not mode & _OTHERS:
        return False
    try:
        os.chmod(path, private)  # not a symlink: checked by the caller
    except OSError:
        return None
    return True


def repair_private_tree(root: Path, what: str) -> Repair:
    """Take group and other permissions away from ``root`` and everything under it (POSIX; symlinks are
    neither followed nor changed). A folder that does not exist needs no repair."""
    if not _posix() or not root.is_dir():
        return Repair(what)
    counts = {"files": 0, "folders": 0, "failed": 0}

    def visit(path: Path, is_dir: bool) -> None:
        try:
            mode = path.lstat().st_mode
        except OSError:
            return  # removed meanwhile
        if stat.S_ISLNK(mode):
            return
        done = _tighten(path, mode, PRIVATE_DIR_MODE if is_dir else PRIVATE_FILE_MODE)
        if done is None:
            counts["failed"] += 1
        elif done:
            counts["folders" if is_dir else "files"] += 1

    visit(root, True)
    for folder, dirs, files in os.walk(root, onerror=lambda _exc: None):
        for name in dirs:
            visit(Path(folder) / name, True)
        for name in files:
            visit(Path(folder) / name, False)
    repair = Repair(what, **counts)
    if repair.changed:
        log.warning("permissions repaired in %s: %d files, %d folders made owner-only, %d could not be changed",
                    what, repair.files, repair.folders, repair.failed)
    return repair
