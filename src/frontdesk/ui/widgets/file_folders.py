"""Where file dialogs start: the user's Documents folder, then the folder last used for that kind of file.

A file dialog given a relative name or a folder that does not exist opens in the process's current
directory, which for an installed app is the program's own folder: saved PDFs then end up beside the
executable. Every dialog therefore starts in an absolute, existing folder: the one this workstation last
used for the same kind of file (pdf, csv, 837, backup, ...), else Documents, else the home folder.

The last folders are kept per workstation in workstation.json under one key (a dict: kind -> folder), like
the backup folder and the print offsets. The main window names the file once per sign-in
(:func:`remember_folders_in`); before that (the set-up wizard) dialogs start in Documents and remember nothing.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QStandardPaths

from frontdesk.errors import StorageError
from frontdesk.workstation_settings import read_settings, write_setting

log = logging.getLogger(__name__)

SETTINGS_KEY = "file_dialog_folders"
_settings: dict[str, Path | None] = {"file": None}


def remember_folders_in(settings_file: Path | None) -> None:
    """The workstation settings file that keeps the last folders (None: remember nothing)."""
    _settings["file"] = None if settings_file is None else Path(settings_file)


def documents_folder() -> Path:
    """The user's Documents folder when it exists, else the home folder (never the current directory)."""
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if docs and Path(docs).is_absolute() and Path(docs).is_dir():
        return Path(docs)
    return Path.home()


def kind_of(suffix: str) -> str:
    """The kind of file a suffix names ('.pdf' -> 'pdf'); one remembered folder per kind."""
    return suffix.lower().lstrip(".") or "file"


def start_folder(kind: str, default: Path | None = None) -> Path:
    """The folder last used for ``kind`` on this workstation if it still exists, else ``default`` or Documents."""
    settings_file = _settings["file"]
    if settings_file is not None:
        folders = read_settings(settings_file).get(SETTINGS_KEY)
        remembered = folders.get(kind) if isinstance(folders, dict) else None
        if isinstance(remembered, str) and remembered and Path(remembered).is_absolute() \
                and Path(remembered).is_dir():
            return Path(remembered)
    if default is not None and default.is_absolute() and default.is_dir():
        return default
    return documents_folder()


def folder_near(start: str, kind: str) -> Path:
    """Where to open for a path the form already holds (a folder, or a file's folder), else :func:`start_folder`."""
    path = Path(start.strip()).expanduser() if start and start.strip() else None
    if path is not None and path.is_absolute():
        if path.is_dir():
            return path
        if path.parent.is_dir():
            return path.parent
    return start_folder(kind)


def remember_folder(kind: str, chosen_file_or_folder: Path, *, is_folder: bool = False) -> None:
    """Keep the folder of the file just chosen for next time; a settings file that cannot be written is only logged."""
    settings_file = _settings["file"]
    if settings_file is None:
        return
    folder = chosen_file_or_folder if is_folder else chosen_file_or_folder.parent
    folders = read_settings(settings_file).get(SETTINGS_KEY)
    updated = dict(folders) if isinstance(folders, dict) else {}
    updated[kind] = str(folder)
    try:
        write_setting(settings_file, SETTINGS_KEY, updated)
    except StorageError:  # the file is chosen all the same; only the memory of the folder is lost
        log.warning("could not remember the last folder for %s files", kind)
