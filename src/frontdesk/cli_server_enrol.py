"""`frontdesk server enrol` and `frontdesk server enrolment-code`: the workstations of a practice server.

``enrol --server HOST[:PORT][/DATABASE] --code CODE`` connects this PC to a practice server (storage/enrol.py does
the work). ``enrolment-code --user NAME`` (on an enrolled PC, as an administrator, the password at a prompt or in
FRONTDESK_PASSWORD) issues a code for one more PC, sealing this PC's own connection secret from its keyring.
``enrolment-code --superuser-url URL`` (on the server, when no PC is left) issues one from the server recovery code
printed at setup, asked at a prompt. ``add_enrol_command`` adds both to the ``server`` command's sub-commands,
which cli_server.py (setup/upgrade/check) makes.
"""

from __future__ import annotations

import argparse
import getpass
import os
import socket
import sys
from collections.abc import Callable

from frontdesk.storage.keyring_cache import KeyCache

EXIT_OK = 0
EXIT_PROBLEM = 1
PASSWORD_ENV = "FRONTDESK_PASSWORD"
RECOVERY_TRIES = 3

#: where the connection secret is kept; tests put an in-memory store here
key_cache_factory: Callable[[], KeyCache] = KeyCache
#: the oldest PostgreSQL accepted (None: the app's, 16); the TLS tests on Debian's PostgreSQL 15 set 15
min_server_version: int | None = None


def add_enrol_command(server_sub, add_data_dir: Callable[[argparse.ArgumentParser], None]) -> None:  # type: ignore[no-untyped-def]
    enrol = server_sub.add_parser("enrol", help="connect this PC to the practice server with an enrolment code "
                                                "from the practice administrator")
    add_data_dir(enrol)
    enrol.add_argument("--server", required=True, metavar="HOST[:PORT][/DATABASE]",
                       help="the practice server's name or IP address (port 5432 and database 'frontdesk' unless "
                            "given)")
    enrol.add_argument("--code", required=True, metavar="CODE", help="the enrolment code (XXXXX-XXXXX-...), "
                                                                     "good for one PC, once")
    issue = server_sub.add_parser(
        "enrolment-code", help="a new enrolment code for one more PC: on an enrolled PC as an administrator "
                               "(--user), or on the server with the server recovery code (--superuser-url)")
    add_data_dir(issue)
    issue.add_argument("--user", metavar="NAME", help="on an enrolled PC: the administrator who issues it (password "
                                                      f"asked, or in {PASSWORD_ENV})")
    issue.add_argument("--superuser-url", metavar="URL", help="on the server when no PC is left: the PostgreSQL "
                                                              "superuser's address (the server recovery code is "
                                                              "asked at a prompt)")
    issue.add_argument("--database", default="frontdesk", metavar="NAME",
                       help="with --superuser-url: the practice database (default frontdesk)")


def cmd_enrol(args: argparse.Namespace, one_line: Callable[[BaseException], str]) -> int:
    from frontdesk.errors import ValidationErrors
    from frontdesk.paths import resolve_data_dir
    from frontdesk.storage.enrol import enrol_workstation

    paths = resolve_data_dir(args.data_dir)
    try:
        config = enrol_workstation(paths, args.server, args.code, key_cache=key_cache_factory())
    except ValidationErrors as exc:
        for one in exc.errors:
            print(f"frontdesk: {one.field}: {one.message}", file=sys.stderr)
        return EXIT_PROBLEM
    except Exception as exc:
        field = getattr(exc, "field", None)
        print(f"frontdesk: enrolment refused: {f'{field}: ' if field else ''}{one_line(exc)}", file=sys.stderr)
        return EXIT_PROBLEM
    print(f"This PC is now connected to the practice server at {config.address} (database {config.database}).")
    print("Start FrontDesk to sign in; the first PC to connect sets up the practice.")
    return EXIT_OK


def _typed(prompt: str) -> str:
    """A secret typed at the terminal (hidden), or one line of standard input when it is not a terminal."""
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return sys.stdin.readline().strip()


def ask_recovery_code(database: str) -> str:
    """The server recovery code from the person at the keyboard, asked again after a typing mistake."""
    from frontdesk.errors import ValidationError
    from frontdesk.storage.server_recovery import parse_recovery_code

    attempt = 1
    while True:
        text = _typed("Server recovery code (from the printout in the practice's safe): ")
        try:
            parse_recovery_code(text, database)
            return text
        except ValidationError as exc:
            if attempt == RECOVERY_TRIES or not sys.stdin.isatty():
                raise
            print(f"frontdesk: {exc.message} Try again.", file=sys.stderr)
            attempt += 1


def cmd_enrolment_code(args: argparse.Namespace, one_line: Callable[[BaseException], str],
                       superuser_password: Callable[[], str | None]) -> int:
    """`frontdesk server enrolment-code`: from an enrolled PC (--user) or from the recovery code (--superuser-url)."""
    from frontdesk.errors import FrontDeskError, ValidationError

    try:
        if args.superuser_url:
            return _from_recovery(args, superuser_password())
        if not args.user:
            raise ValidationError("user", "Say which administrator issues the code: --user NAME (or, on the server "
                                          "when no PC is left, --superuser-url with the server recovery code).")
        return _from_workstation(args)
    except FrontDeskError as exc:
        field = getattr(exc, "field", None)
        print(f"frontdesk: {f'{field}: ' if field else ''}{one_line(exc)}", file=sys.stderr)
        return EXIT_PROBLEM


def _print_code(code: str, expires: str) -> None:
    print(f"New enrolment code (one PC, once; valid until {expires}):\n")
    print(f"    {code}\n")
    print("On the new PC: start FrontDesk, choose \"Connect to a practice server\", and type the server's address "
          "and this code.")


def _from_workstation(args: argparse.Namespace) -> int:
    from frontdesk.domain import schedule_time as st
    from frontdesk.domain.formats import format_datetime
    from frontdesk.errors import ConflictError
    from frontdesk.paths import resolve_data_dir
    from frontdesk.services.admin import auth, practice, workstations
    from frontdesk.services.session import ServiceContext
    from frontdesk.storage.server_config import is_server_mode, load_secret, load_server_config
    from frontdesk.storage.store import open_server_store

    paths = resolve_data_dir(args.data_dir)
    if not is_server_mode(paths):
        raise ConflictError(workstations.SINGLE_PC)
    password = os.environ.get(PASSWORD_ENV) or _typed(f"Password of {args.user}: ")
    cache = key_cache_factory()
    config = load_server_config(paths)
    secret = load_secret(cache, config)
    db = open_server_store(paths, cache, min_version=min_server_version)
    try:
        actor = auth.login(ServiceContext(db), args.user, password)
        ctx = ServiceContext(db, actor)
        issued = workstations.issue_enrolment_code(ctx, secret, config.certificate_der, socket.gethostname())
        tz = st.zone(practice.practice_time_zone(ctx))
    finally:
        db.close()
    _print_code(issued.code, format_datetime(issued.expires_at, tz))
    return EXIT_OK


def _from_recovery(args: argparse.Namespace, password: str | None) -> int:
    from datetime import UTC

    from frontdesk.domain.formats import format_datetime
    from frontdesk.storage.pg_upgrade import issue_code_with_recovery

    text = ask_recovery_code(args.database)
    code, expires = issue_code_with_recovery(args.superuser_url, text, database=args.database, password=password)
    _print_code(code.format(), f"{format_datetime(expires, UTC)} UTC")
    return EXIT_OK
