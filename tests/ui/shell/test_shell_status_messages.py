"""Status-bar confirmations use the bar's free width, are elided with a tooltip when too long, and are kept
in View > Recent messages with their practice-clock time."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from frontdesk.domain import schedule_time as st
from frontdesk.ui.main_window.status_messages import RecentMessagesDialog

NOW = datetime(2026, 3, 10, 19, 5, tzinfo=UTC)  # 3:05 PM in New York (the practice clock's default zone)
LONG = "1 claim created: 1 ready to send, 0 held for review; the batch is on the Claims page"


@pytest.fixture
def main(make_main, practice, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(st, "utc_now", lambda: NOW)
    window = make_main(practice.actor)
    window.resize(1366, 768)
    return window


def test_a_long_message_is_shown_whole_when_the_bar_has_room(qtbot, main) -> None:  # type: ignore[no-untyped-def]
    main.show_status(LONG)
    label = main.statusBar().message_label
    qtbot.waitUntil(lambda: label.shown_text() == LONG)
    assert label.isVisible() and not label.is_elided() and label.toolTip() == ""
    # It gets the free width of the bar (before: cut at the first permanent widget, about 120 px in).
    assert label.width() > label.fontMetrics().horizontalAdvance(LONG)
    assert main.statusBar().currentMessage() == LONG


def test_a_message_wider_than_the_bar_is_elided_with_the_whole_text_in_its_tooltip(qtbot, main) -> None:  # type: ignore[no-untyped-def]
    text = " ".join([LONG] * 4)
    main.show_status(text)
    label = main.statusBar().message_label
    qtbot.waitUntil(lambda: label.shown_text().endswith("\u2026"))
    assert label.is_elided() and label.toolTip() == text
    assert label.fontMetrics().horizontalAdvance(label.shown_text()) <= label.width()
    # The permanent widgets on the right are not pushed off the window.
    assert main.lock_button.geometry().right() <= main.statusBar().width()
    assert main.statusBar().currentMessage() == text


def test_recent_messages_lists_the_last_ones_with_their_practice_time(main, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    for n in range(25):
        main.show_status(f"Message {n}")
    main.show_status(LONG)
    shown: list[list[str]] = []
    monkeypatch.setattr(RecentMessagesDialog, "ask",
                        classmethod(lambda cls, parent, entries: shown.append([e.line() for e in entries])))
    main.actions_.recent_messages.trigger()
    assert len(shown) == 1 and len(shown[0]) == 20
    assert shown[0][0] == "3:05 PM  " + LONG  # newest first, practice time
    assert shown[0][-1] == "3:05 PM  Message 6"


def test_the_history_is_not_handed_to_the_next_user(main, practice, frontdesk_actor) -> None:  # type: ignore[no-untyped-def]
    main.show_status("Saved patient Jane Roe.")
    main.uictx.set_actor(practice.actor)  # the same user again (unlock): the history stays
    assert [e.text for e in main.statusBar().recent()] == ["Saved patient Jane Roe."]
    main.uictx.set_actor(frontdesk_actor)
    assert main.statusBar().recent() == [] and main.statusBar().currentMessage() == ""


def test_the_dialog_lists_the_entries(qtbot, main) -> None:  # type: ignore[no-untyped-def]
    main.show_status("Added primary policy for Jane Roe.")
    dialog = RecentMessagesDialog(main.statusBar().recent(), main)
    qtbot.addWidget(dialog)
    assert dialog.list.item(0).text() == "3:05 PM  Added primary policy for Jane Roe."


def test_a_crowded_demo_bar_still_gives_messages_room(qtbot, main) -> None:  # type: ignore[no-untyped-def]
    """The demo bar (demo note, long practice name, unread count) left messages about 110 px before."""
    main.demo_label.setVisible(True)
    main.practice_label.setText("Practice: Maple Street Family Medicine (DEMO)")
    main.unread_badge.setText("\u2709 3 unread messages")
    main.show_status(LONG)
    label = main.statusBar().message_label
    qtbot.waitUntil(lambda: label.width() >= 350)
    assert label.shown_text().startswith("1 claim created: 1 ready to send")
    # The practice name shrinks (whole in its tooltip); the lock button stays inside the window.
    qtbot.waitUntil(lambda: main.practice_label.is_elided())
    assert main.practice_label.toolTip() == "Practice: Maple Street Family Medicine (DEMO)"
    assert main.lock_button.geometry().right() <= main.statusBar().width()


def test_a_short_message_squeezes_nobody(qtbot, main) -> None:  # type: ignore[no-untyped-def]
    main.show_status("Saved Lovelace, Ada")
    label = main.statusBar().message_label
    qtbot.waitUntil(lambda: label.shown_text() == "Saved Lovelace, Ada")
    assert not main.user_label.is_elided() and not main.practice_label.is_elided()
