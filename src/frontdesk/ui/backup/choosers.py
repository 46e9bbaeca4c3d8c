"""Choosing a backup folder or a backup file (wrappers whose ask() tests replace)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from frontdesk.ui.widgets.file_folders import folder_near, remember_folder

BACKUP_FILTER = "FrontDesk backups (*.fdbackup)"
BACKUP_KIND = "backup"  # the kind of file whose last folder file_folders remembers


class FolderDialog:
    """'Choose a folder'; tests replace :meth:`ask` with a function returning a path."""

    @classmethod
    def ask(cls, parent: QWidget | None, caption: str, start: str = "") -> Path | None:
        """The chosen folder, or None when cancelled (starts at ``start``, else the last backup folder or Documents)."""
        chosen = QFileDialog.getExistingDirectory(parent, caption, str(folder_near(start, BACKUP_KIND)))
        if not chosen:
            return None
        remember_folder(BACKUP_KIND, Path(chosen), is_folder=True)
        return Path(chosen)


class BackupFileDialog:
    """'Open a backup file'; tests replace :meth:`ask` with a function returning a path."""

    @classmethod
    def ask(cls, parent: QWidget | None, caption: str, start: str = "") -> Path | None:
        """The chosen .fdbackup file, or None when cancelled (starts near ``start``, else as FolderDialog)."""
        chosen, _selected = QFileDialog.getOpenFileName(parent, caption, str(folder_near(start, BACKUP_KIND)),
                                                        BACKUP_FILTER)
        if not chosen:
            return None
        remember_folder(BACKUP_KIND, Path(chosen))
        return Path(chosen)
