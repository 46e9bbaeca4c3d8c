"""The main window's status-bar note of how old the last verified backup is (a warning after a day).

It also carries the backup schedule: a scheduled backup running in the background (with its progress), a missed
or failed one (icon and words, until a verified backup is made after it), and, once, at the next sign-in, the
result of the last scheduled backup (``report_ready``: the main window puts it in the status bar).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import shiboken6
from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStyle, QWidget

from frontdesk.domain import schedule_time as st
from frontdesk.domain.backup_schedule import MISSED, ScheduledOutcome, describe
from frontdesk.domain.formats import format_datetime
from frontdesk.domain.permissions import Permission
from frontdesk.services.admin import backup_schedule, backups
from frontdesk.services.admin.backups import LastBackup
from frontdesk.ui.backup.job import STAGE_TEXT
from frontdesk.ui.backup.scheduler import BackupScheduler
from frontdesk.ui.context import UiContext
from frontdesk.ui.widgets.common import allowed

STALE_AFTER = timedelta(days=1)
RETICK_MS = 60_000  # the words ("3 hours ago") are recomputed every minute without asking the database
REQUERY_MS = 10 * 60_000  # a scheduled backup (CLI, another workstation) shows up within ten minutes


def describe_age(last: LastBackup | None, now: datetime | None = None) -> tuple[str, bool]:
    """The indicator's text and whether it is a warning (never backed up, older than a day, or the file is gone)."""
    if last is None:
        return "No verified backup yet — back up today", True
    now = now or datetime.now(UTC)
    age = max(now - last.finished_at, timedelta(0))
    minutes = int(age.total_seconds() // 60)
    if minutes < 1:
        words = "just now"
    elif minutes < 60:
        words = f"{minutes} minute{'s' if minutes != 1 else ''} ago"
    elif minutes < 48 * 60:
        hours = minutes // 60
        words = f"{hours} hour{'s' if hours != 1 else ''} ago"
    else:
        words = f"{age.days} days ago"
    text = f"Last verified backup: {words}"
    if age > STALE_AFTER:
        return text + " — back up today", True
    if not last.file_present:
        return text + " (backup file not found — drive disconnected?)", True
    return text, False


class BackupAgeIndicator(QWidget):
    """Icon plus text; refreshes on the "backups" topic, on sign-in and every ten minutes.

    ``activated`` fires on a click, so the main window can open the backup dialog from here too.
    """

    activated = Signal()
    report_ready = Signal(str)

    def __init__(self, uictx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backup_age_indicator")
        self.uictx = uictx
        self.last: LastBackup | None = None
        self.flag: ScheduledOutcome | None = None  # a missed or failed scheduled backup not made good yet
        self.running_text = ""  # a scheduled backup in the background, with its progress
        self.loaded = False
        self.warning = False
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.setSpacing(4)
        self.icon = QLabel(self)
        self.icon.setObjectName("backup_age_icon")
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        self._warn_pixmap = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size, size)
        self._ok_pixmap = self.style().standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton).pixmap(size, size)
        self.text = QLabel("Last verified backup: checking…", self)
        self.text.setObjectName("backup_age_text")
        layout.addWidget(self.icon)
        layout.addWidget(self.text)
        self._tick = QTimer(self)
        self._tick.setInterval(RETICK_MS)
        self._tick.timeout.connect(self._show)
        self._tick.start()
        self._requery = QTimer(self)
        self._requery.setInterval(REQUERY_MS)
        self._requery.timeout.connect(self.refresh)
        self._requery.start()
        uictx.changed.connect(self._on_changed)
        uictx.actor_changed.connect(lambda _actor: self._signed_in())
        scheduler = BackupScheduler.of(uictx)
        if scheduler is not None:
            scheduler.started.connect(lambda _due: self._scheduled_progress(None, "copy"))
            scheduler.progressed.connect(self._scheduled_progress)
            scheduler.ended.connect(self._scheduled_ended)
            if scheduler.running():
                self.running_text = "Scheduled backup running…"
        self.refresh()
        QTimer.singleShot(0, self._take_report)  # once the window has connected ``report_ready``

    def _signed_in(self) -> None:
        """A sign-in: the newest age and flag, and the last scheduled result if nobody was told of it yet."""
        self.refresh()
        self._take_report()

    def _take_report(self) -> None:
        if allowed(self.uictx, Permission.BACKUP):
            self.uictx.call(backup_schedule.take_scheduled_backup_report, on_done=self._report,
                            on_error=self._failed)

    def _report(self, outcome: ScheduledOutcome | None) -> None:
        if outcome is not None and shiboken6.isValid(self):
            self.report_ready.emit(describe(outcome, self.uictx.clock.tz, st.utc_now()))

    def _scheduled_progress(self, fraction: float | None, stage: str) -> None:
        words = STAGE_TEXT.get(stage, stage.capitalize())
        percent = "" if fraction is None else f" {int(100 * min(max(fraction, 0.0), 1.0))}%"
        self.running_text = f"Scheduled backup: {words}…{percent}"
        self._show()

    def _scheduled_ended(self, _result: object) -> None:
        self.running_text = ""
        self.refresh()

    def refresh(self) -> None:
        """Ask for the newest verified backup (skipped while nobody is signed in)."""
        if self.uictx.actor is None:
            return
        self.uictx.call(backups.last_verified_backup, on_done=self._loaded, on_error=self._failed)
        if allowed(self.uictx, Permission.BACKUP):  # (the indicator is hidden from the others)
            self.uictx.call(backup_schedule.backup_schedule_flag, on_done=self._flag_loaded, on_error=self._failed)

    def _flag_loaded(self, flag: ScheduledOutcome | None) -> None:
        if shiboken6.isValid(self):
            self.flag = flag
            self._show()

    def _on_changed(self, topics: frozenset[str]) -> None:
        if "backups" in topics:
            self.refresh()

    def _loaded(self, last: LastBackup | None) -> None:
        if not shiboken6.isValid(self):
            return  # the main window closed while the query ran
        self.last, self.loaded = last, True
        self._show()

    def _failed(self, exc: BaseException) -> None:
        # A status-bar note must never pop up dialogs; keep the last known age and try again later.
        if shiboken6.isValid(self) and not self.loaded:
            self.text.setText("Last verified backup: unknown")

    def _show(self) -> None:
        if not self.loaded:
            return
        text, warning = describe_age(self.last)
        if self.flag is not None:  # outstanding until a verified backup is made after it
            what = "missed" if self.flag.result == MISSED else "FAILED"
            text, warning = f"Scheduled backup {what} — back up now", True
        if self.running_text:
            text = self.running_text
        self.warning = warning
        self.text.setText(text)  # the icon beside it and the words "back up today" carry the warning
        self.text.setStyleSheet("color: #8a4b00; font-weight: bold;" if warning else "")
        self.icon.setPixmap(self._warn_pixmap if warning else self._ok_pixmap)
        if self.last is None:
            tip = "No backup has been verified yet. Use File > Back up now (Ctrl+Shift+B)."
        else:
            tip = (f"{self.last.file_name}\nin {self.last.folder}\nverified "
                   f"{format_datetime(self.last.finished_at, self.uictx.clock.tz)}\nClick to back up now.")
        if self.flag is not None:
            tip = describe(self.flag, self.uictx.clock.tz, st.utc_now()) + "\n\n" + tip
        self.setToolTip(tip)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self.activated.emit()
        super().mouseReleaseEvent(event)
