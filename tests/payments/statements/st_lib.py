"""Test data for the statement and aging tests: the payment tests' clinic plus mailing addresses and a fixed clock."""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "posting"))  # pay_lib: the shared clinic

from pay_lib import Clinic, Visit, make_clinic

from frontdesk.models import Guarantor, Patient
from frontdesk.storage.engine import Database

NOW = datetime(2026, 11, 27, 17, 0, tzinfo=UTC)  # noon in the practice's time zone (America/New_York)
TODAY = date(2026, 11, 27)

__all__ = ["NOW", "TODAY", "Clinic", "Visit", "ago", "guarantor_with_address", "make_clinic", "set_address"]


def ago(days: int) -> date:
    """The date ``days`` before TODAY."""
    return TODAY - timedelta(days=days)


def set_address(db: Database, patient_id: int, line1: str = "12 Elm St", city: str = "Springfield",
                state: str = "IL", zip_code: str = "62701", line2: str = "") -> None:
    """Give a patient a mailing address (statements go only to accounts with one)."""
    with db.session(write=True) as s:
        p = s.get(Patient, patient_id)
        p.address_line1, p.address_line2, p.city, p.state, p.zip_code = line1, line2, city, state, zip_code


def guarantor_with_address(db: Database, first: str = "Gus", last: str = "Payer") -> int:
    """A guarantor who is not a patient, with an address."""
    with db.session(write=True) as s:
        g = Guarantor(first_name=first, last_name=last, address_line1="9 Oak Ave", city="Peoria", state="IL",
                      zip_code="61602")
        s.add(g)
        s.flush()
        return g.id
