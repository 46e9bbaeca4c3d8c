"""`frontdesk eligibility export|import` as a real subprocess on a real encrypted practice."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from elig_support import DAY, build_schedule, fixture_271
from testsupport import ADMIN_PASSWORD, PASSPHRASE, hermetic_env

from frontdesk.models import EligibilityRequest
from frontdesk.paths import DataPaths
from frontdesk.reports.x12_270 import validate_eligibility_file


def _run(tmp_path: Path, data_paths: DataPaths, *args: str) -> subprocess.CompletedProcess[str]:
    env = hermetic_env(tmp_path, FRONTDESK_PASSPHRASE=PASSPHRASE, FRONTDESK_PASSWORD=ADMIN_PASSWORD)
    return subprocess.run([sys.executable, "-m", "frontdesk", "eligibility", *args, "--data-dir",
                           str(data_paths.root), "--user", "admin"], env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=180, check=False)


@pytest.mark.sqlite_only("the command line opens a practice data folder (a server is reached through enrolment)")
def test_export_then_import(practice, admin_ctx, db, data_paths: DataPaths, tmp_path: Path) -> None:
    schedule = build_schedule(admin_ctx, db)
    out = tmp_path / "tomorrow.270"
    done = _run(tmp_path, data_paths, "export", "--date", DAY.strftime("%m/%d/%Y"), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Wrote 2 inquiries to {out}")
    assert validate_eligibility_file(out.read_text(encoding="ascii")) == []
    again = _run(tmp_path, data_paths, "export", "--date", DAY.strftime("%m/%d/%Y"), "--out", str(out))
    assert again.returncode == 1 and "exists; use --force" in again.stderr

    with db.session(write=False) as s:
        trace = s.query(EligibilityRequest).filter_by(patient_id=schedule.jane).one().trace_number
    answer = tmp_path / "answer.271"
    answer.write_text(fixture_271("active_copay.271", REFERENCE="1", TRACE=trace, LAST="DOE", FIRST="JANE",
                                  MEMBER="W123456789", DOB="19620314", DATE=DAY.strftime("%Y%m%d")), encoding="ascii")
    loaded = _run(tmp_path, data_paths, "import", str(answer))
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.splitlines() == [
        "Recorded 1 answer; 0 unmatched; 0 rejections.",
        "  Doe, Jane: active; plan ACME GOLD PPO; office visit copay $25.00; coinsurance 20%; deductible left $350.50"]
    refused = _run(tmp_path, data_paths, "import", str(out))
    assert refused.returncode == 1 and "ST01 is '270'" in refused.stderr
