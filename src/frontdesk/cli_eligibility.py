"""`frontdesk eligibility export|import`: the 270 inquiry for a day's (or a range's) insured patients,
and the payer's 271 answer recorded on each patient's policy (unmatched answers listed).

Both act as a real user (``--user`` with ``--password-file`` or FRONTDESK_PASSWORD), like `frontdesk claims`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from frontdesk.cli_claims import add_user_arguments

EXIT_OK, EXIT_PROBLEM, EXIT_CANNOT_OPEN = 0, 1, 2


def add_eligibility_commands(sub, add_data_dir, add_passphrase_file) -> None:  # type: ignore[no-untyped-def]
    """The `eligibility` command and its actions."""
    command = sub.add_parser("eligibility", help="X12 eligibility files: export a 270 for scheduled patients, "
                                                 "import the payer's 271")
    actions = command.add_subparsers(dest="eligibility_command", metavar="ACTION", required=True)
    export = actions.add_parser("export", help="write one 270 for the insured patients scheduled on a day or range")
    export.add_argument("--date", required=True, metavar="MM/DD/YYYY", help="the (first) day of the schedule")
    export.add_argument("--to", metavar="MM/DD/YYYY", help="the last day of a range (default: --date only)")
    export.add_argument("--out", required=True, metavar="FILE", help="where to write the 270")
    export.add_argument("--force", action="store_true", help="replace FILE if it exists")
    load = actions.add_parser("import", help="record a payer's 271 answers; list those no patient matched")
    load.add_argument("file", metavar="FILE", help="the 271 file")
    for p in (export, load):
        add_user_arguments(p, add_data_dir, add_passphrase_file, needs="needs a role that edits patients",
                           demo=False)  # the demo signs in as its biller, who does not edit patients


def _err(message: str) -> None:
    print(f"frontdesk: {message}", file=sys.stderr)


def _import(ctx, file: str) -> int:  # type: ignore[no-untyped-def]
    from frontdesk.domain.formats import format_date
    from frontdesk.services.patients import eligibility_files

    result = eligibility_files.import_271(ctx, str(Path(file).resolve()))
    print(result.summary)
    for m in result.matched:
        print(f"  {m.patient_name}: {m.result}{'; ' + m.summary if m.summary else ''}")
    for u in result.unmatched:
        dob = format_date(u.dob) if u.dob else "no birth date"
        who = f"{u.last_name}, {u.first_name} ({dob}), member {u.member_id}" if u.last_name else u.payer_name
        print(f"  Unmatched: {who}: {u.summary}")
    return EXIT_OK


def cmd_eligibility(args: argparse.Namespace, open_for_automation, explain) -> int:  # type: ignore[no-untyped-def]
    """Run `eligibility export` or `eligibility import FILE`; 0 on success, else a one-line reason on stderr."""
    from frontdesk.cli_claims import open_as_user
    from frontdesk.services.patients import eligibility_files

    if args.eligibility_command == "export" and Path(args.out).exists() and not args.force:
        _err(f"{args.out} exists; use --force to replace it")
        return EXIT_PROBLEM
    opened = open_as_user(args, open_for_automation, explain)
    if opened is None:
        return EXIT_CANNOT_OPEN
    _paths, db, ctx = opened
    try:
        if args.eligibility_command == "import":
            return _import(ctx, args.file)
        result = eligibility_files.export_270(ctx, str(Path(args.out).resolve()), args.date, args.to)
    except Exception as exc:
        _err(explain(exc))
        return EXIT_PROBLEM
    finally:
        db.close()
    print(f"Wrote {result.inquiries} inquiries to {result.out_path} (interchange {result.interchange_control_number}).")
    for line in result.left_out:
        print(f"  Left out: {line}")
    return EXIT_OK
