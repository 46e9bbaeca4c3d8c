"""The status-bar indicator: fresh, old and never, with an icon and words (not colour alone)."""

# Fixed dates are data here: describe_age is given NOW; the widget tests use relative times.

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt
from sqlalchemy import update

from frontdesk.models import BackupRun
from frontdesk.services.admin import backups
from frontdesk.services._base import ServiceContext
from frontdesk.services.admin.backups import LastBackup
from frontdesk.ui.backup import BackupAgeIndicator, describe_age

NOW = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)


def _last(age: timedelta, present: bool = True) -> LastBackup:
    return LastBackup(NOW - age, "frontdesk-20261127-120000.fdbackup", "/media/backup", 1000, present)


def test_describe_age_in_words() -> None:
    assert describe_age(None, NOW) == ("No verified backup yet — back up today", True)
    assert describe_age(_last(timedelta(seconds=20)), NOW) == ("Last verified backup: just now", False)
    assert describe_age(_last(timedelta(minutes=1)), NOW) == ("Last verified backup: 1 minute ago", False)
    assert describe_age(_last(timedelta(hours=3, minutes=5)), NOW) == ("Last verified backup: 3 hours ago", False)
    assert describe_age(_last(timedelta(hours=24)), NOW) == ("Last verified backup: 24 hours ago", False)
    assert describe_age(_last(timedelta(hours=25)), NOW) == (
        "Last verified backup: 25 hours ago — back up today", True)
    assert describe_age(_last(timedelta(days=3, hours=2)), NOW)[0] == "Last verified backup: 3 days ago — back up today"
    gone = describe_age(_last(timedelta(hours=2), present=False), NOW)
    assert gone[1] and "file not found" in gone[0]


def _indicator(qtbot, uictx) -> BackupAgeIndicator:  # type: ignore[no-untyped-def]
    widget = BackupAgeIndicator(uictx)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_never_backed_up_warns_with_icon_and_text(qtbot, uictx) -> None:
    widget = _indicator(qtbot, uictx)
    assert widget.warning and widget.text.text() == "No verified backup yet — back up today"
    assert not widget.icon.pixmap().isNull()


def test_fresh_backup_then_an_old_one_on_the_backups_topic(qtbot, uictx, practice, target) -> None:
    widget = _indicator(qtbot, uictx)
    notifying = ServiceContext(uictx.db, practice.actor, notify=uictx.changed.emit)
    backups.run_backup(notifying, target)  # emits "backups": the indicator asks again
    qtbot.waitUntil(lambda: not widget.warning)
    assert widget.text.text() == "Last verified backup: just now"
    assert target.name in widget.toolTip() or str(target) in widget.toolTip()
    with practice.db.session(write=True) as session:
        session.execute(update(BackupRun).values(finished_at=datetime.now(UTC) - timedelta(days=2, hours=1)))
    uictx.changed.emit(frozenset({"backups"}))
    qtbot.waitUntil(lambda: widget.warning)
    assert widget.text.text() == "Last verified backup: 2 days ago — back up today"


def test_minute_timer_rewords_without_a_query_and_click_activates(qtbot, uictx, practice, target) -> None:
    backups.run_backup(uictx.services, target)
    widget = _indicator(qtbot, uictx)
    assert widget.text.text() == "Last verified backup: just now"
    widget.last = LastBackup(datetime.now(UTC) - timedelta(minutes=5), widget.last.file_name, widget.last.folder,
                             1, True)
    widget._tick.timeout.emit()
    assert widget.text.text() == "Last verified backup: 5 minutes ago"
    with qtbot.waitSignal(widget.activated):
        qtbot.mouseClick(widget.text, Qt.MouseButton.LeftButton)


def test_nobody_signed_in_asks_nothing(qtbot, uictx) -> None:
    uictx.set_actor(None)
    widget = _indicator(qtbot, uictx)
    assert not widget.loaded and "checking" in widget.text.text()
