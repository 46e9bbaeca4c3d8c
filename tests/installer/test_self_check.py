"""`frontdesk --self-check`: passes from source in a subprocess, fails (exit 1) when a step breaks."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from frontdesk import self_check
from frontdesk.cli import build_parser
from frontdesk.self_check import Step, run_self_check

STEP_NAMES = [step.name for step in self_check.STEPS]


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """A child environment whose logs and temp files stay under tmp_path, with no display."""
    env = dict(os.environ)
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "FRONTDESK_DATA_DIR", "TEMP", "TMP"):
        env.pop(name, None)
    env["XDG_STATE_HOME"] = str(tmp_path / "state")  # the log file goes here, not into the real profile
    env["TMPDIR"] = str(tmp_path / "tmp")
    env.update(extra)
    return env


def _run(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "frontdesk", "--self-check"], env=env, capture_output=True,
                          text=True, timeout=240, check=False)


def test_self_check_passes_from_source_without_a_display(tmp_path: Path) -> None:
    (tmp_path / "tmp").mkdir()
    done = _run(_env(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    for name in [*STEP_NAMES, "Clean up"]:
        assert any(line.startswith("OK ") and f"  {name}" in line for line in lines), (name, done.stdout)
    assert "FAILED" not in done.stdout and "SKIPPED" not in done.stdout
    assert lines[-1].startswith("Self-check passed")
    assert "schema" in done.stdout and "page 1 rendered 612x792" in done.stdout
    assert list((tmp_path / "tmp").iterdir()) == []  # the temporary practice was removed


def test_unusable_temp_folder_fails_with_exit_1(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "tmp"
    not_a_folder.write_text("a file where the temporary folder should be")  # fails even for root
    done = _run(_env(tmp_path, TMPDIR=str(not_a_folder)))
    assert done.returncode == 1, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert any(line.startswith("FAILED") and "Create a temporary folder" in line for line in lines), done.stdout
    for name in STEP_NAMES[1:6]:  # everything that needs the folder is skipped, not attempted
        assert any(line.startswith("SKIPPED") and name in line for line in lines), (name, done.stdout)
    assert lines[-1].startswith("Self-check FAILED")
    assert "Traceback" not in done.stdout + done.stderr


def test_a_failing_step_fails_the_run_skips_its_dependents_and_still_cleans_up(tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    seen: list[str] = []

    def broken(run: object) -> str:
        raise OSError("disk on fire")

    def independent(run: object) -> str:
        seen.append("independent")
        return "ran"

    def dependent(run: object) -> str:
        seen.append("dependent")
        return "should not run"

    steps = (Step("Create a temporary folder", self_check.step_temp_folder),
             Step("Broken", broken, ("folder",)), Step("Independent", independent, ("folder",)),
             Step("Dependent", dependent, ("Broken",)))
    out = io.StringIO()
    assert run_self_check(out, steps) == 1
    text = out.getvalue()
    assert "FAILED" in text and "Broken: OSError: disk on fire" in text
    assert "SKIPPED" in text and "Dependent" in text
    assert seen == ["independent"]
    assert list(tmp_path.iterdir()) == []  # cleaned up after the failure


def test_all_steps_passing_gives_exit_0(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    out = io.StringIO()
    steps = (Step("Create a temporary folder", self_check.step_temp_folder),)
    assert run_self_check(out, steps) == 0
    assert out.getvalue().splitlines()[-1].startswith("Self-check passed")


def test_temp_parent_honours_tmpdir_instead_of_falling_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path / "missing"))
    assert self_check.temp_parent() == tmp_path / "missing"


def test_self_check_is_a_top_level_option() -> None:
    assert build_parser().parse_args(["--self-check"]).self_check is True
    assert build_parser().parse_args([]).self_check is False
    assert "--self-check" in build_parser().format_help()
