"""Choosing a backup folder or a backup file (wrappers whose ask() tests replace)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

BACKUP_FILTER = "FrontDesk backups (*.fdbackup)"


class FolderDialog:
    """'Choose a folder'; tests replace :meth:`ask` with a function returning a path."""

    @classmethod
    def ask(cls, parent: QWidget | None, caption: str, start: str = "") -> Path | None:
        """The chosen folder, or None when cancelled."""
        chosen = QFileDialog.getExistingDirectory(parent, caption, start)
        return Path(chosen) if chosen else None


class BackupFileDialog:
    """'Open a backup file'; tests replace :meth:`ask` with a function returning a path."""

    @classmethod
    def ask(cls, parent: QWidget | None, caption: str, start: str = "") -> Path | None:
        """The chosen .fdbackup file, or None when cancelled."""
        chosen, _selected = QFileDialog.getOpenFileName(parent, caption, start, BACKUP_FILTER)
        return Path(chosen) if chosen else None
