"""`frontdesk claims print|export-837`: claim batches from the command line, for automation and checks.

The commands act as a real user (the audit trail names them): ``--user`` with the password from
``--password-file`` or FRONTDESK_PASSWORD; ``--demo`` acts as the demo practice's biller instead.
``claims print`` uses this workstation's saved form offsets (as the GUI's print dialog does) unless
``--offsets X,Y`` says otherwise, and prints the ready claims that are clean, listing the others.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

EXIT_OK, EXIT_PROBLEM, EXIT_CANNOT_OPEN, EXIT_LEFT_OUT = 0, 1, 2, 3
PASSWORD_ENV = "FRONTDESK_PASSWORD"
PRINT_EXIT_STATUS = ("exit status: 0 = every ready claim printed; 3 = some ready claims had problems and were "
                     "left out (listed with claim number, account and box; they stay ready to fix); "
                     "1 = nothing printed (the reason on stderr); 2 = could not open the practice")


def parse_offsets(text: str):  # type: ignore[no-untyped-def]
    """'X,Y' in hundredths of an inch (the print dialog's unit) -> PrintOffsets; argparse names --offsets."""
    from frontdesk.errors import ValidationError
    from frontdesk.reports.cms1500.offsets import MAX_OFFSET, PrintOffsets

    why = (f"give X,Y in hundredths of an inch, whole numbers from -{MAX_OFFSET} to {MAX_OFFSET} "
           f"(e.g. 10,-5), not {text!r}")
    parts = text.split(",")
    try:
        if len(parts) != 2:
            raise ValueError(text)
        return PrintOffsets(int(parts[0].strip()), int(parts[1].strip()))
    except (ValueError, ValidationError):
        raise argparse.ArgumentTypeError(why) from None


def add_claims_commands(sub, add_data_dir, add_passphrase_file) -> None:  # type: ignore[no-untyped-def]
    claims = sub.add_parser("claims", help="print claims onto CMS-1500 forms or export them as an 837P file")
    actions = claims.add_subparsers(dest="claims_command", metavar="ACTION", required=True)
    printing = actions.add_parser("print", help="print claims into one CMS-1500 PDF (ready claims are then "
                                                "marked submitted; other statuses print as copies)",
                                  epilog=PRINT_EXIT_STATUS)
    printing.add_argument("--out", required=True, metavar="FILE.pdf", help="the PDF to write")
    printing.add_argument("--mode", choices=("data", "full"), default="data",
                          help="data: values only, for pre-printed red forms (default); full: draw the form too")
    printing.add_argument("--status", default="ready", help="which claims (default ready); any other status "
                                                           "prints copies and changes nothing")
    printing.add_argument("--offsets", type=parse_offsets, metavar="X,Y",
                          help="move everything printed right X and down Y hundredths of an inch (negative: "
                               "left/up); default: this workstation's offsets saved by the print dialog")
    export = actions.add_parser("export-837", help="write every ready claim into one 837P file and mark them "
                                                   "submitted")
    export.add_argument("--out", required=True, metavar="FILE", help="the 837P file to write")
    for p in (printing, export):
        p.add_argument("--force", action="store_true", help="overwrite --out if the file already exists")
        add_user_arguments(p, add_data_dir, add_passphrase_file)


def add_user_arguments(p, add_data_dir, add_passphrase_file, *, needs: str = "",  # type: ignore[no-untyped-def]
                       demo: bool = True) -> None:
    """The practice and the user a command acts as (read by ``open_as_user``); ``needs`` ends the --user help
    ("needs a role that edits patients"); without ``demo`` the command has no --demo (the demo signs in as
    its biller, whose role some commands do not allow)."""
    add_data_dir(p)
    add_passphrase_file(p)
    p.add_argument("--user", metavar="NAME", help="act as this user (password from --password-file or "
                                                  f"{PASSWORD_ENV}){'; ' + needs if needs else ''}")
    p.add_argument("--password-file", metavar="FILE", help="read the user's password from FILE")
    if demo:
        p.add_argument("--demo", action="store_true", help="use the demo practice (created if missing) as its biller")
    else:
        p.set_defaults(demo=False)


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
    """(practice paths, database, service context acting as the user) or raise."""
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
        paths, db = open_for_automation(args)
        _require_current_schema(db)
    try:
        actor = auth.login(ServiceContext(db), username, password)
    except Exception:
        db.close()
        raise
    return paths, db, ServiceContext(db, actor)


def _require_current_schema(db) -> None:  # type: ignore[no-untyped-def]
    """Acting as a user needs the schema this FrontDesk was built for; automation never upgrades it.

    After an update, the app upgrades the practice at its next start (with a safety copy first); until then
    a scheduled command says so instead of failing on a table or column it does not find.
    """
    from frontdesk.errors import StorageError
    from frontdesk.storage.migrate import current_revision, head_revision

    current, head = current_revision(db), head_revision()
    if current != head:
        db.close()
        raise StorageError(f"The practice data is at schema version {current} and this FrontDesk needs {head}: "
                           "start the app once to upgrade it (it keeps a safety copy first), then run this again.")


def open_as_user(args: argparse.Namespace, open_for_automation, explain):  # type: ignore[no-untyped-def]
    """(practice paths, database, service context acting as the user), or None after saying on stderr why not."""
    try:
        return _open(args, open_for_automation)
    except FileNotFoundError as exc:
        _err(f"no practice data in {exc.args[0]}")
    except Exception as exc:
        _err(explain(exc))
    return None


def _print_ready(ctx, out: str, mode: str, offsets) -> int:  # type: ignore[no-untyped-def]
    """Print the clean ready claims; list the left-out ones on stdout (claim number, account, box, problem)."""
    from frontdesk.domain.formats import format_money
    from frontdesk.domain.money import from_cents
    from frontdesk.services.billing import claim_submission

    run = claim_submission.print_clean_claims(ctx, out, mode=mode, offsets=offsets)
    if run.batch is not None:
        batch = run.batch
        print(f"Printed {len(batch.claim_ids)} claims ({format_money(from_cents(batch.total_cents))}) on {batch.pages} "
              f"forms to {out}; they are now submitted.")
    else:
        print(f"Nothing printed: every ready claim has a problem; {out} was not written.")
    _list(f"Printed {len(run.warned)} claims with warnings:", run.warned)
    if not run.left_out:
        return EXIT_OK
    _list(f"Left out {len(run.left_out)} ready claims with problems (still ready to fix):", run.left_out)
    return EXIT_LEFT_OUT


def _list(heading: str, claims) -> None:  # type: ignore[no-untyped-def]
    """One line per problem or warning: claim number, patient account, box, text (no names: logs and mail)."""
    if not claims:
        return
    print(heading)
    for claim in claims:
        for box, text in claim.problems:
            print(f"  claim {claim.claim_id}  account {claim.account_number}  box {box}: {text}")


def cmd_claims(args: argparse.Namespace, open_for_automation, explain) -> int:  # type: ignore[no-untyped-def]
    from frontdesk.domain.formats import format_money
    from frontdesk.domain.money import from_cents
    from frontdesk.reports.cms1500 import load_offsets
    from frontdesk.services.billing import claim_submission

    out = str(Path(args.out).resolve())
    if Path(out).exists() and not args.force:
        _err(f"{out} already exists; add --force to overwrite it")
        return EXIT_PROBLEM
    opened = open_as_user(args, open_for_automation, explain)
    if opened is None:
        return EXIT_CANNOT_OPEN
    paths, db, ctx = opened
    try:
        if args.claims_command == "export-837":
            batch = claim_submission.export_837p(ctx, out)
            print(f"Exported {len(batch.claim_ids)} claims ({format_money(from_cents(batch.total_cents))}) to {out}; "
                  f"interchange control number {batch.interchange_control_number}.")
            return EXIT_OK
        offsets = args.offsets if args.offsets is not None else load_offsets(paths.settings_file)
        if args.status == "ready":
            return _print_ready(ctx, out, args.mode, offsets)
        copies = claim_submission.print_claim_copies(ctx, out, status=args.status, mode=args.mode, offsets=offsets)
        print(f"Printed copies of {copies.claims} {args.status} claims on {copies.pages} forms to {out}.")
        return EXIT_OK
    except Exception as exc:
        from frontdesk.errors import StorageError

        # The service names the file by its kind; the command line names the path that was given.
        _err(explain(exc) + (f" ({out})" if isinstance(exc, StorageError) else ""))
        return EXIT_PROBLEM
    finally:
        db.close()
