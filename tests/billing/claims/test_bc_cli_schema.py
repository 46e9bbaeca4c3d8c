"""A command acting as a user on practice data an update has not upgraded yet says so, in one line."""

from __future__ import annotations

import subprocess
import sys

import pytest
from testsupport import ADMIN_PASSWORD, PASSPHRASE, hermetic_env

from frontdesk.storage.migrate import head_revision


@pytest.mark.sqlite_only("the command line opens a practice data folder (a server is reached through enrolment)")
def test_claims_print_on_an_older_schema_says_to_start_the_app(practice, data_paths, tmp_path) -> None:
    conn = practice.db.raw_connection()
    try:  # as if the data were left by the previous version (the app upgrades at its next start)
        conn.execute("UPDATE alembic_version SET version_num = '0015'")
        conn.commit()
    finally:
        conn.close()
    practice.db.close()
    env = dict(hermetic_env(tmp_path / "home"), FRONTDESK_PASSPHRASE=PASSPHRASE, FRONTDESK_PASSWORD=ADMIN_PASSWORD)
    done = subprocess.run([sys.executable, "-m", "frontdesk", "claims", "print", "--data-dir", str(data_paths.root),
                           "--user", "admin", "--out", str(tmp_path / "claims.pdf")],
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().splitlines() == [
        f"frontdesk: The practice data is at schema version 0015 and this FrontDesk needs {head_revision()}: start the "
        "app once to upgrade it (it keeps a safety copy first), then run this again."]
    assert not (tmp_path / "claims.pdf").exists()
