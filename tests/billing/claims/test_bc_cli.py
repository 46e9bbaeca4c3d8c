"""`frontdesk claims print|export-837` on the demo practice: valid output, honest exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest
from shared_build import copy_of_shared_demo
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


@pytest.fixture
def demo(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Path:
    """A private copy of the closed demo practice `frontdesk demo --no-gui` made (one build for the whole run,
    shared_build.py)."""
    return copy_of_shared_demo(tmp_path_factory, tmp_path / "practice")


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


def _ready_claims_with_account(demo: Path) -> dict[int, str]:
    """{claim id: patient account} of the demo copy's ready claims, read in-process."""
    from sqlalchemy import select

    from frontdesk.demo.build import ensure_demo
    from frontdesk.models import Claim, Patient
    from frontdesk.paths import resolve_data_dir

    db, _created = ensure_demo(resolve_data_dir(str(demo), demo=True))
    try:
        with db.session(write=False) as s:
            return dict(s.execute(select(Claim.id, Patient.account_number).join(Patient, Patient.id == Claim.patient_id)
                                  .where(Claim.status == "ready")).all())
    finally:
        db.close()


def _break_patient_of(demo: Path, claim_id: int) -> None:
    """The patient of a ready claim loses the street address (box 5) behind the claim's back."""
    from frontdesk.demo.build import ensure_demo
    from frontdesk.models import Claim, Patient
    from frontdesk.paths import resolve_data_dir

    db, _created = ensure_demo(resolve_data_dir(str(demo), demo=True))
    try:
        with db.session(write=True) as s:
            s.get(Patient, s.get(Claim, claim_id).patient_id).address_line1 = ""
    finally:
        db.close()


def _claim_status(demo: Path, claim_id: int) -> str:
    from frontdesk.demo.build import ensure_demo
    from frontdesk.models import Claim
    from frontdesk.paths import resolve_data_dir

    db, _created = ensure_demo(resolve_data_dir(str(demo), demo=True))
    try:
        with db.session(write=False) as s:
            return s.get(Claim, claim_id).status
    finally:
        db.close()


def _first_char_x(pdf_path: Path) -> tuple[float, float]:
    with pdfplumber.open(pdf_path) as pdf:
        first = pdf.pages[0].chars[0]
        return first["x0"], first["top"]


def test_one_claim_with_a_problem_no_longer_blocks_the_batch(demo: Path, tmp_path: Path, env: dict[str, str]) -> None:
    ready = _ready_claims_with_account(demo)
    assert len(ready) >= 2
    broken = min(ready)
    _break_patient_of(demo, broken)
    out = tmp_path / "claims.pdf"
    done = _frontdesk(env, "claims", "print", "--demo", "--data-dir", str(demo), "--out", str(out))
    assert done.returncode == 3, done.stderr
    assert f"Printed {len(ready) - 1} claims" in done.stdout and out.exists()
    assert f"claim {broken}  account {ready[broken]}  box 5: The patient's street address is missing." in done.stdout
    assert _claim_status(demo, broken) == "ready"  # left as it was, to be fixed
    assert "exit status" in _frontdesk(env, "claims", "print", "--help").stdout


def test_cli_print_uses_the_saved_offsets_and_offsets_overrides_them(demo: Path, tmp_path: Path,
                                                                      env: dict[str, str]) -> None:
    from frontdesk.paths import resolve_data_dir
    from frontdesk.reports.cms1500 import PrintOffsets, save_offsets

    plain = tmp_path / "plain.pdf"
    copies = ("claims", "print", "--demo", "--data-dir", str(demo), "--status", "paid")
    assert _frontdesk(env, *copies, "--out", str(plain)).returncode == 0
    save_offsets(resolve_data_dir(str(demo), demo=True).settings_file, PrintOffsets(10, 10))
    shifted = tmp_path / "shifted.pdf"
    done = _frontdesk(env, *copies, "--out", str(shifted))
    assert done.returncode == 0, done.stderr
    (x0, top0), (x1, top1) = _first_char_x(plain), _first_char_x(shifted)
    assert (round(x1 - x0, 1), round(top1 - top0, 1)) == (7.2, 7.2)  # 10/100 inch right and down
    back = tmp_path / "back.pdf"
    assert _frontdesk(env, *copies, "--offsets", "0,0", "--out", str(back)).returncode == 0
    assert _first_char_x(back) == (x0, top0)
    bad = _frontdesk(env, *copies, "--offsets", "ten,5", "--out", str(tmp_path / "bad.pdf"))
    assert bad.returncode == 2 and "--offsets" in bad.stderr and len(bad.stderr.strip().splitlines()[-1]) < 200


def test_an_existing_out_file_needs_force_and_an_unwritable_one_says_why(demo: Path, tmp_path: Path,
                                                                         env: dict[str, str]) -> None:
    out = tmp_path / "claims.pdf"
    out.write_bytes(b"keep me")
    copies = ("claims", "print", "--demo", "--data-dir", str(demo), "--status", "paid")
    refused = _frontdesk(env, *copies, "--out", str(out))
    assert refused.returncode == 1 and str(out) in refused.stderr and "--force" in refused.stderr
    assert out.read_bytes() == b"keep me"
    assert _frontdesk(env, *copies, "--force", "--out", str(out)).returncode == 0
    assert out.read_bytes().startswith(b"%PDF")
    proc = _frontdesk(env, *copies, "--out", "/proc/x.pdf")
    assert proc.returncode == 1 and "no such folder" in proc.stderr and "does not exist" not in proc.stderr
    assert "/proc/x.pdf" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    under_file = _frontdesk(env, *copies, "--out", str(out / "x.pdf"))
    assert under_file.returncode == 1 and "not a folder" in under_file.stderr
