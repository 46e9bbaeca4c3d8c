"""The calendar's side tabs: the waitlist and the confirmation calls (built the first time they are shown)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QTabWidget, QWidget

from frontdesk.ui.calendar.booking_dialog import BookingPrefill
from frontdesk.ui.context import UiContext

TITLES = {"waitlist": "Waitlist", "calls": "Confirmation calls"}


class SidePanels(QObject):
    """Owns the tab widget; ``book_patient(prefill)`` when the waitlist asks to book someone."""

    visibility_changed = Signal(str, bool)
    book_patient = Signal(object)

    def __init__(self, uictx: UiContext, parent: QWidget, *, status: Callable[[str], None]) -> None:
        super().__init__(parent)
        self.uictx, self.status, self.host = uictx, status, parent
        self.tabs = QTabWidget(parent)
        self.tabs.setObjectName("calendar_side_tabs")
        self.tabs.setTabsClosable(True)
        self.tabs.tabCloseRequested.connect(lambda i: self.toggle(self._key_of(self.tabs.widget(i)), False))
        self.tabs.hide()
        self.panels: dict[str, QWidget] = {}

    def _key_of(self, widget: QWidget) -> str:
        return next(k for k, w in self.panels.items() if w is widget)

    def panel(self, key: str) -> QWidget:
        """The panel, built on first use (the other helper's widgets are imported only then)."""
        if key not in self.panels:
            if key == "waitlist":
                from frontdesk.ui.calendar.waitlist_panel import WaitlistPanel

                panel: QWidget = WaitlistPanel(self.uictx, self.tabs, status=self.status)
                panel.book_requested.connect(lambda pid, p=panel: self._book(p, pid))  # type: ignore[attr-defined]
            else:
                from frontdesk.ui.calendar.confirmations_panel import (
                    ConfirmationCallsPanel,
                )

                panel = ConfirmationCallsPanel(self.uictx, self.tabs, status=self.status)
                panel.slot_opened.connect(self.show_matches)  # type: ignore[attr-defined]
            self.panels[key] = panel
        return self.panels[key]

    def toggle(self, key: str, shown: bool) -> None:
        panel = self.panel(key) if shown else self.panels.get(key)
        if panel is None:
            return
        index = self.tabs.indexOf(panel)
        if shown and index < 0:
            self.tabs.addTab(panel, TITLES[key])
        elif not shown and index >= 0:
            self.tabs.removeTab(index)
        if shown:
            self.tabs.setCurrentWidget(panel)
        self.tabs.setVisible(self.tabs.count() > 0)
        self.visibility_changed.emit(key, shown)

    def show_matches(self, matches: Sequence[object]) -> None:
        """A slot opened: show the waitlist with who fits it."""
        self.toggle("waitlist", True)
        if matches:
            self.panels["waitlist"].show_matches(matches)  # type: ignore[attr-defined]

    def _book(self, panel: QWidget, patient_id: int) -> None:
        match = panel.selected_match()  # type: ignore[attr-defined]
        if match is not None and match.patient_id == patient_id:
            self.book_patient.emit(BookingPrefill(
                start=match.slot_start.replace(tzinfo=None), length=match.length_minutes,
                provider_id=match.slot_provider_id, type_id=match.type_id, patient_id=patient_id,
                patient_label=match.patient_name))
            return
        entry = panel.selected_entry()  # type: ignore[attr-defined]
        label = entry.patient_name if entry is not None and entry.patient_id == patient_id else f"patient #{patient_id}"
        self.book_patient.emit(BookingPrefill(patient_id=patient_id, patient_label=label,
                                              type_id=getattr(entry, "type_id", None)))
