"""Fixtures the move-in, setup and backup tests share: a single-PC practice with a day's work, a bare server database.

Import the fixtures by name into a test module (``from single_pc_support import single_pc  # noqa: F401``).
"""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Iterator
from datetime import date

import pytest
from calendar_support import build_clinic, local
from pg_practice import PgTemplate, admin_sql

from frontdesk.paths import DataPaths
from frontdesk.services.patients import family
from frontdesk.services.payments import payments
from frontdesk.services.scheduling import appointments
from frontdesk.services.scheduling.appointments import BookingRequest
from frontdesk.services.session import ServiceContext
from frontdesk.storage.engine import Database

TUESDAY = date(2030, 3, 5)
_numbers = itertools.count()


@pytest.fixture
def single_pc(template_practice, tmp_path) -> DataPaths:  # type: ignore[no-untyped-def]
    """The template single-PC practice (SQLite) with a day's work in it: patients, a booking, a payment."""
    paths = DataPaths(tmp_path / "single-pc")
    shutil.copytree(template_practice.paths.root, paths.root)
    db = Database(paths.database, template_practice.db_key)
    try:
        admin = ServiceContext(db, template_practice.result.actor)
        clinic = build_clinic(admin, admin)
        appointments.book_appointment(admin, BookingRequest(clinic.pat[0], clinic.dr_a, clinic.visit,
                                                            local(TUESDAY, 10)))
        payments.take_payment(admin, clinic.pat[1], method="cash", amount="$40.00")
        # a cycle of references between tables: a patient's guarantor is a patient with a higher id
        family.set_guarantor_patient(admin, clinic.pat[0], clinic.pat[2], "parent")
        family.link_family(admin, clinic.pat[0], clinic.pat[1])
    finally:
        db.close()
    return paths


@pytest.fixture
def bare_server_db(pg_template: PgTemplate) -> Iterator[str]:
    """The address of a new, bare database on the test server (as `server setup` leaves it before migrating)."""
    name = f"fd_bare_{next(_numbers)}_{id(object())}"
    admin_sql(pg_template.server, f"CREATE DATABASE {name}")
    yield pg_template.server.url(name)
    admin_sql(pg_template.server, f"DROP DATABASE {name} WITH (FORCE)")
