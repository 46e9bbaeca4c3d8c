"""A splitter whose handle stays where the desk put it: its sizes kept in this workstation's settings file.

workstation.json (``frontdesk.workstation_settings``) already keeps the main window's place and other
per-machine choices (see ui/main_window/window_place.py for why not QSettings); a moved handle is written
once the drag settles, not on every pixel of it.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QSplitter

from frontdesk.errors import StorageError
from frontdesk.workstation_settings import read_settings, write_setting

log = logging.getLogger(__name__)
SETTLE_MS = 400  # a drag sends a move per pixel; the file is written once it stops


class SplitterMemory(QObject):
    """Restores ``splitter``'s sizes from ``key`` (else ``default``, proportions) and saves them when moved."""

    def __init__(self, splitter: QSplitter, settings_file: Path, key: str, default: tuple[int, ...]) -> None:
        super().__init__(splitter)
        self._splitter = splitter
        self._file = settings_file
        self._key = key
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SETTLE_MS)
        self._timer.timeout.connect(self.save)
        saved = read_settings(settings_file).get(key)
        self._sizes = saved if self._valid(saved, splitter.count()) else list(default)
        # Applied when first shown: before that the splitter has no width to share out.
        splitter.installEventFilter(self)
        splitter.splitterMoved.connect(lambda _pos, _index: self._timer.start())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._splitter and event.type() == QEvent.Type.Show:
            self._splitter.removeEventFilter(self)
            self._share(self._sizes)
        return False

    def _share(self, sizes: list[int]) -> None:
        """The splitter's width shared out in the proportions of ``sizes`` (saved pixels or the default)."""
        room = sum(self._splitter.sizes()) or sum(sizes)
        total = sum(sizes)
        shares = [room * n // total for n in sizes]
        shares[-1] += room - sum(shares)
        self._splitter.setSizes(shares)

    @staticmethod
    def _valid(saved: object, count: int) -> bool:
        return (isinstance(saved, list) and len(saved) == count
                and all(isinstance(n, int) and not isinstance(n, bool) and n > 0 for n in saved))

    def save(self) -> None:
        """Write the sizes now (also what a pending drag would have written); never fails the screen."""
        self._timer.stop()
        try:
            write_setting(self._file, self._key, self._splitter.sizes())
        except StorageError:
            log.warning("could not remember the splitter's position")

    def flush(self) -> None:
        """Save a move still waiting to settle (the pane is going away)."""
        if self._timer.isActive():
            self.save()
