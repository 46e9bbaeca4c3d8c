"""`frontdesk codes status|import` as a real subprocess on a real encrypted practice: output and exit codes."""

# Fixed dates are data here: code sets' own periods; staleness on the real day is _stale_on_real_today's.

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from icd_release_lib import write_order_file
from testsupport import ADMIN_PASSWORD, PASSPHRASE, STAFF_PASSWORD, hermetic_env, practice_today

from frontdesk.domain.permissions import Role
from frontdesk.paths import DataPaths
from frontdesk.services.admin import users


@pytest.fixture
def cli_env(tmp_path: Path) -> dict[str, str]:
    """A hermetic environment: platform folders in tmp, no keyring, the passphrase and admin password given."""
    return hermetic_env(tmp_path, FRONTDESK_PASSPHRASE=PASSPHRASE, FRONTDESK_PASSWORD=ADMIN_PASSWORD)


def _codes(env: dict[str, str], data_paths: DataPaths, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "frontdesk", "codes", *args, "--data-dir", str(data_paths.root)],
                          env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=180,
                          check=False)


def _stale_on_real_today(fiscal_year: int) -> bool:
    # The subprocess runs on the real clock (it cannot be moved from here): expect what today implies.
    return practice_today() > date(fiscal_year, 9, 30)


@pytest.mark.sqlite_only("the command line opens a practice data folder (a server is reached through enrolment)")
def test_status_then_import_then_refuse_the_same_release(practice, data_paths: DataPaths, cli_env,
                                                         tmp_path: Path) -> None:
    before = _codes(cli_env, data_paths, "status", "--user", "admin")
    assert before.stdout.startswith("Diagnosis codes: ICD-10-CM FY2026 (April 1, 2026 update), for services "
                                    "10/01/2025-09/30/2026 (bundled with FrontDesk).")
    if _stale_on_real_today(2026):
        assert before.returncode == 1
        assert before.stderr.startswith("frontdesk: Out of date since 10/01/2026: import the FY20")
        assert before.stderr.count("\n") == 1
    else:
        assert before.returncode == 0, before.stderr

    source = write_order_file(tmp_path / "downloads")
    done = _codes(cli_env, data_paths, "import", str(source), "--user", "admin")
    assert done.returncode == 0, done.stderr
    assert done.stdout == ("Imported ICD-10-CM FY2027 (CMS order file): diagnosis codes for services "
                           "10/01/2026-09/30/2027.\n")
    assert (data_paths.code_sets_dir / "icd10cm-FY2027.txt").is_file()

    after = _codes(cli_env, data_paths, "status", "--user", "admin")
    assert after.returncode == (1 if _stale_on_real_today(2027) else 0), after.stderr
    assert "ICD-10-CM FY2027 (CMS order file), for services 10/01/2026-09/30/2027 (imported by the practice)" \
        in after.stdout

    again = _codes(cli_env, data_paths, "import", str(source), "--user", "admin")
    assert again.returncode == 1 and again.stdout == ""
    assert "is not newer than the code set in use" in again.stderr and again.stderr.count("\n") == 1


@pytest.mark.sqlite_only("the command line opens a practice data folder (a server is reached through enrolment)")
def test_refusals_have_a_one_line_reason(practice, admin_ctx, data_paths: DataPaths, cli_env,
                                         tmp_path: Path) -> None:
    users.add_user(admin_ctx, "rita", "Rita Reception", Role.FRONT_DESK, STAFF_PASSWORD)
    source = write_order_file(tmp_path / "downloads")
    desk = _codes(dict(cli_env, FRONTDESK_PASSWORD=STAFF_PASSWORD), data_paths, "import", str(source),
                  "--user", "rita")
    assert desk.returncode == 1 and "does not allow" in desk.stderr and desk.stderr.count("\n") == 1
    broken = write_order_file(tmp_path / "broken", text="00001 A00     0 Cholera\r\n")
    bad = _codes(cli_env, data_paths, "import", str(broken), "--user", "admin")
    assert bad.returncode == 1 and "Line 1 of icd10cm-order-2027.txt" in bad.stderr
    wrong = _codes(dict(cli_env, FRONTDESK_PASSWORD="not the password"), data_paths, "status", "--user", "admin")
    assert wrong.returncode == 2 and wrong.stdout == ""
    assert not data_paths.code_sets_dir.exists()
