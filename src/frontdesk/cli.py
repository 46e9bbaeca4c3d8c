"""The `frontdesk` command: the GUI by default, subcommands for automation and tests.

Heavy modules (Qt, SQLAlchemy, crypto) are imported inside the commands so start-up stays fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

EXIT_OK = 0
EXIT_PROBLEM = 1
EXIT_CANNOT_OPEN = 2


def _add_data_dir(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data-dir", metavar="DIR", help="practice data folder (default: FRONTDESK_DATA_DIR or the "
                                                     "platform data folder)")


def _add_passphrase_file(p: argparse.ArgumentParser) -> None:
    p.add_argument("--passphrase-file", metavar="FILE",
                   help="read the administrator passphrase from FILE (else the keyring cache or "
                        "FRONTDESK_PASSPHRASE; never from the command line)")


def build_parser() -> argparse.ArgumentParser:
    from frontdesk import __version__

    parser = argparse.ArgumentParser(prog="frontdesk", description="FrontDesk: the front desk of a small practice.")
    parser.add_argument("--version", action="version", version=f"FrontDesk {__version__}")
    parser.add_argument("--self-check", action="store_true",
                        help="test this installation in a temporary encrypted practice (no display needed) and "
                             "exit: 0 if every step worked")
    _add_data_dir(parser)
    _add_passphrase_file(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = sub.add_parser("demo", help="create (once) and open the demo practice")
    _add_data_dir(demo)
    demo.add_argument("--patients", type=int, default=None, help="number of fake patients when creating "
                                                                 "(default 3000)")
    demo.add_argument("--seed", type=int, default=42, help="random seed for the fake data")
    demo.add_argument("--no-gui", action="store_true", help="create the demo data and exit")

    check = sub.add_parser("check", help="verify the database, its encryption and the audit chain")
    _add_data_dir(check)
    _add_passphrase_file(check)
    check.add_argument("--backups", metavar="DIR", help="also check that the newest backup in DIR still fits the "
                                                        "live audit trail (no events deleted since)")
    _add_backup_commands(sub)
    from frontdesk.cli_claims import add_claims_commands

    add_claims_commands(sub, _add_data_dir, _add_passphrase_file)
    from frontdesk.cli_codes import add_codes_commands

    add_codes_commands(sub, _add_data_dir, _add_passphrase_file)
    from frontdesk.cli_era import add_era_commands

    add_era_commands(sub, _add_data_dir, _add_passphrase_file)
    from frontdesk.cli_eligibility import add_eligibility_commands

    add_eligibility_commands(sub, _add_data_dir, _add_passphrase_file)
    from frontdesk.cli_move_in import add_move_in_commands
    from frontdesk.cli_server import add_server_commands
    from frontdesk.cli_server_enrol import add_enrol_command

    server_actions = add_server_commands(sub)
    add_enrol_command(server_actions, _add_data_dir)
    add_move_in_commands(server_actions, _add_data_dir, _add_passphrase_file)
    bench = sub.add_parser("bench", help="run the speed benchmarks against their baselines")
    from frontdesk.bench.options import add_arguments

    add_arguments(bench)
    return parser


def _add_recovery_key_file(p: argparse.ArgumentParser) -> None:
    p.add_argument("--recovery-key-file", metavar="FILE",
                   help="read the recovery key from FILE (instead of the passphrase)")


def _add_backup_commands(sub) -> None:  # type: ignore[no-untyped-def]
    backup = sub.add_parser("backup", help="back the practice up into a folder, verify it, delete old backups "
                                           "(keeps 14 daily, 8 weekly, 12 monthly)")
    _add_data_dir(backup)
    _add_passphrase_file(backup)
    backup.add_argument("--to", metavar="DIR", required=True, help="the backup folder (must exist)")
    backup.add_argument("--keep-all", action="store_true", help="delete no old backups")
    restore = sub.add_parser("restore", help="replace the practice's data with a backup (verified first; the "
                                             "current data is kept aside)")
    restore.add_argument("file", metavar="FILE", help="the .fdbackup file (its .fdbackup.json must be beside it)")
    _add_data_dir(restore)
    _add_passphrase_file(restore)
    _add_recovery_key_file(restore)
    drill = sub.add_parser("restore-drill", help="restore the latest backup into a temporary place, check it and "
                                                 "record the result (live data untouched)")
    drill.add_argument("--from", dest="source", metavar="DIR", required=True,
                       help="the backup folder (its newest backup is used) or one .fdbackup file")
    _add_data_dir(drill)
    _add_passphrase_file(drill)
    _add_recovery_key_file(drill)


def _err(message: str) -> None:
    print(f"frontdesk: {message}", file=sys.stderr)


def _explain(exc: BaseException) -> str:
    from frontdesk.error_messages import to_user_message

    msg = to_user_message(exc)
    return msg.text


def _one_line(exc: BaseException) -> str:
    return " ".join(_explain(exc).split())


def cmd_demo(args: argparse.Namespace) -> int:
    from frontdesk.demo.build import DEFAULT_DEMO_PATIENTS, ensure_demo, print_progress
    from frontdesk.paths import resolve_data_dir

    paths = resolve_data_dir(args.data_dir, demo=True)
    if args.patients is not None and args.patients < 0:
        _err("--patients must be 0 or more")
        return EXIT_PROBLEM
    if args.no_gui:
        try:
            db, created = ensure_demo(paths, patients=DEFAULT_DEMO_PATIENTS if args.patients is None
                                      else args.patients, seed=args.seed, progress=print_progress())
        except Exception as exc:
            _err(_explain(exc))
            return EXIT_CANNOT_OPEN
        db.close()
        state = "created" if created else "already exists"
        print(f"Demo practice {state} in {paths.root}")
        print("Sign in as 'demo' with password 'tulip lantern demo 7' (passphrase 'frontdesk-demo').")
        return EXIT_OK
    from frontdesk.ui.app import run_gui

    return run_gui(paths, demo=True, demo_patients=args.patients, demo_seed=args.seed)


def _open_for_automation(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from frontdesk.paths import resolve_data_dir
    from frontdesk.storage.keyring_cache import KeyCache
    from frontdesk.storage.store import (
        KeySource,
        open_practice_store,
        passphrase_from_automation,
        unlock_key,
    )

    paths = resolve_data_dir(args.data_dir)
    if not paths.exists():
        raise FileNotFoundError(paths.root)
    passphrase = passphrase_from_automation(getattr(args, "passphrase_file", None))
    key = unlock_key(paths, KeySource(passphrase=passphrase), KeyCache())
    db = open_practice_store(paths, key, migrate=False)
    for notice in db.start_notices:  # e.g. permissions repaired: said once, on stderr, stdout stays the report
        _err(notice)
    from frontdesk.codes import icd10cm

    icd10cm.use_release_folder(paths.code_sets_dir)  # the practice's imported ICD-10-CM release, if newer
    return paths, db


def cmd_check(args: argparse.Namespace) -> int:
    from frontdesk.services.admin.checks import run_checks

    try:
        paths, db = _open_for_automation(args)
    except FileNotFoundError as exc:
        _err(f"no practice data in {exc.args[0]}")
        return EXIT_CANNOT_OPEN
    except Exception as exc:
        _err(_explain(exc))
        return EXIT_CANNOT_OPEN
    try:
        report = run_checks(db, backups_dir=Path(args.backups) if args.backups else None)
    finally:
        db.close()
    for line in report.lines:
        print(line)
    if report.ok:
        print("OK: database, encryption and audit chain verified.")
        return EXIT_OK
    _err("problems found; see above. Restore from the latest verified backup if the database is damaged.")
    return EXIT_PROBLEM


def _read_secret_file(path: str | None) -> str | None:
    if not path:
        return None
    from frontdesk.errors import storage_error_from_os

    try:
        return Path(path).read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise storage_error_from_os(exc, "the recovery key file") from exc


def cmd_backup(args: argparse.Namespace) -> int:
    from frontdesk.services.admin.backup_jobs import run_backup_job
    from frontdesk.storage.retention import RetentionPolicy

    try:
        paths, db = _open_for_automation(args)
    except FileNotFoundError as exc:
        _err(f"backup failed: no practice data in {exc.args[0]}")
        return EXIT_CANNOT_OPEN
    except Exception as exc:
        _err(f"backup failed: {_one_line(exc)}")
        return EXIT_CANNOT_OPEN
    try:
        result = run_backup_job(db, paths, Path(args.to), progress=_progress_printer(),
                                retention=None if args.keep_all else RetentionPolicy())
    except Exception as exc:
        _err(f"backup failed: {_one_line(exc)}")
        return EXIT_PROBLEM
    finally:
        db.close()
    print(f"Backup verified: {result.path} ({result.size / 1_000_000:,.1f} MB, {result.seconds:.1f} s)")
    if result.deleted_old:
        print(f"Deleted {len(result.deleted_old)} old backups of this practice (keeping 14 daily, 8 weekly, "
              "12 monthly; other practices' backups are never touched).")
    return EXIT_OK


def _progress_printer():  # type: ignore[no-untyped-def]
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


def cmd_restore(args: argparse.Namespace) -> int:
    from frontdesk.services.admin.backup_jobs import restore_into_new_folder, run_restore_job
    from frontdesk.paths import resolve_data_dir
    from frontdesk.storage.engine import Database
    from frontdesk.storage.restore import BackupKeys
    from frontdesk.storage.store import passphrase_from_automation
    from frontdesk.storage.swap import finish_interrupted_restore

    paths = resolve_data_dir(args.data_dir)
    try:
        passphrase = passphrase_from_automation(args.passphrase_file)
        recovery = _read_secret_file(args.recovery_key_file)
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
                                               progress=_progress_printer(), refusals_to=live_db,
                                               before_swap=live_db.close if live_db else None)
            restored.close()
        finally:
            if live_db is not None:
                live_db.close()
    except Exception as exc:
        _err(f"restore refused: {_one_line(exc)}")
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


def cmd_restore_drill(args: argparse.Namespace) -> int:
    from frontdesk.services.admin.backup_jobs import run_drill_job
    from frontdesk.storage.restore import BackupKeys
    from frontdesk.storage.store import passphrase_from_automation

    try:
        paths, db = _open_for_automation(args)
    except FileNotFoundError as exc:
        _err(f"restore drill failed: no practice data in {exc.args[0]}")
        return EXIT_CANNOT_OPEN
    except Exception as exc:
        _err(f"restore drill failed: {_one_line(exc)}")
        return EXIT_CANNOT_OPEN
    try:
        keys = BackupKeys(db.key, passphrase_from_automation(args.passphrase_file),
                          _read_secret_file(args.recovery_key_file))
        outcome = run_drill_job(db, paths, Path(args.source), keys, progress=_progress_printer())
    except Exception as exc:
        from frontdesk.errors import KeyUnavailableError, WrongKeyError

        _err(f"restore drill failed: {_one_line(exc)}")
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


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from frontdesk.logging_setup import setup_logging

    setup_logging()
    if args.self_check:
        from frontdesk.self_check import run_self_check

        return run_self_check()
    if args.command == "demo":
        return cmd_demo(args)
    if args.command == "check":
        return cmd_check(args)
    if args.command == "claims":
        from frontdesk.cli_claims import cmd_claims

        return cmd_claims(args, _open_for_automation, _one_line)
    if args.command == "era":
        from frontdesk.cli_era import cmd_era

        return cmd_era(args, _open_for_automation, _one_line)
    if args.command == "codes":
        from frontdesk.cli_codes import cmd_codes

        return cmd_codes(args, _open_for_automation, _one_line)
    if args.command == "eligibility":
        from frontdesk.cli_eligibility import cmd_eligibility

        return cmd_eligibility(args, _open_for_automation, _one_line)
    if args.command == "server" and args.server_command == "enrol":
        from frontdesk.cli_server_enrol import cmd_enrol

        return cmd_enrol(args, _one_line)
    if args.command == "server":
        from frontdesk.cli_move_in import MOVE_IN_COMMANDS, cmd_move_in
        from frontdesk.cli_server import cmd_server

        if args.server_command in MOVE_IN_COMMANDS:
            return cmd_move_in(args, _open_for_automation, _one_line, _progress_printer(), _read_secret_file)
        return cmd_server(args, _one_line, _open_for_automation)
    commands = {"backup": cmd_backup, "restore": cmd_restore, "restore-drill": cmd_restore_drill}
    if args.command in commands:
        return commands[args.command](args)
    if args.command == "bench":
        from frontdesk.bench.command import run

        return run(args)
    from frontdesk.paths import resolve_data_dir
    from frontdesk.ui.app import run_gui

    return run_gui(resolve_data_dir(args.data_dir), demo=False, passphrase_file=args.passphrase_file)


if __name__ == "__main__":
    sys.exit(main())
