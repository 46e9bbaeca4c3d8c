"""`frontdesk --self-check`: prove an installed copy works end to end in a throwaway encrypted practice.

Runs the real code paths (first run, migrations, services, CMS-1500 printing, backup + restore drill,
the Qt widgets offscreen) against made-up data in a temporary folder, prints one line per step and
removes the folder. Needs no display and no keyring; the exit status is 0 only if every step worked.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TextIO

# Made-up practice and people (valid check digits, nothing real). The values are fixed so that a
# failure is reproducible; nothing of the practice's own data is ever read.
PASSPHRASE = "self check passphrase 2468"
ADMIN_PASSWORD = "quiet ferry orchard 1357"  # passes the password policy (zxcvbn runs in the bundle too)
BILLING_NPI = "1234567893"
RENDERING_NPI = "1245319599"
TEMP_ENV_VARS = ("TMPDIR", "TEMP", "TMP")


@dataclass
class _Run:
    """What the steps hand on to each other."""

    root: Path | None = None
    ctx: object = None  # ServiceContext as the self-check's admin
    patient_id: int = 0
    provider_id: int = 0

    @property
    def paths(self):  # type: ignore[no-untyped-def]
        from frontdesk.paths import DataPaths

        assert self.root is not None
        return DataPaths(self.root / "practice")


def temp_parent() -> Path:
    """Where the temporary practice goes: the folder TMPDIR/TEMP/TMP names, else the system default.

    ``tempfile`` silently falls back to another folder when TMPDIR is unusable; the self-check must
    not, because an unwritable temp folder on this computer is exactly what it should report.
    """
    for name in TEMP_ENV_VARS:
        value = os.environ.get(name)
        if value:
            return Path(value)
    return Path(tempfile.gettempdir())


def step_temp_folder(run: _Run) -> str:
    """A fresh folder for the whole run (removed by the clean-up step)."""
    run.root = Path(tempfile.mkdtemp(prefix="frontdesk-self-check-", dir=temp_parent()))
    return str(run.root)


def step_database(run: _Run) -> str:
    """First run as the setup wizard does it, then reopen with the passphrase and check the schema is at head."""
    from frontdesk.first_run import create_practice
    from frontdesk.services.admin.practice import PracticeDetails
    from frontdesk.storage.migrate import current_revision, head_revision
    from frontdesk.storage.store import KeySource, open_practice_store, unlock_key

    details = PracticeDetails(legal_name="Self Check Family Practice", address_line1="1 Test Way", city="Albany",
                              state="NY", zip_code="12207", phone="(518) 555-0123", ein="12-3456789",
                              billing_npi=BILLING_NPI, taxonomy="207Q00000X")
    # The production key-derivation and password-hashing costs on purpose: they exercise argon2's native code.
    first = create_practice(run.paths, details, admin_username="selfcheck", admin_full_name="Self Check",
                            admin_password=ADMIN_PASSWORD, passphrase=PASSPHRASE)
    first.db.close()
    if run.paths.database.read_bytes()[:16] == b"SQLite format 3\x00":
        raise RuntimeError("the database file is not encrypted")
    # Open it again the way the app does after a restart: the passphrase unwraps the key from the key file.
    db = open_practice_store(run.paths, unlock_key(run.paths, KeySource(passphrase=PASSPHRASE)))
    from frontdesk.services.session import ServiceContext

    run.ctx = ServiceContext(db, first.actor)
    revision, head = current_revision(db), head_revision()
    if revision != head:
        raise RuntimeError(f"schema at {revision}, expected {head}")
    return f"encrypted, schema {revision}"


def step_patient(run: _Run) -> str:
    """Register a patient and find them again by name."""
    from frontdesk.services.patients import patients
    from frontdesk.services.patients.patients import PatientInput

    record = patients.register_patient(run.ctx, PatientInput(
        first_name="Sam", last_name="Selfcheck", dob="04/01/1980", sex="F", phone="(518) 555-0199",
        address_line1="2 Sample Street", city="Albany", state="NY", zip_code="12207"))
    found = patients.search_patients(run.ctx, "Selfcheck")
    if record.id not in {row.id for row in found}:
        raise RuntimeError("the new patient is not found by a search")
    run.patient_id = record.id
    return f"patient {record.id} registered and found"


def _next_weekday(day: date) -> date:
    day += timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def step_appointment(run: _Run) -> str:
    """Set up a provider, hours and a type, then book the next weekday at 10:00 AM."""
    from datetime import time as clock

    from frontdesk.domain import schedule_time as st
    from frontdesk.services.scheduling import appointments, schedule_catalog, schedule_setup
    from frontdesk.services.admin import providers
    from frontdesk.services.scheduling.schedule_setup import HoursSpan

    run.provider_id = providers.add_provider(run.ctx, "Casey", "Checkwell", RENDERING_NPI, "MD").id
    schedule_setup.set_weekly_hours(run.ctx, run.provider_id, [HoursSpan(d, clock(8), clock(17)) for d in range(5)])
    visit = schedule_catalog.add_appointment_type(run.ctx, "Office visit", 30, "#4A90D9").id
    tz = schedule_setup.get_schedule_settings(run.ctx).tz
    day = _next_weekday(st.local_date(st.utc_now(), tz))
    booked = appointments.book_appointment(run.ctx, appointments.BookingRequest(
        patient_id=run.patient_id, provider_id=run.provider_id, type_id=visit,
        start=datetime.combine(day, clock(10)), reason="Self-check visit"))
    again = appointments.get_appointment(run.ctx, booked.id)
    return f"appointment {again.id} on {day:%m/%d/%Y} at 10:00 AM"


def step_cms1500(run: _Run) -> str:
    """Fee, payer, policy, encounter, claim; print it on the CMS-1500 (data only) and rasterise page 1."""
    from frontdesk.domain import schedule_time as st
    from frontdesk.services.billing import claim_submission, claims, encounters, fee_schedule, payers
    from frontdesk.services.patients import insurance
    from frontdesk.services.billing.billing_types import EncounterHeader, ServiceLineInput
    from frontdesk.services.patients.insurance import PolicyInput
    from frontdesk.services.billing.payers import PayerInput
    from frontdesk.services.scheduling.schedule_setup import get_schedule_settings

    today = st.local_date(st.utc_now(), get_schedule_settings(run.ctx).tz)
    fee_schedule.add_fee_item(run.ctx, "99213", "Office visit, established patient", "125.00")
    payer = payers.add_payer(run.ctx, PayerInput(
        name="Self Check Health Plan", claim_type="group_health_plan", edi_payer_id="SCHP1",
        address_line1="PO Box 100", city="Albany", state="NY", zip_code="12207"))
    insurance.add_policy(run.ctx, run.patient_id, PolicyInput(
        payer_id=payer.id, rank=1, member_id="SC123456789", effective_date=today - timedelta(days=60),
        release_signed_on=today - timedelta(days=30), assignment_signed_on=today - timedelta(days=30)))
    encounter = encounters.create_encounter(run.ctx, run.patient_id, EncounterHeader(
        service_date=today, rendering_provider_id=run.provider_id))
    encounters.set_diagnoses(run.ctx, encounter.id, ["J069"])
    encounters.add_service_line(run.ctx, encounter.id, ServiceLineInput(code="99213", pointers="A"))
    made = claims.create_claims(run.ctx, encounter.id)
    assert run.root is not None
    result = claim_submission.print_claims(run.ctx, str(run.root / "cms1500.pdf"), mode="data",
                                           claim_ids=[c.id for c in made])
    pdf = Path(result.path)
    if not pdf.is_file() or pdf.read_bytes()[:5] != b"%PDF-":
        raise RuntimeError("no PDF was written")
    return f"{result.pages} page(s), {_render_first_page(pdf)}"


def _render_first_page(pdf: Path) -> str:
    """Rasterise page 1 the way printing does (pdfium), proving its native library is in place."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        bitmap = document[0].render(scale=1)
        width, height = bitmap.width, bitmap.height
        bitmap.close()
    finally:
        document.close()
    if width < 600 or height < 780:  # US Letter is 612 x 792 points
        raise RuntimeError(f"page 1 rendered at {width}x{height}")
    return f"page 1 rendered {width}x{height}"


