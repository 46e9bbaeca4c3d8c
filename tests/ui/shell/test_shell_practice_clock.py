"""The UI's one clock: defaults and shown times are the practice's, whatever zone the workstation is set to.

Practice in New York; frozen clock 02:30 UTC on a Monday (Sunday 9:30 PM in New York); the process's zone
UTC, Honolulu or Tokyo in turn (issue 15, item 4). Also: the clock learns the practice's zone through the
runner, and follows a change of the practice's time zone.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from pytestqt.qtbot import QtBot
from testsupport import PASSPHRASE, MemoryKeyring, process_time_zone

from frontdesk.domain import schedule_time as st
from frontdesk.first_run import FirstRunResult
from frontdesk.paths import DataPaths
from frontdesk.services.patients import patients
from frontdesk.services.desk import phone_messages
from frontdesk.services.scheduling import schedule_setup
from frontdesk.services.admin import practice as practice_service
from frontdesk.services._base import Actor, ServiceContext
from frontdesk.services.patients.patients import PatientInput
from frontdesk.storage.keyring_cache import KeyCache
from frontdesk.ui.app import AppController
from frontdesk.ui.billing.dialogs import WalkInDialog
from frontdesk.ui.billing.encounter_header import EncounterHeaderForm
from frontdesk.ui.billing.payments.eob_header import EobHeader
from frontdesk.ui.billing.payments.take_payment_dialog import TakePaymentDialog
from frontdesk.ui.calendar.pane import CalendarPane
from frontdesk.ui.context import UiContext
from frontdesk.ui.desk.messages_detail import MessageDetailPanel
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.runner import Runner

NOW = datetime(2026, 11, 30, 2, 30, tzinfo=UTC)  # a Monday in UTC, Tokyo; Sunday evening in New York
SUNDAY = date(2026, 11, 29)


@pytest.fixture(params=["UTC", "Pacific/Honolulu", "Asia/Tokyo"])
def workstation_zone(request: pytest.FixtureRequest) -> Iterator[str]:
    with process_time_zone(request.param):
        yield request.param


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(st, "utc_now", lambda: NOW)


def _uictx(opened: FirstRunResult, data_paths: DataPaths, actor: Actor) -> UiContext:
    ctx = UiContext(opened.db, data_paths, Runner(ErrorPresenter(), synchronous=True))
    ctx.set_actor(actor)
    ctx.load_clock()
    return ctx


@pytest.fixture
def desk(workstation_zone: str, frozen: None, practice: FirstRunResult, data_paths: DataPaths,
         admin_ctx: ServiceContext) -> UiContext:
    return _uictx(practice, data_paths, admin_ctx.actor)  # type: ignore[arg-type]


@pytest.fixture
def patient_id(admin_ctx: ServiceContext) -> int:
    return patients.register_patient(admin_ctx, PatientInput(
        first_name="Mary", last_name="Jones", dob="03/07/1980", sex="F", phone="(217) 555-0142")).id


def test_the_clock_reads_new_york(desk: UiContext) -> None:
    assert desk.clock.tz.key == "America/New_York"
    assert desk.clock.today() == SUNDAY and desk.clock.now().hour == 21


def test_payment_received_on_defaults_to_new_yorks_today(qtbot: QtBot, desk: UiContext, patient_id: int) -> None:
    dialog = TakePaymentDialog(desk, patient_id, "Jones, Mary")
    qtbot.addWidget(dialog)
    assert dialog.received_on.date().toPython() == SUNDAY


def test_eob_paid_on_defaults_to_new_yorks_today(qtbot: QtBot, desk: UiContext) -> None:
    box = EobHeader(desk)
    qtbot.addWidget(box)
    assert box.paid_on.date().toPython() == SUNDAY


def test_a_new_encounter_is_dated_new_yorks_today(qtbot: QtBot, desk: UiContext) -> None:
    form = EncounterHeaderForm(desk.clock)
    qtbot.addWidget(form)
    assert form.service_date.date().toPython() == SUNDAY
    dialog = WalkInDialog(None, "Jones, Mary", [], desk.clock.today())
    qtbot.addWidget(dialog)
    assert dialog.service_date.date().toPython() == SUNDAY


def test_the_calendar_opens_on_new_yorks_today(qtbot: QtBot, desk: UiContext) -> None:
    pane = CalendarPane(desk)
    qtbot.addWidget(pane)
    qtbot.waitUntil(lambda: pane.current_day() == SUNDAY)
    assert pane.today() == SUNDAY


def test_a_message_shows_new_york_time(qtbot: QtBot, desk: UiContext, patient_id: int) -> None:
    row = phone_messages.take_message(desk.services, phone_messages.MessageInput(
        caller_name="Mary", patient_id=patient_id, reason="Refill", to_role="front_desk"))
    panel = MessageDetailPanel(desk.clock)
    qtbot.addWidget(panel)
    panel.show_detail(phone_messages.get_message(desk.services, row.id))
    assert "Taken: 11/29/2026 9:30 PM" in panel.summary.text()


def test_the_clock_follows_the_practices_zone(practice: FirstRunResult, data_paths: DataPaths,
                                              admin_ctx: ServiceContext, frozen: None) -> None:
    schedule_setup.set_schedule_settings(admin_ctx, "America/Chicago", 15)
    ctx = UiContext(practice.db, data_paths, Runner(ErrorPresenter(), synchronous=True))
    assert ctx.clock.tz.key == st.DEFAULT_TIME_ZONE  # not known until read
    changes: list[None] = []
    ctx.clock_changed.connect(lambda: changes.append(None))
    ctx.load_clock()  # through the runner, before anyone signs in
    assert ctx.clock.tz.key == "America/Chicago" and changes
    assert practice_service.practice_time_zone(ctx.services) == "America/Chicago"
    ctx.set_actor(admin_ctx.actor)
    ctx.call(schedule_setup.set_schedule_settings, "Pacific/Honolulu", 15)  # Admin > schedule settings
    assert ctx.clock.tz.key == "Pacific/Honolulu"
    assert ctx.clock.today() == date(2026, 11, 29) and ctx.clock.now().hour == 16


def test_opening_the_practice_reads_its_zone_before_anyone_signs_in(  # type: ignore[no-untyped-def]
        qtbot, runner, practice, data_paths, admin_ctx, monkeypatch, popups) -> None:
    """The app's start: the clock is the practice's before the sign-in window leads to any date on screen."""
    schedule_setup.set_schedule_settings(admin_ctx, "America/Chicago", 15)
    monkeypatch.setenv("FRONTDESK_PASSPHRASE", PASSPHRASE)
    ctl = AppController(data_paths, runner, ErrorPresenter(None), key_cache=KeyCache(MemoryKeyring()))
    try:
        ctl.start()
        assert ctl.uictx is not None and ctl.uictx.actor is None
        assert ctl.uictx.clock.tz.key == "America/Chicago"
    finally:
        if ctl.login_window is not None:
            ctl.login_window.dismiss()
        ctl.close_all()
    assert popups == []
