"""`frontdesk server setup | upgrade | check`: make a PostgreSQL server a practice server, keep it so.

Run on the server, as (or with the password of) the PostgreSQL superuser. The password comes from
PGPASSWORD or a prompt, never from the command line or the address (shell history). The logic lives in
server_setup.py (shared with the setup wizard), storage/pg_setup.py and storage/pg_check.py; this module parses,
asks, and prints.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

EXIT_OK, EXIT_PROBLEM, EXIT_CANNOT_CONNECT = 0, 1, 2
URL_HELP = ("the PostgreSQL superuser's address, e.g. postgresql+psycopg://postgres@localhost:5432/postgres "
            "(on Debian/Ubuntu as the postgres account: postgresql+psycopg://postgres@/postgres?host="
            "/var/run/postgresql); no password in it")
CHECK_STATUS = "exit status: 0 = safe; 1 = a problem (each one printed as WARNING); 2 = could not connect"


def add_server_commands(sub) -> argparse._SubParsersAction:  # type: ignore[no-untyped-def]
    """Register `frontdesk server ...`; returns its sub-commands so the workstation side can add `enrol`."""
    from frontdesk.storage.pg_superuser import DEFAULT_DATABASE

    server = sub.add_parser("server", help="server mode: set up, upgrade or check a PostgreSQL practice server")
    actions = server.add_subparsers(dest="server_command", metavar="ACTION", required=True)
    setup = actions.add_parser("setup", help="make this PostgreSQL 16+ server a practice server and print the "
                                             "first enrolment code and the server recovery code")
    setup.add_argument("--host", action="append", required=True, metavar="NAME",
                       help="a host name or IP address the workstations use to reach this server (repeat for "
                            "each; localhost is always included)")
    setup.add_argument("--start-over", action="store_true",
                       help="set up again a server no PC ever enrolled with (its first code lost or expired)")
    setup.add_argument("--passphrase-file", metavar="FILE",
                       help="read the new administrator passphrase from FILE (else FRONTDESK_PASSPHRASE or asked "
                            "twice; with --move-in: the practice's own passphrase, else its keyring cache)")
    setup.add_argument("--move-in", metavar="DIR",
                       help="move the single-PC practice in data folder DIR onto the new server (its key, "
                            "passphrase and recovery key stay; the folder is left untouched)")
    upgrade = actions.add_parser("upgrade", help="after installing a new FrontDesk: update the practice database "
                                                 "and its privileges (asks for the server recovery code when an "
                                                 "update must re-seal data)")
    check = actions.add_parser("check", help="check encryption at rest, TLS, scram and privileges; warns loudly",
                               epilog=CHECK_STATUS)
    for action in (setup, upgrade, check):
        action.add_argument("--superuser-url", required=True, metavar="URL", help=URL_HELP)
        action.add_argument("--database", default=DEFAULT_DATABASE, metavar="NAME",
                            help=f"the practice database (default {DEFAULT_DATABASE})")
    return actions


def _err(message: str) -> None:
    print(f"frontdesk: {message}", file=sys.stderr)


def _password() -> str | None:
    """PGPASSWORD (read by the driver itself) or a prompt; Enter = none (peer or trust sign-in)."""
    if "PGPASSWORD" in os.environ or not sys.stdin.isatty():
        return None
    typed = getpass.getpass("Password of the PostgreSQL superuser (Enter if none is needed): ")
    return typed or None


def cmd_server(args: argparse.Namespace, one_line) -> int:  # type: ignore[no-untyped-def]
    """Run a `frontdesk server` action (setup --move-in opens the single-PC folder itself, in server_setup.py,
    as the wizard does)."""
    from frontdesk.errors import FrontDeskError

    commands = {"upgrade": _upgrade, "check": _check}
    if args.server_command == "enrolment-code":  # its superuser password only with --superuser-url
        from frontdesk.cli_server_enrol import cmd_enrolment_code

        return cmd_enrolment_code(args, one_line, _password)
    try:
        if args.server_command == "setup":
            return _setup(args, _password())
        return commands[args.server_command](args, _password())
    except FrontDeskError as exc:
        _err(one_line(exc))
        return EXIT_PROBLEM


def _new_passphrase(passphrase_file: str | None) -> str:
    """The new practice's administrator passphrase: --passphrase-file or FRONTDESK_PASSPHRASE, else typed twice."""
    from frontdesk.errors import ValidationError
    from frontdesk.storage.keys import check_passphrase_strength
    from frontdesk.storage.store import passphrase_from_automation

    passphrase = passphrase_from_automation(passphrase_file)
    if passphrase is None:
        if not sys.stdin.isatty():
            raise ValidationError("passphrase", "Give the new administrator passphrase with --passphrase-file.")
        passphrase = getpass.getpass("New administrator passphrase (it opens this practice's backups): ")
        check_passphrase_strength(passphrase)
        if getpass.getpass("The same passphrase again: ") != passphrase:
            raise ValidationError("passphrase", "The two passphrases differ. Nothing was changed.")
    check_passphrase_strength(passphrase)
    return passphrase


