"""dev.py test runs the suite across the cores (pytest-xdist) and lists the slowest tests; what the caller
passes to pytest wins."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load_dev() -> ModuleType:
    spec = importlib.util.spec_from_file_location("frontdesk_dev_script_test_command", ROOT / "dev.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


dev = _load_dev()


@pytest.mark.parametrize(("cpus", "workers"), [(2, 2), (1, 1), (None, 1), (64, 8)])
def test_one_worker_per_usable_core_within_limits(cpus: int | None, workers: int) -> None:
    assert dev.worker_count(cpus) == workers


def test_the_plain_command_spreads_files_over_the_cores_and_lists_the_25_slowest() -> None:
    assert dev.pytest_args([], 2) == ["-n", "2", "--dist", "worksteal", "--durations=25"]
    assert dev.pytest_args(["-x", "tests/core"], 4) == ["-n", "4", "--dist", "worksteal", "--durations=25",
                                                        "-x", "tests/core"]


@pytest.mark.parametrize("chosen", [["-n", "0"], ["-n0"], ["--numprocesses=3"], ["-p", "no:xdist"], ["-pno:xdist"],
                                    ["--dist", "loadfile"]])
def test_the_callers_choice_of_workers_wins(chosen: list[str]) -> None:
    args = dev.pytest_args(["-q", *chosen], 2)
    assert args == ["--durations=25", "-q", *chosen]


def test_the_callers_durations_win() -> None:
    assert dev.pytest_args(["--durations=5"], 2) == ["-n", "2", "--dist", "worksteal", "--durations=5"]


def test_pytest_xdist_is_a_pinned_test_dependency() -> None:
    assert "pytest-xdist" in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert any(line.startswith("pytest-xdist==") for line in (ROOT / "constraints.txt").read_text().splitlines())


def test_slow_tests_are_marked_but_never_left_out_of_the_suite_or_ci() -> None:
    # `slow` is for a quick local loop (-m "not slow"); the README's command and CI run every test.
    assert "slow" not in " ".join(dev.pytest_args([], 2))
    assert "not slow" not in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "not slow" not in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert "pytest.mark.slow" in (ROOT / "tests" / "admin" / "backup" / "test_backup_crash.py").read_text(encoding="utf-8")
