"""Private files (issue 17, item 4), the admin's side: the rewritten key file, backups and their staging
files, workstation settings and the exports a person saves are owner-only (0600) under the usual umask 022;
`frontdesk check` says once that it repaired wider permissions. Modes are read with os.stat."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fd_testlib import PASSPHRASE
from testsupport import hermetic_env, practice_key_file

from frontdesk.services.payments import aging
from frontdesk.storage.backup import create_backup
from frontdesk.storage.store import change_passphrase
from frontdesk.workstation_settings import write_setting

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


@pytest.mark.sqlite_only("the file mode of the single-PC data folder's key file")
def test_a_passphrase_change_rewrites_the_key_file_owner_only(practice, data_paths) -> None:
    os.chmod(data_paths.key_file, 0o600)
    change_passphrase(data_paths, practice.db.key, PASSPHRASE, "a completely new passphrase")
    assert mode(data_paths.key_file) == 0o600


def test_a_backup_and_its_staging_files_are_owner_only(practice, data_paths, tmp_path) -> None:
    target = tmp_path / "backups"
    target.mkdir()
    staged: dict[str, int] = {}

    def progress(stage: str, done: int, total: int) -> None:
        for partial in target.glob(".*partial*"):
            staged[partial.name] = mode(partial)

    outcome = create_backup(practice.db, practice_key_file(practice, data_paths), target, progress=progress)
    assert staged and set(staged.values()) == {0o600}, staged
    assert mode(outcome.path) == 0o600
    assert mode(outcome.manifest_path) == 0o600


def test_workstation_settings_are_owner_only(data_paths) -> None:
    write_setting(data_paths.settings_file, "print_offset", [1, 2])
    assert mode(data_paths.settings_file) == 0o600
    assert mode(data_paths.root) == 0o700


def test_exported_csv_and_pdf_are_owner_only(admin_ctx, tmp_path) -> None:
    """A report a person saves holds patient data: owner-only too, in whatever folder they chose."""
    aging.export_aging_csv(admin_ctx, tmp_path / "aging.csv")
    aging.write_aging_pdf(admin_ctx, tmp_path / "aging.pdf")
    assert mode(tmp_path / "aging.csv") == 0o600
    assert mode(tmp_path / "aging.pdf") == 0o600


@pytest.mark.sqlite_only("the modes of the data folder's database and key file, repaired by `frontdesk check "
                         "--data-dir`")
def test_check_repairs_wider_permissions_and_says_so_once(practice, data_paths, tmp_path) -> None:
    practice.db.close()
    os.chmod(data_paths.root, 0o755)
    os.chmod(data_paths.database, 0o644)
    os.chmod(data_paths.key_file, 0o644)
    env = hermetic_env(tmp_path, FRONTDESK_PASSPHRASE=PASSPHRASE)

    def check() -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "frontdesk", "check", "--data-dir", str(data_paths.root)],
                              env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120)

    first = check()
    assert first.returncode == 0, first.stderr
    assert first.stderr.splitlines() == [
        "frontdesk: Permissions repaired: other accounts could read 2 files and 1 folder in the data folder."]
    assert (mode(data_paths.root), mode(data_paths.database), mode(data_paths.key_file)) == (0o700, 0o600, 0o600)
    log = Path(env["XDG_STATE_HOME"]).rglob("frontdesk.log")
    assert any("permissions repaired in the data folder: 2 files, 1 folders" in p.read_text() for p in log)
    second = check()
    assert second.returncode == 0 and second.stderr == ""
