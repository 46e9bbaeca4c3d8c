"""The Providers tab: the practice's clinicians; add, edit (e.g. correct an NPI), deactivate or reactivate."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from frontdesk.domain.permissions import Permission
from frontdesk.services.admin import providers as providers_service
from frontdesk.services.admin.providers import ProviderInfo
from frontdesk.ui.admin.models import ProvidersModel
from frontdesk.ui.admin.provider_dialog import ProviderDialog
from frontdesk.ui.context import UiContext
from frontdesk.ui.widgets.common import StatusFn, allowed
from frontdesk.ui.widgets.models import SORT_ROLE
from frontdesk.ui.widgets.tab_base import RecordListTab


class ProvidersTab(RecordListTab):
    """List every provider (deactivated ones too) and manage them."""

    topics = frozenset({"providers"})
    permission = Permission.VIEW_PROVIDERS
    denied_text = "Your role does not allow viewing providers."
    empty_text = "No providers yet. Add the practice's clinicians with Add provider\u2026"

    def __init__(self, uictx: UiContext, status: StatusFn | None = None, parent: QWidget | None = None) -> None:
        super().__init__(uictx, status, parent)
        self.model = ProvidersModel(self)
        self._build_table(SORT_ROLE)
        self.add_button = QPushButton("Add p&rovider\u2026", self)
        self.add_button.setToolTip("Add a clinician who sees patients or bills under their NPI")
        self.edit_button = QPushButton("Ed&it provider\u2026", self)
        self.edit_button.setToolTip("Correct the selected provider's name, credential, NPI or taxonomy (Enter)")
        self.deactivate_button = QPushButton("&Deactivate", self)
        self.deactivate_button.setToolTip("No new appointments or claims for this provider (history stays)")
        self.reactivate_button = QPushButton("R&eactivate", self)
        self.reactivate_button.setToolTip("Make this provider available again")

        bar = QHBoxLayout()
        bar.addWidget(self.add_button)
        bar.addWidget(self.edit_button)
        bar.addWidget(self.deactivate_button)
        bar.addWidget(self.reactivate_button)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)

        self.add_button.clicked.connect(self._add)
        self.edit_button.clicked.connect(self._edit)
        self.view.activated.connect(lambda _index: self._edit())  # double-click or Enter on a row
        self.deactivate_button.clicked.connect(lambda: self._set_active(False))
        self.reactivate_button.clicked.connect(lambda: self._set_active(True))
        self._update_buttons()

    def load(self) -> None:
        self.call(providers_service.list_providers, include_inactive=True, on_done=self._loaded)

    def _loaded(self, rows: list[ProviderInfo]) -> None:
        self.show_rows(rows)

    def selected_provider(self) -> ProviderInfo | None:
        return self.selected_record()

    def select_provider(self, provider_id: int) -> bool:
        """Select the row of ``provider_id``; True when found."""
        return self.select_record(provider_id)

    def _update_buttons(self) -> None:
        manage = self.can_read() and allowed(self.uictx, Permission.MANAGE_PROVIDERS)
        provider = self.selected_provider() if manage else None
        self.add_button.setEnabled(manage)
        self.edit_button.setEnabled(provider is not None)
        self.deactivate_button.setEnabled(provider is not None and provider.active)
        self.reactivate_button.setEnabled(provider is not None and not provider.active)

    def _add(self) -> None:
        provider = ProviderDialog.ask(self, self.uictx, None)
        if provider is not None:
            self.select_provider(provider.id)
            self.status(f"Added provider {provider.display_name} (NPI {provider.npi}).")

    def edit_field(self, record: Any, field: str) -> None:
        """The provider's dialog with the cursor in ``field`` (a claim problem's, see edit_record_field)."""
        self._edit(field)

    def _edit(self, field: str = "") -> None:
        provider = self.selected_provider()
        if provider is None or not self.edit_button.isEnabled():
            return
        saved = ProviderDialog.ask(self, self.uictx, provider, field=field)
        if saved is not None:
            self.status(f"Saved provider {saved.display_name} (NPI {saved.npi}).")

    def _set_active(self, active: bool) -> None:
        provider = self.selected_provider()
        if provider is None:
            return
        verb = "Reactivated" if active else "Deactivated"
        self.call(providers_service.set_provider_active, provider.id, active,
                        on_done=lambda p: self.status(f"{verb} provider {p.display_name}."))
