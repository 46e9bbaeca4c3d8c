"""`frontdesk claims print|export-837` on the demo practice: valid output, honest exit codes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest
from testsupport import hermetic_env

from frontdesk.reports.x12_837p import validate_with_pyx12
from frontdesk.reports.x12_837p.checks import file_checks


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """No FRONTDESK_ settings; logs and platform folders in this module's own folder, not the real profile."""
    return hermetic_env(tmp_path_factory.mktemp("cli-home"))


def _frontdesk(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "frontdesk", *args], capture_output=True, text=True, env=env,
                          timeout=300)


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory, env: dict[str, str]) -> Path:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("demo") / "practice"
    done = _frontdesk(env, "demo", "--no-gui", "--patients", "300", "--data-dir", str(folder))
    assert done.returncode == 0, done.stderr
    return folder


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> Path:
    """A private copy of the closed demo practice (one build for the module)."""
    return Path(shutil.copytree(demo_template, tmp_path / "practice"))


def test_print_ready_claims_then_nothing_is_left(demo: Path, tmp_path: Path, env: dict[str, str]) -> None:
    out = tmp_path / "claims.pdf"
    done = _frontdesk(env, "claims", "print", "--demo", "--data-dir", str(demo), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "now submitted" in done.stdout
    with pdfplumber.open(out) as pdf:
        assert len(pdf.pages) >= 1
        chars = pdf.pages[0].chars
        assert chars and all(c["fontname"].endswith("Courier") for c in chars)
    again = _frontdesk(env, "claims", "print", "--demo", "--data-dir", str(demo), "--out", str(tmp_path / "b.pdf"))
    assert again.returncode == 1 and "no ready claims" in again.stderr
    assert not (tmp_path / "b.pdf").exists()


def test_export_837_is_valid_and_copies_of_submitted_claims_print(demo: Path, tmp_path: Path, env: dict[str, str]) -> None:
    out = tmp_path / "claims.837"
    done = _frontdesk(env, "claims", "export-837", "--demo", "--data-dir", str(demo), "--out", str(out))
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="ascii")
    assert validate_with_pyx12(text) == [] and file_checks(text) == []
    copies = _frontdesk(env, "claims", "print", "--demo", "--data-dir", str(demo), "--status", "submitted",
                        "--mode", "full", "--out", str(tmp_path / "copies.pdf"))
    assert copies.returncode == 0, copies.stderr
    with pdfplumber.open(tmp_path / "copies.pdf") as pdf:
        assert "HEALTH INSURANCE CLAIM FORM" in pdf.pages[0].extract_text()


def test_a_real_practice_needs_a_user_and_the_right_password(demo: Path, tmp_path: Path, env: dict[str, str]) -> None:
    nobody = _frontdesk(env, "claims", "print", "--data-dir", str(demo), "--out", str(tmp_path / "x.pdf"))
    assert nobody.returncode == 2 and "--user" in nobody.stderr
    secret = tmp_path / "pw"
    secret.write_text("not the password", encoding="utf-8")
    passphrase = tmp_path / "pp"
    passphrase.write_text("frontdesk-demo", encoding="utf-8")
    wrong = _frontdesk(env, "claims", "print", "--data-dir", str(demo), "--passphrase-file", str(passphrase),
                       "--user", "biller", "--password-file", str(secret), "--out", str(tmp_path / "x.pdf"))
    assert wrong.returncode == 2 and not (tmp_path / "x.pdf").exists()
