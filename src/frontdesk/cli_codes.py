"""`frontdesk codes status|import`: the ICD-10-CM code set in use, and loading a newer CMS release.

Both act as a real user (``--user`` with ``--password-file`` or FRONTDESK_PASSWORD), like `frontdesk claims`.
`status` exits 1 when the code set is out of date, so a scheduled check can raise the alarm.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from frontdesk.cli_claims import add_user_arguments

EXIT_OK, EXIT_PROBLEM, EXIT_CANNOT_OPEN = 0, 1, 2


def add_codes_commands(sub, add_data_dir, add_passphrase_file) -> None:  # type: ignore[no-untyped-def]
    """The `codes` command and its actions."""
    codes = sub.add_parser("codes", help="the ICD-10-CM diagnosis code set: show its version, import a newer "
                                         "CMS release")
    actions = codes.add_subparsers(dest="codes_command", metavar="ACTION", required=True)
    status = actions.add_parser("status", help="the release in use and the dates of service it covers (exit 1 "
                                               "when out of date)")
    load = actions.add_parser("import", help="import a CMS ICD-10-CM order file (icd10cm-order-YYYY.txt) or the "
                                             "\"Code Descriptions in Tabular Order\" zip holding it")
    load.add_argument("file", metavar="FILE", help="the order file or its zip")
    for p in (status, load):
        add_user_arguments(p, add_data_dir, add_passphrase_file, needs="import needs the billing or admin role",
                           demo=False)  # the demo signs in as its biller, which codes has no use for


def _err(message: str) -> None:
    print(f"frontdesk: {message}", file=sys.stderr)


def _period(status) -> str:  # type: ignore[no-untyped-def]
    from frontdesk.domain.formats import format_date

    return f"{format_date(status.valid_from)}-{format_date(status.valid_through)}"


def cmd_codes(args: argparse.Namespace, open_for_automation, explain) -> int:  # type: ignore[no-untyped-def]
    """Run `codes status` or `codes import FILE`; 0 on success, else a one-line reason on stderr."""
    from frontdesk.cli_claims import open_as_user
    from frontdesk.services.billing import diagnosis_codes

    opened = open_as_user(args, open_for_automation, explain)
    if opened is None:
        return EXIT_CANNOT_OPEN
    _paths, db, ctx = opened
    try:
        if args.codes_command == "import":
            status = diagnosis_codes.import_icd10cm_release(ctx, Path(args.file).resolve(), db.path.parent)
            print(f"Imported {status.version}: diagnosis codes for services {_period(status)}.")
            return EXIT_OK
        status = diagnosis_codes.code_set_status(ctx)
    except Exception as exc:
        _err(explain(exc))
        return EXIT_PROBLEM
    finally:
        db.close()
    source = diagnosis_codes.SOURCE_TEXT.get(status.source, status.source)
    print(f"Diagnosis codes: {status.version}, for services {_period(status)} ({source}).")
    if status.problem:
        print(f"Note: {status.problem}")
    if status.stale:
        _err(" ".join(status.message.split()))
        return EXIT_PROBLEM
    return EXIT_OK
