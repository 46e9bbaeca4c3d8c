"""The Practice settings tab: the practice's identity and the automatic screen-lock delay."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.formats import format_ein, format_phone
from frontdesk.domain.permissions import Permission
from frontdesk.error_messages import to_user_message
from frontdesk.services.admin import practice as practice_service
from frontdesk.services.admin.practice import (
    MAX_IDLE_MINUTES,
    MIN_IDLE_MINUTES,
    PracticeDetails,
    PracticeInfo,
)
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.widgets.common import Notice, StatusFn, scrolling_form
from frontdesk.ui.widgets.form import FieldError, ValidatedForm
from frontdesk.ui.widgets.tab_base import AdminTab

# (field name as the service names it in ValidationError, label, max length)
IDENTITY_FIELDS: tuple[tuple[str, str, int], ...] = (
    ("legal_name", "&Legal name:", 120),
    ("address_line1", "Add&ress:", 80),
    ("address_line2", "Address line &2:", 80),
    ("city", "&City:", 60),
    ("state", "&State:", 2),
    ("zip_code", "&ZIP code:", 10),
    ("phone", "Pho&ne:", 40),
    ("ein", "&EIN (tax ID):", 10),
    ("billing_npi", "Billing N&PI:", 10),
    ("taxonomy", "&Taxonomy code:", 10),
)


def _shown_values(info: PracticeInfo) -> dict[str, str]:
    """What each field shows for saved data (phone and EIN in their usual US forms)."""
    values = {name: str(getattr(info, name)) for name, _label, _max in IDENTITY_FIELDS}
    values["phone"] = format_phone(info.phone)
    values["ein"] = format_ein(info.ein)
    return values


class PracticeTab(AdminTab):
    """Edit the identity printed on claims and statements; set the idle lock."""

    topics = frozenset({"practice"})
    permission = Permission.MANAGE_PRACTICE
    denied_text = "Only an administrator can change the practice settings."

    def __init__(self, uictx: UiContext, status: StatusFn | None = None, parent: QWidget | None = None) -> None:
        super().__init__(uictx, status, parent)
        self._saved: dict[str, str] = {}
        self._saved_minutes: int | None = None
        self._focus_after_load = ""  # a field a claim problem named, focused once the values are in
        self.notice = Notice(self)

        identity = QGroupBox("Practice identity (printed on claims and statements)", self)
        self.form = ValidatedForm(identity)
        self.edits: dict[str, QLineEdit] = {}
        for name, label, max_len in IDENTITY_FIELDS:
            edit = QLineEdit(identity)
            edit.setMaxLength(max_len)
            self.edits[name] = edit
            self.form.add_field(name, label, edit)
        self.edits["state"].setPlaceholderText("NY")
        self.edits["zip_code"].setPlaceholderText("12345 or 12345-6789")
        self.edits["phone"].setPlaceholderText("(555) 123-4567")
        self.edits["ein"].setPlaceholderText("12-3456789")
        self.edits["taxonomy"].setPlaceholderText("e.g. 207Q00000X")
        self.save_button = QPushButton("Save practice &details", identity)
        self.revert_button = QPushButton("Re&vert", identity)
        self.revert_button.setToolTip("Put back the saved values")
        identity_buttons = QHBoxLayout()
        identity_buttons.addStretch(1)
        identity_buttons.addWidget(self.revert_button)
        identity_buttons.addWidget(self.save_button)
        identity_box = QVBoxLayout(identity)
        identity_box.addWidget(self.form)
        identity_box.addLayout(identity_buttons)

        lock = QGroupBox("Automatic screen lock (every workstation)", self)
        self.minutes = QSpinBox(lock)
        self.minutes.setObjectName("idle_lock_minutes")
        self.minutes.setRange(MIN_IDLE_MINUTES, MAX_IDLE_MINUTES)
        lock_label = QLabel("Loc&k the screen after", lock)
        lock_label.setBuddy(self.minutes)
        self.minutes_error = FieldError(lock)
        self.minutes_error.setObjectName("idle_lock_minutes_error")
        self.save_minutes_button = QPushButton("Save lock ti&me", lock)
        lock_row = QHBoxLayout()
        lock_row.addWidget(lock_label)
        lock_row.addWidget(self.minutes)
        lock_row.addWidget(QLabel("minutes of inactivity", lock))
        lock_row.addStretch(1)
        lock_row.addWidget(self.save_minutes_button)
        lock_box = QVBoxLayout(lock)
        lock_box.addLayout(lock_row)
        lock_box.addWidget(self.minutes_error)
        hint = QLabel("A locked screen hides patient information until someone signs in again.", lock)
        hint.setWordWrap(True)
        lock_box.addWidget(hint)

        scrolling_form(self, self.notice, identity, lock)

        self.save_button.clicked.connect(self._save)
        self.revert_button.clicked.connect(self._revert)
        self.save_minutes_button.clicked.connect(self._save_minutes)
        for edit in self.edits.values():
            edit.returnPressed.connect(self._save)
        self._set_enabled(False)

    # -- loading ---------------------------------------------------------------------------------
    def load(self) -> None:
        self.call(practice_service.get_practice, on_done=self._loaded)

    def _loaded(self, info: PracticeInfo) -> None:
        self.notice.clear_text()
        self._set_enabled(True)
        # Someone's half-typed edits are never overwritten by a background refresh.
        keep_identity = self.identity_dirty()
        keep_minutes = self.minutes_dirty()
        self._saved = _shown_values(info)
        if not keep_identity:
            self._fill(self._saved)
        if not keep_minutes:
            self.minutes.setValue(info.idle_lock_minutes)
        self._saved_minutes = info.idle_lock_minutes
        if self._focus_after_load:
            self.focus_field(self._focus_after_load)

    def focus_field(self, name: str) -> None:
        """Put the cursor in the practice field ``name`` (e.g. 'billing_npi' from a claim problem)."""
        edit = self.edits.get(name)
        if edit is None:
            return
        if not edit.isEnabled():  # still loading: focus it when the values arrive
            self._focus_after_load = name
            return
        self._focus_after_load = ""
        edit.setFocus(Qt.FocusReason.OtherFocusReason)
        edit.selectAll()

    def clear(self, reason: str) -> None:
        self._saved = {}
        self._saved_minutes = None
        self._fill({})
        self.form.clear_errors()
        self.minutes_error.clear_error()
        self._set_enabled(False)
        if reason:
            self.notice.show_text(reason)

    def _fill(self, values: dict[str, str]) -> None:
        for name, edit in self.edits.items():
            edit.setText(values.get(name, ""))

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (*self.edits.values(), self.save_button, self.revert_button, self.minutes,
                       self.save_minutes_button):
            widget.setEnabled(enabled)

    # -- dirty state -------------------------------------------------------------------------------
    def identity_dirty(self) -> bool:
        """Has anyone typed something not yet saved?"""
        return bool(self._saved) and any(edit.text() != self._saved.get(name, "")
                                         for name, edit in self.edits.items())

    def minutes_dirty(self) -> bool:
        return self._saved_minutes is not None and self.minutes.value() != self._saved_minutes

    # -- saving ------------------------------------------------------------------------------------
    def _details(self) -> PracticeDetails:
        return PracticeDetails(**{name: edit.text() for name, edit in self.edits.items()})

    def _save(self) -> None:
        if not self.save_button.isEnabled():
            return
        self.form.clear_errors()
        self.save_button.setEnabled(False)
        self.call(practice_service.update_practice, self._details(),
                        on_done=self._saved_identity, on_error=self._identity_failed)

    def _saved_identity(self, info: PracticeInfo) -> None:
        self.save_button.setEnabled(True)
        self._saved = _shown_values(info)
        self._fill(self._saved)  # shows the cleaned-up values (e.g. the phone formatted)
        self.status("Practice details saved.")

    def _identity_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        # The typed values stay as they are; only the message appears beside its field.
        if not self.form.show_exception(exc):
            ErrorPresenter(self)(exc)

    def _revert(self) -> None:
        self.form.clear_errors()
        self._fill(self._saved)

    def _save_minutes(self) -> None:
        self.minutes_error.clear_error()
        self.call(practice_service.set_idle_lock_minutes, self.minutes.value(),
                        on_done=self._saved_lock, on_error=self._lock_failed)

    def _saved_lock(self, info: PracticeInfo) -> None:
        self._saved_minutes = info.idle_lock_minutes
        self.minutes.setValue(info.idle_lock_minutes)
        minutes = info.idle_lock_minutes
        self.status(f"The screen will lock after {minutes} minute{'' if minutes == 1 else 's'} of inactivity.")

    def _lock_failed(self, exc: BaseException) -> None:
        message = to_user_message(exc)
        if message.expected:
            self.minutes_error.show_error(message.text)
            self.minutes.setFocus()
        else:
            ErrorPresenter(self)(exc)
