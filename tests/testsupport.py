"""What many test folders share: the test practice's constants and a stand-in OS credential store.

Importable as ``testsupport`` from any test (pytest puts tests/ on sys.path for its conftest).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from frontdesk.domain import schedule_time as st
from frontdesk.services.admin.practice import PracticeDetails

# Argon2id at its cheapest for the key file: the tests exercise the same code, just not the same cost.
FAST_KDF = {"time_cost": 1, "memory_cost": 8192, "parallelism": 1}
PASSPHRASE = "test passphrase 123"
ADMIN_PASSWORD = "violet harbor kettle 41"
STAFF_PASSWORD = "maple canyon drift 27"

PRACTICE = PracticeDetails(
    legal_name="Test Family Practice",
    address_line1="1 Test Way",
    city="Albany",
    state="NY",
    zip_code="12207",
    phone="(518) 555-0123",
    ein="12-3456789",
    billing_npi="1234567893",
    taxonomy="207Q00000X",
)


def practice_today() -> date:
    """Today at the test practice (its zone is the default, New York): what the services call today.

    Never ``date.today()``: the workstation's date is a different day for part of every day.
    """
    return st.practice_today(st.zone(st.DEFAULT_TIME_ZONE))


@contextmanager
def process_time_zone(name: str) -> Iterator[None]:
    """Run with the process's own zone set to ``name`` (what a workstation's clock setting changes), then restore."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()


class MemoryKeyring:
    """A stand-in for a genuine OS credential store (priority like the Secret Service's)."""

    priority = 5

    def __init__(self) -> None:
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.items.pop((service, username), None)


def hermetic_env(folder: Path, **extra: str) -> dict[str, str]:
    """The environment for running the app in a subprocess: its home, logs and platform folders under
    ``folder`` (never the real profile, which parallel workers would share), no FRONTDESK_ settings, no
    keyring, offscreen Qt; ``extra`` on top."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FRONTDESK_", "XDG_"))}
    env.update(HOME=str(folder / "home"), XDG_STATE_HOME=str(folder / "state"), XDG_DATA_HOME=str(folder / "data"),
               PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring", QT_QPA_PLATFORM="offscreen")
    env.update(extra)
    return env


SCREENSHOTS_ENV = "FRONTDESK_SCREENSHOTS"
_screenshot_folder: list[Path] = []  # this test process's own folder, set once per session by conftest.py


def use_screenshot_folder(folder: Path) -> None:
    _screenshot_folder[:] = [folder]


def screenshot_path(name: str) -> Path:
    """Where a test keeps a picture for a person to look at: the FRONTDESK_SCREENSHOTS folder when set, else
    this test process's own folder under pytest's temporary root (one per xdist worker, kept for the last
    few runs). Never a fixed /tmp path, which parallel workers and other test runs would overwrite."""
    wanted = os.environ.get(SCREENSHOTS_ENV)
    folder = Path(wanted) if wanted else _screenshot_folder[0]
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


def type_cell(qtbot: Any, view: Any, row: int, column: int, text: str) -> None:
    """Move to a table cell (which opens its editor), type, and commit with Enter, as a person does in a grid."""
    import shiboken6
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLineEdit

    index = view.model().index(row, column)
    view.setCurrentIndex(index)
    if not any(e.isVisible() for e in view.findChildren(QLineEdit)):
        view.edit(index)
    [editor] = [e for e in view.findChildren(QLineEdit) if e.isVisible()]
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # The delegate commits and closes the editor through a queued call.
    qtbot.waitUntil(lambda: not shiboken6.isValid(editor) or not editor.isVisible())
    assert view.model().data(index) == text


def practice_key_file(practice, data_paths):  # type: ignore[no-untyped-def]
    """The key file a backup of ``practice`` carries: its data folder's, or a practice server's own."""
    from frontdesk.storage.keys import KeyFile

    if practice.db.path is None:
        from frontdesk.storage.server_key_file import load_key_file

        return load_key_file(practice.db)
    return KeyFile.load(data_paths.key_file)
