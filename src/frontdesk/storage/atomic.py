"""One atomic file write for the whole app: a crash, a full disk or an exception never leaves half a file.

``write_atomically(path, data)`` guarantees, in order:

1. the data goes to a temporary file in the same folder as ``path`` (``<name>.tmp`` unless told), so the
   final rename never crosses a file system;
2. the temporary file is created with an explicit ``mode``, whatever the umask: 0o600 (owner only) by
   default, and every caller keeps it, so a file holding keys or patient data is never readable by other
   accounts, briefly or after (see storage/private_files.py). Exports to a folder the person chose are
   0o600 too: they hold patient data, the person who saved them can open them, and handing them on is a
   deliberate act;
3. the file is flushed and fsynced before it is renamed;
4. ``os.replace`` puts it in place atomically: readers see the old file or the new one, never a mix;
5. the folder is fsynced, so the rename itself survives a power cut (POSIX);
6. on any failure the temporary file is removed and the old file at ``path`` is left untouched.
   OSErrors become a StorageError about ``what`` when ``what`` is given, and propagate as they are
   otherwise.

``data`` is bytes, str (written as text with ``encoding``/``newline``), or a callable that writes to the
open binary file object (so a large output streams to disk instead of sitting in memory).
``render_atomically`` is the same for renderers that insist on a path of their own (reportlab, sqlite).
``stage_file`` and ``replace_durably`` are the two halves, for the caller whose rename must happen inside
its own transaction. Qt-free.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

from frontdesk.errors import storage_error_from_os
from frontdesk.storage.private_files import PRIVATE_FILE_MODE

Data = bytes | str | Callable[[BinaryIO], None]


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; Windows has no directory handles to sync)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def temp_path(path: Path, suffix: str = ".tmp") -> Path:
    """Where the write to ``path`` is staged: beside it, so the rename stays on one file system."""
    return path.with_name(path.name + suffix)


def _opener(mode: int) -> Callable[[str, int], int]:
    def opener(name: str, flags: int) -> int:
        fd = os.open(name, flags | os.O_EXCL, mode)
        if hasattr(os, "fchmod"):
            os.fchmod(fd, mode)  # the umask may have taken bits away; the caller's mode is the rule
        return fd
    return opener


@contextmanager
def _removed_on_failure(tmp: Path, what: str | None) -> Iterator[None]:
    """Any failure removes ``tmp``; an OSError becomes a StorageError about ``what`` when one is named."""
    try:
        yield
    except OSError as exc:
        with suppress(OSError):  # the name may not even be reachable (a file used as a folder)
            tmp.unlink(missing_ok=True)
        if what is None:
            raise
        raise storage_error_from_os(exc, what, writing=True) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def stage_file(path: str | os.PathLike[str], data: Data, *, mode: int = PRIVATE_FILE_MODE, what: str | None = None,
               encoding: str = "utf-8", newline: str | None = None, suffix: str = ".tmp") -> Path:
    """Write ``data`` to the temporary file beside ``path`` and fsync it; returns the temporary file.

    Steps 1 to 3 and 6 of the module's guarantees; the caller renames it with ``replace_durably``."""
    tmp = temp_path(Path(path), suffix)
    with _removed_on_failure(tmp, what):
        tmp.unlink(missing_ok=True)  # a crash's leftover; O_EXCL below refuses to reuse it
        if isinstance(data, str):
            with open(tmp, "w", encoding=encoding, newline=newline, opener=_opener(mode)) as text:
                text.write(data)
                text.flush()
                os.fsync(text.fileno())
        else:
            with open(tmp, "wb", opener=_opener(mode)) as handle:
                if isinstance(data, bytes):
                    handle.write(data)
                else:
                    data(handle)
                handle.flush()
                os.fsync(handle.fileno())
    return tmp


def replace_durably(tmp: Path, path: str | os.PathLike[str], *, what: str | None = None) -> None:
    """Rename the staged ``tmp`` over ``path`` and fsync the folder (steps 4 and 5).

    On failure ``tmp`` is left for the caller, who knows whether the rename happened."""
    target = Path(path)
    try:
        os.replace(tmp, target)
        fsync_dir(target.parent)
    except OSError as exc:
        if what is None:
            raise
        raise storage_error_from_os(exc, what, writing=True) from exc


def write_atomically(path: str | os.PathLike[str], data: Data, *, mode: int = PRIVATE_FILE_MODE,
                     what: str | None = None, encoding: str = "utf-8", newline: str | None = None,
                     suffix: str = ".tmp") -> None:
    """Write ``data`` to ``path`` with every guarantee of this module (see its docstring)."""
    tmp = stage_file(path, data, mode=mode, what=what, encoding=encoding, newline=newline, suffix=suffix)
    with _removed_on_failure(tmp, None):
        replace_durably(tmp, path, what=what)


def render_atomically(path: str | os.PathLike[str], render: Callable[[Path], None], *,
                      mode: int = PRIVATE_FILE_MODE, what: str | None = None, suffix: str = ".tmp") -> None:
    """Like ``write_atomically`` for a renderer that writes to a path itself (reportlab, sqlite backup).

    The temporary file is created first with ``mode``, so the renderer overwrites a file that already
    has the right permissions."""
    tmp = stage_file(path, b"", mode=mode, what=what, suffix=suffix)
    with _removed_on_failure(tmp, what):
        render(tmp)
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        replace_durably(tmp, path)
