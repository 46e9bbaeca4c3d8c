"""Choosing where to save a file or which files to open (wrappers tests replace), reading a chosen file up to a
limit, writing text files safely, opening a saved PDF."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QWidget

from frontdesk.errors import StorageError, storage_error_from_os
from frontdesk.storage.atomic import write_atomically
from frontdesk.ui.widgets.file_folders import kind_of, remember_folder, start_folder


class SaveFileDialog:
    """The 'Save as' question; tests replace :meth:`ask` with a function returning a path."""

    @classmethod
    def ask(cls, parent: QWidget | None, caption: str, suggested_name: str,
            name_filter: str = "CSV files (*.csv)", suffix: str = ".csv") -> Path | None:
        """The chosen file (with ``suffix`` added if the name has none), or None when cancelled.

        Starts in the folder last used for this kind of file (by ``suffix``), else in Documents.
        """
        kind = kind_of(suffix)
        start = start_folder(kind) / suggested_name
        chosen, _selected = QFileDialog.getSaveFileName(parent, caption, str(start), name_filter)
        if not chosen:
            return None
        path = Path(chosen)
        remember_folder(kind, path)
        return path if path.suffix else path.with_suffix(suffix)


class OpenFilesDialog:
    """The 'Open' question for one or more files; tests replace :meth:`ask` with a function returning paths."""

    @classmethod
    def ask(cls, parent: QWidget | None, caption: str, name_filter: str, kind: str) -> list[Path]:
        """The chosen files (none when cancelled); starts in the folder last used for ``kind`` files."""
        chosen, _selected = QFileDialog.getOpenFileNames(parent, caption, str(start_folder(kind)), name_filter)
        paths = [Path(name) for name in chosen]
        if paths:
            remember_folder(kind, paths[0])
        return paths


def read_upload(path: Path, limit: int) -> bytes:
    """A chosen file's bytes, at most one past ``limit`` (the service then says it is too large, with the
    limit, rather than this reading gigabytes into memory)."""
    try:
        with path.open("rb") as handle:
            return handle.read(limit + 1)
    except OSError as exc:
        raise StorageError(f"Could not read {path.name}: {exc.strerror or type(exc).__name__}.") from exc


def write_text_file(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8 (newline='' so CSV line ends stay CRLF) via a temp file and a rename.

    A failure never leaves a half-written file under the chosen name; OSErrors become a
    StorageError that says what went wrong (disk full, no permission...).
    """
    try:
        write_atomically(path, text, newline="")  # mode 0o600, as the mkstemp it replaces made it
    except OSError as exc:
        # a folder that is missing, read-only or protected is named as such, like the file otherwise
        folder_at_fault = not os.access(path.parent, os.W_OK)
        what = f"the folder {path.parent.name or path.parent}" if folder_at_fault else f"the file {path.name}"
        raise storage_error_from_os(exc, what) from exc


def open_in_viewer(path: Path) -> bool:
    """Hand the PDF to the system viewer (where the user prints it)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
