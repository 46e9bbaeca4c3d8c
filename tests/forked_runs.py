"""A script run many times, each run in a process of its own forked from one that has already imported the app.

The crash tests start a process per crash point (a restore that dies before each file operation, a writer
killed with SIGKILL each round); Python's start-up and the app's imports were most of each run's CPU time.
Here one process imports ``preload`` once, then forks a child per run. The child runs the script as a process
started for it would: its own argv, stdin from /dev/null, stdout and stderr to the files (or FIFOs) given, its
own exit status (``os._exit`` and SIGKILL still end only that process, with no clean-up), and the
interpreter's normal shutdown when the script ends. The app calls os.replace/link/unlink through the ``os``
module at call time (nothing binds them at import), so a script that wraps them catches the same calls.

Importable as ``forked_runs`` from any test (tests/ is on sys.path, like ``testsupport``).
"""

from __future__ import annotations

import os
import select
import subprocess
import sys
import textwrap
from pathlib import Path

_FORKER = textwrap.dedent("""
    import importlib, os, sys

    script, preload = sys.argv[1], sys.argv[2:]
    for name in preload:
        importlib.import_module(name)
    for line in sys.stdin:
        out, err, *args = line.rstrip("\\n").split("\\t")
        pid = os.fork()
        if pid == 0:
            os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
            os.dup2(os.open(err, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), 2)
            os.dup2(os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), 1)
            sys.argv = [script, *args]
            break
        print(pid, flush=True)
        print(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]), flush=True)
    else:
        sys.exit(0)
    exec(compile(open(script, encoding="utf-8").read(), script, "exec"), {"__name__": "__main__", "__file__": script})
""")

RUN_TIMEOUT_S = 120


class ForkedRuns:
    """``run(*args)`` or ``start(out, err, *args)`` + ``wait()``: ``script`` in a forked process (see above)."""

    def __init__(self, script: Path, env: dict[str, str], folder: Path, preload: list[str]) -> None:
        self.folder, self.runs = folder, 0
        self.errors = folder / "forker.err"
        with open(self.errors, "w") as errors:
            self.proc = subprocess.Popen([sys.executable, "-c", _FORKER, str(script), *preload], env=env, text=True,
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors)

    def _line(self) -> str:
        assert self.proc.stdout is not None
        ready, _, _ = select.select([self.proc.stdout], [], [], RUN_TIMEOUT_S)
        assert ready, f"a forked run took over {RUN_TIMEOUT_S} s"
        line = self.proc.stdout.readline()
        assert line, self.errors.read_text(encoding="utf-8")[-2000:]  # the forking process itself failed
        return line

    def start(self, out: Path, err: Path, *args: str) -> int:
        """Start a run writing to ``out`` and ``err``; its process id (a FIFO for ``out`` streams its output)."""
        assert self.proc.stdin is not None
        self.proc.stdin.write("\t".join([str(out), str(err), *args]) + "\n")
        self.proc.stdin.flush()
        return int(self._line())

    def wait(self) -> int:
        """The exit status of the run started last (negative: the signal that ended it), once it has ended."""
        return int(self._line())

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        self.runs += 1
        out, err = self.folder / f"run{self.runs}.out", self.folder / f"run{self.runs}.err"
        self.start(out, err, *args)
        status = self.wait()
        return subprocess.CompletedProcess(args, status, out.read_text(encoding="utf-8"),
                                           err.read_text(encoding="utf-8"))

    def __enter__(self) -> ForkedRuns:
        return self

    def __exit__(self, *exc: object) -> None:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=30)
        self.proc.stdout.close()
