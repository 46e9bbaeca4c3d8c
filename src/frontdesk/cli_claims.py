"""`frontdesk claims print|export-837`: claim batches from the command line, for automation and checks.

The commands act as a real user (the audit trail names them): ``--user`` with the password from
``--password-file`` or FRONTDESK_PASSWORD; ``--demo`` acts as the demo practice's biller instead.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

EXIT_OK, EXIT_PROBLEM, EXIT_CANNOT_OPEN = 0, 1, 2
PASSWORD_ENV = "FRONTDESK_PASSWORD"


def add_claims_commands(sub, add_data_dir, add_passphrase_file) -> None:  # type: ignore[no-untyped-def]
    claims = sub.add_parser("claims", help="print claims onto CMS-1500 forms or export them as an 837P file")
    actions = claims.add_subparsers(dest="claims_command", metavar="ACTION", required=True)
    printing = actions.add_parser("print", help="print claims into one CMS-1500 PDF (ready claims are then "
                                                "marked submitted; other statuses print as copies)")
    printing.add_argument("--out", required=True, metavar="FILE.pdf", help="the PDF to write")
    printing.add_argument("--mode", choices=("data", "full"), default="data",
                          help="data: values only, for pre-printed red forms (default); full: draw the form too")
    printing.add_argument("--status", default="ready", help="which claims (default ready); any other status "
                                                           "prints copies and changes nothing")
    export = actions.add_parser("export-837", help="write every ready claim into one 837P file and mark them "
                                                   "submitted")
    export.add_argument("--out", required=True, metavar="FILE", help="the 837P file to write")
    for p in (printing, export):
        add_data_dir(p)
        add_passphrase_file(p)
        p.add_argument("--user", metavar="NAME", help="act as this user (password from --password-file or "
                                                      f"{PASSWORD_ENV})")
        p.add_argument("--password-file", metavar="FILE", help="read the user's password from FILE")
        p.add_argument("--demo", action="store_true", help="use the demo practice (created if missing) as its "
                                                           "biller")


def _err(message: str) -> None:
    print(f"frontdesk: {message}", file=sys.stderr)


def _user_password(args: argparse.Namespace) -> str:
    from frontdesk.errors import ValidationError

    if args.password_file:
        try:
            return Path(args.password_file).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ValidationError("password_file", f"Cannot read the password file: {exc.strerror}.") from exc
    password = os.environ.get(PASSWORD_ENV, "")
    if not password:
        raise ValidationError("password", f"Give the password of --user in --password-file or {PASSWORD_ENV}.")
    return password


def _open(args: argparse.Namespace, open_for_automation):  # type: ignore[no-untyped-def]
    """(database, service context acting as the user) or raise."""
    from frontdesk.errors import ValidationError
    from frontdesk.services.admin import auth
    from frontdesk.services.session import ServiceContext

    if args.demo:
        from frontdesk.demo.build import DEMO_BILLER, DEMO_PASSWORD, ensure_demo
        from frontdesk.paths import resolve_data_dir

        paths = resolve_data_dir(args.data_dir, demo=True)
        db, _created = ensure_demo(paths)
        from frontdesk.codes import icd10cm

        icd10cm.use_release_folder(paths.code_sets_dir)  # the demo practice's imported release, if any
        username, password = DEMO_BILLER, DEMO_PASSWORD
    else:
        if not args.user:
            raise ValidationError("user", "Say who acts: --user NAME (or --demo for the demo practice).")
        username, password = args.user, _user_password(args)
        _paths, db = open_for_automation(args)
    try:
        actor = auth.login(ServiceContext(db), username, password)
    except Exception:
        db.close()
        raise
    return db, ServiceContext(db, actor)


def open_as_user(args: argparse.Namespace, open_for_automation, explain):  # type: ignore[no-untyped-def]
    """(database, service context acting as the user), or None after saying on stderr why not."""
    try:
        return _open(args, open_for_automation)
    except FileNotFoundError as exc:
        _err(f"no practice data in {exc.args[0]}")
    except Exception as exc:
        _err(explain(exc))
    return None


def cmd_claims(args: argparse.Namespace, open_for_automation, explain) -> int:  # type: ignore[no-untyped-def]
    from frontdesk.domain.formats import format_money
    from frontdesk.domain.money import from_cents
    from frontdesk.services.billing import claim_submission

    opened = open_as_user(args, open_for_automation, explain)
    if opened is None:
        return EXIT_CANNOT_OPEN
    db, ctx = opened
    out = str(Path(args.out).resolve())
    try:
        if args.claims_command == "export-837":
            batch = claim_submission.export_837p(ctx, out)
            print(f"Exported {len(batch.claim_ids)} claims ({format_money(from_cents(batch.total_cents))}) to {out}; "
                  f"interchange control number {batch.interchange_control_number}.")
        elif args.status == "ready":
            batch = claim_submission.print_claims(ctx, out, mode=args.mode)
            print(f"Printed {len(batch.claim_ids)} claims ({format_money(from_cents(batch.total_cents))}) on {batch.pages} "
                  f"forms to {out}; they are now submitted.")
        else:
            copies = claim_submission.print_claim_copies(ctx, out, status=args.status, mode=args.mode)
            print(f"Printed copies of {copies.claims} {args.status} claims on {copies.pages} forms to {out}.")
    except Exception as exc:
        _err(explain(exc))
        return EXIT_PROBLEM
    finally:
        db.close()
    return EXIT_OK
