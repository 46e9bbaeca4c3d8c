"""Choosing where to save a file (a wrapper tests replace), and writing text files safely."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from frontdesk.errors import storage_error_from_os
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


def write_text_file(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8 (newline='' so CSV line ends stay CRLF) via a temp file and a rename.

    A failure never leaves a half-written file under the chosen name; OSErrors become a
    StorageError that says what went wrong (disk full, no permission...).
    """
    what = f"the file {path.name}"
    try:
        fd, temp_name = tempfile.mkstemp(prefix=".frontdesk-", suffix=".tmp", dir=path.parent)
    except OSError as exc:  # the folder itself is missing, read-only or full
        raise storage_error_from_os(exc, f"the folder {path.parent.name or path.parent}") from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(temp_name, path)
    except OSError as exc:
        Path(temp_name).unlink(missing_ok=True)
        raise storage_error_from_os(exc, what) from exc
