"""The bench command: build (or reuse) a synthetic practice, run every case, print and save results."""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from frontdesk.bench import core_cases
from frontdesk.bench.harness import CaseResult, format_table, write_json
from frontdesk.demo.build import DEMO_PASSPHRASE, DEMO_PASSWORD, DEMO_USERNAME, ensure_demo
from frontdesk.paths import DataPaths


def _step_timer(steps: dict[str, float], patients: int):  # type: ignore[no-untyped-def]
    """A demo ``progress`` callback that records how long each build step took (ms), by step key."""
    from frontdesk.demo.build import DEMO_STEPS

    keys = {text.format(patients=patients): key for key, text, _ in DEMO_STEPS}
    current: list[tuple[str, float]] = []

    def report(done: int, total: int, text: str) -> None:
        key = keys.get(text.split(" (")[0], "")
        if key and current and current[-1][0] == key:
            return  # progress within a step
        now = time.perf_counter()
        if current:
            steps[current[-1][0]] = (now - current[-1][1]) * 1000
        current.append((key or "ready", now))

    return report


def run(args: argparse.Namespace) -> int:
    patients = 500 if args.quick else args.patients
    repeats = min(3, args.repeats) if args.quick else args.repeats
    folder = Path(args.bench_dir) if args.bench_dir else Path(tempfile.mkdtemp(prefix="fd-bench-")) / "practice"
    paths = DataPaths(folder)
    started = time.perf_counter()
    steps: dict[str, float] = {}  # demo build step -> ms, from its progress reports
    db, created = ensure_demo(paths, patients=patients, progress=_step_timer(steps, patients))
    if created:
        print(f"built a synthetic practice of {patients:,} patients in {time.perf_counter() - started:.1f} s")
    from frontdesk.services.admin import auth
    from frontdesk.services.session import ServiceContext

    actor = auth.login(ServiceContext(db), DEMO_USERNAME, DEMO_PASSWORD)
    if args.server:
        from frontdesk.bench.server_run import run_server_cases

        return run_server_cases(args, db, actor, patients, repeats)
    results: list[CaseResult] = [
        core_cases.case_db_open(paths, db.key, repeats),
        core_cases.case_passphrase_unlock(paths, DEMO_PASSPHRASE, repeats),
        core_cases.case_login(db, DEMO_USERNAME, DEMO_PASSWORD, repeats),
        core_cases.case_patient_search(db, actor, repeats * 8),
        core_cases.case_registration_save(db, actor, repeats * 2),
    ]
    from frontdesk.bench.backup_cases import run_backup_cases
    from frontdesk.bench.calendar_cases import run_calendar_cases

    results += run_calendar_cases(paths, db, repeats, appointments=20_000 if args.quick else args.appointments)
    from frontdesk.bench.billing_cases import run_billing_cases

    results += run_billing_cases(db, ServiceContext(db, actor), repeats, claims=600 if args.quick else args.claims,
                                 batch=20 if args.quick else args.claim_batch)
    from frontdesk.bench.payments_cases import run_payments_cases

    results += run_payments_cases(db, ServiceContext(db, actor), repeats,
                                  payments=1_000 if args.quick else args.payments)
    from frontdesk.bench.era_cases import case_era_import

    results.append(case_era_import(db, ServiceContext(db, actor), repeats))
    from frontdesk.bench.desk_cases import run_desk_cases
    from frontdesk.bench.eod_cases import run_eod_cases
    from frontdesk.bench.statements_cases import run_statements_cases

    results += run_statements_cases(db, ServiceContext(db, actor), repeats)
    results += run_eod_cases(db, ServiceContext(db, actor), repeats)
    from frontdesk.bench.report_cases import run_report_cases

    results += run_report_cases(db, ServiceContext(db, actor), repeats)
    from frontdesk.bench.schedule_report_cases import run_schedule_report_cases

    results += run_schedule_report_cases(db, ServiceContext(db, actor), repeats)
    results += run_desk_cases(db, ServiceContext(db, actor), repeats, rows=2_000 if args.quick else 100_000)
    from frontdesk.bench.document_cases import QUICK_BYTES, case_document_open
    from frontdesk.domain.document_kinds import MAX_DOCUMENT_BYTES

    results.append(case_document_open(db, ServiceContext(db, actor), repeats,
                                      target_bytes=QUICK_BYTES if args.quick else MAX_DOCUMENT_BYTES))
    results += run_backup_cases(paths, db, repeats, target_mb=3 if args.quick else args.backup_mb)
    from frontdesk.bench import batch_cases
    from frontdesk.storage.keys import KeyFile

    results += [batch_cases.case_icd_release_parse(repeats),
                batch_cases.case_letters_batch(db, ServiceContext(db, actor), 50 if args.quick else 500),
                batch_cases.case_write_during_backup(db, ServiceContext(db, actor), KeyFile.load(paths.key_file))]
    results += batch_cases.case_demo_desk_seed(steps, patients)
    from frontdesk.bench.pg_refresh_cases import run_pg_refresh_cases

    results += run_pg_refresh_cases(args.pg_url, bool(args.quick))
    if not args.no_gui:
        from frontdesk.bench import gui_cases

        results += gui_cases.run_all(paths, db, repeats, patients=patients)
        from frontdesk.bench import calendar_gui_cases

        results += calendar_gui_cases.run_calendar_gui_cases(paths, db, repeats)
    db.close()
    print(format_table(results))
    settings = {"patients": patients, "repeats": repeats, "quick": bool(args.quick),
                "appointments": None if args.quick else args.appointments,
                "backup_mb": 3 if args.quick else args.backup_mb,
                "claims": 600 if args.quick else args.claims,
                "payments": 1_000 if args.quick else args.payments, "claim_batch": 20 if args.quick else args.claim_batch}
    write_json(Path(args.json), results, settings)
    print(f"results written to {args.json}")
    missed = [r.name for r in results if r.meets_target is False]
    if missed:
        print("missed targets: " + ", ".join(missed))
    return 0
