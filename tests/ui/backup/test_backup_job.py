"""The runner's long jobs (backup, restore, drill): progress, cooperative cancel, the point of no return.

Threaded runner throughout: these are about a job on the second worker talking to the GUI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
import shiboken6
from PySide6.QtWidgets import QLabel

from frontdesk.errors import OperationCancelled, WrongKeyError
from frontdesk.ui.runner import JobControl, Runner


@pytest.fixture
def runner(qtbot) -> Iterator[Runner]:  # type: ignore[no-untyped-def]
    unhandled: list[BaseException] = []
    made = Runner(unhandled.append)
    made.unhandled = unhandled  # type: ignore[attr-defined]
    yield made
    made.shutdown()


class Receiver(QLabel):
    def __init__(self) -> None:
        super().__init__()
        self.progress: list[tuple[float | None, str, bool]] = []
        self.results: list[object] = []
        self.errors: list[BaseException] = []

    def progressed(self, fraction: float | None, step: str) -> None:
        self.progress.append((fraction, step, threading.current_thread() is threading.main_thread()))

    def done(self, result: object) -> None:
        self.results.append(result)

    def failed(self, exc: BaseException) -> None:
        self.errors.append(exc)


@pytest.fixture
def receiver(qtbot) -> Receiver:  # type: ignore[no-untyped-def]
    widget = Receiver()
    qtbot.addWidget(widget)
    return widget


def test_a_long_job_runs_on_its_own_worker_and_reports_progress_on_the_gui_thread(qtbot, runner,
                                                                                 receiver) -> None:
    held = threading.Event()
    runner.submit(lambda: held.wait(30))  # the database worker is busy: the long job must not wait for it
    ran_on: list[str] = []

    def work(control: JobControl) -> str:
        ran_on.append(threading.current_thread().name)
        progress = control.progress()
        for done in range(0, 101, 25):
            progress("copy", done, 100)
        return "made"

    try:
        job = runner.submit_long(work, receiver.done, receiver.failed, receiver.progressed)
        qtbot.waitUntil(lambda: receiver.results == ["made"])
    finally:
        held.set()
    assert ran_on and ran_on[0] not in ("MainThread", "frontdesk-db")
    assert [(f, s) for f, s, _ in receiver.progress] == [(0.0, "copy"), (0.25, "copy"), (0.5, "copy"),
                                                         (0.75, "copy"), (1.0, "copy")]
    assert all(on_gui for _, _, on_gui in receiver.progress) and not job.running()


def test_a_cancel_stops_the_job_at_its_next_step_and_arrives_as_cancelled(qtbot, runner, receiver) -> None:
    first_report = threading.Event()
    steps: list[int] = []

    def work(control: JobControl) -> None:
        for step in range(1000):
            steps.append(step)
            control.report(step / 1000, "copy")
            first_report.wait(30)  # the GUI cancels while the job is between its first and second step

    job = runner.submit_long(work, receiver.done, receiver.failed, receiver.progressed)
    qtbot.waitUntil(lambda: bool(receiver.progress))
    assert job.running() and job.cancel() == ""  # asked
    first_report.set()
    qtbot.waitUntil(lambda: bool(receiver.errors))
    assert isinstance(receiver.errors[0], OperationCancelled) and receiver.results == []
    assert steps == [0, 1]  # the second step's report raised; nothing after it ran
    assert runner.unhandled == []


def test_a_cancel_after_the_point_of_no_return_is_refused(qtbot, runner, receiver) -> None:
    passed = threading.Event()
    go_on = threading.Event()

    def work(control: JobControl) -> str:
        control.report(0.5, "copy")
        control.point_of_no_return("swap")
        passed.set()
        go_on.wait(30)
        control.report(1.0, "swap")  # a report after the point of no return never raises
        return "swapped"

    job = runner.submit_long(work, receiver.done, receiver.failed, receiver.progressed)
    assert passed.wait(30)
    assert job.cancel() == "swap"  # refused, and says which step it is in
    go_on.set()
    qtbot.waitUntil(lambda: receiver.results == ["swapped"])
    assert receiver.errors == []


def test_a_cancel_asked_before_the_point_of_no_return_wins_there(qtbot, runner, receiver) -> None:
    reported = threading.Event()
    cancelled = threading.Event()

    def work(control: JobControl) -> str:
        control.report(0.9, "verify")
        reported.set()
        cancelled.wait(30)
        control.point_of_no_return("publish")  # raises: the cancel came first
        return "published"

    job = runner.submit_long(work, receiver.done, receiver.failed, receiver.progressed)
    assert reported.wait(30)
    assert job.cancel() == ""
    cancelled.set()
    qtbot.waitUntil(lambda: bool(receiver.errors))
    assert isinstance(receiver.errors[0], OperationCancelled) and receiver.results == []


def test_a_cancel_without_an_error_handler_is_not_shown_as_an_error(qtbot, runner) -> None:
    started, asked, finished = threading.Event(), threading.Event(), threading.Event()

    def work(control: JobControl) -> None:
        try:
            started.set()
            asked.wait(30)
            control.check()
        finally:
            finished.set()

    job = runner.submit_long(work, receiver=None)
    assert started.wait(30) and job.cancel() == ""
    asked.set()
    assert finished.wait(30)
    qtbot.waitUntil(lambda: not runner.is_busy())
    assert runner.unhandled == []


def test_a_deleted_receiver_gets_neither_progress_nor_the_result(qtbot, runner) -> None:
    gate = threading.Event()
    widget = Receiver()

    def work(control: JobControl) -> str:
        control.report(0.1, "copy")
        gate.wait(30)
        control.report(0.9, "copy")
        return "late"

    runner.submit_long(work, widget.done, widget.failed, widget.progressed)
    qtbot.waitUntil(lambda: len(widget.progress) == 1)
    got = widget.progress, widget.results  # the lists outlive the label
    widget.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(widget))
    gate.set()
    qtbot.waitUntil(lambda: not runner.is_busy())
    assert len(got[0]) == 1 and got[1] == []  # dropped quietly, and nothing raised touching the deleted label
    assert runner.unhandled == []


def test_the_job_is_over_for_its_outcomes_slot_so_it_may_start_again_at_once(qtbot, runner) -> None:
    # A restore refused for a wrong passphrase arrives in on_error; the dialog shows it and the person clicks
    # Run again at once. The job must not count as running then, or the second click does nothing.
    seen: list[bool] = []
    results: list[object] = []

    def wrong_key(_control: JobControl) -> None:
        raise WrongKeyError("The passphrase is not correct.")

    def again(_exc: BaseException) -> None:
        seen.append(first.running())
        runner.submit_long(lambda _control: "second run", results.append, receiver=None)

    first = runner.submit_long(wrong_key, on_error=again, receiver=None)
    qtbot.waitUntil(lambda: bool(results))
    assert seen == [False] and results == ["second run"]


def test_a_long_call_belongs_to_the_sign_in_that_made_it(qtbot, runner, receiver, practice, data_paths) -> None:  # type: ignore[no-untyped-def]
    from frontdesk.ui.context import UiContext

    uictx = UiContext(practice.db, data_paths, runner)
    uictx.set_actor(practice.actor)
    gate = threading.Event()
    acted_as: list[str] = []

    def job(ctx, control: JobControl, value: str) -> str:  # type: ignore[no-untyped-def]
        acted_as.append(ctx.actor.username)
        control.report(0.5, "copy")
        gate.wait(30)
        control.report(1.0, "copy")
        return value

    uictx.call_long(job, "for the admin", on_done=receiver.done, on_error=receiver.failed,
                    on_progress=receiver.progressed)
    qtbot.waitUntil(lambda: len(receiver.progress) == 1)
    uictx.set_actor(None)  # signed out while the job ran
    gate.set()
    qtbot.waitUntil(lambda: not runner.is_busy())
    assert acted_as == ["admin"]  # it ran as the user who started it
    assert len(receiver.progress) == 1 and receiver.results == [] and receiver.errors == []
