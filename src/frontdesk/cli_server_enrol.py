"""`frontdesk server enrol --server HOST[:PORT][/DATABASE] --code CODE`: connect this PC to a practice server.

The workstation half of server mode (storage/enrol.py does the work). ``add_enrol_command`` adds the ``enrol``
subcommand to the ``server`` command's sub-commands, which cli_server.py (setup/upgrade/check) makes.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from frontdesk.storage.keyring_cache import KeyCache

EXIT_OK = 0
EXIT_PROBLEM = 1

#: where the connection secret is kept; tests put an in-memory store here
key_cache_factory: Callable[[], KeyCache] = KeyCache


def add_enrol_command(server_sub, add_data_dir: Callable[[argparse.ArgumentParser], None]) -> None:  # type: ignore[no-untyped-def]
    enrol = server_sub.add_parser("enrol", help="connect this PC to the practice server with an enrolment code "
                                                "from the practice administrator")
    add_data_dir(enrol)
    enrol.add_argument("--server", required=True, metavar="HOST[:PORT][/DATABASE]",
                       help="the practice server's name or IP address (port 5432 and database 'frontdesk' unless "
                            "given)")
    enrol.add_argument("--code", required=True, metavar="CODE", help="the enrolment code (XXXXX-XXXXX-...), "
                                                                     "good for one PC, once")


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
