"""The README's Task Scheduler and cron examples run programs the installers really install (issue 21, item 3).

They once pointed at `%LOCALAPPDATA%\\Programs\\FrontDesk\\frontdesk.exe` and `/opt/frontdesk/.venv/bin/frontdesk`,
which no installer creates. Here the examples are read out of README.md and checked against the installer build
itself: the executables the PyInstaller spec builds (and which of them has a console), the folder the Inno
Setup script installs into, and the command link linux-install.sh makes; the arguments must parse as the CLI's
`backup` command. A README (or installer) change that drifts apart fails here.
"""

from __future__ import annotations

import ast
import re
import shlex
from pathlib import Path, PureWindowsPath

import pytest

from frontdesk.cli import build_parser

ROOT = Path(__file__).resolve().parents[3]
INSTALLER = ROOT / "installer"
# Inno Setup's {autopf} for a per-machine 64-bit install (PrivilegesRequired=admin, x64compatible)
PROGRAM_FILES = "C:\\Program Files"


def _backup_section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("### Backups that happen by themselves")
    return text[start:text.index("\n### ", start + 4)]


def _spec_executables() -> dict[str, object]:
    """Each EXE(...) the spec builds: its name -> its ``console`` argument (a literal, or the expression's text)."""
    tree = ast.parse((INSTALLER / "frontdesk.spec").read_text(encoding="utf-8"))
    found: dict[str, object] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "EXE":
            args = {kw.arg: kw.value for kw in node.keywords}
            name = ast.literal_eval(args["name"])
            console = args.get("console")
            found[name] = ast.literal_eval(console) if isinstance(console, ast.Constant) else ast.unparse(console)
    return found


def _iss_defines() -> dict[str, str]:
    text = (INSTALLER / "frontdesk.iss").read_text(encoding="utf-8")
    return dict(re.findall(r'^#define (\w+) "([^"]*)"', text, re.MULTILINE))


def _windows_install_dir() -> str:
    text = (INSTALLER / "frontdesk.iss").read_text(encoding="utf-8")
    value = re.search(r"^DefaultDirName=(.+)$", text, re.MULTILINE).group(1).strip()
    for name, defined in _iss_defines().items():
        value = value.replace("{#" + name + "}", defined)
    return value.replace("{autopf}", PROGRAM_FILES)


def _linux_command() -> tuple[str, str]:
    """(the command every user gets from ``sudo ./install.sh``, the program file the link points at, under $prefix)."""
    text = (INSTALLER / "linux-install.sh").read_text(encoding="utf-8")
    root_branch = text[text.index('if [ "$(id -u)" = "0" ]'):text.index("else")]
    bindir = re.search(r"bindir=(\S+)", root_branch).group(1)
    target, link = re.search(r'ln -sf "\$prefix/([^"]+)" "\$bindir/([^"]+)"', text).groups()
    return f"{bindir}/{link}", target


def _parses_as_backup(args: list[str]) -> None:
    parsed = build_parser().parse_args(args)
    assert parsed.command == "backup" and parsed.to


def test_the_task_scheduler_example_runs_the_installed_console_program() -> None:
    match = re.search(r'/TR "\\"(?P<exe>[^"\\]+(?:\\[^"\\]+)*)\\" (?P<args>[^"]+)"', _backup_section())
    assert match is not None, "no schtasks /TR example in the README's backup section"
    exe = PureWindowsPath(match["exe"])
    assert str(exe.parent) == _windows_install_dir() == "C:\\Program Files\\FrontDesk"
    executables = _spec_executables()
    assert exe.suffix == ".exe" and exe.stem in executables
    assert executables[exe.stem] is True  # the console build: a scheduled task keeps its output and exit code
    _parses_as_backup(shlex.split(match["args"], posix=False))


def test_the_cron_example_runs_the_command_the_linux_installer_links() -> None:
    lines = [line for line in _backup_section().splitlines() if re.match(r"^[\d*/,-]+( [\d*/,-]+){4}\s", line)]
    assert lines, "no crontab line in the README's backup section"
    command, target = _linux_command()
    assert target in _spec_executables()  # the link points at the program the spec builds
    for line in lines:
        words = shlex.split(line)[5:]
        assert words[0] == command == "/usr/local/bin/frontdesk"
        _parses_as_backup(words[1:])


@pytest.mark.parametrize("stale", ["%LOCALAPPDATA%\\Programs\\FrontDesk", "/opt/frontdesk/.venv"])
def test_no_example_points_at_a_path_no_installer_creates(stale: str) -> None:
    assert stale not in (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_checks_catch_the_old_examples() -> None:
    """The guard itself: the paths the README used to give fail the checks above."""
    old_windows = PureWindowsPath("%LOCALAPPDATA%\\Programs\\FrontDesk\\frontdesk.exe")
    assert str(old_windows.parent) != _windows_install_dir() or _spec_executables().get(old_windows.stem) is not True
    assert "/opt/frontdesk/.venv/bin/frontdesk" != _linux_command()[0]
