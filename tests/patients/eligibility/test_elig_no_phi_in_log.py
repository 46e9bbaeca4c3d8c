"""A 271 the app refuses is named in words to the user, but pyx12's log lines (with names in them) stay out of
the app's log file."""

from __future__ import annotations

import logging

import pytest
from elig_support import DAY, build_schedule, fixture_271

from frontdesk.errors import ValidationError
from frontdesk.logging_setup import setup_logging
from frontdesk.services.patients import eligibility_files

NAME = "QUILLFEATHERQUILLFEATHERQUILLFEATHERQUILLFEATHERQUILLFEATHERXX"  # 62 characters: too long for NM103


@pytest.fixture
def log_file(tmp_path):  # type: ignore[no-untyped-def]
    root = logging.getLogger()
    old_level, pyx12_level = root.level, logging.getLogger("pyx12").level
    path = setup_logging(folder=tmp_path / "logs")
    assert path is not None
    yield path
    for handler in [h for h in root.handlers if getattr(h, "_frontdesk", False)]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(old_level)
    logging.getLogger("pyx12").setLevel(pyx12_level)


def test_a_refused_271_leaves_no_name_in_the_log(admin_ctx, db, frontdesk_ctx, tmp_path, log_file) -> None:
    build_schedule(admin_ctx, db)
    bad = tmp_path / "bad.271"
    bad.write_text(fixture_271("unmatched.271", DATE=DAY.strftime("%Y%m%d")).replace("STRANGER", NAME),
                   encoding="ascii")
    with pytest.raises(ValidationError, match="NM103"):
        eligibility_files.import_271(frontdesk_ctx, str(bad))
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert NAME not in log_file.read_text(encoding="utf-8")
