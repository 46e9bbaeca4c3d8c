"""A closed window stops listening: after it is closed, a change anywhere neither reloads it nor raises.

Every window that hears ``uictx.changed`` is opened, hears a change (so the test can fail), is closed,
and must stay quiet when the next change comes. The End of day window is also driven as the desk
used it: pick a day, close, save elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from shell_testlib import ADMIN_PASSWORD

from frontdesk.services.patients.patients import PatientInput, register_patient
from frontdesk.ui.billing.payments.ledger_dialog import LedgerDialog
from frontdesk.ui.billing.payments.ledger_page import TOPICS as LEDGER_TOPICS
from frontdesk.ui.billing.payments.patient_bar import ChosenPatient
from frontdesk.ui.end_of_day import EndOfDayDialog
from frontdesk.ui.end_of_day.pane import REFRESH_TOPICS as END_OF_DAY_TOPICS
from frontdesk.ui.patients.intake_dialog import REFRESH_TOPICS as INTAKE_TOPICS
from frontdesk.ui.patients.intake_dialog import IntakeDialog

EVERY_TOPIC = END_OF_DAY_TOPICS | LEDGER_TOPICS | INTAKE_TOPICS | {"practice", "users", "audit"}


@pytest.fixture
def submitted(uictx, monkeypatch) -> list[object]:  # type: ignore[no-untyped-def]
    """Every call handed to the runner from now on."""
    calls: list[object] = []
    real = uictx.runner.submit
    monkeypatch.setattr(uictx.runner, "submit", lambda call, *a, **kw: (calls.append(call), real(call, *a, **kw))[1])
    return calls


@pytest.fixture
def patient(admin_ctx):  # type: ignore[no-untyped-def]
    return register_patient(admin_ctx, PatientInput(first_name="Ann", last_name="Able", dob="03/14/1962", sex="F"))


def _no_backup(_parent: QWidget) -> bool:
    return False


WINDOWS: dict[str, Callable[..., QWidget]] = {
    "main window": lambda make_main, uictx, patient: make_main(),
    "end of day": lambda make_main, uictx, patient: EndOfDayDialog(None, uictx, _no_backup),
    "ledger": lambda make_main, uictx, patient: LedgerDialog(uictx, ChosenPatient(patient.id, "Able, Ann", "")),
    "check-in": lambda make_main, uictx, patient: IntakeDialog(uictx, patient.id),
}


@pytest.mark.parametrize("name", list(WINDOWS))
def test_a_closed_window_does_not_reload_on_a_change(qtbot, name, make_main, practice, uictx, patient,  # type: ignore[no-untyped-def]
                                                     submitted, popups) -> None:
    uictx.set_actor(practice.actor)
    window = WINDOWS[name](make_main, uictx, patient)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    submitted.clear()
    uictx.changed.emit(EVERY_TOPIC)
    assert submitted, f"the open {name} window reloads on a change"  # else this test could not fail

    window.close()
    submitted.clear()
    uictx.changed.emit(EVERY_TOPIC)
    assert submitted == [] and popups == []


def test_a_day_picked_in_the_closed_end_of_day_window_no_longer_complains(qtbot, uictx, practice, popups,  # type: ignore[no-untyped-def]
                                                                         submitted) -> None:
    """The desk picked tomorrow (the service refuses it), closed the window, and then saved a payment."""
    uictx.set_actor(practice.actor)
    tomorrow = uictx.clock.today() + timedelta(days=1)

    def pick_tomorrow_and_close() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, EndOfDayDialog)
        dialog.pane.set_day(tomorrow)
        dialog.reject()

    QTimer.singleShot(0, pick_tomorrow_and_close)
    EndOfDayDialog.ask(None, uictx, _no_backup)
    assert [m.text for m in popups] == [f"{tomorrow:%m/%d/%Y} has not happened yet."]  # said once, while open
    popups.clear()
    submitted.clear()
    uictx.changed.emit(frozenset({"payments", "ledger"}))  # a payment saved anywhere
    assert popups == [] and submitted == []


def test_a_window_hidden_by_the_lock_is_not_closed_and_keeps_listening(qtbot, make_main, practice, uictx) -> None:  # type: ignore[no-untyped-def]
    main = make_main(practice.actor)
    heard: list[frozenset[str]] = []
    window = QDialog(main)  # non-modal: the lock hides it and brings it back
    uictx.changed.connect(lambda topics: (window.windowTitle(), heard.append(topics)))
    window.show()
    qtbot.waitExposed(window)
    main.lock("manual")
    assert window.isHidden()
    heard.clear()  # (the lock itself is audited: a change)
    uictx.changed.emit(frozenset({"users"}))
    assert heard == [frozenset({"users"})]
    main.lock_screen.password.setText(ADMIN_PASSWORD)
    main.lock_screen.submit_unlock()
    assert window.isVisible()
    window.close()
    heard.clear()
    uictx.changed.emit(frozenset({"audit"}))
    assert heard == []
