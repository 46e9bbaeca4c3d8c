"""The Audit trail tab: filter the trail, read it page by page, export it as CSV."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from frontdesk.domain.permissions import Permission
from frontdesk.errors import StorageError, ValidationError
from frontdesk.services.admin import audit as audit_service
from frontdesk.services.admin import users as users_service
from frontdesk.services.admin.audit import AuditFilter, AuditRow
from frontdesk.services.admin.users import UserInfo
from frontdesk.ui.admin.audit_filters import AuditFilterBar
from frontdesk.ui.admin.audit_model import AuditModel
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.widgets.common import Notice, StatusFn, allowed, fit_columns, make_table
from frontdesk.ui.widgets.file_dialog import SaveFileDialog, write_text_file
from frontdesk.ui.widgets.tab_base import AdminTab

#: the most events one query brings back to the screen (the CSV export has its own, larger cap)
LIST_LIMIT = 5000


def count_csv_rows(text: str) -> int:
    """Data rows in CSV text (quoted details may span lines, so lines are not rows)."""
    return max(0, sum(1 for _ in csv.reader(io.StringIO(text))) - 1)


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def suggested_file_name(audit_filter: AuditFilter, today: date) -> str:
    start = (audit_filter.start or today).strftime("%Y-%m-%d")
    end = (audit_filter.end or today).strftime("%Y-%m-%d")
    return f"audit-trail-{start}-to-{end}.csv"


class AuditTab(AdminTab):
    """Read-only view of the hash-chained audit trail."""

    topics = frozenset({"audit", "users"})
    permission = Permission.VIEW_AUDIT
    denied_text = "Only an administrator can read the audit trail."

    def __init__(self, uictx: UiContext, status: StatusFn | None = None, parent: QWidget | None = None) -> None:
        super().__init__(uictx, status, parent)
        self._applied: AuditFilter | None = None
        self.model = AuditModel(uictx.clock, self)
        self.notice = Notice(self)
        self.filters = AuditFilterBar(uictx.clock, self)
        self.apply_button = QPushButton("A&pply", self)
        self.apply_button.setToolTip("Show the events that match the filters (Enter)")
        self.export_button = QPushButton("E&xport CSV\u2026", self)
        self.export_button.setToolTip("Save every matching event (not only the rows loaded here) as a CSV file")
        self.summary = QLabel(self)
        self.new_activity = Notice(self)
        self.view, _proxy = make_table(self, self.model)  # not sortable: see AuditModel

        top = QHBoxLayout()
        top.addWidget(self.filters, 1)
        buttons = QVBoxLayout()
        buttons.addWidget(self.apply_button)
        buttons.addStretch(1)
        top.addLayout(buttons)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addLayout(top)
        layout.addWidget(self.new_activity)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)

        self.filters.submitted.connect(self.apply)
        self.apply_button.clicked.connect(self.apply)
        self.export_button.clicked.connect(self.export)
        self.model.modelReset.connect(self._update_summary)
        self.model.rowsInserted.connect(self._update_summary)
        self._set_enabled(False)

    # -- loading ---------------------------------------------------------------------------------
    def _on_changed(self, topics: frozenset[str]) -> None:
        if "users" in topics and self.isVisible() and self.can_read():
            self._load_usernames()
        if "audit" in topics:
            if self.isVisible():
                # Re-querying on every write would make the list jump while someone reads it.
                if self._applied is not None:
                    self.new_activity.show_text("New activity was recorded since this list was loaded; "
                                                "press Apply to include it.")
            else:
                self._stale = True

    def load(self) -> None:
        self._set_enabled(True)
        self.notice.clear_text()
        self.filters.roll_default_range()
        self._load_usernames()
        self.apply()

    def _load_usernames(self) -> None:
        if allowed(self.uictx, Permission.MANAGE_USERS):
            self.call(users_service.list_users, on_done=self._usernames_loaded)

    def _usernames_loaded(self, users: list[UserInfo]) -> None:
        self.filters.set_usernames(sorted(u.username for u in users))

    def clear(self, reason: str) -> None:
        self._applied = None
        self.model.set_rows([])
        self.new_activity.clear_text()
        self.filters.clear_errors()
        self._set_enabled(False)
        if reason:
            self.notice.show_text(reason)

    def _set_enabled(self, enabled: bool) -> None:
        self.filters.setEnabled(enabled)
        self.apply_button.setEnabled(enabled)
        self.export_button.setEnabled(enabled and allowed(self.uictx, Permission.EXPORT_AUDIT))

    # -- querying --------------------------------------------------------------------------------
    def _read_filter(self) -> AuditFilter | None:
        self.filters.clear_errors()
        try:
            return self.filters.audit_filter()
        except ValidationError as exc:
            self.filters.show_error(exc)
            return None

    def apply(self) -> None:
        """Run the query the filters describe (Enter in any filter field does this too)."""
        if not self.apply_button.isEnabled():
            return
        audit_filter = self._read_filter()
        if audit_filter is not None:
            self._query(audit_filter)

    def _query(self, audit_filter: AuditFilter) -> None:
        self.call(audit_service.list_events, audit_filter, limit=LIST_LIMIT,
                        on_done=lambda rows: self._loaded(audit_filter, rows), on_error=self._failed)

    def _loaded(self, audit_filter: AuditFilter, rows: list[AuditRow]) -> None:
        self._applied = audit_filter
        self.new_activity.clear_text()
        # Scroll up first: a view left at the bottom would fetch every batch as soon as the rows change.
        self.view.scrollToTop()
        self.model.set_rows(rows)
        fit_columns(self.view)

    def _failed(self, exc: BaseException) -> None:
        if not (isinstance(exc, ValidationError) and self.filters.show_error(exc)):
            ErrorPresenter(self)(exc)

    def _update_summary(self) -> None:
        total, shown = self.model.total(), self.model.rowCount()
        if self._applied is None:
            self.summary.clear()
            return
        text = f"{_plural(total, 'event')}, newest first."
        if shown < total:
            text += f" Showing the first {shown:,}; scroll down for more."
        if total >= LIST_LIMIT:
            text += f" Only the newest {LIST_LIMIT:,} are listed: narrow the dates to see older ones."
        self.summary.setText(text)

    # -- export ----------------------------------------------------------------------------------
    def export(self) -> None:
        """Ask where to save, then write every event matching the current filters as CSV."""
        if not self.export_button.isEnabled():
            return
        audit_filter = self._read_filter()
        if audit_filter is None:
            return
        if audit_filter != self._applied:
            self._query(audit_filter)  # so the list on screen matches what goes in the file
        path = SaveFileDialog.ask(self, "Export audit trail", suggested_file_name(audit_filter, self.uictx.clock.today()))
        if path is None:
            return
        self.call(audit_service.export_events_csv, audit_filter,
                        on_done=lambda text: self._write_export(path, text), on_error=self._failed)

    def _write_export(self, path: Path, text: str) -> None:
        try:
            write_text_file(path, text)
        except StorageError as exc:
            ErrorPresenter(self)(exc)
            return
        self.status(f"Exported {_plural(count_csv_rows(text), 'event')} to {path.name}")
