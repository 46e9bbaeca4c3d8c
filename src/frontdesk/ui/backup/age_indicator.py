"""The main window's status-bar note of how old the last verified backup is (a warning after a day)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import shiboken6
from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStyle, QWidget

from frontdesk.domain.formats import format_datetime
from frontdesk.services.admin import backups
from frontdesk.services.admin.backups import LastBackup
from frontdesk.ui.context import UiContext

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

    def __init__(self, uictx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backup_age_indicator")
        self.uictx = uictx
        self.last: LastBackup | None = None
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
        uictx.actor_changed.connect(lambda _actor: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        """Ask for the newest verified backup (skipped while nobody is signed in)."""
        if self.uictx.actor is None:
            return
        self.uictx.call(backups.last_verified_backup, on_done=self._loaded, on_error=self._failed)

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
        self.warning = warning
        self.text.setText(text)  # the icon beside it and the words "back up today" carry the warning
        self.text.setStyleSheet("color: #8a4b00; font-weight: bold;" if warning else "")
        self.icon.setPixmap(self._warn_pixmap if warning else self._ok_pixmap)
        if self.last is None:
            self.setToolTip("No backup has been verified yet. Use File > Back up now (Ctrl+Shift+B).")
        else:
            self.setToolTip(f"{self.last.file_name}\nin {self.last.folder}\nverified {format_datetime(self.last.finished_at, self.uictx.clock.tz)}"
                            "\nClick to back up now.")

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self.activated.emit()
        super().mouseReleaseEvent(event)
