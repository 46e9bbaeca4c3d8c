"""The background job of the backup dialogs: its outcome's slot may start it again at once.

A restore refused for a wrong passphrase arrives as ``failed``; the slot shows the error and the person (or
a test) clicks Run again. The thread that sent ``failed`` may not have returned yet, and the job must not
count as running then, or the second click does nothing and the dialog waits for ever.
"""

from __future__ import annotations

import threading

from frontdesk.errors import WrongKeyError
from frontdesk.ui.backup.job import BackgroundJob


def test_the_job_is_over_for_its_outcomes_slot_even_while_its_thread_is_still_returning(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    release = threading.Event()
    real_emit = BackgroundJob._emit

    def emit_then_linger(self, signal, *args):  # type: ignore[no-untyped-def]
        real_emit(self, signal, *args)
        release.wait(10)  # the sending thread has not returned yet when the slot runs

    monkeypatch.setattr(BackgroundJob, "_emit", emit_then_linger)
    job = BackgroundJob()
    seen: list[bool] = []
    results: list[object] = []
    job.succeeded.connect(results.append)

    def again(_exc: BaseException) -> None:
        seen.append(job.is_running())
        job.start(lambda _progress: "second run")

    job.failed.connect(again)

    def wrong_key(_progress):  # type: ignore[no-untyped-def]
        raise WrongKeyError("The passphrase is not correct.")

    try:
        job.start(wrong_key)
        qtbot.waitUntil(lambda: bool(results))
    finally:
        release.set()
        job.wait(10)
    assert seen == [False] and results == ["second run"]
