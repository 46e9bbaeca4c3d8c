"""Backups that happen by themselves, on screen (issue 21, item 3): setting the schedule in Admin > Backups, the
scheduler running a due backup in the background, the closing backup after hours, the status-bar message at the
next sign-in and the flag of a missed backup (icon and words) until a good one.

The practice is in New York; the clock is frozen in UTC. Fixed dates are the frozen clock's.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from testsupport import STAFF_PASSWORD, screenshot_path

from frontdesk.domain import schedule_time as st
from frontdesk.domain.backup_schedule import BackupPlan
from frontdesk.domain.permissions import Role
from frontdesk.models import AuditEvent, ScheduledBackup
from frontdesk.services import _audit_chain
from frontdesk.services.admin import _backup_records, backup_jobs, backups, users
from frontdesk.services.admin import backup_schedule as schedule
from frontdesk.services.session import Actor, ServiceContext
from frontdesk.ui.app import build_main_window
from frontdesk.ui.backup import BackupAgeIndicator, BackupsTab
from frontdesk.ui.backup.closing_window import ClosingBackupWindow
from frontdesk.ui.backup.schedule_section import ADMIN_ONLY_TEXT
from frontdesk.ui.backup.scheduler import BackupScheduler

NINE_PM = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)  # Monday 11/30/2026, 9:00 PM in New York
SIX_PM = NINE_PM - timedelta(hours=3)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[datetime]:
    """The one clock (and the backup log's and audit trail's stamps), set to 5:00 PM in New York; move now[0]."""
    now = [NINE_PM - timedelta(hours=4)]
    monkeypatch.setattr(st, "utc_now", lambda: now[0])
    for module in (_backup_records, backup_jobs, _audit_chain):
        monkeypatch.setattr(module, "utcnow", lambda: now[0])
    return now


def _plan(folder: Path, **changes: object) -> BackupPlan:
    base = BackupPlan(daily=True, daily_at=time(21, 0), on_close=False, close_after=time(18, 0), folder=str(folder))
    return BackupPlan(**{**base.__dict__, **changes})


def _tab(qtbot, uictx, statuses) -> BackupsTab:  # type: ignore[no-untyped-def]
    tab = BackupsTab(uictx, statuses.append)
    qtbot.addWidget(tab)
    tab.resize(1366, 700)
    tab.show()
    qtbot.waitExposed(tab)
    return tab


def test_an_admin_sets_the_schedule_on_the_backups_tab(qtbot, uictx, statuses, target, clock) -> None:
    tab = _tab(qtbot, uictx, statuses)
    section = tab.schedule
    qtbot.waitUntil(lambda: section.daily.isEnabled())
    assert not section.daily.isChecked() and not section.daily_at.isEnabled()  # off until set
    assert "America/New_York" in section.zone.text()  # the practice's clock, never this PC's
    section.daily.setChecked(True)
    section.daily_at.setText("930p")
    section.on_close.setChecked(True)
    section.close_after.setText("5:30 PM")
    section.save_button.click()
    qtbot.waitUntil(lambda: section.form.error_label("folder").isVisible())  # enabled needs a folder
    assert "Backup folder" in section.form.error_label("folder").text()
    section.folder.setText(str(target))
    section.save_button.click()
    qtbot.waitUntil(lambda: any(s.startswith("Backup schedule saved") for s in statuses))
    assert statuses[-1] == (f"Backup schedule saved: every day at 9:30 PM and when FrontDesk closes after 5:30 PM, "
                            f"into {target}.")
    assert schedule.get_backup_schedule(uictx.services) == _plan(target, daily_at=time(21, 30), on_close=True,
                                                                 close_after=time(17, 30))
    with uictx.db.session(write=False) as session:
        assert session.scalars(select(AuditEvent.action).where(AuditEvent.action == "backup.schedule")).one()


def test_a_time_that_is_not_one_is_refused_beside_its_field(qtbot, uictx, statuses, target, clock) -> None:
    tab = _tab(qtbot, uictx, statuses)  # (held: the tab has no parent to keep it)
    section = tab.schedule
    qtbot.waitUntil(lambda: section.daily.isEnabled())
    section.daily.setChecked(True)
    section.daily_at.setText("25p")
    section.folder.setText(str(target))
    section.save_button.click()
    assert section.form.error_label("daily_at").isVisible() and statuses == []
    assert schedule.get_backup_schedule(uictx.services) == BackupPlan()


def test_front_desk_sees_the_schedule_but_cannot_change_it(qtbot, uictx, practice, statuses, target, clock) -> None:
    schedule.set_backup_schedule(uictx.services, _plan(target))
    rita = users.add_user(uictx.services, "rita", "Rita Reception", Role.FRONT_DESK, STAFF_PASSWORD)
    uictx.set_actor(Actor(rita.id, rita.username, rita.full_name, rita.role))
    tab = _tab(qtbot, uictx, statuses)  # (held: the tab has no parent to keep it)
    section = tab.schedule
    qtbot.waitUntil(lambda: section.daily.isChecked())
    assert section.folder.text() == str(target) and section.daily_at.text() == "9:00 PM"
    assert not section.save_button.isEnabled() and not section.daily.isEnabled()
    assert section.rights.text() == ADMIN_ONLY_TEXT


def test_the_scheduler_runs_a_due_backup_in_the_background(qtbot, threaded_uictx, target, clock) -> None:
    uictx = threaded_uictx
    schedule.set_backup_schedule(uictx.services, _plan(target))
    clock[0] = NINE_PM + timedelta(minutes=1)
    scheduler = BackupScheduler(uictx, workstation="DESK-1", tick_ms=3_600_000)
    indicator = BackupAgeIndicator(uictx)
    qtbot.addWidget(indicator)
    shown: list[str] = []
    scheduler.progressed.connect(lambda _fraction, _stage: shown.append(indicator.text.text()))
    with qtbot.waitSignal(scheduler.ended, timeout=60_000) as ended:
        pass  # the first tick, at once: due, claimed, run on the long-job worker
    assert ended.args[0].result == "ok" and (target / ended.args[0].file_name).is_file()
    assert shown and all(text.startswith("Scheduled backup: ") for text in shown)  # progress in the status bar
    assert indicator.running_text == ""
    scheduler.tick()  # a minute later: claimed already, nothing runs twice
    qtbot.waitUntil(lambda: not scheduler._asking)
    assert not scheduler.running() and len(backups.list_backup_runs(uictx.services)) == 1


def test_closing_after_hours_backs_up_first_with_progress(qtbot, threaded_uictx, target, clock) -> None:
    uictx = threaded_uictx
    schedule.set_backup_schedule(uictx.services, _plan(target, daily=False, on_close=True))
    scheduler = BackupScheduler(uictx, workstation="DESK-1", tick_ms=3_600_000)
    closed: list[str] = []
    scheduler.before_quit(None, lambda: closed.append("during hours"))  # 5:00 PM: closes at once
    qtbot.waitUntil(lambda: closed == ["during hours"])
    assert backups.list_backup_runs(uictx.services) == []

    clock[0] = SIX_PM + timedelta(minutes=45)
    later = BackupScheduler(uictx, workstation="DESK-1", tick_ms=3_600_000)
    shown: list[bool] = []
    later.started.connect(lambda _due: shown.append(bool(qtbot_windows())))
    later.before_quit(None, lambda: closed.append("after hours"))
    qtbot.waitUntil(lambda: closed[-1] == "after hours", timeout=60_000)
    [run] = backups.list_backup_runs(uictx.services)
    assert run.ok and run.username == "(scheduled)" and shown == [False]  # the window came right after the start
    assert qtbot_windows() == [] or all(not w.isVisible() for w in qtbot_windows())
    with uictx.db.session(write=False) as session:
        assert session.scalars(select(ScheduledBackup.kind)).all() == ["close"]


def qtbot_windows() -> list[ClosingBackupWindow]:
    from PySide6.QtWidgets import QApplication

    return [w for w in QApplication.topLevelWidgets() if isinstance(w, ClosingBackupWindow)]


def test_a_failed_closing_backup_is_shown_to_the_person_leaving(qtbot, threaded_uictx, tmp_path, clock) -> None:
    uictx = threaded_uictx
    schedule.set_backup_schedule(uictx.services, _plan(tmp_path / "unplugged", daily=False, on_close=True))
    clock[0] = SIX_PM + timedelta(hours=1)
    scheduler = BackupScheduler(uictx, workstation="DESK-1", tick_ms=3_600_000)
    closed: list[bool] = []
    scheduler.before_quit(None, lambda: closed.append(True))
    qtbot.waitUntil(lambda: any(w.result.text() for w in qtbot_windows()), timeout=60_000)
    [window] = [w for w in qtbot_windows() if w.result.text()]
    assert "FAILED" in window.result.text() and "does not exist" in window.result.text() and closed == []
    window.stop_button.click()  # now "Close"
    assert closed == [True]


def test_sign_in_tells_the_last_result_and_a_missed_backup_stays_flagged(qtbot, uictx, practice, target,
                                                                         clock) -> None:
    schedule.set_backup_schedule(uictx.services, _plan(target))
    clock[0] = NINE_PM + timedelta(hours=11)  # 8:00 AM: FrontDesk was closed everywhere at 9:00 PM
    assert schedule.claim_due_backup(ServiceContext(practice.db), "DESK-1") is None  # found missed, at start
    window = build_main_window(uictx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: "was missed" in window.statusBar().currentMessage())
    assert "11/30/2026 9:00 PM" in window.statusBar().currentMessage()
    indicator = window.backup_age
    qtbot.waitUntil(lambda: indicator.flag is not None)
    assert indicator.warning and indicator.text.text() == "Scheduled backup missed \u2014 back up now"
    assert not indicator.icon.pixmap().isNull() and "was missed" in indicator.toolTip()  # icon + words
    window.grab().save(str(screenshot_path("backup-schedule-missed-flag.png")))

    # The next sign-in is not told again; the flag stays until a verified backup is made.
    window.statusBar().clearMessage()
    uictx.set_actor(practice.actor)
    qtbot.waitUntil(lambda: indicator.flag is not None)
    assert window.statusBar().currentMessage() == ""
    notifying = ServiceContext(uictx.db, practice.actor, notify=uictx.changed.emit)
    backups.run_backup(notifying, target)  # Back up now
    qtbot.waitUntil(lambda: indicator.flag is None)
    assert not indicator.text.text().startswith("Scheduled backup")


def test_the_backups_tab_at_1366x768(qtbot, uictx, statuses, target, clock) -> None:
    """Looked at: the schedule above the history, nothing cut off (saved for the report)."""
    schedule.set_backup_schedule(uictx.services, _plan(target, on_close=True))
    tab = _tab(qtbot, uictx, statuses)
    tab.resize(1366, 768)
    qtbot.waitUntil(lambda: tab.schedule.daily.isChecked())
    section = tab.schedule
    assert section.folder.width() >= 380 and section.note.isVisible()
    assert tab.view.height() > 150  # the history keeps room
    tab.grab().save(str(screenshot_path("backup-schedule-tab-1366x768.png")))
