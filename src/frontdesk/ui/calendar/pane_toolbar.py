"""The Calendar pane's two button rows: day navigation and view choice; booking, appointment and print actions."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.ui.calendar.week_view import ALL_PROVIDERS

VIEWS = (("day", "&Day", "One column per provider (Ctrl+W toggles Day/Week)"),
         ("week", "&Week", "One provider's week, or all providers' work days (Ctrl+W)"),
         ("month", "&Month", "Appointment counts per day (Ctrl+M); click a day to open it"),
         ("list", "&List", "The appointments shown, as a table (Ctrl+Shift+L)"))


def _button(text: str, tip: str, parent: QWidget, name: str) -> QPushButton:
    button = QPushButton(text, parent)
    button.setToolTip(tip)
    button.setObjectName(name)
    return button


def _tool(text: str, tip: str, parent: QWidget, name: str, *, checkable: bool = False) -> QToolButton:
    """A compact text button (push buttons have a wide minimum; the rows must fit a 1024-pixel window)."""
    button = QToolButton(parent)
    button.setText(text)
    button.setToolTip(tip)
    button.setObjectName(name)
    button.setCheckable(checkable)
    return button


class CalendarToolbar(QWidget):
    """Widgets only; the pane connects them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prev_button = _button("\u25c0 &Previous", "Previous day or week (Alt+Left)", self, "calendar_prev")
        self.today_button = _button("&Today", "Go to today (Ctrl+T)", self, "calendar_today")
        self.next_button = _button("&Next \u25b6", "Next day or week (Alt+Right)", self, "calendar_next")
        self.date_edit = QDateEdit(self)
        self.date_edit.setObjectName("calendar_date")
        self.date_edit.setDisplayFormat("MM/dd/yyyy")
        self.date_edit.setCalendarPopup(True)
        date_label = QLabel("Dat&e:", self)
        date_label.setBuddy(self.date_edit)
        self.day_label = QLabel(self)
        self.day_label.setObjectName("calendar_day_label")
        font = self.day_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.day_label.setFont(font)
        # The heading takes what room is left (it is also in the date box and the window), never more.
        self.day_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.view_group = QButtonGroup(self)
        self.view_buttons: dict[str, QToolButton] = {}
        for key, text, tip in VIEWS:
            button = QToolButton(self)
            button.setText(text)
            button.setToolTip(tip)
            button.setCheckable(True)
            button.setObjectName(f"view_{key}")
            self.view_group.addButton(button)
            self.view_buttons[key] = button
        self.view_buttons["day"].setChecked(True)
        # Short labels on this row: it must fit the smallest window (1024 pixels) with "Block out…" on it too.
        self.show_cancelled = QCheckBox("Cancelled/no-&show", self)
        self.show_cancelled.setToolTip("Show cancelled and no-show visits too")
        self.show_cancelled.setObjectName("show_cancelled")

        self.new_button = _button("New appointment\u2026", "Book an appointment (Ctrl+Shift+N)", self, "new_appointment")
        self.find_button = _button("Find &opening\u2026", "Search the first free slots (Ctrl+Shift+O)", self,
                                   "find_opening")
        self.appointment_button = QToolButton(self)
        self.appointment_button.setObjectName("appointment_button")
        self.appointment_button.setText("&Appointment")
        self.appointment_button.setToolTip("What can be done with the selected appointment (or right-click it)")
        self.appointment_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.paste_button = _tool("Paste", "Move the cut appointment to the chosen slot (Ctrl+V)", self,
                                  "paste_appointment")
        self.block_button = _tool("Block out\u2026", "Block out a provider's time: today or the coming days "
                                  "(the doctor is out)", self, "block_out")
        self.print_button = _tool("Print\u2026", "Print or save the day schedule (Ctrl+P); its arrow also has the "
                                  "schedule reports (Ctrl+Shift+R)", self, "print_day")
        # The schedule reports ride on Print's arrow: a button of their own would not fit the row at 1024 pixels.
        self.print_menu = QMenu(self.print_button)
        self.print_day_action = self.print_menu.addAction("Print the &day\u2026\tCtrl+P")
        self.reports_action = self.print_menu.addAction("Schedule &reports\u2026\tCtrl+Shift+R")
        self.reports_action.setObjectName("schedule_reports_action")
        self.reports_action.setToolTip("Utilisation, no-shows and late cancellations, new patients by referral source")
        self.print_menu.setToolTipsVisible(True)  # a greyed entry says why
        self.print_button.setMenu(self.print_menu)
        self.print_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.waitlist_button = _tool("Waitlist", "Show or hide the waitlist", self, "toggle_waitlist", checkable=True)
        self.calls_button = _tool("Confirm calls", "Show or hide the confirmation calls", self, "toggle_calls",
                                  checkable=True)
        self.columns_combo = QComboBox(self)
        self.columns_combo.setObjectName("columns_combo")
        self.columns_combo.addItem("Providers", "provider")
        self.columns_combo.addItem("Exam rooms", "room")
        self.columns_label = QLabel("Col&umns:", self)
        self.columns_label.setBuddy(self.columns_combo)
        self.provider_combo = QComboBox(self)
        self.provider_combo.setObjectName("week_provider")
        self.provider_combo.setMinimumContentsLength(14)
        self.provider_label = QLabel("Pro&vider:", self)
        self.provider_label.setBuddy(self.provider_combo)

        first = QHBoxLayout()
        for widget in (self.prev_button, self.today_button, self.next_button):
            first.addWidget(widget)
        first.addSpacing(8)
        first.addWidget(date_label)
        first.addWidget(self.date_edit)
        first.addSpacing(8)
        first.addWidget(self.day_label, 1)
        for button in self.view_buttons.values():
            first.addWidget(button)
        first.addSpacing(8)
        for widget in (self.columns_label, self.columns_combo, self.provider_label, self.provider_combo):
            first.addWidget(widget)
        second = QHBoxLayout()
        first.setSpacing(4)
        second.setSpacing(4)
        for widget in (self.new_button, self.find_button, self.appointment_button, self.paste_button,
                       self.block_button, self.print_button, self.waitlist_button, self.calls_button):
            second.addWidget(widget)
        second.addStretch(1)
        second.addWidget(self.show_cancelled)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(first)
        layout.addLayout(second)

    def set_providers(self, providers: list[tuple[int, str]]) -> None:
        """The week view's choice: "All providers" (data None) when there are several, then each provider.

        The choice is kept across reloads; the first provider is the default (one provider's week reads best).
        """
        combo = self.provider_combo
        had_choice = combo.count() > 0
        current = combo.currentData()
        combo.clear()
        if len(providers) > 1:
            combo.addItem(ALL_PROVIDERS, None)
        for provider_id, name in providers:
            combo.addItem(name, provider_id)
        index = combo.findData(current) if current is not None else 0 if had_choice and len(providers) > 1 else -1
        combo.setCurrentIndex(index if index >= 0 else (1 if len(providers) > 1 else 0))

    def set_mode(self, mode: str) -> None:
        """Check the mode's button; show the controls that belong to it."""
        self.view_buttons[mode].setChecked(True)
        self.columns_label.setVisible(mode == "day")
        self.columns_combo.setVisible(mode == "day")
        self.provider_label.setVisible(mode == "week")
        self.provider_combo.setVisible(mode == "week")
        self.prev_button.setToolTip(f"Previous {'month' if mode == 'month' else 'week' if mode == 'week' else 'day'} "
                                    "(Alt+Left)")
        self.next_button.setToolTip(f"Next {'month' if mode == 'month' else 'week' if mode == 'week' else 'day'} "
                                    "(Alt+Right)")
