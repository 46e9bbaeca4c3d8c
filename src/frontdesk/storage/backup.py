"""Online backup of the encrypted database into a destination keyed first.

Never a file copy (a WAL database's newest commits live in the -wal file) and never
sqlcipher_export into an attachment keyed '' (that writes plaintext).
"""

from __future__ import annotations

import os
from pathlib import Path

import sqlcipher3

from frontdesk.errors import StorageError, storage_error_from_os
from frontdesk.storage.engine import APPLICATION_ID, Database, apply_connection_pragmas, raw_key_pragma_value


def online_backup(db: Database, dest: Path, *, dest_key: bytes | None = None, pages_per_step: int = 256,
                  progress=None) -> None:  # type: ignore[no-untyped-def]
    """Copy the live database page by page into ``dest`` (a new file), encrypted with ``dest_key``.

    Written under a temporary name, fsynced, then renamed, so ``dest`` is either complete or absent.
    """
    dest = Path(dest)
    tmp = dest.with_name(dest.name + ".partial")
    key = dest_key or db.key
    src = None
    out = None
    try:
        tmp.unlink(missing_ok=True)
        src = db.raw_connection()
        out = sqlcipher3.connect(str(tmp))
        out.isolation_level = None
        out.execute(f'PRAGMA key = "{raw_key_pragma_value(key)}"')  # keyed before a single page lands
        out.execute("PRAGMA temp_store = MEMORY")

        def _progress(status: int, remaining: int, total: int) -> None:
            if progress is not None:
                progress(total - remaining, total)

        src.backup(out, pages=pages_per_step, progress=_progress)
        # The backup copies the page layout; journal mode is per file, keep the copy in rollback mode.
        out.execute("PRAGMA journal_mode = DELETE")
        if out.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            raise StorageError("The backup copy did not come out right (application id).")
        out.close()
        out = None
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, dest)
        _fsync_dir(dest.parent)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise storage_error_from_os(exc, f"the copy at {dest.parent}") from exc
    except sqlcipher3.Error as exc:
        tmp.unlink(missing_ok=True)
        from frontdesk.storage.engine import translate_db_error

        raise translate_db_error(exc, "the database copy") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        if out is not None:
            out.close()
        if src is not None:
            src.close()


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def open_copy(path: Path, key: bytes) -> sqlcipher3.Connection:
    """Open a backup or safety copy read-write with its key (caller closes)."""
    conn = sqlcipher3.connect(str(path))
    conn.isolation_level = None
    conn.execute(f'PRAGMA key = "{raw_key_pragma_value(key)}"')
    apply_connection_pragmas(conn)
    return conn
