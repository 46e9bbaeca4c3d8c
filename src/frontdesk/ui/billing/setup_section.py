"""Billing setup: the identity that goes on claims (legal name, NPI, EIN, taxonomy), provider NPIs, code set."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.formats import format_ein, format_phone
from frontdesk.services.admin import practice as practice_service
from frontdesk.services.admin import providers as provider_service
from frontdesk.ui.billing.code_set_box import CodeSetBox
from frontdesk.ui.billing.model import ProviderNpiModel
from frontdesk.ui.context import UiContext

# (object name, label) of each identity line, in the order a claim form lists them.
IDENTITY_FIELDS = (
    ("legal_name", "Legal name:"),
    ("billing_npi", "Billing NPI:"),
    ("ein", "EIN (tax ID):"),
    ("taxonomy", "Taxonomy:"),
    ("address", "Address:"),
    ("phone", "Phone:"),
)


def identity_texts(info: practice_service.PracticeInfo) -> dict[str, str]:
    """The practice's billing identity as shown on screen (US formats)."""
    street = info.address_line1 + (f", {info.address_line2}" if info.address_line2 else "")
    return {
        "legal_name": info.legal_name,
        "billing_npi": info.billing_npi,
        "ein": format_ein(info.ein),
        "taxonomy": info.taxonomy,
        "address": f"{street}\n{info.city}, {info.state} {info.zip_code}",
        "phone": format_phone(info.phone),
    }


class BillingSetupSection(QWidget):
    """Read-only here (the Admin pane edits it); refreshes itself when the practice or providers change."""

    def __init__(self, uictx: UiContext, parent: QWidget | None = None, *,
                 status: Callable[[str], None] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("billing_setup")
        self.uictx = uictx
        identity = QGroupBox("Billing identity (used on claims)", self)
        form = QFormLayout(identity)
        self.identity_labels: dict[str, QLabel] = {}
        for name, caption in IDENTITY_FIELDS:
            value = QLabel(self)
            value.setObjectName(f"billing_{name}")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(caption, value)
            self.identity_labels[name] = value
        hint = QLabel("An administrator can change these in Admin \u203a Practice settings and Providers.", identity)
        hint.setWordWrap(True)
        form.addRow(hint)

        providers = QGroupBox("Providers and their NPIs", self)
        self.model = ProviderNpiModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.table = QTableView(providers)
        self.table.setObjectName("billing_providers")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        box = QVBoxLayout(providers)
        box.addWidget(self.table)

        self.code_set = CodeSetBox(uictx, status or (lambda _text: None), self)

        layout = QVBoxLayout(self)
        layout.addWidget(identity)
        layout.addWidget(providers, 1)
        layout.addWidget(self.code_set)
        uictx.changed.connect(self._on_changed)
        self.refresh_practice()
        self.refresh_providers()

    def refresh_practice(self) -> None:
        """Reload the practice identity."""
        self.uictx.call(practice_service.get_practice, on_done=self._show_practice)

    def refresh_providers(self) -> None:
        """Reload the providers (inactive ones too: old claims name them)."""
        self.uictx.call(provider_service.list_providers, include_inactive=True, on_done=self.model.set_providers)

    def _show_practice(self, info: practice_service.PracticeInfo) -> None:
        for name, text in identity_texts(info).items():
            self.identity_labels[name].setText(text)

    def _on_changed(self, topics: frozenset[str]) -> None:
        if "practice" in topics:
            self.refresh_practice()
        if "providers" in topics:
            self.refresh_providers()
