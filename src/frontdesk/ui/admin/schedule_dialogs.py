"""Dialogs of the Schedule hours tab: an hours exception, a holiday, a blockout (errors beside the field)."""

from __future__ import annotations

from datetime import time, timedelta

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QWidget,
)

from frontdesk.services.scheduling import schedule_setup
from frontdesk.services.admin.providers import ProviderInfo
from frontdesk.services.scheduling.schedule_setup import (
    BLOCKOUT_KINDS,
    BlockoutInfo,
    BlockoutInput,
    ExceptionInfo,
    HolidayInfo,
)
from frontdesk.ui.admin.dialog_base import Done, Failed, ServiceFormDialog
from frontdesk.ui.admin.schedule_models import BLOCKOUT_KIND_LABELS
from frontdesk.ui.context import UiContext
from frontdesk.ui.widgets.schedule_inputs import (
    WEEKDAY_LONG,
    date_edit,
    from_qdate,
    remap_field,
    time_edit,
)

HOLIDAY_NAMES = ("New Year's Day", "Martin Luther King Jr. Day", "Presidents' Day", "Memorial Day", "Juneteenth",
                 "Independence Day", "Labor Day", "Columbus Day", "Veterans Day", "Thanksgiving Day",
                 "Day after Thanksgiving", "Christmas Eve", "Christmas Day", "New Year's Eve")


def _row(parent: QWidget, *widgets: QWidget) -> QWidget:
    box = QWidget(parent)
    layout = QHBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        widget.setParent(box)
        layout.addWidget(widget)
    layout.addStretch(1)
    box.setFocusProxy(widgets[0])
    return box


class ExceptionDialog(ServiceFormDialog):
    """Days off or different hours for one provider over a date range -> schedule_setup.add_exception."""

    def __init__(self, uictx: UiContext, provider: ProviderInfo, parent: QWidget | None = None) -> None:
        super().__init__(uictx, f"Hours exception for {provider.display_name}", "&Add exception", parent)
        self.provider = provider
        self.first_day = date_edit(self, uictx.clock.today())
        self.last_day = date_edit(self, uictx.clock.today())
        self.day_off = QRadioButton("&Day off (no appointments)", self)
        self.other_hours = QRadioButton("&Works other hours:", self)
        self.day_off.setChecked(True)
        self.start_time = time_edit(self, time(9), field="end", label="Start time")
        self.end_time = time_edit(self, time(13), field="end", label="End time")
        self.reason = QLineEdit(self)
        self.reason.setMaxLength(200)
        self.reason.setPlaceholderText("e.g. vacation, conference, half day")
        self.form.add_field("first_day", "&From:", self.first_day)
        self.form.add_field("last_day", "&To (inclusive):", self.last_day)
        self.form.add_field("start", "Hours:", _row(self, self.day_off))
        self.form.add_field("end", "", _row(self, self.other_hours, self.start_time, QLabel("to"), self.end_time))
        self.form.add_field("reason", "&Reason:", self.reason)
        self.other_hours.toggled.connect(self._sync)
        self.first_day.dateChanged.connect(self._follow_first_day)
        self._sync(False)
        self.first_day.setFocus()

    def _sync(self, on: bool) -> None:
        self.start_time.setEnabled(on)
        self.end_time.setEnabled(on)

    def _follow_first_day(self) -> None:
        # A one-day exception is the usual case: keep "To" from falling before "From".
        if self.last_day.date() < self.first_day.date():
            self.last_day.setDate(self.first_day.date())

    def start(self, on_done: Done, on_error: Failed) -> None:
        hours = self.other_hours.isChecked()
        self.uictx.call(schedule_setup.add_exception, self.provider.id, from_qdate(self.first_day.date()),
                        from_qdate(self.last_day.date()),
                        self.start_time.value() if hours else None,
                        self.end_time.value() if hours else None, self.reason.text(),
                        on_done=on_done, on_error=on_error)

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext, provider: ProviderInfo) -> ExceptionInfo | None:
        """Show the dialog; the new exception, or None when cancelled."""
        return cls.run(cls(uictx, provider, parent))


