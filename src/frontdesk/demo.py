"""The demo practice: created once in its own folder, with fake providers and patients."""

from __future__ import annotations

import logging

from frontdesk.demo_desk import seed_demo_desk
from frontdesk.domain.permissions import Role
from frontdesk.first_run import create_practice
from frontdesk.paths import DataPaths
from frontdesk.services import users
from frontdesk.services._base import ServiceContext
from frontdesk.services.demo_data import seed_demo_patients, seed_demo_providers
from frontdesk.services.demo_billing import seed_demo_billing, seed_demo_billing_settings
from frontdesk.services.demo_fees import seed_demo_fee_schedule
from frontdesk.services.demo_insurance import seed_demo_insurance
from frontdesk.services.demo_schedule import seed_demo_schedule
from frontdesk.services.practice import PracticeDetails
from frontdesk.storage.engine import Database
from frontdesk.storage.store import KeySource, open_practice_store, unlock_key

log = logging.getLogger(__name__)

DEMO_PASSPHRASE = "frontdesk-demo"
DEMO_USERNAME = "demo"
DEMO_PASSWORD = "frontdesk-demo"
DEFAULT_DEMO_PATIENTS = 3000
# Other demo logins, one per role, so each role can be tried (same password).
DEMO_BILLER = "biller"
DEMO_EXTRA_USERS = (("reception", "Rita Reception", Role.FRONT_DESK), (DEMO_BILLER, "Ben Biller", Role.BILLING))

DEMO_PRACTICE = PracticeDetails(
    legal_name="Maple Street Family Medicine (DEMO)",
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


def ensure_demo(paths: DataPaths, *, patients: int = DEFAULT_DEMO_PATIENTS, seed: int = 42) -> tuple[Database, bool]:
    """Open the demo practice in ``paths``, creating it first if the folder is empty. Returns (db, created)."""
    if paths.exists():
        key = unlock_key(paths, KeySource(passphrase=DEMO_PASSPHRASE))
        return open_practice_store(paths, key), False
    result = create_practice(paths, DEMO_PRACTICE, admin_username=DEMO_USERNAME, admin_full_name="Dana Demo",
                             admin_password=DEMO_PASSWORD, passphrase=DEMO_PASSPHRASE, is_demo=True)
    ctx = ServiceContext(result.db, result.actor)
    for username, full_name, role in DEMO_EXTRA_USERS:
        users.add_user(ctx, username, full_name, role, DEMO_PASSWORD)
    seed_demo_providers(ctx)
    seed_demo_patients(ctx, patients, seed)
    seed_demo_insurance(ctx)
    seed_demo_fee_schedule(ctx)
    seed_demo_schedule(ctx)
    seed_demo_billing_settings(ctx)
    seed_demo_billing(ctx)
    seed_demo_desk(ctx)
    log.info("demo practice created with %d patients", patients)
    return result.db, True
