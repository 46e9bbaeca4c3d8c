"""The backup folder this workstation last used, kept in workstation.json beside the other per-machine settings."""

from __future__ import annotations

from pathlib import Path

from frontdesk.workstation_settings import read_settings, write_setting

SETTINGS_KEY = "backup_folder"


def load_backup_folder(settings_file: Path) -> str:
    """The remembered backup folder, or "" when none was chosen yet on this workstation."""
    value = read_settings(Path(settings_file)).get(SETTINGS_KEY)
    return value if isinstance(value, str) else ""


def save_backup_folder(settings_file: Path, folder: str) -> None:
    """Remember the folder (other keys such as print offsets kept); StorageError if the file cannot be written."""
    write_setting(Path(settings_file), SETTINGS_KEY, folder)
