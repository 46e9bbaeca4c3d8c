"""The runner and UiContext's signals reach only receivers that still exist and belong to the current sign-in."""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Iterator

import pytest
import shiboken6
from PySide6.QtWidgets import QDialog, QLabel, QWidget

from frontdesk.domain.permissions import Role
from frontdesk.services._base import Actor
from frontdesk.ui.context import UiContext
from frontdesk.ui.receivers import receivers_of, retire
from frontdesk.ui.runner import Runner

OTHER = Actor(user_id=99, username="rita", full_name="Rita Reception", role=Role.FRONT_DESK)


@pytest.fixture
def threaded_runner(qtbot) -> Iterator[Runner]:  # type: ignore[no-untyped-def]
    unhandled: list[BaseException] = []
    runner = Runner(unhandled.append)
    runner.unhandled = unhandled  # type: ignore[attr-defined]
    yield runner
    runner.shutdown()


@pytest.fixture
def ctx(practice, data_paths, threaded_runner) -> UiContext:  # type: ignore[no-untyped-def]
    uictx = UiContext(practice.db, data_paths, threaded_runner)
    uictx.set_actor(practice.actor)
    return uictx


class Receiver(QLabel):
    def __init__(self) -> None:
        super().__init__()
        self.got: list[object] = []

    def take(self, value: object) -> None:
        self.setText(str(value))  # touches the C++ object: raises if it was deleted
        self.got.append(value)


def _held(runner: Runner) -> threading.Event:
    """Keep the database thread busy until the returned event is set (so the next calls stay pending)."""
    gate = threading.Event()
    runner.submit(lambda: gate.wait(30))
    return gate


def _service(_ctx: object, value: object) -> object:
    return value


def _failing(_ctx: object) -> None:
    raise ValueError("boom")


def test_receivers_are_found_for_bound_methods_lambdas_partials_and_helpers(qtbot) -> None:  # type: ignore[no-untyped-def]
    widget, other = Receiver(), QWidget()
    qtbot.addWidget(widget)
    qtbot.addWidget(other)

    class Helper:  # e.g. an actions helper that keeps its owner widget
        def __init__(self) -> None:
            self.owner = other

        def done(self, _value: object) -> None:
            pass

    assert receivers_of(widget.take) == (widget,)
    assert receivers_of(widget.setText) == (widget,)  # a Qt (builtin) method
    assert receivers_of(lambda value: widget.take(value)) == (widget,)
    assert receivers_of(functools.partial(Receiver.take, widget)) == (widget,)
    assert receivers_of(Helper().done) == (other,)
    assert set(receivers_of(lambda value: (widget.take(value), Helper().done(value)))) == {widget}
    assert receivers_of(lambda value, w=other: w.show()) == (other,)
    assert receivers_of(print) == () and receivers_of(None) == ()


def test_a_deleted_receiver_gets_nothing_and_a_live_one_gets_its_result(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    gone, alive = Receiver(), Receiver()
    qtbot.addWidget(alive)
    gate = _held(ctx.runner)
    ctx.call(_service, "for the deleted one", on_done=gone.take)
    ctx.call(_service, "for a lambda of the deleted one", on_done=lambda value: gone.take(value))
    ctx.call(_failing, on_done=gone.take)  # its error is dropped too, not presented
    ctx.call(_service, "hello", on_done=alive.take)
    shiboken6.delete(gone)
    gate.set()
    qtbot.waitUntil(lambda: alive.got == ["hello"])
    qtbot.waitUntil(lambda: not ctx.runner.is_busy())
    assert ctx.runner.unhandled == []


def test_a_receiver_from_an_earlier_sign_in_gets_nothing(qtbot, ctx, caplog) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.DEBUG)
    widget = Receiver()
    qtbot.addWidget(widget)
    gate = _held(ctx.runner)
    ctx.call(_service, "old result", on_done=widget.take)
    ctx.call(_failing, on_error=widget.take)
    ctx.call(_failing)  # would go to the presenter
    ctx.set_actor(OTHER)  # another user signs in while those are pending
    ctx.call(_service, "new result", on_done=widget.take)
    gate.set()
    qtbot.waitUntil(lambda: widget.got == ["new result"])
    qtbot.waitUntil(lambda: not ctx.runner.is_busy())
    assert ctx.runner.unhandled == []
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert any("earlier sign-in" in r.getMessage() for r in caplog.records)