class HolidayDialog(ServiceFormDialog):
    """Close the whole practice on a day -> schedule_setup.add_holiday."""

    def __init__(self, uictx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(uictx, "Add holiday", "&Add holiday", parent)
        self.day = date_edit(self, uictx.clock.today())
        self.name = QComboBox(self)
        self.name.setEditable(True)
        self.name.addItems(HOLIDAY_NAMES)
        self.name.setCurrentIndex(-1)
        self.name.lineEdit().setMaxLength(80)
        self.name.lineEdit().setPlaceholderText("type or choose, e.g. Thanksgiving Day")
        self.form.add_field("day", "&Date:", self.day)
        self.form.add_field("name", "&Name:", self.name)
        self.day.setFocus()

    def start(self, on_done: Done, on_error: Failed) -> None:
        self.uictx.call(schedule_setup.add_holiday, from_qdate(self.day.date()), self.name.currentText(),
                        on_done=on_done, on_error=on_error)

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext) -> HolidayInfo | None:
        """Show the dialog; the new holiday, or None when cancelled."""
        return cls.run(cls(uictx, parent))


class BlockoutDialog(ServiceFormDialog):
    """Block time for lunch, a meeting or a procedure, every week or once -> schedule_setup.add_blockout."""

    def __init__(self, uictx: UiContext, providers: list[ProviderInfo], provider_id: int | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(uictx, "Add blockout", "&Add blockout", parent)
        self.who = QComboBox(self)
        self.who.addItem("Whole practice", None)
        for provider in providers:
            self.who.addItem(provider.display_name, provider.id)
        self.who.setCurrentIndex(max(self.who.findData(provider_id), 0) if provider_id is not None else 0)
        self.kind = QComboBox(self)
        for kind in BLOCKOUT_KINDS:
            self.kind.addItem(BLOCKOUT_KIND_LABELS[kind], kind)
        self.weekly = QRadioButton("&Every", self)
        self.weekday = QComboBox(self)
        self.weekday.addItems(WEEKDAY_LONG)
        self.limited = QCheckBox("only from", self)
        self.first_day = date_edit(self, uictx.clock.today())
        self.last_day = date_edit(self, uictx.clock.today() + timedelta(days=90))
        self.once = QRadioButton("&Once, on", self)
        self.on_date = date_edit(self, uictx.clock.today())
        self.weekly.setChecked(True)
        self.start_time = time_edit(self, time(12), field="end", label="Start time")
        self.end_time = time_edit(self, time(13), field="end", label="End time")
        self.reason = QLineEdit(self)
        self.reason.setMaxLength(200)
        self.reason.setPlaceholderText("e.g. staff meeting, minor procedures")
        self.form.add_field("provider_id", "&For:", self.who)
        self.form.add_field("kind", "&Kind:", self.kind)
        self.form.add_field("weekday", "Repeats:", _row(self, self.weekly, self.weekday))
        self.form.add_field("first_day", "", _row(self, self.limited, self.first_day, QLabel("to"), self.last_day))
        self.form.add_field("on_date", "", _row(self, self.once, self.on_date))
        self.form.add_field("end", "&Time:", _row(self, self.start_time, QLabel("to"), self.end_time))
        self.form.add_field("reason", "&Reason:", self.reason)
        self.weekly.toggled.connect(self._sync)
        self.limited.toggled.connect(self._sync)
        self._sync()
        self.who.setFocus()

    def _sync(self) -> None:
        weekly = self.weekly.isChecked()
        self.weekday.setEnabled(weekly)
        self.limited.setEnabled(weekly)
        self.first_day.setEnabled(weekly and self.limited.isChecked())
        self.last_day.setEnabled(weekly and self.limited.isChecked())
        self.on_date.setEnabled(not weekly)

    def blockout(self) -> BlockoutInput:
        """The blockout the form describes."""
        weekly, limited = self.weekly.isChecked(), self.limited.isChecked()
        return BlockoutInput(
            kind=self.kind.currentData(), start=self.start_time.value(),
            end=self.end_time.value(), provider_id=self.who.currentData(),
            weekday=self.weekday.currentIndex() if weekly else None,
            on_date=None if weekly else from_qdate(self.on_date.date()),
            first_day=from_qdate(self.first_day.date()) if weekly and limited else None,
            last_day=from_qdate(self.last_day.date()) if weekly and limited else None,
            reason=self.reason.text())

    def start(self, on_done: Done, on_error: Failed) -> None:
        self.uictx.call(schedule_setup.add_blockout, self.blockout(), on_done=on_done,
                        on_error=lambda exc: on_error(remap_field(exc, {"start": "end"})))

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext, providers: list[ProviderInfo],
            provider_id: int | None) -> BlockoutInfo | None:
        """Show the dialog (for ``provider_id`` unless changed); the new blockout, or None when cancelled."""
        return cls.run(cls(uictx, providers, provider_id, parent))
