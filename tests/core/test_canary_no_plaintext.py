"""A canary patient's name, phone and address never appear in clear in any file FrontDesk writes."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

import pytest
from fd_testlib import ADMIN_PASSWORD, FAST_KDF, PASSPHRASE, PRACTICE, patient

from frontdesk.error_messages import to_user_message
from frontdesk.first_run import create_practice
from frontdesk.logging_setup import setup_logging
from frontdesk.paths import DataPaths
from frontdesk.services.patients import patients
from frontdesk.services.session import ServiceContext

FIRST, LAST = "Zyxwvutsq", "Canarybird"
PHONE_DIGITS = "5185550199"
STREET = "742 Quillfeather Lane"
WORDS = (FIRST, LAST, "Quillfeather", PHONE_DIGITS)


def _needles() -> list[bytes]:
    found = []
    for word in WORDS:
        for variant in {word, word.lower(), word.upper()}:
            for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
                found.append(variant.encode(encoding))
    return found


def _leaks(files: list[Path]) -> list[str]:
    leaks = []
    for path in files:
        data = path.read_bytes()
        leaks += [f"{path.name}: {needle!r}" for needle in _needles() if needle in data]
    return leaks


def _all_files(*folders: Path) -> list[Path]:
    return [p for folder in folders for p in sorted(folder.rglob("*")) if p.is_file()]


@pytest.fixture
def isolated_temp_and_log(tmp_path, monkeypatch):
    temp_dir = tmp_path / "tmp"
    log_dir = tmp_path / "log"
    temp_dir.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp_dir))
    monkeypatch.setenv("SQLITE_TMPDIR", str(temp_dir))
    monkeypatch.setattr(tempfile, "tempdir", str(temp_dir))
    root = logging.getLogger()
    old_level = root.level
    log_file = setup_logging(folder=log_dir)
    assert log_file is not None
    yield temp_dir, log_file
    for handler in [h for h in root.handlers if getattr(h, "_frontdesk", False)]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(old_level)


def test_canary_never_appears_in_clear(tmp_path, isolated_temp_and_log) -> None:
    temp_dir, log_file = isolated_temp_and_log
    paths = DataPaths(tmp_path / "practice")
    result = create_practice(paths, PRACTICE, admin_username="admin", admin_full_name="Ada Admin",
                             admin_password=ADMIN_PASSWORD, passphrase=PASSPHRASE, kdf=FAST_KDF)
    ctx = ServiceContext(result.db, result.actor)
    try:
        # neighbours so that searching and sorting have work to do
        for first, last in (("Amy", "Canary"), ("Bob", "Canarybirch"), ("Cy", "Canarybirds")):
            patients.register_patient(ctx, patient(first, last), duplicate_override_reason="test neighbour")
        canary = patients.register_patient(ctx, patient(FIRST, LAST, phone="(518) 555-0199",
                                                        address_line1=STREET),
                                           duplicate_override_reason="test neighbour")
        hits = patients.search_patients(ctx, "canary")
        assert [(h.last_name, h.first_name) for h in hits] == [
            ("Canary", "Amy"), ("Canarybirch", "Bob"), ("Canarybird", FIRST), ("Canarybirds", "Cy")]
        assert [h.id for h in patients.search_patients(ctx, f"{LAST}, {FIRST[:4]}")] == [canary.id]
        assert [h.id for h in patients.search_patients(ctx, "518-555-0199")] == [canary.id]
        patients.open_patient(ctx, canary.id)
        patients.update_patient(ctx, canary.id, patient(FIRST, LAST, phone="(518) 555-0199",
                                                        address_line1=STREET + " Apt 2"))
        # an unexpected error quoting the patient goes to the log with its details withheld
        try:
            try:
                raise ValueError(f"{FIRST} {LAST} {PHONE_DIGITS}")
            except ValueError as inner:
                raise RuntimeError(f"{LAST} could not be saved") from inner
        except RuntimeError as exc:
            message = to_user_message(exc)
        assert LAST not in message.text and message.reference

        wal = paths.database.with_name(paths.database.name + "-wal")
        shm = paths.database.with_name(paths.database.name + "-shm")
        assert wal.stat().st_size > 0, "the test must look at a live WAL"
        live = [paths.database, wal, shm, paths.key_file]
        assert _leaks(live + _all_files(temp_dir)) == []
    finally:
        result.db.close()

    for handler in logging.getLogger().handlers:
        handler.flush()
    log_text = log_file.read_text(encoding="utf-8")
    assert message.reference in log_text and "RuntimeError" in log_text
    assert _leaks(_all_files(paths.root, temp_dir, log_file.parent)) == []
