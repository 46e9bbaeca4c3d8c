"""`frontdesk era import FILE... [--preview]`: post 835 electronic remittances from the command line.

Each file is read, validated (a file that is not a valid 835 is refused naming the segment and reason) and
matched; ``--preview`` shows what would be posted and writes nothing. Otherwise every check of the file is
posted in its own transaction (services/payments/era_import.py). Claims matched only by patient, date and
charge are posted when named with ``--confirm KEY`` (the key the preview prints); the others, and claims
that matched nothing, go to the unmatched queue. Output names claims by number and control number, never
patients. Acts as a user like `frontdesk claims` (``--user`` / ``--demo``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_OK, EXIT_PROBLEM, EXIT_CANNOT_OPEN, EXIT_LEFT_OUT = 0, 1, 2, 3
EXIT_STATUS = ("exit status: 0 = every check posted (or previewed) with every claim matched; 3 = claims left for "
               "the unmatched queue or for confirmation; 1 = a file or check refused (the reason on stderr; the "
               "other files still run); 2 = could not open the practice")


def add_era_commands(sub, add_data_dir, add_passphrase_file) -> None:  # type: ignore[no-untyped-def]
    from frontdesk.cli_claims import add_user_arguments

    era = sub.add_parser("era", help="import electronic remittances (X12 835) and post them")
    actions = era.add_subparsers(dest="era_command", metavar="ACTION", required=True)
    imp = actions.add_parser("import", help="post 835 files (one transaction per check)", epilog=EXIT_STATUS)
    imp.add_argument("files", nargs="+", metavar="FILE", help="the 835 files")
    imp.add_argument("--preview", action="store_true", help="show what would be posted; write nothing")
    imp.add_argument("--confirm", action="append", default=[], metavar="KEY",
                     help="post a claim matched by patient, date and charge (KEY as the preview prints it)")
    add_user_arguments(imp, add_data_dir, add_passphrase_file)


def _err(message: str) -> None:
    print(f"frontdesk: {message}", file=sys.stderr)


def _money(amount) -> str:  # type: ignore[no-untyped-def]
    from frontdesk.domain.formats import format_money

    return format_money(amount)


def _count(items, noun: str) -> str:  # type: ignore[no-untyped-def]
    return f"{len(items)} {noun}{'' if len(items) == 1 else 's'}"


def _show(name: str, check) -> None:  # type: ignore[no-untyped-def]
    when = f"{check.paid_on:%m/%d/%Y}" if check.paid_on else "no date"
    print(f"{name}: {check.kind} {check.trace_number} from {check.payer_name}, {_money(check.amount)} of {when}: "
          f"{check.matched} matched, {check.fallback} to confirm, {check.unmatched} unmatched; "
          f"{'balances' if check.balances else 'DOES NOT BALANCE'}")
    for claim in check.claims:
        where = f"claim {claim.claim_id}" if claim.claim_id else "no claim"
        note = f" - {claim.problem}" if claim.problem else (" - confirm with --confirm " + claim.key
                                                            if claim.match == "fallback" else "")
        # A matched claim with a problem goes to the unmatched queue: say so, as the counts above do.
        match = "to the unmatched queue" if claim.problem else claim.match
        print(f"  [{claim.key}] {claim.patient_control_number}: {claim.status_label.lower()}, paid "
              f"{_money(claim.paid)} -> {where} ({match}){note}")
    for plb in check.provider_adjustments:
        print(f"  provider adjustment {plb.reason} {plb.label} {plb.reference}: {_money(plb.amount)}")
    for problem in check.problems:
        print(f"  cannot post: {problem}")


def _import_file(ctx, path: Path, args: argparse.Namespace, explain) -> int:  # type: ignore[no-untyped-def]
    from frontdesk.services.payments import era_import

    try:
        data = path.read_bytes()
    except OSError as exc:
        _err(f"cannot read {path}: {exc.strerror or exc}")
        return EXIT_PROBLEM
    try:
        preview = era_import.preview_era(ctx, data, file_name=path.name)
    except Exception as exc:
        _err(f"{path.name}: {explain(exc)}")
        return EXIT_PROBLEM
    status = EXIT_OK
    for check in preview.checks:
        _show(path.name, check)
        if check.problems:
            _err(f"{path.name}: check {check.trace_number}: {check.problems[0]}")
            status = EXIT_PROBLEM
            continue
        if args.preview:
            status = max(status, EXIT_LEFT_OUT if check.unmatched or check.fallback else EXIT_OK)
            continue
        try:
            done = era_import.post_era(ctx, preview, check_index=check.index, confirmed_fallbacks=args.confirm)
        except Exception as exc:
            _err(f"{path.name}: check {check.trace_number}: nothing posted: {explain(exc)}")
            status = EXIT_PROBLEM
            continue
        print(f"Posted {check.trace_number} as payment #{done.payment.id} ({done.payment.status}): "
              f"{_count(done.posted_claim_ids, 'claim')} posted, {len(done.reversed_claim_ids)} reversed, "
              f"{len(done.unmatched_ids)} to the unmatched queue, "
              f"{_count(done.released_claim_ids, 'secondary claim')} ready to bill.")
        if done.unmatched_ids and status == EXIT_OK:
            status = EXIT_LEFT_OUT
    return status


def cmd_era(args: argparse.Namespace, open_for_automation, explain) -> int:  # type: ignore[no-untyped-def]
    from frontdesk.cli_claims import open_as_user

    opened = open_as_user(args, open_for_automation, explain)
    if opened is None:
        return EXIT_CANNOT_OPEN
    _paths, db, ctx = opened
    try:
        results = [_import_file(ctx, Path(name), args, explain) for name in args.files]
    finally:
        db.close()
    return EXIT_PROBLEM if EXIT_PROBLEM in results else max(results)
