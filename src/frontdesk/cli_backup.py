"""`frontdesk backup`, `restore` and `restore-drill`: the practice's backups from the command line (a scheduled
task runs `backup` nightly), and the terminal progress and secret-file reading the server's move-in shares.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_OK, EXIT_PROBLEM, EXIT_CANNOT_OPEN = 0, 1, 2


def _err(message: str) -> None:
    print(f"frontdesk: {message}", file=sys.stderr)


def cmd_backups(args: argparse.Namespace, open_for_automation, one_line) -> int:  # type: ignore[no-untyped-def]
    """Run `backup`, `restore` or `restore-drill` (``args.command``)."""
    if args.command == "backup":
        return _backup(args, open_for_automation, one_line)
    if args.command == "restore":
        return _restore(args, one_line)
    return _restore_drill(args, open_for_automation, one_line)


def _add_recovery_key_file(p: argparse.ArgumentParser) -> None:
    p.add_argument("--recovery-key-file", metavar="FILE",
                   help="read the recovery key from FILE (instead of the passphrase)")


def add_backup_commands(sub, add_data_dir, add_passphrase_file) -> None:  # type: ignore[no-untyped-def]
    """The `backup`, `restore` and `restore-drill` commands."""
    backup = sub.add_parser("backup", help="back the practice up into a folder, verify it, delete old backups "
                                           "(keeps 14 daily, 8 weekly, 12 monthly)")
    add_data_dir(backup)
    add_passphrase_file(backup)
    backup.add_argument("--to", metavar="DIR", required=True, help="the backup folder (must exist)")
    backup.add_argument("--keep-all", action="store_true", help="delete no old backups")
    restore = sub.add_parser("restore", help="replace the practice's data with a backup (verified first; the "
                                             "current data is kept aside)")
    restore.add_argument("file", metavar="FILE", help="the .fdbackup file (its .fdbackup.json must be beside it)")
    add_data_dir(restore)
    add_passphrase_file(restore)
    _add_recovery_key_file(restore)
    drill = sub.add_parser("restore-drill", help="restore the latest backup into a temporary place, check it and "
                                                 "record the result (live data untouched)")
    drill.add_argument("--from", dest="source", metavar="DIR", required=True,
                       help="the backup folder (its newest backup is used) or one .fdbackup file")
    add_data_dir(drill)
    add_passphrase_file(drill)
    _add_recovery_key_file(drill)


def read_secret_file(path: str | None) -> str | None:
    """The recovery key in ``path`` (None without one); an unreadable file is a StorageError."""
    if not path:
        return None
    from frontdesk.errors import storage_error_from_os

    try:
        return Path(path).read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise storage_error_from_os(exc, "the recovery key file") from exc


def _open(args: argparse.Namespace, open_for_automation, one_line, failed: str):  # type: ignore[no-untyped-def]
    """(paths, db) of the practice, or None once the reason is on stderr as '<failed>: <why>'."""
    try:
        return open_for_automation(args)
    except FileNotFoundError as exc:
        _err(f"{failed}: no practice data in {exc.args[0]}")
    except Exception as exc:
        _err(f"{failed}: {one_line(exc)}")
    return None


def _backup(args: argparse.Namespace, open_for_automation, one_line) -> int:  # type: ignore[no-untyped-def]
    from frontdesk.services.admin.backup_jobs import run_backup_job
    from frontdesk.storage.retention import RetentionPolicy

    opened = _open(args, open_for_automation, one_line, "backup failed")
    if opened is None:
        return EXIT_CANNOT_OPEN
    paths, db = opened
    try:
        result = run_backup_job(db, paths, Path(args.to), progress=progress_printer(),
                                retention=None if args.keep_all else RetentionPolicy())
    except Exception as exc:
        _err(f"backup failed: {one_line(exc)}")
        return EXIT_PROBLEM
    finally:
        db.close()
    print(f"Backup verified: {result.path} ({result.size / 1_000_000:,.1f} MB, {result.seconds:.1f} s)")
    if result.deleted_old:
        print(f"Deleted {len(result.deleted_old)} old backups of this practice (keeping 14 daily, 8 weekly, "
              "12 monthly; other practices' backups are never touched).")
    return EXIT_OK


def progress_printer():  # type: ignore[no-untyped-def]
    """Progress on an interactive terminal only; scheduled runs print just their result."""
    if not sys.stderr.isatty():
        return None
    shown: dict[str, int] = {}

    def show(stage: str, done: int, total: int) -> None:
        pct = 100 * done // max(total, 1)
        if shown.get(stage) != pct:
            shown[stage] = pct
            print(f"\r{stage}: {pct}%", end="\n" if done >= total else "", file=sys.stderr, flush=True)

    return show


def _live_key(paths, passphrase: str | None, recovery: str | None) -> bytes | None:  # type: ignore[no-untyped-def]
    """The current database key if anything we have opens the current key file (else None)."""
    from frontdesk.errors import StorageError
    from frontdesk.storage.keyring_cache import KeyCache
    from frontdesk.storage.store import KeySource, unlock_key

    attempts = [(KeySource(), KeyCache())]
    if passphrase:
        attempts.append((KeySource(passphrase=passphrase), None))
    if recovery:
        attempts.append((KeySource(recovery_key=recovery), None))
    for source, cache in attempts:
        try:
            return unlock_key(paths, source, cache)
        except StorageError:
            continue
    return None


def _restore(args: argparse.Namespace, one_line) -> int:  # type: ignore[no-untyped-def]
    from frontdesk.services.admin.backup_jobs import restore_into_new_folder, run_restore_job
    from frontdesk.paths import resolve_data_dir
    from frontdesk.storage.engine import Database
    from frontdesk.storage.restore import BackupKeys
    from frontdesk.storage.store import passphrase_from_automation
    from frontdesk.storage.swap import finish_interrupted_restore

    paths = resolve_data_dir(args.data_dir)
    try:
        passphrase = passphrase_from_automation(args.passphrase_file)
        recovery = read_secret_file(args.recovery_key_file)
        finish_interrupted_restore(paths)
        if not paths.exists():
            report = restore_into_new_folder(Path(args.file), paths, passphrase, recovery)
            print(f"Restored {report.backup_name} into the new data folder {paths.root} "
                  f"(schema {report.schema_from} -> {report.schema_to}).")
            return EXIT_OK
        live_key = _live_key(paths, passphrase, recovery)
        live_db = None
        if live_key is not None:
            try:
                live_db = Database(paths.database, live_key)
            except Exception:
                live_db = None  # damaged: nothing to record the refusal in, and nothing to close
        try:
            report, restored = run_restore_job(paths, Path(args.file), BackupKeys(live_key, passphrase, recovery),
                                               progress=progress_printer(), refusals_to=live_db,
                                               before_swap=live_db.close if live_db else None)
            restored.close()
        finally:
            if live_db is not None:
                live_db.close()
    except Exception as exc:
        _err(f"restore refused: {one_line(exc)}")
        from frontdesk.errors import KeyUnavailableError, WrongKeyError

        return EXIT_CANNOT_OPEN if isinstance(exc, KeyUnavailableError | WrongKeyError) else EXIT_PROBLEM
    print(f"Restored {report.backup_name} (schema {report.schema_from} -> {report.schema_to}) in "
          f"{report.seconds:.1f} s.")
    if report.pre_restore_copy is not None:
        print(f"The data it replaced is kept in {report.pre_restore_copy}.")
    if report.key_replaced:
        print("The backup came with its own key file: from now on use the passphrase (or recovery key) that was in "
              "use when it was made.")
    return EXIT_OK


def _restore_drill(args: argparse.Namespace, open_for_automation, one_line) -> int:  # type: ignore[no-untyped-def]
    from frontdesk.services.admin.backup_jobs import run_drill_job
    from frontdesk.storage.restore import BackupKeys
    from frontdesk.storage.store import passphrase_from_automation

    opened = _open(args, open_for_automation, one_line, "restore drill failed")
    if opened is None:
        return EXIT_CANNOT_OPEN
    paths, db = opened
    try:
        keys = BackupKeys(db.key, passphrase_from_automation(args.passphrase_file),
                          read_secret_file(args.recovery_key_file))
        outcome = run_drill_job(db, paths, Path(args.source), keys, progress=progress_printer())
    except Exception as exc:
        from frontdesk.errors import KeyUnavailableError, WrongKeyError

        _err(f"restore drill failed: {one_line(exc)}")
        return EXIT_CANNOT_OPEN if isinstance(exc, KeyUnavailableError | WrongKeyError) else EXIT_PROBLEM
    finally:
        db.close()
    state = "passed" if outcome.ok else "FAILED"
    print(f"Restore drill {state}: {outcome.backup_file} in {outcome.duration_ms / 1000:.1f} s: {outcome.message}")
    print(f"Rows: {outcome.counts_summary or 'none'}")
    if not outcome.ok:
        _err(f"restore drill failed: {outcome.message}")
        return EXIT_PROBLEM
    return EXIT_OK
