"""Helpers shared by the core tests: the shared conftest's constants, file hashes, patient input."""

from __future__ import annotations

import hashlib
import importlib.util
import sys
from pathlib import Path

from frontdesk.services.patients import PatientInput

_TOP_CONFTEST = Path(__file__).resolve().parents[1] / "conftest.py"


def _top_conftest():  # type: ignore[no-untyped-def]
    """tests/conftest.py as a module, even when another folder's conftest now owns the name 'conftest'."""
    loaded = sys.modules.get("conftest")
    if loaded is not None and Path(getattr(loaded, "__file__", "")).resolve() == _TOP_CONFTEST:
        return loaded
    spec = importlib.util.spec_from_file_location("frontdesk_tests_top_conftest", _TOP_CONFTEST)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_top = _top_conftest()
FAST_KDF: dict[str, int] = _top.FAST_KDF
PASSPHRASE: str = _top.PASSPHRASE
ADMIN_PASSWORD: str = _top.ADMIN_PASSWORD
STAFF_PASSWORD: str = _top.STAFF_PASSWORD
PRACTICE = _top.PRACTICE


def sha256_file(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def patient(first: str = "Jane", last: str = "Doe", **overrides: object) -> PatientInput:
    """A valid registration form; override any field."""
    values: dict[str, object] = dict(first_name=first, last_name=last, dob="03/14/1962", sex="F",
                                     phone="(518) 555-0142", address_line1="12 Elm Street", city="Albany",
                                     state="NY", zip_code="12207")
    values.update(overrides)
    return PatientInput(**values)  # type: ignore[arg-type]
