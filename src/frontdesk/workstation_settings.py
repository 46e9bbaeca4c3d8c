"""Per-workstation settings (print offsets, the backup folder...) in workstation.json beside the data folder.

Several features keep a key each in the one file: every write is read-modify-write (other keys kept), through
a temporary file, fsync and an atomic rename; a missing or damaged file reads as empty, so a feature falls
back to its default instead of failing.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from frontdesk.errors import storage_error_from_os
from frontdesk.storage.atomic import write_atomically
from frontdesk.storage.private_files import make_private_dir

log = logging.getLogger(__name__)


def read_settings(settings_file: Path) -> dict[str, object]:
    """Every key of the file ({} when it is missing, unreadable or not a JSON object)."""
    try:
        data = json.loads(Path(settings_file).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        log.warning("workstation settings file unreadable; using defaults")
        return {}
    return data if isinstance(data, dict) else {}


def write_setting(settings_file: Path, key: str, value: object) -> None:
    """Set one key, keeping the others; StorageError when the file cannot be written."""
    target = Path(settings_file)
    data = read_settings(target)
    if key in data and data[key] == value:
        return
    data[key] = value
    what = "the workstation settings file"
    try:
        make_private_dir(target.parent)
    except OSError as exc:
        raise storage_error_from_os(exc, what) from exc
    write_atomically(target, json.dumps(data, indent=2, sort_keys=True), what=what)