def step_backup(run: _Run) -> str:
    """Back up (the backup verifies itself), then restore it in a restore drill with the passphrase."""
    from frontdesk.services.admin import backups
    from frontdesk.storage.private_files import make_private_dir

    assert run.root is not None
    target = run.root / "backups"
    make_private_dir(target)  # a folder the app creates for backups: owner-only
    summary = backups.run_backup(run.ctx, target)
    # The drill restores the backup into a scratch folder with the passphrase, as a new computer would.
    drill = backups.run_restore_drill(run.ctx, target, passphrase=PASSPHRASE)
    if not drill.ok:
        raise RuntimeError(f"the restore drill failed: {drill.message}")
    return f"{summary.file_name} ({summary.size_bytes / 1_000_000:.1f} MB) verified and restored"


def step_widgets(run: _Run) -> str:
    """Qt offscreen: the platform plugin loads, every pane module and the sign-in dialog import and build."""
    import importlib

    from PySide6.QtCore import QCoreApplication

    if QCoreApplication.instance() is None:
        # Never a window here, so never a display: offscreen even where the session names another platform.
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(["frontdesk-self-check"])
    from frontdesk.ui.main_window.panes import PANES

    for spec in PANES:
        module_name, _, class_name = spec.factory.partition(":")
        getattr(importlib.import_module(module_name), class_name)
    importlib.import_module("frontdesk.ui.app")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    platform = QGuiApplication.platformName()
    del printer, app
    return f"platform '{platform}', {len(PANES)} panes load"


