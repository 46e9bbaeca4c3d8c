"""Where FrontDesk keeps its data and logs (platformdirs, overridable)."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_DIR_NAME = "FrontDesk"
DB_FILENAME = "frontdesk.db"
KEY_FILENAME = "frontdesk.key"
DATA_DIR_ENV = "FRONTDESK_DATA_DIR"


@dataclass(frozen=True)
class DataPaths:
    """The files of one practice's data folder."""

    root: Path

    @property
    def database(self) -> Path:
        return self.root / DB_FILENAME

    @property
    def key_file(self) -> Path:
        return self.root / KEY_FILENAME

    @property
    def safety_dir(self) -> Path:
        return self.root / "safety-copies"

    @property
    def code_sets_dir(self) -> Path:
        """Code-set releases the practice imported (e.g. icd10cm-FY2027.txt), newer than the app's own."""
        return self.root / "code-sets"

    @property
    def settings_file(self) -> Path:
        return self.root / "workstation.json"

    def exists(self) -> bool:
        return self.key_file.exists() or self.database.exists()


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))


def demo_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False)) / "demo-practice"


def resolve_data_dir(cli_value: str | os.PathLike[str] | None, *, demo: bool = False) -> DataPaths:
    """--data-dir beats FRONTDESK_DATA_DIR beats the platform default."""
    if cli_value:
        return DataPaths(Path(cli_value).expanduser().resolve())
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return DataPaths(Path(env).expanduser().resolve())
    return DataPaths(demo_data_dir() if demo else default_data_dir())


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_DIR_NAME, appauthor=False))


def _source_root() -> Path:
    return Path(__file__).resolve().parents[2]


def bundle_root() -> Path:
    """Folder holding migrations/ and resources/ (source tree or frozen bundle)."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return _source_root()


def migrations_dir() -> Path:
    return bundle_root() / "migrations"


def resources_dir() -> Path:
    return bundle_root() / "resources"
