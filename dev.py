#!/usr/bin/env python3
"""Set up a private virtualenv with the pinned dependencies, then start the demo or run the tests.

    python3 dev.py demo     # set up, then start FrontDesk on the demo practice
    python3 dev.py test     # set up, then run the whole test suite across the cores (extra args go to pytest)
    FRONTDESK_TEST_DB=postgresql python3 dev.py test tests/payments   # those tests with every practice on
                            # PostgreSQL 16 (pgserver)
    python3 dev.py test --also-postgresql tests/payments   # the whole suite, and the tests under tests/payments
                            # that open a practice a second time on PostgreSQL, in one run (as CI does: .ci/run)
    python3 dev.py bench --server --patients 100000   # server-mode benchmarks: PostgreSQL over loopback vs SQLite
    python3 dev.py bench    # set up, then run the benchmarks (extra args go to `frontdesk bench`)
    python3 dev.py qt-libs  # set up, then install (as root) the system libraries Qt's window and offscreen need

Only the standard library is used here, so it works on a fresh clone with Python 3.11+.

On Linux, before Qt starts, the system libraries the bundled Qt platform plugin needs are read from the
plugin itself (``ldd`` on ``libqxcb.so`` for a window, ``libqoffscreen.so`` for the offscreen tests): the
missing ones are installed with apt-get when this runs as root, otherwise it stops with the one command
to run. A hand-kept list would drift from what each PySide6 release links.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import venv
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
CONSTRAINTS = ROOT / "constraints.txt"
STAMP = VENV / ".frontdesk-installed"


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for name in ("pyproject.toml", "constraints.txt"):
        digest.update((ROOT / name).read_bytes())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def ensure_venv() -> Path:
    if sys.version_info < (3, 11):
        sys.exit(f"FrontDesk needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    py = venv_python()
    if not py.exists():
        print("Creating the virtual environment in .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    fingerprint = _fingerprint()
    if STAMP.exists() and STAMP.read_text() == fingerprint:
        return py
    print("Installing FrontDesk and its pinned dependencies ...", flush=True)
    pip = [str(py), "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "install", "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "install", "-c", str(CONSTRAINTS), "-e", f"{ROOT}[test]"], check=True)
    STAMP.write_text(fingerprint)
    return py


# --- the system libraries Qt's platform plugin needs ------------------------------------------------

# Debian names a shared-library package after its soname (libxcb-icccm.so.4 -> libxcb-icccm4); these few
# live in a package named otherwise. tests/core/test_dev_qt_libs.py checks the rule against dpkg.
SONAME_PACKAGES = {
    "libglib-2.0.so.0": "libglib2.0-0", "libgthread-2.0.so.0": "libglib2.0-0",
    "libgobject-2.0.so.0": "libglib2.0-0", "libgio-2.0.so.0": "libglib2.0-0",
    "libGLdispatch.so.0": "libglvnd0", "libz.so.1": "zlib1g",
    "libbrotlidec.so.1": "libbrotli1", "libbrotlicommon.so.1": "libbrotli1",
    "libm.so.6": "libc6", "libpthread.so.0": "libc6", "libdl.so.2": "libc6", "librt.so.1": "libc6",
}
_LDD_LINE = re.compile(r"^\s*(\S+)\s+=>\s+(not found|\S+)")


def linked_libraries(ldd_output: str) -> dict[str, str | None]:
    """soname -> the file ldd resolved it to (None when "not found"), in ldd's order, without repeats."""
    found: dict[str, str | None] = {}
    for line in ldd_output.splitlines():
        match = _LDD_LINE.match(line)
        if match and match.group(1) not in found:
            found[match.group(1)] = None if match.group(2) == "not found" else match.group(2)
    return found


def missing_sonames(ldd_output: str) -> list[str]:
    return [soname for soname, path in linked_libraries(ldd_output).items() if path is None]


def package_for(soname: str) -> str:
    """The Debian/Ubuntu package that ships ``soname`` by Debian's library naming rule."""
    if soname in SONAME_PACKAGES:
        return SONAME_PACKAGES[soname]
    name, _, version = soname.partition(".so.")
    name = name.lower().replace("_", "-")
    version = version.split(".")[0]
    return f"{name}-{version}" if name[-1].isdigit() else f"{name}{version}"


def apt_knows(package: str) -> bool:
    """True when apt has ``package`` in its lists (a real package, not only a virtual name)."""
    shown = subprocess.run(["apt-cache", "show", "--no-all-versions", package],
                           capture_output=True, text=True)
    return shown.returncode == 0 and "Package:" in shown.stdout


def resolve_packages(sonames: list[str], knows: Callable[[str], bool] = apt_knows) -> tuple[list[str], list[str]]:
    """(packages to install, sonames no known package was found for). Ubuntu 24.04 renamed some
    libraries with a "t64" suffix (64-bit time_t), so that spelling is tried too."""
    packages: list[str] = []
    unknown: list[str] = []
    for soname in sonames:
        name = package_for(soname)
        chosen = next((candidate for candidate in (name, f"{name}t64") if knows(candidate)), None)
        if chosen is None:
            unknown.append(soname)
        elif chosen not in packages:
            packages.append(chosen)
    return packages, unknown


def qt_platform_needed(command: str, rest: list[str], environ: dict[str, str]) -> str | None:
    """The Qt platform plugin the command will load ("xcb", "offscreen"), None when no check is needed."""
    if not sys.platform.startswith("linux") or command == "setup":
        return None
    if command == "demo":
        if "--no-gui" in rest:
            return None
        wanted = environ.get("QT_QPA_PLATFORM", "")
        # Qt tries a "a;b" list in order; an empty value means Qt's default on X11, xcb.
        if wanted and not any(choice.strip().startswith("xcb") for choice in wanted.split(";")):
            return None
        return "xcb"
    platform = environ.get("QT_QPA_PLATFORM", "offscreen")  # the tests and the GUI benchmarks default to it
    return "xcb" if platform.startswith("xcb") else "offscreen" if platform.startswith("offscreen") else None


