"""`frontdesk server move-in` and `frontdesk server restore`: a practice onto a new, empty practice server.

move-in copies a single-PC practice (its data folder, opened with the passphrase or keyring as every command
does) into the server; restore does the same from a backup (of a single PC or of a server that died). Both keep
the practice's key: the server is opened with the single-PC (or backup's) database key as its practice key.
The server's address comes with --server-url; its password from PGPASSWORD or ~/.pgpass, never a flag.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

MOVE_IN_COMMANDS = ("move-in", "restore")


def _add_server_url(p: argparse.ArgumentParser) -> None:
    p.add_argument("--server-url", metavar="URL", required=True,
                   help="the new, empty practice database: postgresql+psycopg://USER@HOST:5432/frontdesk (a role "
                        "that may create tables, e.g. the one `server setup` used; password from PGPASSWORD)")


def add_move_in_commands(actions, add_data_dir, add_passphrase_file) -> None:  # type: ignore[no-untyped-def]
    """Add `move-in` and `restore` to the `frontdesk server` actions."""
    move_in = actions.add_parser("move-in", help="copy this PC's practice into a new, empty practice server (every "
                                                 "table, counts compared, audit chain verified; the data folder is "
                                                 "left untouched)")
    add_data_dir(move_in)
    add_passphrase_file(move_in)
    _add_server_url(move_in)
    restore = actions.add_parser("restore", help="restore a backup (of a single PC or of a server) into a new, empty "
                                                 "practice server, verified first")
    restore.add_argument("file", metavar="FILE", help="the .fdbackup file (its .fdbackup.json must be beside it)")
    add_passphrase_file(restore)
    restore.add_argument("--recovery-key-file", metavar="FILE",
                         help="read the recovery key from FILE (instead of the passphrase)")
    _add_server_url(restore)


def _err(message: str) -> None:
    print(f"frontdesk: {message}", file=sys.stderr)


def _rows(show) -> Callable[[int, int], None] | None:  # type: ignore[no-untyped-def]
    return None if show is None else (lambda done, total: show("copy", done, total))


def _move_in(args: argparse.Namespace, open_for_automation, progress) -> str:  # type: ignore[no-untyped-def]
    from frontdesk.services.admin.server_moves import run_move_in
    from frontdesk.storage.keys import KeyFile
    from frontdesk.storage.pg_engine import PostgresDatabase

    paths, source = open_for_automation(args)
    try:
        target = PostgresDatabase(args.server_url, source.key)
        try:
            report = run_move_in(source, target, KeyFile.load(paths.key_file), progress=_rows(progress))
        finally:
            target.close()
    finally:
        source.close()
    return (f"Moved in {report.rows:,} rows in {len(report.tables)} tables ({report.seconds:.1f} s): row counts equal, "
            f"audit chain verified on the server. The data folder {paths.root} was left as it was: keep it as a "
            "copy and stop using it on this PC; issue enrolment codes for the workstations.")


def _restore(args: argparse.Namespace, progress, read_secret) -> str:  # type: ignore[no-untyped-def]
    from frontdesk.services.admin.server_moves import run_restore_to_server
    from frontdesk.storage.pg_engine import PostgresDatabase
    from frontdesk.storage.restore import BackupKeys, open_backup, unlock_backup_key
    from frontdesk.storage.store import passphrase_from_automation

    keys = BackupKeys(passphrase=passphrase_from_automation(args.passphrase_file),
                      recovery_key=read_secret(args.recovery_key_file))
    _, manifest = open_backup(Path(args.file))
    key = unlock_backup_key(manifest, keys)
    target = PostgresDatabase(args.server_url, key)
    try:
        report = run_restore_to_server(Path(args.file), key, target, progress=progress)
    finally:
        target.close()
    return (f"Restored {manifest.file} into the server: {report.rows:,} rows in {len(report.tables)} tables, "
            "row counts equal, audit chain verified. Issue enrolment codes for the workstations.")


def cmd_move_in(args: argparse.Namespace, open_for_automation, one_line,  # type: ignore[no-untyped-def]
                progress, read_secret) -> int:
    """Run `server move-in` or `server restore`; 0 when the practice arrived whole, 1 when nothing was kept,
    2 when the practice or the backup could not be opened."""
    from frontdesk.errors import KeyUnavailableError, WrongKeyError

    try:
        if args.server_command == "move-in":
            message = _move_in(args, open_for_automation, progress)
        else:
            message = _restore(args, progress, read_secret)
    except FileNotFoundError as exc:
        _err(f"{args.server_command} failed: no practice data in {exc.args[0]}")
        return 2
    except Exception as exc:
        _err(f"{args.server_command} failed: {one_line(exc)}")
        return 2 if isinstance(exc, KeyUnavailableError | WrongKeyError) else 1
    print(message)
    return 0
