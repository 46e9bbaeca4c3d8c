"""Base of the admin and backups tabs: load when first shown, reload on relevant changes, clear on a user switch; the
add / edit / retire list tab."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from frontdesk.domain.permissions import Permission
from frontdesk.ui.context import UiContext
from frontdesk.ui.widgets.common import Notice, StatusFn, allowed, fit_columns, guarded, make_table, no_status
from frontdesk.ui.widgets.models import SORT_ROLE


class AdminTab(QWidget):
    """A tab that shows data of some ``topics`` and needs ``permission`` to read it.

    Loading is lazy: a hidden tab only notes that it is stale and reloads when shown, so a
    busy front desk does not re-query users or providers behind a closed Admin pane.
    """

    topics: frozenset[str] = frozenset()
    permission: Permission = Permission.SIGNED_IN
    denied_text = "Your role does not allow this."

    def __init__(self, uictx: UiContext, status: StatusFn | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.uictx = uictx
        self.status: StatusFn = status or no_status
        self._stale = True
        uictx.changed.connect(self._on_changed)
        uictx.actor_changed.connect(self._on_actor_changed)

    # -- for subclasses ----------------------------------------------------------------------
    def load(self) -> None:
        """Ask the services for fresh data (the signed-in user is allowed to read it)."""
        raise NotImplementedError

    def clear(self, reason: str) -> None:
        """Forget shown data; ``reason`` explains why (empty when there is nothing to say)."""
        raise NotImplementedError

    def call(self, service: Callable[..., Any], *args: Any, on_done: Callable[[Any], None] | None = None,
             on_error: Callable[[BaseException], None] | None = None, **kwargs: Any) -> int:
        """``uictx.call`` whose callbacks are dropped if this tab has been deleted meanwhile.

        Without ``on_error`` errors go to the app's error presenter (a dialog), as for any call.
        """
        return self.uictx.call(service, *args, on_done=guarded(self, on_done), on_error=guarded(self, on_error),
                               **kwargs)

    # -- refresh machinery -------------------------------------------------------------------
    def can_read(self) -> bool:
        return allowed(self.uictx, self.permission)

    def refresh(self) -> None:
        """Reload now (or show why not)."""
        self._stale = False
        if self.can_read():
            self.load()
        else:
            self.clear(self.denied_text)

    def mark_stale(self) -> None:
        """Reload now if on screen, else when next shown."""
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def _on_changed(self, topics: frozenset[str]) -> None:
        if self.topics & topics:
            self.mark_stale()

    def _on_actor_changed(self, _actor: object) -> None:
        # Someone else may be signing in at this workstation: drop what the last user saw.
        self.clear("")
        self.mark_stale()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()


class RecordListTab(AdminTab):
    """An admin tab around one sortable table of records with an ``id``, keeping the selection across reloads.

    Subclasses set ``self.model`` (with ``set_rows``, ``record(row)`` and ``row_of(id)``) before calling
    :meth:`_build_table`, and implement :meth:`_update_buttons`.
    """

    empty_text = ""
    _field_fix: tuple[int, str] | None = None  # (record id, field) to open in its editor once it is listed

    def _build_table(self, sort_role: int) -> None:
        self._pending_selection: int | None = None
        self.notice = Notice(self)
        self.view, proxy = make_table(self, self.model, sort_role=sort_role)
        assert proxy is not None
        self.proxy = proxy
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)

    def _build_filter(self, placeholder: str, widest: int) -> None:
        """The filter box (Alt+L): the table keeps the rows with what is typed in any column."""
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText(placeholder)
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setMaximumWidth(widest)
        self._filter_label = QLabel("Fi&lter:", self)
        self._filter_label.setBuddy(self.filter_edit)
        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)

    def _lay_out(self, buttons: list[QPushButton], *rows: QHBoxLayout) -> None:
        """The notice, a bar of ``buttons`` with the filter box at its right, ``rows``, then the table."""
        bar = QHBoxLayout()
        for button in buttons:
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self._filter_label)
        bar.addWidget(self.filter_edit, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addLayout(bar)
        for row in rows:
            layout.addLayout(row)
        layout.addWidget(self.view, 1)

    def _update_buttons(self) -> None:
        raise NotImplementedError

    def show_rows(self, rows: list[Any]) -> None:
        """Show freshly loaded rows, keeping (or making, after an add) the selection."""
        current = self.selected_record()
        keep = self._pending_selection or (current.id if current else None)
        self.notice.clear_text()
        self.model.set_rows(rows)
        fit_columns(self.view)
        if keep is not None:
            self.select_record(keep)
        self._pending_selection = None  # one try: a record that vanished is not waited for
        if not rows and self.empty_text:
            self.notice.show_text(self.empty_text)
        self._update_buttons()
        if self._field_fix is not None:
            self._open_field_fix()

    def edit_record_field(self, record_id: int, field: str) -> None:
        """Select the record and open its editor with the cursor in ``field`` (a claim problem's), now or as
        soon as the rows are in."""
        self._field_fix = (record_id, field)
        if self.select_record(record_id):
            self._open_field_fix()

    def _open_field_fix(self) -> None:
        record_id, field = self._field_fix or (0, "")
        record = self.selected_record()
        if record is None or record.id != record_id:
            return  # not listed yet (show_rows comes back here), or the record is gone
        self._field_fix = None
        self.edit_field(record, field)

    def edit_field(self, record: Any, field: str) -> None:
        """Open ``record``'s editor on ``field``; tabs whose records have an editor override this."""

    def clear(self, reason: str) -> None:
        self.model.set_rows([])
        if reason:
            self.notice.show_text(reason)
        self._update_buttons()

    def selected_record(self) -> Any | None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.record(self.proxy.mapToSource(rows[0]).row())

    def select_record(self, record_id: int) -> bool:
        """Select the row of ``record_id`` (if it is shown); True when found."""
        row = self.model.row_of(record_id)
        if row < 0:
            # Not loaded yet (the refresh after an add may still be on its way): select it when it is.
            self._pending_selection = record_id
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False  # filtered out
        self.view.selectRow(index.row())
        self.view.scrollTo(index)
        return True


class RetirableListTab(RecordListTab):
    """A list of records that some roles add, edit, retire and reactivate (the fee schedule, payers).

    This class owns the buttons and the filter box, which buttons the selection enables, Enter or a
    double-click to edit, the service call that retires or reactivates, and the status-bar messages;
    a subclass names its texts, permission and dialog and supplies :meth:`make_model`, :meth:`load`,
    :meth:`set_active` and the add/save messages. Retired rows stay listed (old records still name
    them), so "show retired" is the Status column. Reloading on ``topics`` comes from :class:`AdminTab`.
    """

    manage_permission: Permission  # who may add, edit, retire (every subclass names it)
    dialog: Any = None  # ``dialog.ask(parent, uictx, record=None)`` -> the saved record, or None when cancelled
    add_text = ("", "")  # (button text, tooltip), likewise for edit
    edit_text = ("", "")
    retire_tip = ""
    reactivate_tip = ""
    filter_hint = ("", 220)  # (placeholder, widest in pixels)
    retired_text = "Retired {}."  # filled with record_name(the saved record)
    reactivated_text = "{} is offered again."

    def __init__(self, uictx: UiContext, status: StatusFn | None = None, parent: QWidget | None = None) -> None:
        super().__init__(uictx, status, parent)
        self.model = self.make_model()
        self._build_table(SORT_ROLE)
        self.add_button = self._button(*self.add_text)
        self.edit_button = self._button(*self.edit_text)
        self.retire_button = self._button("Re&tire", self.retire_tip)
        self.reactivate_button = self._button("Rea&ctivate", self.reactivate_tip)
        rows = self.extra_rows()  # made before the filter box, so the Tab key meets them first
        self._build_filter(*self.filter_hint)
        self._lay_out([self.add_button, self.edit_button, self.retire_button, self.reactivate_button], *rows)

        self.add_button.clicked.connect(self._add)
        self.edit_button.clicked.connect(lambda: self._edit())
        self.view.activated.connect(lambda _index: self._edit())
        self.retire_button.clicked.connect(lambda: self._set_active(False))
        self.reactivate_button.clicked.connect(lambda: self._set_active(True))
        self._update_buttons()

    def _button(self, text: str, tip: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setToolTip(tip)
        return button

    # -- for subclasses ----------------------------------------------------------------------
    def make_model(self) -> Any:
        """The table model (see RecordListTab)."""
        raise NotImplementedError

    def extra_rows(self) -> list[QHBoxLayout]:
        """Build the subclass's own controls (called once, from ``__init__``); their rows go between the
        button bar and the table."""
        return []

    def set_active(self, record: Any, active: bool, on_done: Callable[[Any], None]) -> None:
        """Call the service that retires (``active`` False) or reactivates ``record``."""
        raise NotImplementedError

    def record_name(self, record: Any) -> str:
        """How the retire / reactivate messages name a record."""
        raise NotImplementedError

    def added_text(self, record: Any) -> str:
        raise NotImplementedError

    def saved_text(self, record: Any) -> str:
        raise NotImplementedError

    def ask_edit(self, record: Any, field: str) -> Any | None:
        """Open the dialog on ``record``; the saved record, or None when cancelled."""
        return self.dialog.ask(self, self.uictx, record)

    # -- buttons and actions -----------------------------------------------------------------
    def manageable_record(self) -> Any | None:
        """The selected record if the signed-in user may change it, else None."""
        manage = self.can_read() and allowed(self.uictx, self.manage_permission)
        return self.selected_record() if manage else None

    def _update_buttons(self) -> None:
        record = self.manageable_record()
        self.add_button.setEnabled(self.can_read() and allowed(self.uictx, self.manage_permission))
        self.edit_button.setEnabled(record is not None)
        self.retire_button.setEnabled(record is not None and record.active)
        self.reactivate_button.setEnabled(record is not None and not record.active)

    def _add(self) -> None:
        record = self.dialog.ask(self, self.uictx)
        if record is not None:
            self.select_record(record.id)
            self.status(self.added_text(record))

    def _edit(self, field: str = "") -> None:
        record = self.selected_record()
        if record is None or not self.edit_button.isEnabled():
            return
        saved = self.ask_edit(record, field)
        if saved is not None:
            self.status(self.saved_text(saved))

    def _set_active(self, active: bool) -> None:
        record = self.selected_record()
        if record is None:
            return
        message = self.reactivated_text if active else self.retired_text
        self.set_active(record, active, lambda saved: self.status(message.format(self.record_name(saved))))
