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
    from frontdesk.cli_backup import add_backup_commands

    add_backup_commands(sub, _add_data_dir, _add_passphrase_file)
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
            from frontdesk.cli_backup import progress_printer, read_secret_file

            return cmd_move_in(args, _open_for_automation, _one_line, progress_printer(), read_secret_file)
        return cmd_server(args, _one_line)
    if args.command in ("backup", "restore", "restore-drill"):
        from frontdesk.cli_backup import cmd_backups

        return cmd_backups(args, _open_for_automation, _one_line)
    if args.command == "bench":
        from frontdesk.bench.command import run

        return run(args)
    from frontdesk.paths import resolve_data_dir
    from frontdesk.ui.app import run_gui

    return run_gui(resolve_data_dir(args.data_dir), demo=False, passphrase_file=args.passphrase_file)


if __name__ == "__main__":
    sys.exit(main())