def step_cleanup(run: _Run) -> str:
    """Close the database and remove the temporary folder."""
    if run.ctx is not None:
        run.ctx.db.close()  # type: ignore[attr-defined]
        run.ctx = None
    if run.root is not None and run.root.exists():
        shutil.rmtree(run.root)
        if run.root.exists():
            raise RuntimeError(f"{run.root} could not be removed")
    return "temporary folder removed"


@dataclass(frozen=True)
class Step:
    """One line of the report; ``needs`` names earlier steps it cannot run without."""

    name: str
    run: Callable[[_Run], str]
    needs: tuple[str, ...] = ()


_FOLDER, _DB, _PATIENT = "folder", "database", "patient"
STEPS: tuple[Step, ...] = (
    Step("Create a temporary folder", step_temp_folder),
    Step("Create an encrypted database, run migrations", step_database, (_FOLDER,)),
    Step("Register a patient", step_patient, (_DB,)),
    Step("Book an appointment", step_appointment, (_PATIENT,)),
    Step("Print a CMS-1500 claim PDF", step_cms1500, (_PATIENT,)),
    Step("Take a backup and verify it", step_backup, (_DB,)),
    Step("Load the windows (Qt, offscreen)", step_widgets),
)
_KEYS = {step_temp_folder: _FOLDER, step_database: _DB, step_patient: _PATIENT}


def _why(exc: BaseException) -> str:
    """The app's own words for its errors; the raw text for anything else (the person reading is IT)."""
    from frontdesk.errors import FrontDeskError

    text = str(exc)
    if isinstance(exc, FrontDeskError):
        try:
            from frontdesk.error_messages import to_user_message

            text = to_user_message(exc).text
        except Exception:  # the message layer itself may be what is broken in a damaged install
            pass
    return f"{type(exc).__name__}: {' '.join(text.split()) or repr(exc)}"


def _line(out: TextIO, state: str, seconds: float | None, name: str, detail: str) -> None:
    took = f"{seconds:6.2f} s" if seconds is not None else " " * 8
    print(f"{state:<7} {took}  {name}" + (f": {detail}" if detail else ""), file=out, flush=True)


def run_self_check(out: TextIO | None = None, steps: tuple[Step, ...] = STEPS) -> int:
    """Run the steps in order (a step whose prerequisite failed is skipped), always clean up; 0 = all worked."""
    from frontdesk import __version__

    # A windowed Windows build has no stdout at all; the exit status still tells the result.
    out = out or sys.stdout or open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (lives for the process)
    print(f"FrontDesk {__version__} self-check ({sys.platform}, Python {sys.version.split()[0]}"
          f"{', bundled' if getattr(sys, 'frozen', False) else ''})", file=out, flush=True)
    run, failed, started = _Run(), set(), time.perf_counter()
    for step in steps:
        if any(need in failed for need in step.needs):
            failed.add(_KEYS.get(step.run, step.name))
            _line(out, "SKIPPED", None, step.name, "needs an earlier step")
            continue
        t0 = time.perf_counter()
        try:
            detail = step.run(run)
        except Exception as exc:  # every failure is reported as a line, never a traceback
            failed.add(_KEYS.get(step.run, step.name))
            _line(out, "FAILED", time.perf_counter() - t0, step.name, _why(exc))
        else:
            _line(out, "OK", time.perf_counter() - t0, step.name, detail)
    t0 = time.perf_counter()
    try:
        detail = step_cleanup(run)
    except Exception as exc:
        failed.add("cleanup")
        _line(out, "FAILED", time.perf_counter() - t0, "Clean up", _why(exc))
    else:
        _line(out, "OK", time.perf_counter() - t0, "Clean up", detail)
    verdict = "FAILED" if failed else "passed"
    print(f"Self-check {verdict} in {time.perf_counter() - started:.1f} s.", file=out, flush=True)
    return 1 if failed else 0
