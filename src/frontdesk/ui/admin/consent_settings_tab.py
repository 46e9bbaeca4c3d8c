"""The Consent forms tab: which consent documents the practice uses, which are required, versions, validity."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from frontdesk.domain.permissions import Permission
from frontdesk.services.patients import consents
from frontdesk.services.patients.consents import ConsentTypeInfo
from frontdesk.ui.admin.consent_type_dialog import ConsentTypeDialog
from frontdesk.ui.context import UiContext
from frontdesk.ui.widgets.common import StatusFn, allowed, fit_columns
from frontdesk.ui.widgets.models import MUTED_COLOUR, SORT_ROLE, Column, RecordTableModel
from frontdesk.ui.widgets.tab_base import RecordListTab


def validity_text(ctype: ConsentTypeInfo) -> str:
    """'12 months', '1 month' or 'No expiry'."""
    months = ctype.validity_months
    if not months:
        return "No expiry"
    return f"{months} month" + ("" if months == 1 else "s")


def _muted(ctype: ConsentTypeInfo):  # type: ignore[no-untyped-def]
    return None if ctype.active else MUTED_COLOUR


CONSENT_TYPE_COLUMNS: list[Column[ConsentTypeInfo]] = [
    Column("Document", lambda t: t.name, colour=_muted),
    Column("Required", lambda t: "Required" if t.required else "Optional", colour=_muted),
    Column("Current version", lambda t: t.current_version, colour=_muted),
    Column("Valid for", validity_text, sort=lambda t: t.validity_months or 10_000, colour=_muted),
    Column("Status", lambda t: "In use" if t.active else "Not in use", colour=_muted),
]


class ConsentTypesModel(RecordTableModel[ConsentTypeInfo]):
    """The practice's consent documents, in use or not."""

    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(CONSENT_TYPE_COLUMNS, parent)

    def row_of(self, type_id: int) -> int:
        return next((i for i, t in enumerate(self._rows) if t.id == type_id), -1)


class ConsentSettingsTab(RecordListTab):
    """List the consent documents; an administrator adds them and changes versions and rules."""

    topics = frozenset({"consent_settings"})
    permission = Permission.VIEW_PATIENTS
    denied_text = "Your role does not allow viewing the consent settings."

    def __init__(self, uictx: UiContext, status: StatusFn | None = None, parent: QWidget | None = None) -> None:
        super().__init__(uictx, status, parent)
        self.model = ConsentTypesModel(self)
        self._build_table(SORT_ROLE)
        self.add_button = QPushButton("Add consent &form\u2026", self)
        self.add_button.setToolTip("Add a practice-specific consent document")
        self.edit_button = QPushButton("&Edit\u2026", self)
        self.edit_button.setToolTip("Change the selected document: required, current version, validity (Enter)")
        explain = QLabel("Changing a document's current version makes patients' older signatures "
                         "\u201coutdated\u201d: check-in then asks for a new signature.", self)
        explain.setWordWrap(True)
        bar = QHBoxLayout()
        bar.addWidget(self.add_button)
        bar.addWidget(self.edit_button)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addWidget(explain)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self.add_button.clicked.connect(self._add)
        self.edit_button.clicked.connect(self._edit)
        self.view.activated.connect(lambda _index: self._edit())
        self._update_buttons()

    def show_rows(self, rows: list[Any]) -> None:
        super().show_rows(rows)
        fit_columns(self.view)

    def load(self) -> None:
        self.call(consents.list_consent_types, include_inactive=True, on_done=self.show_rows)

    def selected_type(self) -> ConsentTypeInfo | None:
        return self.selected_record()

    def select_type(self, type_id: int) -> bool:
        """Select the row of ``type_id``; True when found."""
        return self.select_record(type_id)

    def _update_buttons(self) -> None:
        manage = self.can_read() and allowed(self.uictx, Permission.MANAGE_CONSENT_SETTINGS)
        self.add_button.setEnabled(manage)
        self.edit_button.setEnabled(manage and self.selected_type() is not None)

    def _add(self) -> None:
        ctype = ConsentTypeDialog.ask(self, self.uictx)
        if ctype is not None:
            self.select_type(ctype.id)
            self.status(f"Added consent form {ctype.name}.")

    def _edit(self) -> None:
        ctype = self.selected_type()
        if ctype is None or not self.edit_button.isEnabled():
            return
        saved = ConsentTypeDialog.ask(self, self.uictx, ctype)
        if saved is not None:
            self.status(f"Saved {saved.name} (current version {saved.current_version}).")
