"""Find an opening: a type and two providers over their working hours, pick one with the keyboard; empty results explained."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from calx_helpers import TUESDAY, TZ, click, column_texts, local
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from frontdesk.services.scheduling import appointments
from frontdesk.services.admin import providers
from frontdesk.services.scheduling.appointments import BookingRequest
from frontdesk.services.scheduling.availability import Opening
from frontdesk.demo.data import fake_npi
from frontdesk.ui.calendar.find_opening import FindOpeningDialog, OpeningChoice
from frontdesk.ui.calendar.opening_search import OpeningsModel
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.runner import Runner
from frontdesk.ui.widgets.schedule_inputs import to_qtime


@pytest.fixture
def dialog(qtbot, uictx, clinic):  # type: ignore[no-untyped-def]
    dlg = FindOpeningDialog(uictx, type_id=clinic.visit)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    return dlg


def _tick_tuesday_only(dialog) -> None:  # type: ignore[no-untyped-def]
    dialog.weekdays.set_values([1])


def test_openings_model_passes_the_model_tester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = OpeningsModel()
    start = datetime(2030, 3, 5, 9, 0, tzinfo=TZ)
    model.set_rows([Opening(1, "Maria Alvarez, MD", start, start + timedelta(minutes=30)),
                    Opening(2, "James Okafor, DO", start, start + timedelta(minutes=30))])
    qtmodeltester.check(model)
    assert column_texts(model, 0) == ["03/05/2030", "Tuesday", "9:00 AM", "Maria Alvarez, MD"]


def test_type_and_two_providers_over_working_hours_then_enter_books(qtbot, dialog, clinic) -> None:  # type: ignore[no-untyped-def]
    # Dr Alvarez is busy at 9:00 on Tuesday: the first opening then is Dr Okafor's.
    appointments.book_appointment(clinic.admin, BookingRequest(clinic.pat[0], clinic.dr_a, clinic.visit,
                                                               local(TUESDAY, 9)))
    assert dialog.type_combo.currentData() == clinic.visit and dialog.length.value() == 30
    assert dialog.providers.count() == 2, "both doctors offer an office visit"
    dialog.providers.set_checked([clinic.dr_a, clinic.dr_b])
    _tick_tuesday_only(dialog)
    assert dialog.days.value() == 60
    dialog.type_combo.setFocus()
    qtbot.keyClick(dialog.type_combo, Qt.Key.Key_Return)  # Enter in the form runs Find
    model = dialog.model
    assert model.rowCount() == 20
    rows = [column_texts(model, r) for r in range(4)]
    assert rows == [
        ["03/05/2030", "Tuesday", "9:00 AM", "James Okafor, DO"],
        ["03/05/2030", "Tuesday", "9:15 AM", "James Okafor, DO"],  # on the practice's 15-minute grid
        ["03/05/2030", "Tuesday", "9:30 AM", "Maria Alvarez, MD"],
        ["03/05/2030", "Tuesday", "9:30 AM", "James Okafor, DO"],
    ]
    assert all(model.index(r, 1).data() == "Tuesday" for r in range(model.rowCount()))
    times = {model.index(r, 2).data() for r in range(model.rowCount())}
    assert "12:00 PM" not in times and "12:30 PM" not in times, "lunch is blocked out"
    assert "20 openings found" in dialog.summary.text() and not dialog.notice.isVisible()
    assert dialog.view.hasFocus(), "the results take the focus so Enter books"
    qtbot.keyClick(dialog.view, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.view, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.view, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    start = datetime(2030, 3, 5, 9, 30, tzinfo=TZ).astimezone(UTC)
    assert dialog.choice == OpeningChoice(start, clinic.dr_a, 30, clinic.visit)
    assert dialog.choice.start.tzinfo is UTC


def test_a_time_window_and_a_longer_length(qtbot, dialog, clinic) -> None:  # type: ignore[no-untyped-def]
    dialog.length.setValue(90)
    dialog.providers.set_checked([clinic.dr_b])
    _tick_tuesday_only(dialog)
    click(qtbot, dialog.use_window)
    dialog.window_from.setTime(to_qtime(time(13)))
    dialog.window_to.setTime(to_qtime(time(17)))
    click(qtbot, dialog.find_button)
    texts = [column_texts(dialog.model, r)[2:] for r in range(3)]
    assert texts == [["1:00 PM", "James Okafor, DO"], ["1:15 PM", "James Okafor, DO"],
                     ["1:30 PM", "James Okafor, DO"]]
    last = {dialog.model.index(r, 2).data() for r in range(dialog.model.rowCount())
            if dialog.model.index(r, 0).data() == "03/05/2030"}
    assert "3:30 PM" in last and "3:45 PM" not in last, "90 minutes must end by 5:00 PM"
    dialog.view.scrollTo(dialog.proxy.index(2, 1))
    rect = dialog.view.visualRect(dialog.proxy.index(2, 1))
    assert dialog.view.viewport().rect().contains(rect.center())
    # A double-click is a click followed by a second press that Qt reports as a double-click.
    qtbot.mouseClick(dialog.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(dialog.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert dialog.choice is not None and dialog.choice.length_minutes == 90
    assert dialog.choice.start == datetime(2030, 3, 5, 13, 30, tzinfo=TZ).astimezone(UTC)


def test_an_empty_result_says_why(qtbot, dialog, clinic) -> None:  # type: ignore[no-untyped-def]
    dialog.weekdays.set_values([5, 6])  # nobody works weekends
    click(qtbot, dialog.find_button)
    assert dialog.model.rowCount() == 0 and not dialog.book_button.isEnabled()
    text = dialog.notice.text()
    assert "No free 30-minute Office visit opening with any provider on Sat, Sun in the next 60 days." in text
    assert ("The working hours of Maria Alvarez, MD and James Okafor, DO never leave room for 30 minutes on Sat, Sun."
            in text)


def test_a_provider_without_hours_is_named(qtbot, dialog, clinic) -> None:  # type: ignore[no-untyped-def]
    import random

    new = providers.add_provider(clinic.admin, "Lee", "Nguyen", fake_npi(random.Random(9)), "NP")
    dialog._loaded(dialog.catalog.__class__(dialog.catalog.providers + (new,), dialog.catalog.types,
                                            dialog.catalog.settings))
    dialog.providers.set_checked([new.id])
    click(qtbot, dialog.find_button)
    assert "No weekly working hours are set up for Lee Nguyen, NP" in dialog.notice.text()


def test_a_window_ending_before_it_starts_is_shown_beside_the_field(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    click(qtbot, dialog.use_window)
    dialog.window_from.setTime(to_qtime(time(12)))
    dialog.window_to.setTime(to_qtime(time(9)))
    click(qtbot, dialog.find_button)
    error = dialog.form.error_label("windows")
    assert error.isVisible() and "start time before its end time" in error.text()
    assert dialog.isVisible() and dialog.model.rowCount() == 0


def test_a_provider_who_does_not_offer_the_type_is_refused_beside_the_list(qtbot, dialog, clinic) -> None:  # type: ignore[no-untyped-def]
    physical = dialog.type_combo.findData(clinic.physical)
    dialog.type_combo.setCurrentIndex(physical)
    assert dialog.length.value() == 60 and dialog.providers.count() == 1, "only Dr Alvarez offers a physical"
    # The list shows only those who offer it; a stale choice (e.g. passed in by the pane) is refused by the service.
    dialog.providers.set_providers([(clinic.dr_b, "James Okafor, DO")], [clinic.dr_b])
    click(qtbot, dialog.find_button)
    error = dialog.form.error_label("provider_ids")
    assert error.isVisible() and "does not offer Physical" in error.text()


def test_ask_returns_the_choice(qtbot, uictx, clinic, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def fake_exec(self) -> int:  # type: ignore[no-untyped-def]
        qtbot.addWidget(self)
        assert self.providers.checked_ids() == [clinic.dr_b], "the pane's provider comes ticked"
        self.find()
        self._book()
        return self.result()

    monkeypatch.setattr(FindOpeningDialog, "exec", fake_exec)
    choice = FindOpeningDialog.ask(None, uictx, provider_ids=[clinic.dr_b], type_id=clinic.visit)
    assert choice == OpeningChoice(datetime(2030, 3, 4, 9, 0, tzinfo=TZ).astimezone(UTC), clinic.dr_b, 30,
                                   clinic.visit), "today 9:00 AM is still ahead at 8:00 AM"


def test_works_with_the_threaded_runner(qtbot, practice, data_paths, clinic, shown_errors) -> None:  # type: ignore[no-untyped-def]
    # In the app, service calls run on the database thread and answer later, on the GUI thread.
    runner = Runner(ErrorPresenter(), synchronous=False)
    try:
        uictx = UiContext(practice.db, data_paths, runner)
        uictx.set_actor(practice.actor)
        dialog = FindOpeningDialog(uictx, type_id=clinic.physical)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(dialog.find_button.isEnabled)  # the types and providers have arrived
        assert dialog.length.value() == 60
        click(qtbot, dialog.find_button)
        assert not dialog.find_button.isEnabled() and dialog.summary.text() == "Searching\u2026"
        qtbot.waitUntil(lambda: dialog.model.rowCount() == 20)
        assert {dialog.model.index(r, 3).data() for r in range(20)} == {"Maria Alvarez, MD"}
        assert shown_errors == []
    finally:
        runner.shutdown()
