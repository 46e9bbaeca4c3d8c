"""Benchmarks of work the unit tests once timed (tests assert what happens; speed is measured here, against a
floor in the same run): reading a full ICD-10-CM order file, a batch of letters, a write while a backup runs,
and seeding the demo's Desk (timed from the demo build's own progress)."""

from __future__ import annotations

import random
import tempfile
import threading
import time
from pathlib import Path

from reportlab.pdfgen import canvas
from sqlalchemy import select

from frontdesk.bench.core_cases import _bench_person
from frontdesk.bench.harness import CaseResult, result, runs_of, time_calls
from frontdesk.codes._icd_data import read_release
from frontdesk.codes._icd_order_file import read_order_release
from frontdesk.models import Patient
from frontdesk.services.desk import letters
from frontdesk.services.patients import patients
from frontdesk.services.session import ServiceContext
from frontdesk.storage.backup import create_backup
from frontdesk.storage.engine import Database
from frontdesk.storage.keys import KeyFile


def case_icd_release_parse(repeats: int) -> CaseResult:
    """A CMS order file as big as the bundled release (every code) parsed into a code set, against splitting
    the same file into its fixed columns."""
    bundled = read_release()
    lines = [f"{n:05d} {c:<7} {'1' if c in bundled.billable else '0'} {bundled.descriptions[c][:60]:<60} "
             f"{bundled.descriptions[c]}" for n, c in enumerate(bundled.codes, 1)]
    with tempfile.TemporaryDirectory(prefix="fd-bench-icd-") as tmp:
        path = Path(tmp) / "icd10cm_order_2027.txt"
        path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
        runs = runs_of(repeats, 4)
        samples = time_calls(lambda: read_order_release(path), runs)
        base = time_calls(lambda: [(x[6:13], x[14], x[77:]) for x in path.read_text(encoding="utf-8").splitlines()],
                          runs)
    return result("icd10_release_parse", f"read a CMS ICD-10-CM order file ({len(lines):,} codes) into a code set",
                  samples, "read + split the fixed columns", base, 2000)


def _bare_letters(path: Path, count: int) -> None:
    c = canvas.Canvas(str(path), pagesize=(612, 792))
    for i in range(count):
        for row in range(18):
            c.drawString(72, 700 - row * 14, f"Dear Patient {i}, line {row} of a one-page balance reminder.")
        c.showPage()
    c.save()


def case_letters_batch(db: Database, ctx: ServiceContext, count: int) -> CaseResult:
    """A batch of balance reminders (merged, stored, contact history, audit, one PDF) against a bare canvas
    drawing as many pages."""
    with db.session(write=False) as session:
        ids = tuple(session.scalars(select(Patient.id).where(Patient.status == "active", Patient.address_line1 != "")
                                    .order_by(Patient.id).limit(count)))
    with tempfile.TemporaryDirectory(prefix="fd-bench-letters-") as tmp:
        out = Path(tmp) / "letters.pdf"
        samples = time_calls(lambda: letters.print_letters(ctx, letters.LetterRequest("balance_reminder", ids), out),
                             2, warmup=0)  # each run stores the letters: two are enough
        base = time_calls(lambda: _bare_letters(Path(tmp) / "bare.pdf", len(ids)), 2, warmup=0)
    return result("letters_batch", f"{len(ids)} balance-reminder letters printed into one PDF", samples,
                  f"bare canvas, {len(ids)} pages", base, 20_000)


def case_write_during_backup(db: Database, ctx: ServiceContext, key_file: KeyFile) -> CaseResult:
    """register_patient while an online backup of the whole database runs (writers must not wait for it),
    against the same save with no backup running."""
    rng = random.Random()

    def register() -> None:
        person = _bench_person(rng)
        person["dob"] = person["dob"].strftime("%m/%d/%Y")  # type: ignore[attr-defined]
        patients.register_patient(ctx, patients.PatientInput(**person))  # type: ignore[arg-type]

    base = time_calls(register, 10)
    samples: list[float] = []
    with tempfile.TemporaryDirectory(prefix="fd-bench-busy-backup-") as tmp:
        worker = threading.Thread(target=lambda: create_backup(db, key_file, Path(tmp), pages_per_step=64))
        worker.start()
        while worker.is_alive() or not samples:
            samples += time_calls(register, 1, warmup=0)
            time.sleep(0.05)  # an ordinary pace of saves, not a flood
        worker.join()
    return result("write_during_backup", f"register_patient while a backup runs ({len(samples)} saves)", samples,
                  "the same save, no backup", base, 2000)


def case_demo_desk_seed(step_ms: dict[str, float], patients_count: int) -> list[CaseResult]:
    """Seeding the demo's Desk, timed by the demo build's progress steps, against seeding its patients."""
    desk = step_ms.get("desk")
    seeded = step_ms.get("patients")
    if desk is None or seeded is None:
        return []
    return [result("demo_desk_seed", "seed the demo's Desk (messages, tasks, referrals, recalls), one build",
                   [desk], f"seed {patients_count:,} demo patients", [seeded], 3000,
                   {f"step_{name}_ms": round(ms, 1) for name, ms in step_ms.items()})]
