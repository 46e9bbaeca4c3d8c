"""The Audit trail tab: default range, filters, lazy loading, CSV export and its errors."""

from __future__ import annotations

import csv
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from uisupport import click, retype

from frontdesk.domain.permissions import Role
from frontdesk.services._audit_chain import append_event
from frontdesk.services.admin import auth, users
from frontdesk.ui.admin.audit_model import BATCH, HEADERS
from frontdesk.ui.widgets.file_dialog import SaveFileDialog
from testsupport import practice_today
from frontdesk.ui.widgets.schedule_inputs import to_qdate

USER_COL = HEADERS.index("User")
ACTION_COL = HEADERS.index("Action")
DETAIL_COL = HEADERS.index("Detail")
RITA_PASSWORD = "rita's own violet canyon"


@pytest.fixture
def tab(pane):  # type: ignore[no-untyped-def]
    return pane.show_tab("audit")


@pytest.fixture
def rita_signed_in(notifying_ctx, practice):  # type: ignore[no-untyped-def]
    users.add_user(notifying_ctx(practice.actor), "rita", "Rita Reception", Role.FRONT_DESK, RITA_PASSWORD)
    return auth.login(notifying_ctx(), "rita", RITA_PASSWORD)


def column(tab, col: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [tab.model.index(r, col).data() for r in range(tab.model.rowCount())]


def add_events(db, count: int, detail: str = "bulk") -> None:  # type: ignore[no-untyped-def]
    """Write audit events straight into the chain (test set-up only), in one transaction."""
    with db.session(write=True) as session:
        for _ in range(count):
            append_event(session, db.audit_key, action="test.event", username="admin", detail=detail)


def choose_user(qtbot, tab, username: str) -> None:  # type: ignore[no-untyped-def]
    combo = tab.filters.user
    combo.setFocus()
    qtbot.keyClicks(combo, username)
    assert combo.currentData() == username


def test_defaults_to_the_last_seven_days_in_us_format(tab) -> None:  # type: ignore[no-untyped-def]
    today = practice_today()
    assert tab.filters.end.date().toPython() == today
    assert tab.filters.start.date().toPython() == today - timedelta(days=6)
    assert tab.filters.start.displayFormat() == "MM/dd/yyyy"
    assert tab.filters.start.text() == (today - timedelta(days=6)).strftime("%m/%d/%Y")
    assert "practice.setup" in column(tab, ACTION_COL)
    assert tab.summary.text().endswith("events, newest first.")


def test_filter_by_user_with_enter(qtbot, tab, rita_signed_in) -> None:  # type: ignore[no-untyped-def]
    tab.refresh()  # picks up rita in the user list
    choose_user(qtbot, tab, "rita")
    qtbot.keyClick(tab.filters.action, Qt.Key.Key_Return)
    assert set(column(tab, USER_COL)) == {"rita"}
    assert "login" in column(tab, ACTION_COL)


def test_filter_by_action_prefix(qtbot, tab, rita_signed_in) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(tab.filters.action, "user.")
    click(qtbot, tab.apply_button)
    actions = column(tab, ACTION_COL)
    assert actions and all(a.startswith("user.") for a in actions)
    assert "login" not in actions


def test_filter_by_user_and_action_together(qtbot, tab, rita_signed_in) -> None:  # type: ignore[no-untyped-def]
    tab.refresh()
    choose_user(qtbot, tab, "admin")
    qtbot.keyClicks(tab.filters.action, "login")
    qtbot.keyClick(tab.filters.user, Qt.Key.Key_Return)
    assert column(tab, ACTION_COL) == [], "the admin never signed in; rita did"


def test_end_before_start_error_under_the_to_date(qtbot, tab) -> None:  # type: ignore[no-untyped-def]
    before = column(tab, ACTION_COL)
    tab.filters.start.setDate(to_qdate(practice_today()).addDays(1))
    tab.filters.end.setDate(to_qdate(practice_today()))
    qtbot.keyClick(tab.filters.end, Qt.Key.Key_Return)
    error = tab.filters.errors["end"]
    assert error.isVisible() and "end date is before the start date" in error.text()
    assert column(tab, ACTION_COL) == before, "the last good result stays on screen"


def test_patient_id_must_be_a_number(qtbot, tab) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(tab.filters.patient_id, "12a")
    click(qtbot, tab.apply_button)
    assert "Patient ID is a number" in tab.filters.errors["patient_id"].text()
    retype(qtbot, tab.filters.patient_id, "12")
    click(qtbot, tab.apply_button)
    assert not tab.filters.errors["patient_id"].isVisible()
    assert tab.model.total() == 0


def test_new_activity_hint_until_apply(qtbot, tab, notifying_ctx, practice) -> None:  # type: ignore[no-untyped-def]
    assert not tab.new_activity.isVisible()
    before = tab.model.total()
    users.add_user(notifying_ctx(practice.actor), "bob", "Bob Builder", Role.BILLING, RITA_PASSWORD)
    assert tab.new_activity.isVisible()
    assert tab.model.total() == before, "the list does not jump while being read"
    click(qtbot, tab.apply_button)
    assert not tab.new_activity.isVisible()
    assert tab.model.total() == before + 1
    assert column(tab, ACTION_COL)[0] == "user.create"


def test_large_result_loads_200_rows_at_a_time(qtbot, tab, uictx, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    add_events(uictx.db, 2 * BATCH + 50)
    click(qtbot, tab.apply_button)
    total = tab.model.total()
    assert total > 2 * BATCH
    assert tab.model.rowCount() == BATCH and tab.model.canFetchMore()
    assert f"Showing the first {BATCH}" in tab.summary.text()
    # Scrolling to the end makes the view fetch more.
    tab.view.scrollToBottom()
    qtbot.waitUntil(lambda: tab.model.rowCount() > BATCH)
    # A new query starts again with one batch, even though the view was scrolled down.
    click(qtbot, tab.apply_button)
    assert tab.model.rowCount() == BATCH
    tab.model.fetchMore()
    assert tab.model.rowCount() == 2 * BATCH
    assert tab.model.index(2 * BATCH - 1, DETAIL_COL).data() == "bulk"
    # Last, because the tester fetches on its own and objects to resets while it watches.
    qtmodeltester.check(tab.model)
    while tab.model.canFetchMore():
        tab.model.fetchMore()
    assert tab.model.rowCount() == total
    assert "scroll down" not in tab.summary.text()


def test_export_writes_csv_and_neutralises_formulas(qtbot, tab, uictx, statuses, monkeypatch,  # type: ignore[no-untyped-def]
                                                    tmp_path: Path) -> None:
    add_events(uictx.db, 1, detail='=HYPERLINK("http://evil.example","click")')
    qtbot.keyClicks(tab.filters.action, "test.")
    click(qtbot, tab.apply_button)
    assert column(tab, DETAIL_COL) == ['=HYPERLINK("http://evil.example","click")'], "shown as is on screen"
    target = tmp_path / "trail.csv"
    asked: list[str] = []

    def fake_ask(cls, parent, caption, suggested_name, *args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(suggested_name)
        return target

    monkeypatch.setattr(SaveFileDialog, "ask", classmethod(fake_ask))
    click(qtbot, tab.export_button)
    assert asked and asked[0].startswith("audit-trail-") and asked[0].endswith(".csv")
    raw = target.read_bytes()
    assert raw.count(b"\r\n") == 2 and b"\r\r\n" not in raw, "CSV line ends are CRLF, written as is"
    with target.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["seq", "time_utc", "user", "action", "entity", "entity_id", "patient_id", "detail"]
    assert len(rows) == 2
    assert rows[1][3] == "test.event"
    assert rows[1][7] == "'=HYPERLINK(\"http://evil.example\",\"click\")"
    assert statuses[-1] == "Exported 1 event to trail.csv"


def test_export_counts_match_the_list(qtbot, tab, monkeypatch, tmp_path: Path, statuses) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "all.csv"
    monkeypatch.setattr(SaveFileDialog, "ask", classmethod(lambda cls, *a, **k: target))
    shown = tab.model.total()
    click(qtbot, tab.export_button)
    assert statuses[-1] == f"Exported {shown} events to all.csv"
    assert target.exists()


def test_export_cancelled_writes_nothing(qtbot, tab, monkeypatch, statuses, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(SaveFileDialog, "ask", classmethod(lambda cls, *a, **k: None))
    click(qtbot, tab.export_button)
    assert statuses == []
    assert list(tmp_path.iterdir()) == [tmp_path / "practice"]


def test_export_write_error_is_explained(qtbot, tab, monkeypatch, shown_errors, statuses,  # type: ignore[no-untyped-def]
                                         tmp_path: Path) -> None:
    missing = tmp_path / "no such folder" / "trail.csv"
    monkeypatch.setattr(SaveFileDialog, "ask", classmethod(lambda cls, *a, **k: missing))
    click(qtbot, tab.export_button)
    assert len(shown_errors) == 1
    assert shown_errors[0].title == "Storage problem"
    assert "no such folder" in shown_errors[0].text and "does not exist" in shown_errors[0].text
    assert statuses == []