def qt_plugin(py: Path, platform: str) -> Path:
    """The venv's PySide6 plugin file for ``platform`` (found without importing Qt)."""
    where = subprocess.run([str(py), "-c", "import importlib.util as u; "
                            "print(u.find_spec('PySide6').submodule_search_locations[0])"],
                           capture_output=True, text=True, check=True).stdout.strip()
    return Path(where) / "Qt" / "plugins" / "platforms" / f"libq{platform}.so"


def missing_for(plugin: Path) -> list[str]:
    ldd = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True)
    return missing_sonames(ldd.stdout)


def install_command(packages: list[str], unknown: list[str]) -> str:
    command = "sudo apt-get install " + " ".join(packages) if packages else ""
    if unknown:
        extra = "the packages that provide " + ", ".join(unknown)
        command = f"{command} (and install {extra})" if command else f"install {extra}"
    return command


def ensure_qt_libs(py: Path, platform: str, *, again: str = "this", is_root: bool | None = None,
                   rounds: int = 3) -> str | None:
    """Install the system libraries the ``platform`` plugin lacks, or say how. Returns a one-line reason
    to stop (None when everything is there). Installing one library can reveal the next (ldd only lists
    what a library it found needs), hence a few rounds."""
    plugin = qt_plugin(py, platform)
    if not plugin.exists() or shutil.which("ldd") is None:
        return None  # not a glibc Linux build of Qt: nothing to read the needs from
    root = (os.geteuid() == 0) if is_root is None else is_root
    updated = False
    for _ in range(rounds):
        missing = missing_for(plugin)
        if not missing:
            return None
        if shutil.which("apt-get") is None:
            return (f"Qt's {platform} plugin needs these system libraries, which are missing: "
                    f"{', '.join(missing)}; install them with your package manager, then run {again} again.")
        packages, unknown = resolve_packages(missing)
        if root and unknown and not updated:  # a fresh machine may have no package lists yet
            subprocess.run(["apt-get", "update", "-qq"], check=False)
            updated = True
            packages, unknown = resolve_packages(missing)
        if not root or unknown:
            return (f"Qt needs system libraries this computer lacks ({', '.join(missing)}). "
                    f"Run: {install_command(packages, unknown)}  then run {again} again.")
        print(f"Installing the system libraries Qt needs: {' '.join(packages)} (apt-get) ...", flush=True)
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        # dpkg's unpacking chatter goes nowhere; apt-get's errors (stderr) still show.
        done = subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages], env=env,
                              stdout=subprocess.DEVNULL)
        if done.returncode != 0:
            return f"apt-get could not install {' '.join(packages)}; install them, then run {again} again."
    left = missing_for(plugin)
    if left:
        return f"Qt still lacks {', '.join(left)} after installing; install it, then run {again} again."
    return None


# --- the test command ------------------------------------------------------------------------------

MAX_TEST_WORKERS = 8  # past this the per-worker start-up (Qt, a template practice) outweighs the gain
SLOWEST_SHOWN = 25


def worker_count(cpus: int | None) -> int:
    """One pytest-xdist worker per core this process may use, at least 1 and at most MAX_TEST_WORKERS."""
    return max(1, min(cpus or 1, MAX_TEST_WORKERS))


def usable_cpus() -> int | None:
    if hasattr(os, "sched_getaffinity"):  # Linux: the cores this process may run on (a container's share)
        return len(os.sched_getaffinity(0))
    return os.cpu_count()


def pytest_args(rest: list[str], cpus: int | None) -> list[str]:
    """The pytest command line for ``dev.py test``: the suite spread over the cores with pytest-xdist and the
    slowest tests listed, so slow tests stay visible. "worksteal" lets an idle worker take tests queued on
    another, so a few long tests at the end do not leave a core idle (measured faster than "load" and
    "loadfile" here, though a module-scoped fixture may then be built on both workers). What the caller
    passed wins: ``-n 0`` or ``-p no:xdist`` runs in this process, ``--durations=N`` shows another number."""
    chosen = " ".join(rest)
    args: list[str] = []
    if not re.search(r"(^| )(-n|--numprocesses|--dist|-p ?no:xdist)", chosen):
        args += ["-n", str(worker_count(cpus)), "--dist", "worksteal"]
    if "--durations" not in chosen:
        args.append(f"--durations={SLOWEST_SHOWN}")
    return [*args, *rest]


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("demo", "test", "bench", "setup", "qt-libs"):
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    py = ensure_venv()
    platforms = (["xcb", "offscreen"] if command == "qt-libs" and sys.platform.startswith("linux")
                 else [p for p in [qt_platform_needed(command, rest, dict(os.environ))] if p])
    for platform in platforms:
        problem = ensure_qt_libs(py, platform, again=f"python3 dev.py {command}")
        if problem:
            print(problem, file=sys.stderr)
            return 1
    if command in ("setup", "qt-libs"):
        return 0
    if command == "demo":
        return subprocess.call([str(py), "-m", "frontdesk", "demo", *rest])
    if command == "bench":
        return subprocess.call([str(py), "-m", "frontdesk", "bench", *rest])
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return subprocess.call([str(py), "-m", "pytest", *pytest_args(rest, usable_cpus())], cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
