"""The waitlist panel: add (patient search) and remove entries; matches shown after a cancellation; book requests."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from calx_helpers import NOW, TUESDAY, TZ, click, column_texts, local, show
from PySide6.QtCore import Qt

from frontdesk.domain.schedule_time import PracticeClock
from frontdesk.services.scheduling import appointment_status, appointments, waitlist
from frontdesk.services.scheduling.appointments import BookingRequest
from frontdesk.services.scheduling.waitlist import WaitlistEntryInfo, WaitlistInput, WaitlistMatch
from frontdesk.ui.calendar.waitlist_dialog import WaitlistEntryDialog
from frontdesk.ui.calendar.waitlist_model import (
    EARLIER_SLOT,
    MatchesModel,
    WaitlistModel,
)
from frontdesk.ui.calendar.waitlist_panel import WaitlistPanel
from frontdesk.ui.widgets.confirm import ConfirmDialog


@pytest.fixture
def panel(qtbot, uictx, clinic, statuses) -> WaitlistPanel:  # type: ignore[no-untyped-def]
    return show(qtbot, WaitlistPanel(uictx, status=statuses.append), 900, 640)


@pytest.fixture
def cy_waiting(clinic) -> WaitlistEntryInfo:  # type: ignore[no-untyped-def]
    """Cy Cole wants Dr Alvarez on a Tuesday morning."""
    return waitlist.add_to_waitlist(clinic.admin, WaitlistInput(clinic.pat[2], 30, provider_ids=(clinic.dr_a,),
                                                                weekdays=(1,), earliest=time(8), latest=time(12),
                                                                note="can come at short notice"))


def _match(entry_id: int = 1) -> WaitlistMatch:
    start = datetime(2030, 3, 5, 10, 0, tzinfo=TZ)
    return WaitlistMatch(entry_id, 3, "Cole, Cy", "+15185550103", 30, None, (1,), "short notice", NOW, None, 1,
                         start, start + timedelta(minutes=30))


def test_models_pass_the_model_tester(qtmodeltester, cy_waiting) -> None:  # type: ignore[no-untyped-def]
    entries = WaitlistModel(PracticeClock(TZ))
    entries.set_rows([cy_waiting])
    entries.set_matches([_match(cy_waiting.id)])
    qtmodeltester.check(entries)
    matches = MatchesModel()
    matches.set_rows([_match()])
    qtmodeltester.check(matches)
    assert matches.index(0, 1).data() == EARLIER_SLOT
    assert not matches.index(0, 1).data(Qt.ItemDataRole.DecorationRole).isNull()


def test_entries_show_preferences_in_words(panel, cy_waiting, clinic) -> None:  # type: ignore[no-untyped-def]
    assert panel.model.rowCount() == 1
    assert column_texts(panel.model, 0) == ["Cole, Cy", "(518) 555-0103", "30 min", "Maria Alvarez, MD", "Tue",
                                            "8:00 AM\u201312:00 PM", "03/04/2030", "", "",
                                            "can come at short notice"]
    assert panel.count_label.text() == "1 waiting"


def test_add_through_the_dialog_with_patient_search(qtbot, panel, clinic, statuses, drive_dialog) -> None:  # type: ignore[no-untyped-def]
    assert "Nobody is on the waitlist" in panel.notice.text()

    def fill(dialog: WaitlistEntryDialog) -> None:
        click(qtbot, dialog.ok_button)
        assert dialog.form.error_label("patient_id").isVisible(), "no patient chosen yet"
        dialog.picker.search.setFocus()
        qtbot.keyClicks(dialog.picker.search, "Baker")
        qtbot.waitUntil(lambda: dialog.picker.model.rowCount() == 1)
        qtbot.keyClick(dialog.picker.search, Qt.Key.Key_Down)
        assert dialog.picker.view.hasFocus()
        qtbot.keyClick(dialog.picker.view, Qt.Key.Key_Return)
        assert dialog.type_combo.hasFocus(), "Enter on the patient moves on to the visit type"
        assert "Baker, Bob" in dialog.picker.picked.text()
        dialog.type_combo.setCurrentIndex(dialog.type_combo.findData(clinic.physical))
        assert dialog.length.value() == 60 and dialog.providers.count() == 1, "only Dr Alvarez offers it"
        dialog.providers.set_checked([clinic.dr_a])
        dialog.weekdays.set_values([0, 2])
        click(qtbot, dialog.use_earliest)
        qtbot.keyClicks(dialog.note, "prefers mornings")
        click(qtbot, dialog.ok_button)

    drive_dialog(WaitlistEntryDialog, fill)
    click(qtbot, panel.add_button)
    assert statuses[-1] == "Added Baker, Bob to the waitlist."
    entry = panel.selected_entry()
    assert entry is not None and entry.patient_id == clinic.pat[1]
    assert column_texts(panel.model, 0)[2:6] == ["60 min Physical", "Maria Alvarez, MD", "Mon, Wed", "after 8:00 AM"]
    assert not panel.notice.isVisible()


def test_remove_asks_first(qtbot, panel, cy_waiting, statuses, monkeypatch, uictx) -> None:  # type: ignore[no-untyped-def]
    answers = iter([False, True])
    asked: list[str] = []
    monkeypatch.setattr(ConfirmDialog, "ask", classmethod(
        lambda cls, parent, title, text, action, keep="": asked.append(text) or next(answers)))
    panel.view.selectRow(0)
    click(qtbot, panel.remove_button)
    assert panel.model.rowCount() == 1, "kept when the person says no"
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_Delete)
    assert "Take Cole, Cy off the waitlist?" in asked[0]
    assert panel.model.rowCount() == 0 and statuses[-1] == "Removed Cole, Cy from the waitlist."
    assert waitlist.list_waitlist(uictx.services) == []


def test_show_matches_after_a_cancellation(qtbot, panel, cy_waiting, clinic) -> None:  # type: ignore[no-untyped-def]
    assert "After a cancellation or no-show" in panel.matches_label.text()
    booked = appointments.book_appointment(clinic.admin, BookingRequest(clinic.pat[0], clinic.dr_a, clinic.visit,
                                                                        local(TUESDAY, 10)))
    freed = appointment_status.cancel_appointment(clinic.admin, booked.id, "feeling better")
    panel.show_matches(freed.waitlist_matches)
    assert panel.matches_model.rowCount() == 1
    assert column_texts(panel.matches_model, 0)[:5] == [
        "Cole, Cy", EARLIER_SLOT, "Tue 03/05/2030 10:00 AM with Maria Alvarez, MD", "(518) 555-0103", "30 min"]
    label = panel.matches_label.text()
    assert label.startswith(f"\u2191 {EARLIER_SLOT}: 1 waitlisted patient fits the time freed on "
                            "Tue 03/05/2030 10:00 AM\u201310:30 AM with Maria Alvarez, MD.")
    # The entry itself is marked in the list too: an icon and words, not colour alone.
    match_col = panel.model.match_column
    assert panel.model.index(0, match_col).data() == f"{EARLIER_SLOT}: fits 03/05 10:00 AM"
    assert panel.model.index(0, 0).data(Qt.ItemDataRole.DecorationRole) is not None
    panel.matches_view.setFocus()
    with qtbot.waitSignal(panel.book_requested) as booked_signal:
        qtbot.keyClick(panel.matches_view, Qt.Key.Key_Return)
    assert booked_signal.args == [clinic.pat[2]]
    with qtbot.waitSignal(panel.book_requested) as again:
        click(qtbot, panel.book_match_button)
    assert again.args == [clinic.pat[2]]
    click(qtbot, panel.dismiss_button)
    assert panel.matches_model.rowCount() == 0 and panel.model.index(0, match_col).data() == ""


def test_no_match_is_said_in_words(panel, cy_waiting) -> None:  # type: ignore[no-untyped-def]
    panel.show_matches([])
    assert panel.matches_label.text() == "No one on the waitlist fits the time that just opened."


def test_matches_of_an_entry_that_leaves_the_list_disappear(panel, cy_waiting, clinic) -> None:  # type: ignore[no-untyped-def]
    panel.show_matches([_match(cy_waiting.id)])
    waitlist.close_waitlist_entry(clinic.admin, cy_waiting.id, "booked")
    assert panel.model.rowCount() == 0 and panel.matches_model.rowCount() == 0
    assert "have left the waitlist" in panel.matches_label.text()
