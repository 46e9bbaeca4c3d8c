"""Base of the tabs that edit one set of settings in place (Billing settings, Accounting): load, fill the form
unless someone is typing, Save with every wrong field shown beside it, Revert to what is saved."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLineEdit, QPushButton, QWidget

from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.widgets.form import ValidatedForm
from frontdesk.ui.widgets.tab_base import AdminTab

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class SettingsFormTab(AdminTab):
    """Subclasses build ``form``, ``edits``, ``save_button``, ``revert_button`` and ``notice``, and implement
    :meth:`load`, :meth:`submit`, :meth:`shown_values`, :meth:`show_state` and :meth:`can_edit`; they may extend
    :meth:`values`, :meth:`fill` and :meth:`editable_widgets` for fields other than line edits."""

    saved_text = "Settings saved."
    form: ValidatedForm
    edits: dict[str, QLineEdit]
    save_button: QPushButton
    revert_button: QPushButton

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._saved: dict[str, str] = {}

    # -- for subclasses ----------------------------------------------------------------------
    def submit(self, on_done: Done, on_error: Failed) -> None:
        """Hand the save call (with :meth:`values`) to ``self.call``."""
        raise NotImplementedError

    def shown_values(self, result: Any) -> dict[str, str]:
        """The form's values for a service result."""
        raise NotImplementedError

    def show_state(self, result: Any, editable: bool) -> None:
        """Say in the notice what the user should know (read-only, incomplete...)."""
        raise NotImplementedError

    def can_edit(self) -> bool:
        raise NotImplementedError

    def values(self) -> dict[str, str]:
        """What the form holds now, as the service takes it."""
        return {name: edit.text() for name, edit in self.edits.items()}

    def fill(self, values: dict[str, str]) -> None:
        for name, edit in self.edits.items():
            edit.setText(values.get(name, ""))

    def editable_widgets(self) -> list[QWidget]:
        """Fields other than the line edits that are enabled only for someone who may edit."""
        return []

    # -- the cycle -----------------------------------------------------------------------------
    def loaded(self, result: Any) -> None:
        keep = self.dirty()  # half-typed edits are never overwritten by a background refresh
        self._saved = self.shown_values(result)
        if not keep:
            self.fill(self._saved)
        editable = self.can_edit()
        self.set_editable(editable)
        self.show_state(result, editable)

    def clear(self, reason: str) -> None:
        self._saved = {}
        self.fill({})
        self.form.clear_errors()
        self.set_editable(False)
        if reason:
            self.notice.show_text(reason)
        else:
            self.notice.clear_text()

    def set_editable(self, editable: bool) -> None:
        for edit in self.edits.values():
            edit.setReadOnly(not editable)
        for widget in (*self.editable_widgets(), self.save_button, self.revert_button):
            widget.setEnabled(editable)

    def dirty(self) -> bool:
        """Has anyone changed something not yet saved?"""
        return bool(self._saved) and self.values() != self._saved

    def save(self) -> None:
        if not self.save_button.isEnabled():
            return
        self.form.clear_errors()
        self.save_button.setEnabled(False)
        self.submit(self._saved_settings, self._failed)

    def _saved_settings(self, result: Any) -> None:
        self.save_button.setEnabled(True)
        self._saved = self.shown_values(result)
        self.fill(self._saved)  # shows the values as the service cleaned them up
        self.show_state(result, True)
        self.status(self.saved_text)

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        # The typed values stay as they are; only the message appears beside its field.
        if not self.form.show_exception(exc):
            ErrorPresenter(self)(exc)

    def revert(self) -> None:
        self.form.clear_errors()
        self.fill(self._saved)
