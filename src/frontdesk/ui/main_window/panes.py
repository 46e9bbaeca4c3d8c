"""The left navigation and the pane stack; panes are imported and built the first time they are shown."""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QStackedWidget, QWidget

from frontdesk.domain.permissions import Permission, Role, denied_reason, role_allows
from frontdesk.ui.context import UiContext
from frontdesk.ui.receivers import retire


@dataclass(frozen=True)
class PaneSpec:
    key: str
    title: str
    shortcut: str
    factory: str  # "module:Class", imported lazily so start-up does not pay for every pane
    admin_only: bool = False
    needs: Permission | None = None  # shown but disabled, with the reason, for a role without it


PANES: tuple[PaneSpec, ...] = (
    PaneSpec("calendar", "Calendar", "Ctrl+1", "frontdesk.ui.calendar:CalendarPane"),
    PaneSpec("patients", "Patients", "Ctrl+2", "frontdesk.ui.patients:PatientsPane"),
    PaneSpec("billing", "Billing", "Ctrl+3", "frontdesk.ui.billing:BillingPane", needs=Permission.VIEW_BILLING),
    PaneSpec("desk", "Desk", "Ctrl+4", "frontdesk.ui.desk:DeskPane"),
    PaneSpec("admin", "Admin", "Ctrl+5", "frontdesk.ui.admin:AdminPane", admin_only=True),
)


def role_may_see(spec: PaneSpec, role: Role | None) -> bool:
    """Listed in the navigation at all (the Admin pane is not even shown to other roles)."""
    return role is not None and (not spec.admin_only or role == Role.ADMIN)


def role_may_use(spec: PaneSpec, role: Role | None) -> bool:
    return role_may_see(spec, role) and (spec.needs is None or role_allows(role, spec.needs))  # type: ignore[arg-type]


def _item_text(spec: PaneSpec, note: str) -> str:
    return f"{spec.title} ({note})\n{spec.shortcut}" if note else f"{spec.title}\n{spec.shortcut}"


def home_pane(role: Role | None) -> str:
    """Where a user lands on signing in: clinicians on the Desk (their inbox), everyone else on the Calendar."""
    return "desk" if role is Role.CLINICAL else "calendar"


def build_pane(spec: PaneSpec, uictx: UiContext, status: Callable[[str], None]) -> QWidget:
    """Import and construct a pane; hand it the status-bar callable when its constructor accepts one."""
    module_name, _, class_name = spec.factory.partition(":")
    cls = getattr(importlib.import_module(module_name), class_name)
    try:
        accepts_status = "status" in inspect.signature(cls).parameters
    except (TypeError, ValueError):  # some extension types have no signature
        accepts_status = False
    return cls(uictx, status=status) if accepts_status else cls(uictx)


class PaneHost(QWidget):
    """Navigation list + stacked panes. Panes live until :meth:`reset` (a different user signs in)."""

    current_changed = Signal(str)

    def __init__(self, uictx: UiContext, status: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.uictx = uictx
        self._status = status
        self._panes: dict[str, QWidget] = {}
        self._role: Role | None = None
        self.nav = QListWidget(self)
        self.nav.setObjectName("navigation")
        self.nav.setMaximumWidth(190)
        self.nav.setMinimumWidth(150)
        self.nav.setStyleSheet("QListWidget#navigation::item { padding: 4px 12px; }")
        for spec in PANES:
            item = QListWidgetItem(_item_text(spec, ""))
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            item.setToolTip(f"{spec.title} ({spec.shortcut})")
            item.setSizeHint(QSize(140, 52))
            self.nav.addItem(item)
        self.stack = QStackedWidget(self)
        self.stack.setObjectName("pane_stack")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.nav.currentItemChanged.connect(self._on_nav)

    # -- roles ------------------------------------------------------------------------------------
    def spec(self, key: str) -> PaneSpec:
        return next(s for s in PANES if s.key == key)

    def allowed(self, key: str) -> bool:
        return role_may_use(self.spec(key), self._role)

    def set_note(self, key: str, note: str) -> None:
        """A few words after a pane's name in the navigation, e.g. 'Desk (3 unread)'; '' for none."""
        row = [s.key for s in PANES].index(key)
        self.nav.item(row).setText(_item_text(PANES[row], note))

    def set_role(self, role: Role | None) -> None:
        """Show the panes this role may see, grey out (with the reason) those it may not use; leave a pane that is
        no longer allowed."""
        self._role = role
        for row, spec in enumerate(PANES):
            item = self.nav.item(row)
            item.setHidden(not role_may_see(spec, role))
            usable = role_may_use(spec, role)
            flags = item.flags()
            usable_flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            item.setFlags(flags | usable_flags if usable else flags & ~usable_flags)
            item.setToolTip(f"{spec.title} ({spec.shortcut})" if usable or role is None
                            else denied_reason(spec.title, role))
        current = self.current_key()
        if current is not None and not self.allowed(current):
            pane = self._panes.pop(current, None)
            if pane is not None:  # an admin demoted while away must not keep the admin pane
                retire(pane)
                self.stack.removeWidget(pane)
                pane.deleteLater()
            self.show_pane(home_pane(role))

    # -- panes --------------------------------------------------------------------------------------
    def pane(self, key: str) -> QWidget | None:
        """The pane if it was built already (no side effects)."""
        return self._panes.get(key)

    def current_key(self) -> str | None:
        item = self.nav.currentItem()
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def show_pane(self, key: str) -> QWidget | None:
        """Switch to a pane, building it on first use. None when the role may not see it."""
        if not self.allowed(key):
            return None
        pane = self._panes.get(key)
        if pane is None:
            pane = build_pane(self.spec(key), self.uictx, self._status)
            self._panes[key] = pane
            self.stack.addWidget(pane)
        row = [s.key for s in PANES].index(key)
        if self.nav.currentRow() != row:
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(row)
            self.nav.blockSignals(False)
        self.stack.setCurrentWidget(pane)
        self.current_changed.emit(key)
        return pane

    def _on_nav(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if current is not None:
            self.show_pane(current.data(Qt.ItemDataRole.UserRole))

    def reset(self) -> None:
        """Throw every pane away (their unsaved input with them) so the next user starts clean."""
        self.uictx.end_sign_in()  # their queries still running answer nobody now
        for pane in self._panes.values():
            retire(pane)  # until deleted it still hears actor_changed: it must not query as the next user
            self.stack.removeWidget(pane)
            pane.deleteLater()
        self._panes.clear()
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(-1)
        self.nav.blockSignals(False)
