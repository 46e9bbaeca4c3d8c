"""The `frontdesk` command: the GUI by default, subcommands for automation and tests.

Heavy modules (Qt, SQLAlchemy, crypto) are imported inside the commands so start-up stays fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

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


def cmd_demo(args: argparse.Namespace) -> int:
    from frontdesk.demo import DEFAULT_DEMO_PATIENTS, ensure_demo
    from frontdesk.paths import resolve_data_dir

    paths = resolve_data_dir(args.data_dir, demo=True)
    if args.patients is not None and args.patients < 0:
        _err("--patients must be 0 or more")
        return EXIT_PROBLEM
    if args.no_gui:
        try:
            db, created = ensure_demo(paths, patients=DEFAULT_DEMO_PATIENTS if args.patients is None
                                      else args.patients, seed=args.seed)
        except Exception as exc:
            _err(_explain(exc))
            return EXIT_CANNOT_OPEN
        db.close()
        state = "created" if created else "already exists"
        print(f"Demo practice {state} in {paths.root}")
        print("Sign in as 'demo' with password 'frontdesk-demo' (passphrase 'frontdesk-demo').")
        return EXIT_OK
    from frontdesk.ui.app import run_gui

    return run_gui(paths, demo=True, demo_patients=args.patients, demo_seed=args.seed)


def _open_for_automation(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from frontdesk.paths import resolve_data_dir
    from frontdesk.storage.keyring_cache import KeyCache
    from frontdesk.storage.store import KeySource, open_practice_store, passphrase_from_automation, unlock_key

    paths = resolve_data_dir(args.data_dir)
    if not paths.exists():
        raise FileNotFoundError(paths.root)
    passphrase = passphrase_from_automation(getattr(args, "passphrase_file", None))
    key = unlock_key(paths, KeySource(passphrase=passphrase), KeyCache())
    return paths, open_practice_store(paths, key, migrate=False)


def cmd_check(args: argparse.Namespace) -> int:
    from frontdesk.checks import run_checks

    try:
        paths, db = _open_for_automation(args)
    except FileNotFoundError as exc:
        _err(f"no practice data in {exc.args[0]}")
        return EXIT_CANNOT_OPEN
    except Exception as exc:
        _err(_explain(exc))
        return EXIT_CANNOT_OPEN
    try:
        report = run_checks(db)
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
    if args.command == "demo":
        return cmd_demo(args)
    if args.command == "check":
        return cmd_check(args)
    if args.command == "bench":
        from frontdesk.bench.command import run

        return run(args)
    from frontdesk.paths import resolve_data_dir
    from frontdesk.ui.app import run_gui

    return run_gui(resolve_data_dir(args.data_dir), demo=False, passphrase_file=args.passphrase_file)


if __name__ == "__main__":
    sys.exit(main())