def test_unlocking_as_the_same_user_keeps_pending_results(qtbot, ctx, practice) -> None:  # type: ignore[no-untyped-def]
    widget = Receiver()
    qtbot.addWidget(widget)
    gate = _held(ctx.runner)
    ctx.call(_service, "before the lock", on_done=widget.take)
    ctx.set_actor(practice.actor)  # what an unlock does: the same user, re-read
    gate.set()
    qtbot.waitUntil(lambda: widget.got == ["before the lock"])


def test_errors_for_a_live_receiver_still_reach_the_presenter(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    widget = Receiver()
    qtbot.addWidget(widget)
    ctx.call(_failing, on_done=widget.take)
    qtbot.waitUntil(lambda: len(ctx.runner.unhandled) == 1)
    assert isinstance(ctx.runner.unhandled[0], ValueError) and widget.got == []


def test_calls_outliving_a_sign_in_and_plain_submits_are_delivered(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    widget, got = Receiver(), []
    qtbot.addWidget(widget)
    gate = _held(ctx.runner)
    ctx.call(_service, "practice name", on_done=widget.take, outlives_sign_in=True)
    ctx.runner.submit(lambda: "app controller", got.append)  # the app's own steps belong to no sign-in
    ctx.set_actor(None)
    gate.set()
    qtbot.waitUntil(lambda: widget.got == ["practice name"] and got == ["app controller"])


def test_a_retired_receiver_neither_queries_nor_hears(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    pane = QWidget()
    child = Receiver()
    child.setParent(pane)
    qtbot.addWidget(pane)
    ran: list[str] = []
    ctx.actor_changed.connect(lambda actor: child.take(actor))
    retire(pane)
    ctx.call(lambda _ctx: ran.append("ran"), on_done=child.take)
    ctx.set_actor(OTHER)
    qtbot.waitUntil(lambda: not ctx.runner.is_busy())
    assert ran == [] and child.got == []


def test_listeners_of_deleted_widgets_are_forgotten_and_closed_windows_do_not_hear(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    gone, dialog = Receiver(), QDialog()
    inside = Receiver()
    inside.setParent(dialog)
    qtbot.addWidget(dialog)
    ctx.changed.connect(lambda topics: gone.take(topics))
    ctx.changed.connect(inside.take)
    count = ctx.changed.listener_count()
    shiboken6.delete(gone)
    ctx.changed.emit(frozenset({"patients"}))
    assert ctx.changed.listener_count() == count - 1
    assert inside.got == [frozenset({"patients"})]  # never shown yet: it listens
    dialog.show()
    dialog.reject()  # closed by the user
    ctx.changed.emit(frozenset({"patients"}))
    assert len(inside.got) == 1
    dialog.show()  # opened again: it hears again
    ctx.changed.emit(frozenset({"audit"}))
    assert inside.got[-1] == frozenset({"audit"})


def test_a_change_reported_on_the_database_thread_reaches_listeners_on_the_gui_thread(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    widget = Receiver()
    qtbot.addWidget(widget)
    threads: list[bool] = []
    ctx.changed.connect(lambda topics: (threads.append(threading.current_thread() is threading.main_thread()),
                                        widget.take(topics)))
    ctx.runner.submit(lambda: ctx.changed.emit(frozenset({"users"})))
    qtbot.waitUntil(lambda: widget.got == [frozenset({"users"})])
    assert threads == [True]


def test_a_plain_widget_that_hides_itself_still_hears(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    badge = Receiver()  # e.g. the unread badge on its own in a test: it hides while nobody is signed in
    qtbot.addWidget(badge)
    ctx.actor_changed.connect(lambda actor: badge.setVisible(actor is not None))
    badge.show()
    ctx.set_actor(None)
    assert badge.isHidden()
    ctx.set_actor(OTHER)
    assert badge.isVisible()


def test_listening_does_not_keep_a_widget_nobody_holds_alive(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    import gc

    own = ctx.changed.listener_count()  # UiContext's own (it reloads the practice's clock)
    widget = Receiver()  # no parent: Python owns it, and a bound method does not hold it (as with Qt signals)
    ctx.changed.connect(widget.take)
    assert ctx.changed.listener_count() == own + 1
    del widget
    gc.collect()
    ctx.changed.emit(frozenset({"users"}))
    assert ctx.changed.listener_count() == own
