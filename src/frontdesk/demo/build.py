"""The demo practice: created once in its own folder, with fake providers and patients.

Building it takes about a minute, so ``ensure_demo`` reports progress as ``progress(done, total, text)``
(Qt-free; the terminal and the start-up window show it).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import TextIO

from frontdesk.demo._staff import DEMO_BILLER, DEMO_EXTRA_USERS  # noqa: F401  public here: the CLI and tests sign in as them
from frontdesk.demo.desk import seed_demo_desk
from frontdesk.demo.office import seed_demo_office
from frontdesk.first_run import create_practice
from frontdesk.paths import DataPaths
from frontdesk.services.admin import users
from frontdesk.services.session import ServiceContext
from frontdesk.demo.data import seed_demo_patients, seed_demo_providers
from frontdesk.demo.billing import seed_demo_billing, seed_demo_billing_settings
from frontdesk.demo.fees import seed_demo_fee_schedule
from frontdesk.demo.insurance import seed_demo_insurance
from frontdesk.demo.schedule import seed_demo_schedule
from frontdesk.services.admin.practice import PracticeDetails
from frontdesk.storage.engine import Database
from frontdesk.storage.store import KeySource, open_practice_store, unlock_key

log = logging.getLogger(__name__)

DEMO_PASSPHRASE = "frontdesk-demo"
DEMO_USERNAME = "demo"
DEMO_PASSWORD = "tulip lantern demo 7"  # a strong one: the demo obeys the password policy too
DEFAULT_DEMO_PATIENTS = 3000

DEMO_PRACTICE = PracticeDetails(
    # Box 32 of the 1500 holds 26 characters and a name is never abbreviated: "MAPLE FAMILY MEDICINE DEMO" fits.
    legal_name="Maple Family Medicine (DEMO)",
    address_line1="100 Maple Street",
    address_line2="Suite 200",
    city="Albany",
    state="NY",
    zip_code="12207-2404",  # ZIP+4: the 837P's billing provider address requires all nine digits
    phone="(518) 555-0100",
    ein="12-3456789",
    billing_npi="1234567893",
    taxonomy="207Q00000X",
)


Progress = Callable[[int, int, str], None]  # (done, total, what is happening now)

# The build's steps: (key, what the user reads, share of the work in percent, measured on a 3,000-patient
# demo: charging the visits and driving their claims is most of it, so it reports its own progress too).
DEMO_STEPS = (
    ("practice", "Creating the encrypted practice", 5),
    ("users", "Adding the demo users", 4),
    ("providers", "Adding the providers", 1),
    ("patients", "Adding {patients:,} patients", 11),
    ("insurance", "Adding insurance policies", 4),
    ("fees", "Adding the fee schedule", 1),
    ("schedule", "Booking the schedule", 3),
    ("billing", "Charging visits and sending their claims", 64),
    ("desk", "Filling the Desk: messages, tasks, referrals, recalls", 6),
    ("office", "Adding patient documents, disclosures and the accounting map", 1),
)
PROGRESS_TOTAL = sum(share for _, _, share in DEMO_STEPS)
READY_TEXT = "The demo practice is ready"


def print_progress(stream: TextIO | None = None) -> Progress:
    """A ``Progress`` that prints one terminal line per step, and within a long step every 10 percent."""
    shown: dict[str, int] = {}

    def report(done: int, total: int, text: str) -> None:
        step = text.split(" (")[0]
        percent = done * 100 // max(total, 1)
        if step in shown and percent < shown[step] + 10 and done < total:
            return
        shown[step] = percent
        print(f"[{percent:3d}%] {text}", file=stream or sys.stdout, flush=True)

    return report


def ensure_demo(paths: DataPaths, *, patients: int = DEFAULT_DEMO_PATIENTS, seed: int = 42,
                progress: Progress | None = None) -> tuple[Database, bool]:
    """Open the demo practice in ``paths``, creating it first if the folder is empty. Returns (db, created).

    While it creates one, ``progress(done, total, text)`` is called before each step (and within the long
    billing step), with ``done`` never going down, and last with ``(total, total, READY_TEXT)``.
    """
    if paths.exists():
        key = unlock_key(paths, KeySource(passphrase=DEMO_PASSPHRASE))
        return open_practice_store(paths, key), False
    report = progress or (lambda done, total, text: None)
    starts: dict[str, tuple[int, int, str]] = {}  # key -> (done before it, its share, its text)
    done = 0
    for key, text, share in DEMO_STEPS:
        starts[key] = (done, share, text.format(patients=patients))
        done += share

    def step(key: str) -> None:
        report(starts[key][0], PROGRESS_TOTAL, starts[key][2])

    def billing(made: int, wanted: int) -> None:
        start, share, text = starts["billing"]
        report(start + share * made // max(wanted, 1), PROGRESS_TOTAL, f"{text} ({made} of {wanted} visits)")

    step("practice")
    result = create_practice(paths, DEMO_PRACTICE, admin_username=DEMO_USERNAME, admin_full_name="Dana Demo",
                             admin_password=DEMO_PASSWORD, passphrase=DEMO_PASSPHRASE, is_demo=True)
    ctx = ServiceContext(result.db, result.actor)
    step("users")
    for username, full_name, role in DEMO_EXTRA_USERS:
        users.add_user(ctx, username, full_name, role, DEMO_PASSWORD)
    step("providers")
    seed_demo_providers(ctx)
    step("patients")
    seed_demo_patients(ctx, patients, seed)
    step("insurance")
    seed_demo_insurance(ctx)
    step("fees")
    seed_demo_fee_schedule(ctx)
    step("schedule")
    seed_demo_schedule(ctx)
    step("billing")
    seed_demo_billing_settings(ctx)
    seed_demo_billing(ctx, progress=billing)
    step("desk")
    seed_demo_desk(ctx)
    step("office")
    seed_demo_office(ctx)
    report(PROGRESS_TOTAL, PROGRESS_TOTAL, READY_TEXT)
    log.info("demo practice created with %d patients", patients)
    return result.db, True
