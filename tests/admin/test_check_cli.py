"""`frontdesk check` as a real subprocess: a clean practice, a tampered chain, wrong or missing passphrases."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from fd_testlib import PASSPHRASE
from testsupport import hermetic_env

from frontdesk.storage.engine import raw_key_pragma_value

pytestmark = pytest.mark.sqlite_only("`frontdesk check --data-dir` opens the data folder; a server's "
                                     "checks: tests/storage/pg/test_pg_checks.py")


@pytest.fixture
def cli_env(tmp_path):
    """A hermetic environment: logs and platform folders in tmp, no keyring, no passphrase yet."""
    return hermetic_env(tmp_path)


def _check(data_dir: Path, env: dict[str, str], *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "frontdesk", "check", "--data-dir", str(data_dir), *extra],
                          env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120)


def test_check_passes_on_a_good_practice(practice, data_paths, cli_env) -> None:
    done = _check(data_paths.root, dict(cli_env, FRONTDESK_PASSPHRASE=PASSPHRASE))
    assert done.returncode == 0, done.stderr
    assert "PROBLEM" not in done.stdout
    assert "audit chain of 2 events verified" in done.stdout
    assert "OK: database, encryption and audit chain verified." in done.stdout
    assert PASSPHRASE not in done.stdout + done.stderr


def test_check_reads_a_passphrase_file(practice, data_paths, cli_env, tmp_path) -> None:
    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    done = _check(data_paths.root, cli_env, "--passphrase-file", str(secret))
    assert done.returncode == 0, done.stderr
    assert "OK:" in done.stdout


def test_check_reports_a_tampered_chain(practice, data_paths, cli_env) -> None:
    import sqlcipher3

    conn = sqlcipher3.connect(str(data_paths.database))
    try:
        conn.execute(f'PRAGMA key = "{raw_key_pragma_value(practice.db.key)}"')
        conn.execute("DROP TRIGGER audit_event_no_update")
        conn.execute("UPDATE audit_event SET detail = 'nothing to see' WHERE seq = 2")
        conn.commit()
    finally:
        conn.close()
    done = _check(data_paths.root, dict(cli_env, FRONTDESK_PASSPHRASE=PASSPHRASE))
    assert done.returncode == 1
    assert "PROBLEM: audit chain broken: audit event 2 was altered" in done.stdout
    assert "problems found" in done.stderr


def test_check_with_a_wrong_passphrase_exits_2(practice, data_paths, cli_env) -> None:
    done = _check(data_paths.root, dict(cli_env, FRONTDESK_PASSPHRASE="not the passphrase at all"))
    assert done.returncode == 2
    assert "The passphrase is not correct." in done.stderr
    assert "Traceback" not in done.stderr
    assert "not the passphrase at all" not in done.stdout + done.stderr


def test_check_without_any_passphrase_exits_2(practice, data_paths, cli_env) -> None:
    done = _check(data_paths.root, cli_env)
    assert done.returncode == 2
    assert "passphrase is needed" in done.stderr


def test_check_of_an_empty_folder_exits_2(cli_env, tmp_path) -> None:
    done = _check(tmp_path / "nothing-here", dict(cli_env, FRONTDESK_PASSPHRASE=PASSPHRASE))
    assert done.returncode == 2
    assert "no practice data" in done.stderr


def test_check_with_another_practices_key_file_prints_only_our_message(practice, data_paths, cli_env) -> None:
    """SQLCipher logs a failed decryption to stderr itself (``sqlcipher_codec_ctx_set_error``...); the person
    must see one line of ours, not the library's diagnostics."""
    from testsupport import FAST_KDF

    from frontdesk.storage.keys import KeyFile

    other, _ = KeyFile.create(PASSPHRASE, kdf=FAST_KDF)  # same passphrase, another practice's database key
    other.save(data_paths.key_file)
    done = _check(data_paths.root, dict(cli_env, FRONTDESK_PASSPHRASE=PASSPHRASE))
    assert done.returncode == 2
    assert "sqlcipher" not in (done.stdout + done.stderr).lower()
    assert done.stdout == ""
    assert done.stderr.strip().splitlines() == [
        "frontdesk: The practice database is damaged or does not match its key file."]


def test_check_fails_when_every_trigger_was_dropped(practice, data_paths, cli_env) -> None:
    from frontdesk.storage.schema_check import expected_objects

    triggers = sorted(name for kind, name in expected_objects() if kind == "trigger")
    conn = practice.db.raw_connection()
    try:
        for name in triggers:
            conn.execute(f"DROP TRIGGER {name}")
    finally:
        conn.close()
    done = _check(data_paths.root, dict(cli_env, FRONTDESK_PASSPHRASE=PASSPHRASE))
    assert done.returncode == 1
    for name in triggers:
        assert f"PROBLEM: schema: missing trigger {name} " in done.stdout
