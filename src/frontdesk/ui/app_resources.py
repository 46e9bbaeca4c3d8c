"""What the app loads beside its windows: the icon, and the ICD-10-CM index warmed on the runner's long-job worker."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

from frontdesk.ui.runner import LongJob, Runner

log = logging.getLogger(__name__)


def app_icon() -> QIcon:
    """The FrontDesk icon in every size we ship (the window, the taskbar, Alt+Tab pick the best one)."""
    from frontdesk.paths import resources_dir

    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        path = resources_dir() / "icons" / f"frontdesk-{size}.png"
        if path.is_file():  # a missing file only costs the icon, never the start-up
            icon.addFile(str(path), QSize(size, size))
    return icon


def preload_code_set(runner: Runner, code_sets_dir: Path | None = None) -> LongJob:
    """Load the ICD-10-CM index on the runner's long-job worker (not its database worker, which must stay
    free), so the first diagnosis search in the Billing pane answers at once.

    ``code_sets_dir`` is the open practice's folder of imported releases: a newer one found there wins.
    """
    from frontdesk.codes import icd10cm

    def load(_control: Any) -> None:
        # Here, not on the GUI thread: it waits for the index lock if a build is under way.
        icd10cm.use_release_folder(code_sets_dir)
        icd10cm.preload()

    def failed(exc: BaseException) -> None:  # the first search loads it again and reports a real problem
        log.warning("ICD-10-CM preload failed: %s", type(exc).__name__)

    return runner.submit_long(load, on_error=failed, receiver=None)
