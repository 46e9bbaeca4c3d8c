"""Benchmarks that need Qt: start to login window (a fresh process), login to main window, peak memory."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from frontdesk.bench.harness import CaseResult, result, runs_of
from frontdesk.demo.build import DEMO_PASSPHRASE, DEMO_PASSWORD, DEMO_USERNAME
from frontdesk.paths import DataPaths
from frontdesk.storage.engine import Database

# The real start path (`frontdesk --data-dir DIR`) until a LoginWindow method runs: "showEvent" (the
# window is on screen) or "attach" (the data is open, so a sign-in can go through).
_APP_START = r"""
import os, sys
from PySide6.QtCore import QTimer
import frontdesk.ui.login.window as login_window
_hooked = getattr(login_window.LoginWindow, sys.argv[2])
def _reached(self, arg):
    _hooked(self, arg)
    QTimer.singleShot(0, lambda: (print("READY", flush=True), os._exit(0)))
setattr(login_window.LoginWindow, sys.argv[2], _reached)
from frontdesk.cli import main
main(["--data-dir", sys.argv[1]])
"""

# The floor: the same interpreter showing a bare Qt window.
_BARE_QT = r"""
import os
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
w = QWidget()
w.resize(440, 360)
w.show()
QTimer.singleShot(0, lambda: (print("READY", flush=True), os._exit(0)))
app.exec()
"""


# Peak memory of the real GUI: sign in, open the Patients pane, search the whole practice, let it settle.
_PATIENTS_RSS = r"""
import os, resource, sys
from pathlib import Path
def peak_mb():
    # VmHWM is this process's own high-water mark (ru_maxrss is inherited across exec on Linux).
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

from PySide6.QtCore import QTimer
from frontdesk.paths import DataPaths
from frontdesk.services.admin import auth
from frontdesk.storage.store import KeySource, open_practice_store, unlock_key
from frontdesk.ui.app import build_main_window, create_application
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.runner import Runner
paths = DataPaths(Path(sys.argv[1]))
db = open_practice_store(paths, unlock_key(paths, KeySource(passphrase=sys.argv[2])))
app = create_application([])
uictx = UiContext(db, paths, Runner(ErrorPresenter(), synchronous=True), demo=True)
uictx.set_actor(auth.login(uictx.services, sys.argv[3], sys.argv[4]))
window = build_main_window(uictx, practice_name="Bench")
window.show()
pane = window.go("patients")
for text in ("s", "sm", "smi", "a", "jo"):
    pane.search.setText(text)
    QTimer.singleShot(400, app.quit)
    app.exec()
print(f"RSS {peak_mb():.1f}", flush=True)
os._exit(0)
"""

_BARE_RSS = r"""
import os, resource
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
def peak_mb():
    # VmHWM is this process's own high-water mark (ru_maxrss is inherited across exec on Linux).
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

app = QApplication([])
w = QMainWindow()
w.resize(1280, 760)
w.show()
QTimer.singleShot(400, app.quit)
app.exec()
print(f"RSS {peak_mb():.1f}", flush=True)
os._exit(0)
"""


def _peak_rss(script: str, args: list[str], env: dict[str, str]) -> float:
    out = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, env=env,
                         timeout=300).stdout
    line = next((ln for ln in out.splitlines() if ln.startswith("RSS ")), "")
    if not line:
        raise RuntimeError("the memory benchmark process did not report its peak RSS")
    return float(line.split()[1])


def case_patients_pane_rss(paths: DataPaths, patients: int, samples: int = 2) -> CaseResult:
    """Peak resident memory (MB, reported in the ms columns) of the GUI with the Patients pane searching."""
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    ours = [_peak_rss(_PATIENTS_RSS, [str(paths.root), DEMO_PASSPHRASE, DEMO_USERNAME, DEMO_PASSWORD], env)
            for _ in range(samples)]
    bare = [_peak_rss(_BARE_RSS, [], env) for _ in range(samples)]
    return result("gui_peak_rss_mb", f"peak RSS in MB (not ms): main window + Patients pane searching "
                  f"{patients:,} patients", ours, "bare QMainWindow process (MB)", bare, None)


def _time_process(script: str, args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", script, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, env=env, text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    elapsed = (time.perf_counter() - start) * 1000
    proc.wait(timeout=30)
    if line.strip() != "READY":
        raise RuntimeError("the start-up benchmark process did not reach its window")
    return elapsed


def case_start_to_login(paths: DataPaths, repeats: int) -> CaseResult:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["FRONTDESK_PASSPHRASE"] = DEMO_PASSPHRASE
    ours = [_time_process(_APP_START, [str(paths.root), "showEvent"], env) for _ in range(repeats)]
    bare = [_time_process(_BARE_QT, [], env) for _ in range(repeats)]
    ready = [_time_process(_APP_START, [str(paths.root), "attach"], env) for _ in range(repeats)]
    return result("start_to_login_window", "new process: `frontdesk` until the login window is shown",
                  ours, "bare Qt window process", bare, 800,
                  extra={"ready_to_sign_in_median_ms": round(sorted(ready)[len(ready) // 2], 1)})


def case_login_to_main(paths: DataPaths, db: Database, repeats: int) -> CaseResult:
    """Sign in (Argon2id verify + audit) and build and show the main window, vs a bare QMainWindow."""
    from PySide6.QtWidgets import QMainWindow

    from frontdesk.services.admin import auth
    from frontdesk.ui.app import build_main_window, create_application
    from frontdesk.ui.context import UiContext
    from frontdesk.ui.errors import ErrorPresenter
    from frontdesk.ui.runner import Runner

    app = create_application([])
    runner = Runner(ErrorPresenter(), synchronous=True)
    uictx = UiContext(db, paths, runner, demo=True)
    ours, bare = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        actor = auth.login(uictx.services, DEMO_USERNAME, DEMO_PASSWORD)
        uictx.set_actor(actor)
        window = build_main_window(uictx, practice_name="Bench")
        window.show()
        app.processEvents()
        ours.append((time.perf_counter() - start) * 1000)
        window.close()
        window.deleteLater()
        app.processEvents()
        start = time.perf_counter()
        plain = QMainWindow()
        plain.resize(1280, 760)
        plain.show()
        app.processEvents()
        bare.append((time.perf_counter() - start) * 1000)
        plain.close()
        plain.deleteLater()
        app.processEvents()
    return result("login_to_main_window", "auth.login + build and show the main window (Calendar pane)",
                  ours, "bare QMainWindow show", bare, 700)


def run_all(paths: DataPaths, db: Database, repeats: int, *, patients: int = 0) -> list[CaseResult]:
    return [case_start_to_login(paths, runs_of(repeats, 2)), case_login_to_main(paths, db, runs_of(repeats, 2)),
            case_patients_pane_rss(paths, patients, samples=min(2, repeats))]