def _setup(args: argparse.Namespace, password: str | None) -> int:
    from frontdesk.server_setup import recovery_code_lines, set_up_practice_server
    from frontdesk.storage.keyring_cache import KeyCache
    from frontdesk.storage.pg_superuser import README_SECTION
    from frontdesk.storage.store import passphrase_from_automation

    if args.move_in:  # the practice's own passphrase (file or environment), else its keyring cache
        passphrase, cache = passphrase_from_automation(args.passphrase_file), KeyCache()
    else:
        passphrase, cache = _new_passphrase(args.passphrase_file), None
    setup = set_up_practice_server(args.superuser_url, args.host, passphrase=passphrase, password=password,
                                   database=args.database, start_over=args.start_over, move_in_from=args.move_in,
                                   key_cache=cache)
    for notice in setup.notices:
        _err(notice)
    result, moved_from = setup.result, setup.moved_from
    expires = result.code_expires_at
    print(f"The practice server is set up: PostgreSQL {result.server_version}, database {result.database}, TLS on "
          "with the practice certificate, scram-sha-256 only.")
    if result.moved_in is not None:
        print(f"The practice in {moved_from} moved in: {result.moved_in.rows:,} rows in {len(result.moved_in.tables)} "
              "tables, row counts equal, audit chain verified. That folder was left as it was: keep it as a copy and "
              "stop using it. The practice keeps its administrator passphrase and recovery key.")
    print(f"Practice certificate SHA-256: {result.certificate_sha256}")
    print(f"\nFirst enrolment code (one workstation; valid until {expires:%m/%d/%Y %I:%M %p} UTC):\n")
    print(f"    {result.code.format()}\n")
    print("Keep it like a password until it is used.\n")
    print("SERVER RECOVERY CODE: print this page now and keep it in the practice's safe. It holds the practice key "
          "(without it the audit trail, insurance card images and some updates are lost if every PC is lost) and "
          "the workstations' password. It is shown only this once.\n")
    print(recovery_code_lines(result.recovery_code, indent="    "))
    if result.recovery_key:
        print(f"\nRecovery key: {result.recovery_key}\n    It opens this practice's backups on any PC with FrontDesk "
              "(as does the administrator passphrase):\n    keep it with the server recovery code in the safe.")
    print("\nWith it, on this server: `frontdesk server enrolment-code --superuser-url URL` makes a new enrolment "
          "code when no PC is left, and `frontdesk server upgrade` asks for it when an update must re-seal data.\n")
    print("Next steps:")
    step = 1
    if result.listen_addresses in ("", "localhost", "127.0.0.1", "::1"):
        print(f"  {step}. PostgreSQL listens only on '{result.listen_addresses or 'no address'}': set listen_addresses "
              "= '*' (ALTER SYSTEM SET listen_addresses = '*') and restart PostgreSQL.")
        step += 1
    print(f"  {step}. Open TCP port 5432 in this computer's firewall to the practice's network only.")
    print(f"  {step + 1}. On the first PC, start FrontDesk, choose \"Connect to a practice server\", and type this "
          "server's address and the code. Further codes: an administrator signed in on an enrolled PC makes them.")
    print(f"  {step + 2}. Run `frontdesk server check` here: the data directory must be on an encrypted disk.")
    print(f"Step by step: {README_SECTION}.")
    return EXIT_OK


def _upgrade(args: argparse.Namespace, password: str | None) -> int:
    from frontdesk.cli_server_enrol import ask_recovery_code
    from frontdesk.storage.pg_upgrade import upgrade_server

    def ask() -> str:
        print("This update re-seals data with the practice key, which the server does not hold.", file=sys.stderr)
        return ask_recovery_code(args.database)

    before, after = upgrade_server(args.superuser_url, database=args.database, password=password, ask_recovery=ask)
    if before == after:
        print(f"The practice database {args.database} was already up to date ({after}); privileges re-applied.")
    else:
        print(f"The practice database {args.database} was updated from {before} to {after}; privileges re-applied.")
    return EXIT_OK


def _check(args: argparse.Namespace, password: str | None) -> int:
    from frontdesk.errors import FrontDeskError
    from frontdesk.storage.pg_check import check_server

    try:
        report = check_server(args.superuser_url, database=args.database, password=password)
    except FrontDeskError as exc:
        _err(str(exc))
        return EXIT_CANNOT_CONNECT
    for finding in report.findings:
        print(f"{finding.label:<7}  {finding.text}")
    if not report.safe:
        problems = sum(not finding.ok for finding in report.findings)
        print(f"\nWARNING: this practice server is NOT safe ({problems} problem{'s' if problems > 1 else ''} above).",
              file=sys.stderr)
        return EXIT_PROBLEM
    print("\nThis practice server passed every check.")
    return EXIT_OK
