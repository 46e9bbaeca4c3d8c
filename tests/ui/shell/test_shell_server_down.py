"""The server is down (issue 19): a banner while it is away, the person's input kept, nothing half-saved, the
banner gone once it answers again, and the same save then succeeding once.

The practice is on a server of this module's own (stopped and started here), never the session's shared one.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from calendar_support import MONDAY, START_OF_TEST, build_clinic, local
from pg_practice import practice_on_own_server
from pg_server import PgServer
from PySide6.QtCore import Qt
from sqlalchemy import func, select
from testsupport import screenshot_path

import frontdesk
from frontdesk.domain import schedule_time as st
from frontdesk.error_messages import SERVER_UNAVAILABLE
from frontdesk.first_run import FirstRunResult
from frontdesk.models import Appointment, Patient
from frontdesk.paths import DataPaths
from frontdesk.services.session import ServiceContext
from frontdesk.storage import pg_notify
from frontdesk.ui import server_link
from frontdesk.ui.calendar.booking_dialog import BookingDialog, BookingPrefill
from frontdesk.ui.calendar.catalog import load_catalog
from frontdesk.ui.context import UiContext
from frontdesk.ui.main_window.server_banner import BACK_MESSAGE
from frontdesk.ui.runner import Runner

FORM = {"first_name": "Ada", "last_name": "Lovelace", "dob": "03/14/1962", "home_phone": "(518) 555-0142"}


@pytest.fixture(scope="module")
def own() -> Iterator[tuple[PgServer, FirstRunResult]]:
    yield from practice_on_own_server()


@pytest.fixture
def unhandled() -> list[BaseException]:
    return []


@pytest.fixture
def server_uictx(own, tmp_path, unhandled, monkeypatch, qtbot) -> Iterator[UiContext]:  # type: ignore[no-untyped-def]
    """The administrator at a workstation of the own server's practice; the retries (the server link's ping, the
    live-refresh listener's reconnection) are quick for the test."""
    monkeypatch.setattr(server_link, "RETRY_MS", 100)
    monkeypatch.setattr(pg_notify, "RETRY_S", 0.1)
    monkeypatch.setattr(st, "utc_now", lambda: START_OF_TEST)
    _server, practice = own
    ctx = UiContext(practice.db, DataPaths(tmp_path), Runner(unhandled.append, synchronous=True))
    ctx.set_actor(practice.actor)
    yield ctx
    ctx.runner.shutdown()


@contextmanager
def server_stopped(server: PgServer) -> Iterator[None]:
    """The server down for the block, started again after it whatever happened."""
    server.halt()
    try:
        yield
    finally:
        server.resume()


def count(practice: FirstRunResult, model: type) -> int:
    with practice.db.session(write=False) as session:
        return session.scalar(select(func.count()).select_from(model))


def test_patient_form_keeps_its_input_while_the_server_is_away(qtbot, own, server_uictx, unhandled) -> None:  # type: ignore[no-untyped-def]
    from frontdesk.ui.app import build_main_window

    server, practice = own
    window = build_main_window(server_uictx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    pane = window.go("patients")
    pane.new_patient()
    for name, text in FORM.items():
        qtbot.keyClicks(pane.form.edits[name], text)
    pane.form.sex.setCurrentIndex(pane.form.sex.findData("F"))
    typed = {name: pane.form.edits[name].text() for name in FORM}
    before = count(practice, Patient)
    assert not window.server_banner.isVisible()

    with server_stopped(server):
        pane.form.save()
        assert window.server_banner.isVisible()
        assert window.server_banner.text.text() == SERVER_UNAVAILABLE
        assert pane.stack.currentWidget() is pane._form_page  # still the form, with everything typed
        assert {name: pane.form.edits[name].text() for name in FORM} == typed
        assert pane.form.save_button.isEnabled()  # to try again
        window.grab().save(str(screenshot_path("server-down-banner.png")))
    qtbot.waitUntil(lambda: not window.server_banner.isVisible(), timeout=10_000)
    assert window.statusBar().currentMessage() == BACK_MESSAGE
    assert count(practice, Patient) == before  # the failed save left nothing behind
    pane.form.save()
    assert count(practice, Patient) == before + 1
    assert pane.stack.currentWidget() is pane.view
    assert unhandled == []
    window.close()


def test_booking_dialog_stays_open_with_its_input(qtbot, own, server_uictx, unhandled) -> None:  # type: ignore[no-untyped-def]
    server, practice = own
    desk = ServiceContext(practice.db, practice.actor)
    clinic = build_clinic(desk, desk)
    prefill = BookingPrefill(start=local(MONDAY, 10), provider_id=clinic.dr_a, type_id=clinic.visit,
                             patient_id=clinic.pat[0], patient_label="Able, Ann")
    dialog = BookingDialog(server_uictx, load_catalog(desk), prefill)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.reason, "Sore throat")
    before = count(practice, Appointment)

    with server_stopped(server):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        assert dialog.isVisible() and dialog.outcome is None
        assert dialog.reason.text() == "Sore throat" and dialog.picker.patient_id() == clinic.pat[0]
        assert dialog.start.value() == local(MONDAY, 10)
        assert SERVER_UNAVAILABLE in dialog.form.form_error.text()
        assert not server_uictx.server.reachable
    qtbot.waitUntil(lambda: server_uictx.server.reachable, timeout=10_000)
    assert count(practice, Appointment) == before
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.outcome is not None and dialog.outcome.reason == "Sore throat"
    assert count(practice, Appointment) == before + 1
    assert unhandled == []


def test_a_lost_server_shows_without_a_save_and_everything_reloads_after(qtbot, own, server_uictx) -> None:  # type: ignore[no-untyped-def]
    """The live-refresh listener's dropped connection is enough for the banner; once it listens again, what
    other workstations changed meanwhile was not heard, so every topic is reloaded."""
    from frontdesk.ui.app import build_main_window

    server, _practice = own
    heard: list[frozenset[str]] = []
    window = build_main_window(server_uictx)
    qtbot.addWidget(window)
    window.show()
    server_uictx.changed.connect(heard.append)
    assert server_uictx.start_live_refresh() and server_uictx.live_refresh_listening(10)
    try:
        with server_stopped(server):
            qtbot.waitUntil(window.server_banner.isVisible, timeout=10_000)
        qtbot.waitUntil(lambda: not window.server_banner.isVisible(), timeout=20_000)
        qtbot.waitUntil(lambda: server_link.EVERY_TOPIC in heard, timeout=20_000)
    finally:
        server_uictx.stop_live_refresh()
    window.close()


def test_sqlite_has_no_live_refresh(uictx) -> None:  # type: ignore[no-untyped-def]
    """Single-PC mode: nothing to listen to, nothing started; the file never goes "unreachable"."""
    assert not uictx.start_live_refresh()
    assert not uictx.live_refresh_listening(0)
    assert uictx.server.reachable


def test_every_topic_a_service_reports_is_reloaded_after_an_outage() -> None:
    """EVERY_TOPIC is written out by hand: it must name every topic a service reports (``tx.changed``, or a
    job's own ``notify``)."""
    services = Path(frontdesk.__file__).parent / "services"
    reported = {"audit"}  # tx.audit() reports it
    for path in services.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in ("changed", "notify", "_notify"):
                reported |= {leaf.value for arg in node.args for leaf in ast.walk(arg)
                             if isinstance(leaf, ast.Constant) and isinstance(leaf.value, str)}
    assert reported - server_link.EVERY_TOPIC == set()
    assert len(reported) > 20
