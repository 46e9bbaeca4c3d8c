"""Helpers shared by the core tests: the shared conftest's constants, file hashes, patient input."""

from __future__ import annotations

import hashlib
from pathlib import Path

from testsupport import ADMIN_PASSWORD, FAST_KDF, PASSPHRASE, PRACTICE, STAFF_PASSWORD  # noqa: F401  (re-exported for this folder's tests)

from frontdesk.services.patients.patients import PatientInput


def sha256_file(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def patient(first: str = "Jane", last: str = "Doe", **overrides: object) -> PatientInput:
    """A valid registration form; override any field."""
    values: dict[str, object] = dict(first_name=first, last_name=last, dob="03/14/1962", sex="F",
                                     phone="(518) 555-0142", address_line1="12 Elm Street", city="Albany",
                                     state="NY", zip_code="12207")
    values.update(overrides)
    return PatientInput(**values)  # type: ignore[arg-type]
