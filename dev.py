#!/usr/bin/env python3
"""Set up a private virtualenv with the pinned dependencies, then start the demo or run the tests.

    python3 dev.py demo     # set up, then start FrontDesk on the demo practice
    python3 dev.py test     # set up, then run the whole test suite
    python3 dev.py bench    # set up, then run the benchmarks (extra args go to `frontdesk bench`)

Only the standard library is used here, so it works on a fresh clone with Python 3.11+.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
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


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("demo", "test", "bench", "setup"):
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    py = ensure_venv()
    if command == "setup":
        return 0
    if command == "demo":
        return subprocess.call([str(py), "-m", "frontdesk", "demo", *rest])
    if command == "bench":
        return subprocess.call([str(py), "-m", "frontdesk", "bench", *rest])
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return subprocess.call([str(py), "-m", "pytest", *rest], cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
